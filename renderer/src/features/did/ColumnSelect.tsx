import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnInfo } from '../../../../shared/contract';
import { Field, describedBy } from '../../components/Field';
import { columnOptionText } from '../data/columnText';

export interface ColumnSelectProps {
  id: string;
  label: string;
  value: string;
  columns: ColumnInfo[];
  onChange: (name: string) => void;
  hint?: string;
  error?: string;
  /** Text of an extra first option with the value '' (e.g. "no clustering"). */
  emptyOption?: string;
  disabled?: boolean;
}

/** A labelled choice of one column; its variable label and value labels are shown beside its name. */
export function ColumnSelect({
  id,
  label,
  value,
  columns,
  onChange,
  hint,
  error,
  emptyOption,
  disabled,
}: ColumnSelectProps): ReactElement {
  const { t } = useTranslation();
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, !!hint, !!error)}
      >
        <option value="">{emptyOption ?? t('common.choose')}</option>
        {columns.map((c) => (
          <option key={c.name} value={c.name}>
            {columnOptionText(c)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The cluster variable of a model builder: any column, or none (no clustering). */
export function ClusterSelect(props: Omit<ColumnSelectProps, 'label' | 'emptyOption' | 'hint'>): ReactElement {
  const { t } = useTranslation();
  return <ColumnSelect {...props} label={t('did.cluster')} emptyOption={t('did.clusterNone')} />;
}
