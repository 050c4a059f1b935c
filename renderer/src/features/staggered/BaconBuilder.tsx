import { type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { baconSpec } from '../../../../shared/specs/bacon';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import { ColumnSelect } from '../did/ColumnSelect';
import { BuilderShell, DatasetField } from '../didkit/BuilderShell';
import { RunBar } from '../didkit/RunBar';
import { useBuilder } from '../didkit/useBuilder';
import { baconFieldOfPath, baconFormFromSpec, buildBaconSpec, initialBaconForm, type BaconFormState } from './staggeredForm';

/** The Goodman-Bacon decomposition of the TWFE DID into its 2×2 comparisons. */
export function BaconBuilder({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  const { t } = useTranslation();
  const b = useBuilder({
    initial: (): BaconFormState => {
      const saved = seedSpec(baconSpec, initialSpec);
      return (saved && baconFormFromSpec(saved)) ?? initialBaconForm(initialDataset ?? datasets[0]?.name ?? '');
    },
    build: buildBaconSpec,
    fieldOf: baconFieldOfPath,
    name: (spec) => t('policy.bacon.analysisName', { formula: spec.formula }),
    onDone,
  });
  const { form, set, errorText, running } = b;
  const columns = datasets.find((d) => d.name === form.dataset)?.columns ?? [];
  const numeric = columns.filter((c) => c.type === 'number');
  return (
    <BuilderShell id="bacon" title={t('policy.bacon.title')} intro={t('policy.bacon.intro')} onSubmit={() => void b.submit()} invalid={b.invalid}>
      <fieldset className="form-section">
        <legend>{t('policy.common.sectionModel')}</legend>
        <div className="field-row">
          <DatasetField id="bacon-dataset" datasets={datasets} value={form.dataset} onChange={(name) => b.reset(initialBaconForm(name))} error={errorText('dataset')} disabled={running} />
          <ColumnSelect id="bacon-outcome" label={t('did.outcome')} value={form.outcome} columns={numeric} onChange={(outcome) => set({ outcome })} error={errorText('outcome')} disabled={running} />
          <ColumnSelect
            id="bacon-treatment"
            label={t('did.treatmentColumn')}
            hint={t('policy.bacon.treatmentHint')}
            value={form.treatment}
            columns={numeric}
            onChange={(treatment) => set({ treatment })}
            error={errorText('treatment')}
            disabled={running}
          />
        </div>
        <div className="field-row">
          <ColumnSelect id="bacon-unit" label={t('did.unit')} value={form.unit} columns={columns} onChange={(unit) => set({ unit })} error={errorText('unit')} disabled={running} />
          <ColumnSelect id="bacon-time" label={t('did.time')} value={form.time} columns={numeric} onChange={(time) => set({ time })} error={errorText('time')} disabled={running} />
        </div>
        <p className="field-hint">{t('policy.bacon.needs')}</p>
      </fieldset>
      <RunBar state={b.job} runLabel={t('policy.bacon.run')} onCancel={b.cancel} disabled={columns.length === 0} />
    </BuilderShell>
  );
}
