/** Small pieces every RD, mechanism and discrete-outcome builder uses. */
import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { Field, TextField, describedBy } from '../../components/Field';

export interface ChoiceFieldProps<V extends string> {
  id: string;
  label: string;
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
  hint?: string;
  error?: string;
  disabled?: boolean;
}

/** A labelled select of fixed choices. */
export function ChoiceField<V extends string>({ id, label, value, options, onChange, hint, error, disabled }: ChoiceFieldProps<V>): ReactElement {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value as V)}
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

export interface RadioChoiceProps<V extends string> {
  name: string;
  label: string;
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
  disabled?: boolean;
}

export function RadioChoice<V extends string>({ name, label, value, options, onChange, disabled }: RadioChoiceProps<V>): ReactElement {
  return (
    <div className="radio-group" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} disabled={disabled} />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

export interface CheckProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

export function Check({ label, checked, onChange, disabled }: CheckProps): ReactElement {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} disabled={disabled} />
      <span>{label}</span>
    </label>
  );
}

export interface DataFieldsProps {
  idPrefix: string;
  datasets: DatasetInfo[];
  dataset: string;
  subset: string;
  onDataset: (name: string) => void;
  onSubset: (subset: string) => void;
  datasetError?: string;
  subsetError?: string;
  disabled?: boolean;
  children?: ReactNode;
}

/** The dataset choice and the optional row filter (the expression language of docs/data.md). */
export function DataFields({ idPrefix, datasets, dataset, subset, onDataset, onSubset, datasetError, subsetError, disabled, children }: DataFieldsProps): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="field-row">
      <Field id={`${idPrefix}-dataset`} label={t('rdmech.common.dataset')} error={datasetError}>
        <select id={`${idPrefix}-dataset`} value={dataset} onChange={(e) => onDataset(e.target.value)} disabled={disabled}>
          {datasets.map((d) => (
            <option key={d.id} value={d.name}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      {children}
      <TextField
        id={`${idPrefix}-subset`}
        label={t('rdmech.common.subset')}
        hint={t('rdmech.common.subsetHint')}
        placeholder={t('rdmech.common.subsetPlaceholder')}
        value={subset}
        onChange={onSubset}
        error={subsetError}
        disabled={disabled}
      />
    </div>
  );
}

/**
 * "Fix the highlighted fields" above a form whose last run attempt was invalid, with the text of
 * a problem that belongs to no single field.
 */
export function InvalidAlert({ show, detail }: { show: boolean; detail?: string }): ReactElement | null {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <div className="form-alert" role="alert">
      <p>{t('rdmech.common.invalid')}</p>
      {detail ? <p className="small">{detail}</p> : null}
    </div>
  );
}
