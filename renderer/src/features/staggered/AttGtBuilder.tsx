import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { attGtSpec } from '../../../../shared/specs/att-gt';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import { TextField } from '../../components/Field';
import { BuilderShell } from '../didkit/BuilderShell';
import { RunBar } from '../didkit/RunBar';
import { CheckField, ColumnChecks, SelectField } from '../didkit/fields';
import { useBuilder } from '../didkit/useBuilder';
import { ComparisonFields, StaggeredFields } from './StaggeredFields';
import { attGtFieldOfPath, attGtFormFromSpec, buildAttGtSpec, initialAttGtForm, type Aggregation, type AttGtFormState } from './staggeredForm';

/** Callaway & Sant'Anna group-time ATTs with did's choices, aggregated as aggte does. */
export function AttGtBuilder({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  const { t } = useTranslation();
  const b = useBuilder({
    initial: (): AttGtFormState => {
      const saved = seedSpec(attGtSpec, initialSpec);
      return (saved && attGtFormFromSpec(saved)) ?? initialAttGtForm(initialDataset ?? datasets[0]?.name ?? '');
    },
    build: buildAttGtSpec,
    fieldOf: attGtFieldOfPath,
    name: (spec) => t('policy.attgt.analysisName', { y: spec.yname, g: spec.gname }),
    onDone,
  });
  const { form, set, errorText, running } = b;
  const columns = useMemo(() => datasets.find((d) => d.name === form.dataset)?.columns ?? [], [datasets, form.dataset]);
  const roles = [form.yname, form.tname, form.idname, form.gname];
  const covariateChoices = columns.filter((c) => !roles.includes(c.name) || form.covariates.includes(c.name));
  const aggregations: Aggregation[] = ['dynamic', 'simple', 'group', 'calendar', 'none'];
  return (
    <BuilderShell id="attgt" title={t('policy.attgt.title')} intro={t('policy.attgt.intro')} onSubmit={() => void b.submit()} invalid={b.invalid}>
      <StaggeredFields
        idPrefix="attgt"
        datasets={datasets}
        state={form}
        onChange={set}
        onDataset={(name) => b.reset(initialAttGtForm(name))}
        errorText={errorText}
        disabled={running}
      />
      <fieldset className="form-section">
        <legend>{t('policy.attgt.sectionEstimation')}</legend>
        <div className="field-row">
          <ComparisonFields
            idPrefix="attgt"
            controlGroup={form.controlGroup}
            basePeriod={form.basePeriod}
            onChange={set}
            basePeriodHint={t('policy.staggered.basePeriodHint')}
            disabled={running}
          />
          <TextField
            id="attgt-anticipation"
            label={t('policy.attgt.anticipation')}
            hint={t('policy.attgt.anticipationHint')}
            inputMode="numeric"
            value={form.anticipation}
            onChange={(anticipation) => set({ anticipation })}
            error={errorText('anticipation')}
            disabled={running}
          />
        </div>
        <ColumnChecks
          label={t('policy.attgt.covariates')}
          hint={t('policy.attgt.covariatesHint')}
          columns={covariateChoices}
          selected={form.covariates}
          onChange={(covariates) => set({ covariates })}
          error={errorText('covariates')}
          disabled={running}
        />
        <SelectField
          id="attgt-method"
          label={t('policy.attgt.estMethod')}
          hint={form.covariates.length === 0 ? t('policy.attgt.estMethodNoCovariates') : undefined}
          value={form.estMethod}
          options={[
            { value: 'dr', label: t('policy.attgt.methods.dr') },
            { value: 'ipw', label: t('policy.attgt.methods.ipw') },
            { value: 'reg', label: t('policy.attgt.methods.reg') },
          ]}
          onChange={(estMethod) => set({ estMethod })}
          disabled={running}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('policy.attgt.sectionAggregation')}</legend>
        <SelectField
          id="attgt-aggte"
          label={t('policy.attgt.aggte')}
          value={form.aggte}
          options={aggregations.map((value) => ({ value, label: t(`policy.attgt.aggregations.${value}`) }))}
          onChange={(aggte) => set({ aggte })}
          disabled={running}
        />
        {form.aggte === 'dynamic' ? (
          <div className="field-row">
            <TextField id="attgt-min-e" label={t('policy.staggered.minE')} inputMode="numeric" value={form.minE} onChange={(minE) => set({ minE })} error={errorText('minE')} disabled={running} />
            <TextField id="attgt-max-e" label={t('policy.staggered.maxE')} inputMode="numeric" value={form.maxE} onChange={(maxE) => set({ maxE })} error={errorText('maxE')} disabled={running} />
            <TextField
              id="attgt-balance-e"
              label={t('policy.attgt.balanceE')}
              hint={t('policy.attgt.balanceEHint')}
              inputMode="numeric"
              value={form.balanceE}
              onChange={(balanceE) => set({ balanceE })}
              error={errorText('balanceE')}
              disabled={running}
            />
          </div>
        ) : null}
        {form.aggte !== 'none' ? (
          <CheckField label={t('policy.attgt.naRm')} hint={t('policy.attgt.naRmHint')} checked={form.naRm} onChange={(naRm) => set({ naRm })} disabled={running} />
        ) : null}
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('policy.attgt.sectionInference')}</legend>
        <CheckField label={t('policy.attgt.bstrap')} hint={t('policy.attgt.bstrapHint')} checked={form.bstrap} onChange={(bstrap) => set({ bstrap })} disabled={running} />
        {form.bstrap ? (
          <div className="subfields">
            <div className="field-row">
              <TextField id="attgt-biters" label={t('policy.attgt.biters')} inputMode="numeric" value={form.biters} onChange={(biters) => set({ biters })} error={errorText('biters')} disabled={running} />
              <TextField id="attgt-seed" label={t('policy.placebo.seed')} inputMode="numeric" value={form.seed} onChange={(seed) => set({ seed })} error={errorText('seed')} disabled={running} />
            </div>
            <CheckField label={t('policy.attgt.cband')} hint={t('policy.attgt.cbandHint')} checked={form.cband} onChange={(cband) => set({ cband })} disabled={running} />
          </div>
        ) : null}
      </fieldset>
      <RunBar state={b.job} runLabel={t('policy.attgt.run')} onCancel={b.cancel} disabled={columns.length === 0} />
    </BuilderShell>
  );
}
