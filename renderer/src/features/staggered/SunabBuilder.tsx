import { type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { feolsSpec } from '../../../../shared/specs/feols';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import { ClusterSelect } from '../did/ColumnSelect';
import { BuilderShell } from '../didkit/BuilderShell';
import { RunBar } from '../didkit/RunBar';
import { ColumnChecks, SelectField } from '../didkit/fields';
import { useBuilder } from '../didkit/useBuilder';
import { StaggeredFields } from './StaggeredFields';
import { buildSunabSpec, initialSunabForm, sunabFieldOfPath, sunabFormFromSpec, updateSunabForm, type SunabFormState } from './staggeredForm';

/** Sun–Abraham interaction-weighted event study: feols with sunab(cohort, period), as fixest. */
export function SunabBuilder({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  const { t } = useTranslation();
  const b = useBuilder({
    initial: (): SunabFormState => {
      const saved = seedSpec(feolsSpec, initialSpec);
      return (saved && sunabFormFromSpec(saved)) ?? initialSunabForm(initialDataset ?? datasets[0]?.name ?? '');
    },
    build: buildSunabSpec,
    fieldOf: sunabFieldOfPath,
    update: updateSunabForm,
    name: (spec) => t('policy.sunab.analysisName', { formula: spec.formula }),
    onDone,
  });
  const { form, set, errorText, running } = b;
  const columns = datasets.find((d) => d.name === form.dataset)?.columns ?? [];
  const roles = [form.yname, form.tname, form.idname, form.gname];
  return (
    <BuilderShell id="sunab" title={t('policy.sunab.title')} intro={t('policy.sunab.intro')} onSubmit={() => void b.submit()} invalid={b.invalid}>
      <StaggeredFields idPrefix="sunab" datasets={datasets} state={form} onChange={set} onDataset={(name) => b.reset(initialSunabForm(name))} errorText={errorText} disabled={running} />
      <fieldset className="form-section">
        <legend>{t('policy.attgt.sectionEstimation')}</legend>
        <ColumnChecks
          label={t('did.controls')}
          hint={t('did.controlsHint')}
          columns={columns.filter((c) => c.type === 'number' && (!roles.includes(c.name) || form.controls.includes(c.name)))}
          selected={form.controls}
          onChange={(controls) => set({ controls })}
          error={errorText('controls')}
          disabled={running}
        />
        <div className="field-row">
          <SelectField
            id="sunab-agg"
            label={t('policy.sunab.agg')}
            value={form.agg}
            options={[
              { value: 'period', label: t('policy.sunab.aggPeriod') },
              { value: 'ATT', label: t('policy.sunab.aggAtt') },
            ]}
            onChange={(agg) => set({ agg })}
            disabled={running}
          />
          <ClusterSelect
            id="sunab-cluster"
            value={form.cluster}
            columns={columns}
            onChange={(cluster) => set({ cluster })}
            error={errorText('cluster')}
            disabled={running}
          />
        </div>
      </fieldset>
      <RunBar state={b.job} runLabel={t('policy.sunab.run')} onCancel={b.cancel} disabled={columns.length === 0} />
    </BuilderShell>
  );
}
