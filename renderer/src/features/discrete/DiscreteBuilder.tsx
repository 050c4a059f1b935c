import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import type { GlmSpec } from '../../../../shared/specs/glm';
import type { PolrSpec } from '../../../../shared/specs/polr';
import { TextField } from '../../components/Field';
import { useApi } from '../../app/ApiContext';
import { ColumnSelect } from '../did/ColumnSelect';
import { Check, DataFields, RadioChoice } from '../analysis-kit/BuilderParts';
import { BuilderShell } from '../analysis-kit/BuilderShell';
import { ColumnChecks, SelectField } from '../didkit/fields';
import type { AnalysisRun } from '../analysis-kit/useAnalysisRuns';
import { buildDiscreteSpec, discreteFieldOf, discreteFormFromSpec, initialDiscreteForm, moveLevel, type DiscreteForm, type DiscreteModel } from './discreteForm';

export interface DiscreteBuilderProps {
  model: DiscreteModel;
  datasets: DatasetInfo[];
  initialDataset: string | null;
  initialSpec?: GlmSpec | PolrSpec | null;
  onDone: (run: AnalysisRun) => void;
}

/**
 * Discrete outcomes: a binary logit or probit (R's glm, with classical, HC1/HC3 or clustered
 * SEs and average marginal effects), or an ordered logit or probit (MASS::polr) whose category
 * order the user sets.
 */
