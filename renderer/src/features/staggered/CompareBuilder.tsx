import { type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { didCompareSpec, type CompareEstimatorId } from '../../../../shared/specs/did-compare';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import { TextField } from '../../components/Field';
import { BuilderShell } from '../didkit/BuilderShell';
import { RunBar } from '../didkit/RunBar';
import { useBuilder } from '../didkit/useBuilder';
import { ComparisonFields, StaggeredFields } from './StaggeredFields';
import { ALL_ESTIMATORS, buildCompareSpec, compareFieldOfPath, compareFormFromSpec, initialCompareForm, type CompareFormState } from './staggeredForm';

/** TWFE, Callaway–Sant'Anna, Sun–Abraham and imputation event studies on one axis. */
export function CompareBuilder({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  const { t } = useTranslation();
  const b = useBuilder({
    initial: (): CompareFormState => {
      const saved = seedSpec(didCompareSpec, initialSpec);
      return saved ? compareFormFromSpec(saved) : initialCompareForm(initialDataset ?? datasets[0]?.name ?? '');
    },
    build: buildCompareSpec,
    fieldOf: compareFieldOfPath,
    name: (spec) => t('policy.compare.analysisName', { y: spec.yname, g: spec.gname }),
    onDone,
  });
  const { form, set, errorText, running } = b;
  const hasData = (datasets.find((d) => d.name === form.dataset)?.columns.length ?? 0) > 0;
  const toggle = (id: CompareEstimatorId, on: boolean): void =>
    set({ estimators: on ? [...form.estimators, id] : form.estimators.filter((e) => e !== id) });
  const estimatorsError = errorText('estimators');
  return (
    <BuilderShell id="compare" title={t('policy.compare.title')} intro={t('policy.compare.intro')} onSubmit={() => void b.submit()} invalid={b.invalid}>
      <StaggeredFields
        idPrefix="compare"
        datasets={datasets}
        state={form}
        onChange={set}
        onDataset={(name) => b.reset(initialCompareForm(name))}
        errorText={errorText}
        disabled={running}
      />
      <fieldset className="form-section">
        <legend>{t('policy.compare.sectionEstimators')}</legend>
        <div className={estimatorsError ? 'field field-invalid' : 'field'}>
          <div className="check-list" role="group" aria-label={t('policy.compare.estimators')}>
            {ALL_ESTIMATORS.map((id) => (
              <label key={id} className="check">
                <input type="checkbox" checked={form.estimators.includes(id)} onChange={(e) => toggle(id, e.target.checked)} disabled={running} />
                <span>{t(`policy.compare.names.${id}`)}</span>
              </label>
            ))}
          </div>
          {estimatorsError ? (
            <p className="field-error" role="alert">
              {estimatorsError}
            </p>
          ) : null}
        </div>
        <div className="field-row">
          <ComparisonFields
            idPrefix="compare"
            controlGroup={form.controlGroup}
            basePeriod={form.basePeriod}
            onChange={set}
            basePeriodHint={t('policy.compare.basePeriodHint')}
            disabled={running}
          />
        </div>
        <div className="field-row">
          <TextField id="compare-min-e" label={t('policy.staggered.minE')} hint={t('policy.compare.windowHint')} inputMode="numeric" value={form.minE} onChange={(minE) => set({ minE })} error={errorText('minE')} disabled={running} />
          <TextField id="compare-max-e" label={t('policy.staggered.maxE')} inputMode="numeric" value={form.maxE} onChange={(maxE) => set({ maxE })} error={errorText('maxE')} disabled={running} />
        </div>
      </fieldset>
      <RunBar state={b.job} runLabel={t('policy.compare.run')} onCancel={b.cancel} disabled={!hasData} />
    </BuilderShell>
  );
}
