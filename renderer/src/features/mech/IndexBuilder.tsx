import { useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { indexResult, type IndexSpec } from '../../../../shared/specs/composite-index';
import { TextField } from '../../components/Field';
import { useApi } from '../../app/ApiContext';
import { ColumnSelect } from '../did/ColumnSelect';
import { Check, DataFields, RadioChoice } from '../analysis-kit/BuilderParts';
import { BuilderShell } from '../analysis-kit/BuilderShell';
import { SelectField } from '../didkit/fields';
import type { AfterRuns, AnalysisRun } from '../analysis-kit/useAnalysisRuns';
import { buildIndexSpec, indexFormFromSpec, initialIndexForm, type IndexForm, type IndicatorForm } from './indexForm';
import { mechFieldOf } from './mechForm';
import { saveIndexColumn } from './saveIndexColumn';

export interface IndexBuilderProps {
  datasets: DatasetInfo[];
  initialDataset: string | null;
  initialSpec?: IndexSpec | null;
  onDone: (run: AnalysisRun) => void;
}

/**
 * The composite-index builder: indicators with their direction, entropy weights / TOPSIS /
 * principal components, pooled or by year. The index is saved as a new column of the dataset
 * with its recipe steps, ready to use as an outcome.
 */
export function IndexBuilder({ datasets, initialDataset, initialSpec = null, onDone }: IndexBuilderProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [form, setForm] = useState<IndexForm>(() => (initialSpec ? indexFormFromSpec(initialSpec) : initialIndexForm(initialDataset ?? datasets[0]?.name ?? '')));
  const dataset = datasets.find((d) => d.name === form.dataset) ?? null;
  const columns = useMemo(() => dataset?.columns ?? [], [dataset]);
  const numeric = useMemo(() => columns.filter((c) => c.type === 'number'), [columns]);
  const built = useMemo(() => buildIndexSpec(form), [form]);
  const set = (patch: Partial<IndexForm>): void => setForm((f) => ({ ...f, ...patch }));
  const setIndicator = (i: number, patch: Partial<IndicatorForm>): void => setForm((f) => ({ ...f, indicators: f.indicators.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
  const exists = columns.some((c) => c.name === form.name.trim());

  const after: AfterRuns | null =
    form.saveColumn && dataset
      ? {
          label: t('rdmech.index.saving', { name: form.name.trim() }),
          run: async (done, onProgress) => {
            const parsed = indexResult.safeParse(done[0]?.result.result);
            if (!parsed.success) throw new Error('The index result has no recipe steps to save.');
            await saveIndexColumn(api, dataset.id, parsed.data.recipe_steps, onProgress);
          },
        }
      : null;

  return (
    <BuilderShell
      id="index"
      title={t('rdmech.index.title')}
      intro={t('rdmech.index.intro')}
      built={built}
      plan={(spec) => [{ spec, name: `${spec.name} · ${t(`rdmech.index.methods.${spec.method}`)}`, label: t('rdmech.index.title') }]}
      fieldOf={mechFieldOf}
      after={after}
      runLabel={form.saveColumn ? t('rdmech.index.runAndSave') : t('rdmech.index.run')}
      onDone={onDone}
      disabled={!dataset}
    >
      {({ errorText, running }) => (
        <>
          <fieldset className="form-section">
            <legend>{t('rdmech.index.sectionData')}</legend>
            <DataFields
              idPrefix="index"
              datasets={datasets}
              dataset={form.dataset}
              subset={form.subset}
              onDataset={(name) => setForm(initialIndexForm(name))}
              onSubset={(subset) => set({ subset })}
              datasetError={errorText('dataset')}
              subsetError={errorText('subset')}
              disabled={running}
            >
              <TextField
                id="index-name"
                label={t('rdmech.index.name')}
                hint={exists ? t('rdmech.index.nameExists') : t('rdmech.index.nameHint')}
                value={form.name}
                onChange={(name) => set({ name })}
                error={errorText('name')}
                disabled={running}
              />
            </DataFields>
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('rdmech.index.sectionIndicators')}</legend>
            <p className="field-hint">{t('rdmech.index.indicatorsHint')}</p>
            {form.indicators.map((ind, i) => (
              <div key={i} className="rm-indicator" data-testid={`indicator-${i}`}>
                <ColumnSelect
                  id={`index-indicator-${i}`}
                  label={t('rdmech.index.indicator', { n: i + 1 })}
                  value={ind.column}
                  columns={numeric}
                  onChange={(column) => setIndicator(i, { column })}
                  error={errorText(`indicators.${i}.column`)}
                  disabled={running}
                />
                <SelectField
                  id={`index-direction-${i}`}
                  label={t('rdmech.index.direction')}
                  value={ind.direction}
                  options={[
                    { value: 'positive', label: t('rdmech.index.positive') },
                    { value: 'negative', label: t('rdmech.index.negative') },
                  ]}
                  onChange={(direction) => setIndicator(i, { direction })}
                  disabled={running}
                />
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => set({ indicators: form.indicators.filter((_, j) => j !== i) })}
                  disabled={running || form.indicators.length <= 2}
                  aria-label={t('rdmech.index.removeIndicator', { n: i + 1 })}
                >
                  {t('rdmech.index.remove')}
                </button>
              </div>
            ))}
            {errorText('indicators') ? (
              <p className="field-error" role="alert">
                {errorText('indicators')}
              </p>
            ) : null}
            <button type="button" className="btn" onClick={() => set({ indicators: [...form.indicators, { column: '', direction: 'positive' }] })} disabled={running}>
              {t('rdmech.index.addIndicator')}
            </button>
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('rdmech.index.sectionMethod')}</legend>
            <RadioChoice
              name="index-method"
              label={t('rdmech.index.method')}
              value={form.method}
              options={(['entropy', 'topsis', 'pca'] as const).map((m) => ({ value: m, label: `${t(`rdmech.index.methods.${m}`)} — ${t(`rdmech.index.methodHelp.${m}`)}` }))}
              onChange={(method) => set({ method, standardization: method !== 'topsis' && form.standardization === 'vector' ? 'minmax' : form.standardization })}
              disabled={running}
            />
            {form.method === 'pca' ? (
              <div className="field-row">
                <SelectField
                  id="index-components"
                  label={t('rdmech.index.components')}
                  value={form.components}
                  options={(['kaiser', 'number', 'cumulative'] as const).map((c) => ({ value: c, label: t(`rdmech.index.componentRules.${c}`) }))}
                  onChange={(components) => set({ components })}
                  disabled={running}
                />
                {form.components !== 'kaiser' ? (
                  <TextField
                    id="index-components-value"
                    label={form.components === 'number' ? t('rdmech.index.componentsNumber') : t('rdmech.index.componentsShare')}
                    inputMode="numeric"
                    value={form.componentsValue}
                    onChange={(componentsValue) => set({ componentsValue })}
                    error={errorText('components')}
                    disabled={running}
                  />
                ) : null}
              </div>
            ) : (
              <div className="field-row">
                <SelectField
                  id="index-standardization"
                  label={t('rdmech.index.standardization')}
                  value={form.standardization}
                  options={(form.method === 'topsis' ? (['minmax', 'zscore', 'vector'] as const) : (['minmax', 'zscore'] as const)).map((s) => ({ value: s, label: t(`rdmech.index.standardizations.${s}`) }))}
                  onChange={(standardization) => set({ standardization })}
                  error={errorText('standardization')}
                  disabled={running}
                />
                <TextField id="index-shift" label={t('rdmech.index.shift')} hint={t('rdmech.index.shiftHint')} placeholder="0.0001" inputMode="numeric" value={form.shift} onChange={(shift) => set({ shift })} error={errorText('shift')} disabled={running} />
                <ColumnSelect id="index-by" label={t('rdmech.index.by')} hint={t('rdmech.index.byHint')} value={form.by} columns={columns} emptyOption={t('rdmech.index.pooled')} onChange={(by) => set({ by })} error={errorText('by')} disabled={running} />
                {form.method === 'topsis' ? (
                  <SelectField
                    id="index-weights"
                    label={t('rdmech.index.weights')}
                    value={form.topsisWeights}
                    options={(['entropy', 'equal'] as const).map((w) => ({ value: w, label: t(`rdmech.index.weightRules.${w}`) }))}
                    onChange={(topsisWeights) => set({ topsisWeights })}
                    disabled={running}
                  />
                ) : null}
              </div>
            )}
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('rdmech.index.sectionSave')}</legend>
            <Check label={t('rdmech.index.saveColumn', { dataset: form.dataset })} checked={form.saveColumn} onChange={(saveColumn) => set({ saveColumn })} disabled={running} />
            <p className="field-hint">{t('rdmech.index.saveHint')}</p>
          </fieldset>
        </>
      )}
    </BuilderShell>
  );
}
