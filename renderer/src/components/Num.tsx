import type { ReactElement } from 'react';
import { fullPrecision } from './format';

export interface NumProps {
  value: number | null;
  /** What to show; the full double goes in `title` and `data-value`. */
  display: string;
  /** Shown when the value is null (a statistic that does not apply). */
  missing?: string;
}

/**
 * A rounded number whose exact value stays reachable: hovering shows it, and tests and
 * copy-paste tools read `data-value`.
 */
export function Num({ value, display, missing = '' }: NumProps): ReactElement {
  if (value === null) {
    return <span className="num num-missing">{missing}</span>;
  }
  const full = fullPrecision(value);
  return (
    <span className="num" title={full} data-value={full}>
      {display}
    </span>
  );
}
