import type { FormEvent, ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { Field } from '../../components/Field';

export interface BuilderShellProps {
  /** Id prefix of the form's controls and its heading. */
  id: string;
  title: string;
  intro: string;
  onSubmit: () => void;
  /** The form was submitted with errors: say so above the fields. */
  invalid: boolean;
  children: ReactNode;
}

/** A builder form: heading, one-line purpose, the "fix the highlighted fields" alert, the fields. */
export function BuilderShell({ id, title, intro, onSubmit, invalid, children }: BuilderShellProps): ReactElement {
  const { t } = useTranslation();
  return (
    <form
      className="did-builder family-builder"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <div className="view-head">
        <div>
          <h2 id={`${id}-title`}>{title}</h2>
          <p className="muted">{intro}</p>
        </div>
      </div>
      {invalid ? (
        <p className="form-alert" role="alert">
          {t('did.invalid')}
        </p>
      ) : null}
      {children}
    </form>
  );
}

export interface DatasetFieldProps {
  id: string;
  datasets: readonly DatasetInfo[];
  value: string;
  onChange: (name: string) => void;
  error?: string;
  disabled?: boolean;
}

/** The dataset an analysis runs on (its `data`). */
export function DatasetField({ id, datasets, value, onChange, error, disabled }: DatasetFieldProps): ReactElement {
  const { t } = useTranslation();
  return (
    <Field id={id} label={t('did.dataset')} error={error}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        {datasets.map((d) => (
          <option key={d.id} value={d.name}>
            {d.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
