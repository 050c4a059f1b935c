import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnInfo, DatasetInfo } from '../../../../shared/contract';
import { TextField } from '../../components/Field';
import { ColumnSelect } from '../did/ColumnSelect';
import { DataFields, RadioChoice } from '../analysis-kit/BuilderParts';
import { ColumnChecks, SelectField } from '../didkit/fields';
import type { ModelForm } from './mechForm';

export interface ModelSectionProps<F extends ModelForm> {
  idPrefix: string;
  datasets: DatasetInfo[];
  columns: ColumnInfo[];
  form: F;
  set: (patch: Partial<F>) => void;
  /** A new dataset: the builder starts over with it. */
  onDataset: (name: string) => void;
  errorText: (field: string) => string | undefined;
  disabled: boolean;
  /** The builder's own role (mediator, moderator), shown next to the treatment. */
  roleField?: ReactNode;
  /** Columns already in a role, not offered as controls. */
  taken: string[];
}

/**
 * The fixed-effects model every mechanism builder shares: data, outcome, policy variable,
 * controls, fixed effects and the standard errors (docs/spec-mechanisms.md).
 */
export function ModelSection<F extends ModelForm>({ idPrefix, datasets, columns, form, set, onDataset, errorText, disabled, roleField, taken }: ModelSectionProps<F>): ReactElement {
  const { t } = useTranslation();
  const numeric = columns.filter((c) => c.type === 'number');
  const roles = new Set([form.outcome, form.treatment, ...taken]);
  const controlChoices = numeric.filter((c) => !roles.has(c.name) || form.controls.includes(c.name));
  const patch = (p: Partial<ModelForm>): void => set(p as Partial<F>);
  return (
    <>
      <fieldset className="form-section">
        <legend>{t('rdmech.model.sectionData')}</legend>
        <DataFields
          idPrefix={idPrefix}
          datasets={datasets}
          dataset={form.dataset}
          subset={form.subset}
          onDataset={onDataset}
          onSubset={(subset) => patch({ subset })}
          datasetError={errorText('dataset')}
          subsetError={errorText('subset')}
          disabled={disabled}
        />
        <div className="field-row">
          <ColumnSelect id={`${idPrefix}-outcome`} label={t('rdmech.model.outcome')} value={form.outcome} columns={numeric} onChange={(outcome) => patch({ outcome })} error={errorText('outcome')} disabled={disabled} />
          <ColumnSelect
            id={`${idPrefix}-treatment`}
            label={t('rdmech.model.treatment')}
            hint={t('rdmech.model.treatmentHint')}
            value={form.treatment}
            columns={numeric}
            onChange={(treatment) => patch({ treatment })}
            error={errorText('treatment')}
            disabled={disabled}
          />
          {roleField}
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('rdmech.model.sectionControls')}</legend>
        <ColumnChecks label={t('rdmech.model.controls')} hint={t('rdmech.model.controlsHint')} columns={controlChoices} selected={form.controls} onChange={(controls) => patch({ controls })} error={errorText('controls')} disabled={disabled} />
        <TextField
          id={`${idPrefix}-extra-controls`}
          label={t('rdmech.model.extraControls')}
          hint={t('rdmech.model.extraControlsHint')}
          placeholder="factor(edu), log(income)"
          value={form.extraControls}
          onChange={(extraControls) => patch({ extraControls })}
          disabled={disabled}
        />
        <ColumnChecks label={t('rdmech.model.fixedEffects')} hint={t('rdmech.model.fixedEffectsHint')} columns={columns.filter((c) => !roles.has(c.name))} selected={form.fixedEffects} onChange={(fixedEffects) => patch({ fixedEffects })} error={errorText('fixedEffects')} disabled={disabled} />
        <TextField
          id={`${idPrefix}-extra-fe`}
          label={t('rdmech.model.extraFixedEffects')}
          placeholder="province^year"
          value={form.extraFixedEffects}
          onChange={(extraFixedEffects) => patch({ extraFixedEffects })}
          disabled={disabled}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('rdmech.model.sectionSe')}</legend>
        <RadioChoice
          name={`${idPrefix}-cluster-mode`}
          label={t('rdmech.model.clusterMode')}
          value={form.clusterMode}
          options={[
            { value: 'default', label: form.fixedEffects[0] ? t('rdmech.model.clusterDefaultFe', { fe: form.fixedEffects[0] }) : t('rdmech.model.clusterDefault') },
            { value: 'column', label: t('rdmech.model.clusterColumn') },
            { value: 'none', label: t('rdmech.model.clusterNone') },
          ]}
          onChange={(clusterMode) => patch({ clusterMode })}
          disabled={disabled}
        />
        <div className="field-row">
          {form.clusterMode === 'column' ? (
            <ColumnSelect id={`${idPrefix}-cluster`} label={t('rdmech.model.cluster')} value={form.cluster} columns={columns} onChange={(cluster) => patch({ cluster })} error={errorText('cluster')} disabled={disabled} />
          ) : (
            <SelectField
              id={`${idPrefix}-vcov`}
              label={t('rdmech.model.vcov')}
              hint={form.clusterMode === 'default' ? t('rdmech.model.vcovDefaultHint') : undefined}
              value={form.vcov}
              options={[
                { value: 'iid', label: t('rdmech.model.vcovIid') },
                { value: 'hetero', label: t('rdmech.model.vcovHetero') },
              ]}
              onChange={(vcov) => patch({ vcov })}
              disabled={disabled}
            />
          )}
          <TextField id={`${idPrefix}-level`} label={t('rdmech.model.level')} inputMode="numeric" value={form.level} onChange={(level) => patch({ level })} error={errorText('level')} disabled={disabled} />
        </div>
      </fieldset>
    </>
  );
}
