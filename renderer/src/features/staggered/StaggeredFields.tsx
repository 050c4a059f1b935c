import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { ColumnSelect } from '../did/ColumnSelect';
import { DatasetField } from '../didkit/BuilderShell';
import { SelectField } from '../didkit/fields';
import type { StaggeredColumns, StaggeredField } from './staggeredForm';

export interface StaggeredFieldsProps {
  idPrefix: string;
  datasets: DatasetInfo[];
  state: StaggeredColumns;
  onChange: (patch: Partial<StaggeredColumns>) => void;
  /** A new dataset: the builder starts afresh on it. */
  onDataset: (name: string) => void;
  errorText: (field: StaggeredField) => string | undefined;
  disabled?: boolean;
}

/** Dataset, outcome, time, unit and first-treatment columns (did's yname, tname, idname, gname). */
export function StaggeredFields({ idPrefix, datasets, state, onChange, onDataset, errorText, disabled }: StaggeredFieldsProps): ReactElement {
  const { t } = useTranslation();
  const columns = datasets.find((d) => d.name === state.dataset)?.columns ?? [];
  const numeric = columns.filter((c) => c.type === 'number');
  return (
    <fieldset className="form-section">
      <legend>{t('policy.staggered.sectionPanel')}</legend>
      <div className="field-row">
        <DatasetField id={`${idPrefix}-dataset`} datasets={datasets} value={state.dataset} onChange={onDataset} error={errorText('dataset')} disabled={disabled} />
        <ColumnSelect
          id={`${idPrefix}-y`}
          label={t('did.outcome')}
          value={state.yname}
          columns={numeric}
          onChange={(yname) => onChange({ yname })}
          error={errorText('yname')}
          disabled={disabled}
        />
      </div>
      <div className="field-row">
        <ColumnSelect
          id={`${idPrefix}-id`}
          label={t('did.unit')}
          value={state.idname}
          columns={columns}
          onChange={(idname) => onChange({ idname })}
          error={errorText('idname')}
          disabled={disabled}
        />
        <ColumnSelect
          id={`${idPrefix}-t`}
          label={t('did.time')}
          value={state.tname}
          columns={numeric}
          onChange={(tname) => onChange({ tname })}
          error={errorText('tname')}
          disabled={disabled}
        />
        <ColumnSelect
          id={`${idPrefix}-g`}
          label={t('did.firstTreat')}
          hint={t('policy.staggered.gnameHint')}
          value={state.gname}
          columns={numeric}
          onChange={(gname) => onChange({ gname })}
          error={errorText('gname')}
          disabled={disabled}
        />
      </div>
    </fieldset>
  );
}

export interface ComparisonFieldsProps {
  idPrefix: string;
  controlGroup: 'nevertreated' | 'notyettreated';
  basePeriod: 'varying' | 'universal';
  onChange: (patch: { controlGroup?: 'nevertreated' | 'notyettreated'; basePeriod?: 'varying' | 'universal' }) => void;
  /** Why this estimator's base period matters (shown under the field). */
  basePeriodHint: string;
  disabled?: boolean;
}

/** Callaway–Sant'Anna's comparison group and base period, in did's terms. */
export function ComparisonFields({ idPrefix, controlGroup, basePeriod, onChange, basePeriodHint, disabled }: ComparisonFieldsProps): ReactElement {
  const { t } = useTranslation();
  const bases = ['varying', 'universal'] as const;
  return (
    <>
      <SelectField
        id={`${idPrefix}-control`}
        label={t('policy.staggered.controlGroup')}
        value={controlGroup}
        options={(['nevertreated', 'notyettreated'] as const).map((value) => ({ value, label: t(`policy.staggered.${value}`) }))}
        onChange={(value) => onChange({ controlGroup: value })}
        disabled={disabled}
      />
      <SelectField
        id={`${idPrefix}-base`}
        label={t('policy.staggered.basePeriod')}
        hint={basePeriodHint}
        value={basePeriod}
        options={bases.map((value) => ({ value, label: t(`policy.staggered.${value}`) }))}
        onChange={(value) => onChange({ basePeriod: value })}
        disabled={disabled}
      />
    </>
  );
}
