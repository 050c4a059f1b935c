import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Num } from '../../components/Num';
import { formatCount, formatEstimate, formatP, formatStat } from '../../components/format';

export type StatKind = 'estimate' | 'p' | 'count' | 'stat' | 'plain';

export interface StatRow {
  /** data-stat of the row (tests and copy tools read it). */
  key: string;
  label: string;
  value: number | null;
  kind?: StatKind;
  /** Shown instead of the number (text statistics, "n/a" with a reason). */
  text?: ReactNode;
}

/** A number of a statistics table, rounded for the eye with the full double in title/data-value. */
export function StatNum({ value, kind = 'estimate' }: { value: number | null; kind?: StatKind }): ReactElement {
  const { t, i18n } = useTranslation();
  const display =
    kind === 'p'
      ? formatP(value)
      : kind === 'count'
        ? formatCount(value, i18n.language)
        : kind === 'stat'
          ? formatEstimate(value, 3)
          : kind === 'plain'
            ? formatStat(value)
            : formatEstimate(value);
  return <Num value={value} display={display} missing={t('results.notApplicable')} />;
}

/** Label–value rows (a result's headline statistics), numbers right-aligned. */
export function StatTable({ rows, caption, testId }: { rows: StatRow[]; caption?: string; testId?: string }): ReactElement {
  return (
    <div className="table-wrap">
      <table className="coef-table stat-table" data-testid={testId}>
        {caption ? (
          <caption>
            <span className="caption-title">{caption}</span>
          </caption>
        ) : null}
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-stat={r.key}>
              <th scope="row">{r.label}</th>
              <td className="num-col">{r.text ?? <StatNum value={r.value} kind={r.kind} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
