/** Form controls the DID-family builders share (labelled, with hint and error beside them). */
import type { ReactElement } from 'react';
import type { ColumnInfo } from '../../../../shared/contract';
import { Field, describedBy } from '../../components/Field';

export interface SelectFieldProps<V extends string> {
  id: string;
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  hint?: string;
  error?: string;
  disabled?: boolean;
}

/** A labelled choice among fixed options. */
export function SelectField<V extends string>({ id, label, value, options, onChange, hint, error, disabled }: SelectFieldProps<V>): ReactElement {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const chosen = options.find((o) => o.value === e.target.value);
          if (chosen) onChange(chosen.value);
        }}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, !!hint, !!error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export interface CheckFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  disabled?: boolean;
}

/** A checkbox with its label, and a hint under it. */
export function CheckField({ label, checked, onChange, hint, disabled }: CheckFieldProps): ReactElement {
  return (
    <div className="field field-check">
      <label className="check">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} disabled={disabled} />
        <span>{label}</span>
      </label>
      {hint ? <p className="field-hint">{hint}</p> : null}
    </div>
  );
}

export interface ColumnChecksProps {
  /** Accessible name of the group and its visible heading. */
  label: string;
  columns: readonly ColumnInfo[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  hint?: string;
  error?: string;
  disabled?: boolean;
  /** Shown when no column can be chosen here. */
  empty?: string;
}

/** Columns to tick (covariates, controls), in the dataset's order, variable labels on hover. */
export function ColumnChecks({ label, columns, selected, onChange, hint, error, disabled, empty }: ColumnChecksProps): ReactElement {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <span className="field-label">{label}</span>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {columns.length === 0 && empty ? <p className="muted small">{empty}</p> : null}
      <div className="check-list" role="group" aria-label={label}>
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
