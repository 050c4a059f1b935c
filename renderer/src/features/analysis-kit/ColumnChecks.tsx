import type { ReactElement } from 'react';
import type { ColumnInfo } from '../../../../shared/contract';

export interface ColumnChecksProps {
  /** Accessible name of the group. */
  label: string;
  columns: ColumnInfo[];
  selected: string[];
  onChange: (selected: string[]) => void;
  hint?: string;
  error?: string;
  disabled?: boolean;
  /** Empty-list text (no column can be chosen here). */
  empty?: string;
  testId?: string;
}

/** A checklist of columns (controls, covariates), in the dataset's order; labels beside names. */
export function ColumnChecks({ label, columns, selected, onChange, hint, error, disabled, empty, testId }: ColumnChecksProps): ReactElement {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <span className="rm-field-label">{label}</span>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {columns.length === 0 && empty ? <p className="muted small">{empty}</p> : null}
      <div className="check-list" role="group" aria-label={label} data-testid={testId}>
        {columns.map((c) => (
          <label key={c.name} className="check" title={c.label ?? undefined}>
            <input
              type="checkbox"
              checked={selected.includes(c.name)}
              onChange={(e) => onChange(e.target.checked ? [...selected, c.name] : selected.filter((x) => x !== c.name))}
              disabled={disabled}
            />
            <span>{c.name}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
