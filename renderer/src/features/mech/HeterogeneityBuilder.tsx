import { useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import type { HeterogeneitySpec } from '../../../../shared/specs/heterogeneity';
import { TextField } from '../../components/Field';
import { ColumnSelect } from '../did/ColumnSelect';
import { Check } from '../analysis-kit/BuilderParts';
import { BuilderShell } from '../analysis-kit/BuilderShell';
import { SelectField } from '../didkit/fields';
import type { AnalysisRun } from '../analysis-kit/useAnalysisRuns';
import { ModelSection } from './ModelSection';
import {
  buildHeterogeneitySpec,
  emptySplit,
  heterogeneityFormFromSpec,
  initialHeterogeneityForm,
  mechFieldOf,
  type HeterogeneityForm,
  type SplitForm,
} from './mechForm';

export interface HeterogeneityBuilderProps {
  datasets: DatasetInfo[];
  initialDataset: string | null;
  initialSpec?: HeterogeneitySpec | null;
  onDone: (run: AnalysisRun) => void;
}

/** Heterogeneity: the model by subgroup, side by side, with three tests that the effects differ. */
export function HeterogeneityBuilder({ datasets, initialDataset, initialSpec = null, onDone }: HeterogeneityBuilderProps): ReactElement {
  const { t } = useTranslation();
  const [form, setForm] = useState<HeterogeneityForm>(() => {
    if (!initialSpec) return initialHeterogeneityForm(initialDataset ?? datasets[0]?.name ?? '');
    const names = datasets.find((d) => d.name === initialSpec.data)?.columns.map((c) => c.name) ?? [];
    return heterogeneityFormFromSpec(initialSpec, names);
  });
  const dataset = datasets.find((d) => d.name === form.dataset) ?? null;
  const columns = useMemo(() => dataset?.columns ?? [], [dataset]);
  const numericNames = useMemo(() => new Set(columns.filter((c) => c.type === 'number').map((c) => c.name)), [columns]);
  const built = useMemo(() => buildHeterogeneitySpec(form, numericNames), [form, numericNames]);
  const set = (patch: Partial<HeterogeneityForm>): void => setForm((f) => ({ ...f, ...patch }));
  const setSplit = (i: number, patch: Partial<SplitForm>): void => setForm((f) => ({ ...f, splits: f.splits.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));

  return (
    <BuilderShell
      id="heterogeneity"
      title={t('rdmech.heterogeneity.title')}
      intro={t('rdmech.heterogeneity.intro')}
      built={built}
      plan={(spec) => [
        { spec, name: `${spec.outcome} ~ ${spec.treatment} · ${t('rdmech.heterogeneity.short')}: ${spec.splits.map((s) => s.column).join(', ')}`, label: t('rdmech.heterogeneity.title') },
      ]}
      fieldOf={mechFieldOf}
      runLabel={t('rdmech.heterogeneity.run')}
      onDone={onDone}
      disabled={!dataset}
    >
      {({ errorText, running }) => (
        <>
          <ModelSection
            idPrefix="heterogeneity"
            datasets={datasets}
            columns={columns}
            form={form}
            set={set}
            onDataset={(name) => setForm(initialHeterogeneityForm(name))}
            errorText={errorText}
            disabled={running}
            taken={form.splits.map((s) => s.column)}
          />
          <fieldset className="form-section">
            <legend>{t('rdmech.heterogeneity.sectionSplits')}</legend>
            <p className="field-hint">{t('rdmech.heterogeneity.splitsHint')}</p>
            {form.splits.map((s, i) => (
              <div key={i} className="subfields" data-testid={`split-${i}`}>
                <div className="field-row">
                  <SelectField
                    id={`het-kind-${i}`}
                    label={t('rdmech.heterogeneity.splitKind', { n: i + 1 })}
                    value={s.kind}
                    options={[
                      { value: 'categorical', label: t('rdmech.heterogeneity.kindCategorical') },
                      { value: 'quantiles', label: t('rdmech.heterogeneity.kindQuantiles') },
                    ]}
                    onChange={(kind) => setSplit(i, { kind })}
                    disabled={running}
                  />
                  <ColumnSelect
                    id={`het-column-${i}`}
                    label={t('rdmech.heterogeneity.splitColumn', { n: i + 1 })}
                    value={s.column}
                    columns={s.kind === 'quantiles' ? columns.filter((c) => c.type === 'number') : columns}
                    onChange={(column) => setSplit(i, { column })}
                    error={errorText(`splits.${i}.column`)}
                    disabled={running}
                  />
                  {s.kind === 'quantiles' ? (
                    <TextField id={`het-groups-${i}`} label={t('rdmech.heterogeneity.groups')} inputMode="numeric" value={s.groups} onChange={(groups) => setSplit(i, { groups })} error={errorText(`splits.${i}.groups`)} disabled={running} />
                  ) : (
                    <TextField
                      id={`het-values-${i}`}
                      label={t('rdmech.heterogeneity.values')}
                      hint={t('rdmech.heterogeneity.valuesHint')}
                      value={s.values}
                      onChange={(values) => setSplit(i, { values })}
                      error={errorText(`splits.${i}.values`)}
                      disabled={running}
                    />
                  )}
                </div>
                {form.splits.length > 1 ? (
                  <button type="button" className="btn btn-small" onClick={() => set({ splits: form.splits.filter((_, j) => j !== i) })} disabled={running}>
                    {t('rdmech.heterogeneity.removeSplit')}
                  </button>
                ) : null}
              </div>
            ))}
            {errorText('splits') ? (
              <p className="field-error" role="alert">
                {errorText('splits')}
              </p>
            ) : null}
            <button type="button" className="btn" onClick={() => set({ splits: [...form.splits, emptySplit()] })} disabled={running}>
              {t('rdmech.heterogeneity.addSplit')}
            </button>
          </fieldset>
          <fieldset className="form-section">
            <legend>{t('rdmech.heterogeneity.sectionPermutation')}</legend>
            <Check label={t('rdmech.heterogeneity.permutation')} checked={form.permutation} onChange={(permutation) => set({ permutation })} disabled={running} />
            <p className="field-hint">{t('rdmech.heterogeneity.permutationHint')}</p>
            {form.permutation ? (
              <div className="field-row">
                <TextField id="het-perm-draws" label={t('rdmech.heterogeneity.permDraws')} inputMode="numeric" value={form.permDraws} onChange={(permDraws) => set({ permDraws })} error={errorText('permDraws')} disabled={running} />
                <TextField id="het-perm-seed" label={t('rdmech.common.seed')} hint={t('rdmech.common.seedHint')} inputMode="numeric" value={form.permSeed} onChange={(permSeed) => set({ permSeed })} error={errorText('permSeed')} disabled={running} />
                <ColumnSelect
                  id="het-perm-unit"
                  label={t('rdmech.heterogeneity.permUnit')}
                  hint={t('rdmech.heterogeneity.permUnitHint')}
                  value={form.permUnit}
                  columns={columns}
                  emptyOption={t('rdmech.heterogeneity.permUnitAuto')}
                  onChange={(permUnit) => set({ permUnit })}
                  error={errorText('permUnit')}
                  disabled={running}
                />
              </div>
            ) : null}
          </fieldset>
        </>
      )}
    </BuilderShell>
  );
}
