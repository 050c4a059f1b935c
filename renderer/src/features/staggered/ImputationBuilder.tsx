import { type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { didImputationSpec } from '../../../../shared/specs/did-imputation';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import { TextField } from '../../components/Field';
import { ColumnSelect } from '../did/ColumnSelect';
import { BuilderShell } from '../didkit/BuilderShell';
import { RunBar } from '../didkit/RunBar';
import { SelectField } from '../didkit/fields';
import { useBuilder } from '../didkit/useBuilder';
import { StaggeredFields } from './StaggeredFields';
import {
  buildImputationSpec,
  imputationFieldOfPath,
  imputationFormFromSpec,
  initialImputationForm,
  type HorizonMode,
  type ImputationFormState,
  type PretrendMode,
} from './staggeredForm';

/** The imputation estimator (Borusyak, Jaravel & Spiess 2024): event-time effects and pre-trends. */
export function ImputationBuilder({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  const { t } = useTranslation();
  const b = useBuilder({
    initial: (): ImputationFormState => {
      const saved = seedSpec(didImputationSpec, initialSpec);
      return saved ? imputationFormFromSpec(saved) : initialImputationForm(initialDataset ?? datasets[0]?.name ?? '');
    },
    build: buildImputationSpec,
    fieldOf: imputationFieldOfPath,
    name: (spec) => t('policy.imputation.analysisName', { y: spec.yname, g: spec.gname }),
    onDone,
  });
  const { form, set, errorText, running } = b;
  const columns = datasets.find((d) => d.name === form.dataset)?.columns ?? [];
  const horizonModes: HorizonMode[] = ['all', 'list', 'static'];
  const pretrendModes: PretrendMode[] = ['range', 'all', 'none'];
  return (
    <BuilderShell id="imputation" title={t('policy.imputation.title')} intro={t('policy.imputation.intro')} onSubmit={() => void b.submit()} invalid={b.invalid}>
      <StaggeredFields
        idPrefix="imputation"
        datasets={datasets}
        state={form}
        onChange={set}
        onDataset={(name) => b.reset(initialImputationForm(name))}
        errorText={errorText}
        disabled={running}
      />
      <fieldset className="form-section">
        <legend>{t('policy.imputation.sectionEffects')}</legend>
        <div className="field-row">
          <SelectField
            id="imputation-horizon"
            label={t('policy.imputation.horizon')}
            value={form.horizonMode}
            options={horizonModes.map((value) => ({ value, label: t(`policy.imputation.horizonModes.${value}`) }))}
            onChange={(horizonMode) => set({ horizonMode })}
            disabled={running}
          />
          {form.horizonMode === 'list' ? (
            <TextField
              id="imputation-horizons"
              label={t('policy.imputation.horizons')}
              placeholder="0 1 2 3"
              value={form.horizons}
              onChange={(horizons) => set({ horizons })}
              error={errorText('horizons')}
              disabled={running}
            />
          ) : null}
        </div>
        <div className="field-row">
          <SelectField
            id="imputation-pretrends"
            label={t('policy.imputation.pretrends')}
            hint={t('policy.imputation.pretrendsHint')}
            value={form.pretrendMode}
            options={pretrendModes.map((value) => ({ value, label: t(`policy.imputation.pretrendModes.${value}`) }))}
            onChange={(pretrendMode) => set({ pretrendMode })}
            disabled={running}
          />
          {form.pretrendMode === 'range' ? (
            <>
              <TextField id="imputation-pre-from" label={t('policy.imputation.pretrendFrom')} inputMode="numeric" value={form.pretrendFrom} onChange={(pretrendFrom) => set({ pretrendFrom })} error={errorText('pretrendFrom')} disabled={running} />
              <TextField id="imputation-pre-to" label={t('policy.imputation.pretrendTo')} inputMode="numeric" value={form.pretrendTo} onChange={(pretrendTo) => set({ pretrendTo })} error={errorText('pretrendTo')} disabled={running} />
            </>
          ) : null}
        </div>
        <ColumnSelect
          id="imputation-cluster"
          label={t('did.cluster')}
          value={form.cluster}
          columns={columns}
          onChange={(cluster) => set({ cluster })}
          emptyOption={t('policy.imputation.clusterUnit')}
          error={errorText('cluster')}
          disabled={running}
        />
      </fieldset>
      <RunBar state={b.job} runLabel={t('policy.imputation.run')} onCancel={b.cancel} disabled={columns.length === 0} />
    </BuilderShell>
  );
}