export function DiscreteBuilder({ model, datasets, initialDataset, initialSpec = null, onDone }: DiscreteBuilderProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [form, setForm] = useState<DiscreteForm>(() => {
    const fresh = initialDiscreteForm(initialDataset ?? datasets[0]?.name ?? '', model);
    if (!initialSpec) return fresh;
    const names = datasets.find((d) => d.name === initialSpec.data)?.columns.map((c) => c.name) ?? [];
    return discreteFormFromSpec(initialSpec, names) ?? fresh;
  });
  const [levelsNote, setLevelsNote] = useState<'none' | 'loading' | 'partial'>('none');
  const dataset = datasets.find((d) => d.name === form.dataset) ?? null;
  const columns = useMemo(() => dataset?.columns ?? [], [dataset]);
  const numeric = useMemo(() => columns.filter((c) => c.type === 'number'), [columns]);
  const built = useMemo(() => buildDiscreteSpec(form), [form]);
  const set = (patch: Partial<DiscreteForm>): void => setForm((f) => ({ ...f, ...patch }));
  const outcomeColumn = columns.find((c) => c.name === form.outcome) ?? null;
  const ordinalText = form.model === 'polr' && outcomeColumn?.type === 'string';

  // An ordered text outcome: its categories (sorted, as R's factor()) for the user to order.
  useEffect(() => {
    if (!ordinalText || !dataset || form.levelOrder.length > 0) return undefined;
    let live = true;
    setLevelsNote('loading');
    api.call('dataset.summary', { datasetId: dataset.id, columns: [form.outcome] }).then(
      (r) => {
        if (!live) return;
        const v = r.variables[0];
        const values = (v?.top ?? []).map((x) => x.value).sort();
        setForm((f) => (f.outcome === form.outcome ? { ...f, levelOrder: values } : f));
        setLevelsNote(v && v.distinct > values.length ? 'partial' : 'none');
      },
      () => live && setLevelsNote('none'),
    );
    return () => {
      live = false;
    };
  }, [api, dataset, ordinalText, form.outcome, form.levelOrder.length]);

  const isGlm = form.model === 'glm';
  const title = isGlm ? t('rdmech.glm.title') : t('rdmech.polr.title');
  const linkName = (l: 'logit' | 'probit'): string => (isGlm ? t(`rdmech.glm.families.${l}`) : t(`rdmech.polr.methods.${l}`));

  return (
    <BuilderShell
      id={form.model}
      title={title}
      intro={isGlm ? t('rdmech.glm.intro') : t('rdmech.polr.intro')}
      built={built}
      plan={(spec) => [{ spec, name: `${spec.formula} · ${linkName(form.link)}`, label: title }]}
      fieldOf={discreteFieldOf}
      runLabel={t('rdmech.glm.run', { what: linkName(form.link) })}
      onDone={onDone}
      disabled={!dataset}
    >
      {({ errorText, running }) => (
        <>
          <fieldset className="form-section">
            <legend>{t('rdmech.glm.sectionModel')}</legend>
            <RadioChoice
              name={`${form.model}-link`}
              label={t('rdmech.glm.link')}
              value={form.link}
              options={(['logit', 'probit'] as const).map((l) => ({ value: l, label: linkName(l) }))}
              onChange={(link) => set({ link })}
              disabled={running}
            />
            <DataFields
              idPrefix={form.model}
              datasets={datasets}
              dataset={form.dataset}
              subset={form.subset}
              onDataset={(name) => setForm(initialDiscreteForm(name, form.model))}
              onSubset={(subset) => set({ subset })}
              datasetError={errorText('dataset')}
              subsetError={errorText('subset')}
              disabled={running}
            >
              <ColumnSelect
                id={`${form.model}-outcome`}
                label={t('rdmech.glm.outcome')}
                hint={isGlm ? t('rdmech.glm.outcomeHint') : t('rdmech.polr.outcomeHint')}
                value={form.outcome}
                columns={columns}
                onChange={(outcome) => set({ outcome, levelOrder: [], regressors: form.regressors.filter((r) => r !== outcome) })}
                error={errorText('outcome')}
                disabled={running}
              />
            </DataFields>
            {ordinalText ? (
              <div className="field">
                <span className="rm-field-label">{t('rdmech.polr.order')}</span>
                <p className="field-hint">{t('rdmech.polr.orderHint')}</p>
                {levelsNote === 'loading' ? <p className="muted small">{t('common.loading')}</p> : null}
                <ol className="rm-levels" data-testid="level-order">
                  {form.levelOrder.map((level, i) => (
                    <li key={level}>
                      <span>{level}</span>
                      <button type="button" className="btn btn-small" onClick={() => set({ levelOrder: moveLevel(form.levelOrder, i, -1) })} disabled={running || i === 0} aria-label={t('rdmech.polr.moveUp', { level })}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => set({ levelOrder: moveLevel(form.levelOrder, i, 1) })}
                        disabled={running || i === form.levelOrder.length - 1}
                        aria-label={t('rdmech.polr.moveDown', { level })}
                      >
                        ↓
                      </button>
                    </li>
                  ))}
                </ol>
                {levelsNote === 'partial' ? <p className="field-hint">{t('rdmech.polr.orderPartial')}</p> : null}
                {errorText('levelOrder') ? (
                  <p className="field-error" role="alert">
                    {errorText('levelOrder')}
                  </p>
                ) : null}
              </div>
            ) : null}
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('rdmech.glm.sectionRegressors')}</legend>
            <ColumnChecks
              label={t('rdmech.glm.regressors')}
              hint={t('rdmech.glm.regressorsHint')}
              columns={columns.filter((c) => c.name !== form.outcome)}
              selected={form.regressors}
              onChange={(regressors) => set({ regressors })}
              error={errorText('regressors')}
              disabled={running}
            />
            <TextField id={`${form.model}-extra`} label={t('rdmech.glm.extraTerms')} hint={t('rdmech.glm.extraTermsHint')} placeholder="factor(edu), I(age^2)" value={form.extraTerms} onChange={(extraTerms) => set({ extraTerms })} disabled={running} />
            <ColumnChecks
              label={t('rdmech.glm.fixedEffects')}
              hint={t('rdmech.glm.fixedEffectsHint')}
              columns={columns.filter((c) => c.name !== form.outcome && !form.regressors.includes(c.name))}
              selected={form.fixedEffects}
              onChange={(fixedEffects) => set({ fixedEffects })}
              error={errorText('fixed_effects')}
              disabled={running}
            />
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('rdmech.glm.sectionInference')}</legend>
            <div className="field-row">
              {isGlm ? (
                <SelectField
                  id="glm-vcov"
                  label={t('rdmech.glm.vcov')}
                  value={form.vcov}
                  options={(['iid', 'HC1', 'HC3', 'cluster'] as const).map((v) => ({ value: v, label: t(`rdmech.glm.vcovs.${v}`) }))}
                  onChange={(vcov) => set({ vcov })}
                  error={errorText('vcov')}
                  disabled={running}
                />
              ) : null}
              {isGlm && form.vcov === 'cluster' ? (
                <ColumnSelect id="glm-cluster" label={t('rdmech.glm.cluster')} value={form.cluster} columns={columns} onChange={(cluster) => set({ cluster })} error={errorText('cluster')} disabled={running} />
              ) : null}
              <ColumnSelect id={`${form.model}-weights`} label={t('rdmech.glm.weights')} hint={t('rdmech.glm.weightsHint')} value={form.weights} columns={numeric} emptyOption={t('rdmech.glm.noWeights')} onChange={(weights) => set({ weights })} error={errorText('weights')} disabled={running} />
              <TextField id={`${form.model}-level`} label={t('rdmech.model.level')} inputMode="numeric" value={form.level} onChange={(level) => set({ level })} error={errorText('level')} disabled={running} />
            </div>
            {isGlm ? <Check label={t('rdmech.glm.ame')} checked={form.ame} onChange={(ame) => set({ ame })} disabled={running} /> : null}
          </fieldset>
        </>
      )}
    </BuilderShell>
  );
}
