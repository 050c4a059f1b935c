/** Small pieces the RD, mechanism and discrete-outcome builders use beside didkit's fields. */
import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { TextField } from '../../components/Field';
import { DatasetField } from '../didkit/BuilderShell';

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
  /** Extra class of the label (spacing in the data dialogs). */
  className?: string;
}

/** A checkbox inside a check list (didkit's CheckField stands alone with a hint). */
export function Check({ label, checked, onChange, disabled, className }: CheckProps): ReactElement {
  return (
    <label className={className ? `check ${className}` : 'check'}>
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
      <DatasetField id={`${idPrefix}-dataset`} datasets={datasets} value={dataset} onChange={onDataset} error={datasetError} disabled={disabled} />
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
