import { useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { TextField } from '../../components/Field';
import { ColumnSelect } from '../did/ColumnSelect';
import { Check, DataFields, RadioChoice } from '../analysis-kit/BuilderParts';
import { BuilderShell } from '../analysis-kit/BuilderShell';
import { ColumnChecks, SelectField } from '../didkit/fields';
import type { AnalysisRun, PlannedRun } from '../analysis-kit/useAnalysisRuns';
import {
  RD_BWSELECTORS,
  RD_CHECKS,
  RD_COMPANIONS,
  RD_MODELS,
  RD_TIME_UNITS,
  RDPLOT_BINSELECT,
  buildRdSpec,
  companionSpec,
  defaultKernel,
  defaultP,
  initialRdForm,
  rdFieldOf,
  rdFormFromSpec,
  rdRunName,
  updateRdForm,
  usesField,
  type RdFormState,
  type RdModel,
  type RdSpec,
} from './rdForm';

export interface RdBuilderProps {
  datasets: DatasetInfo[];
  initialDataset: string | null;
  /** The analysis to start with (the builder menu's entry). */
  model?: RdModel;
  /** A saved RD analysis' spec to start from. */
  initialSpec?: RdSpec | null;
  /** The first run (the estimate; its companions are saved beside it). */
  onDone: (run: AnalysisRun) => void;
}

/** The cautions of docs/spec-rd.md (Hausman & Rapson 2018), shown with RD in time. */
const TIME_CAUTIONS = ['discrete', 'serial', 'confounded', 'anticipation', 'window', 'panel'] as const;

/**
 * The regression-discontinuity builder: one design and five analyses on it — the rdrobust
 * estimate (with the RD plot, density test and sensitivity checks as companions), rdplot,
 * the rddensity manipulation test, sensitivity checks and bandwidth selection.
 */
export function RdBuilder({ datasets, initialDataset, model = 'rdrobust', initialSpec = null, onDone }: RdBuilderProps): ReactElement {
  const { t } = useTranslation();
  const [form, setForm] = useState<RdFormState>(() =>
    initialSpec ? rdFormFromSpec(initialSpec) : initialRdForm(initialDataset ?? datasets[0]?.name ?? '', model),
  );
  const dataset = datasets.find((d) => d.name === form.dataset) ?? null;
  const columns = useMemo(() => dataset?.columns ?? [], [dataset]);
  const numeric = useMemo(() => columns.filter((c) => c.type === 'number'), [columns]);
  const built = useMemo(() => buildRdSpec(form, columns), [form, columns]);
  const m = form.model;
  const timeColumn = columns.find((c) => c.name === form.timeColumn);
  const isDate = timeColumn?.format === 'date';

  const set = (patch: Partial<RdFormState>): void => setForm((f) => updateRdForm(f, patch, columns));
  const modelName = (x: RdModel): string => t(`rdmech.rd.models.${x}`);

  /** The analysis, then (for the estimate) its companions on the same design. */
  const plan = (spec: RdSpec): PlannedRun[] => {
    const runs: PlannedRun[] = [{ spec, name: rdRunName(spec, modelName(spec.model)), label: modelName(spec.model) }];
    if (spec.model === 'rdrobust') {
      for (const companion of form.companions) {
        const extra = companionSpec(spec, companion);
        runs.push({ spec: extra, name: rdRunName(extra, modelName(companion)), label: modelName(companion) });
      }
    }
    return runs;
  };

  const pPlaceholder = t('rdmech.common.defaultValue', { value: defaultP(m) });
  const kernelOptions = [
    { value: '' as const, label: t('rdmech.common.defaultValue', { value: t(`rdmech.rd.kernels.${defaultKernel(m)}`) }) },
    ...(['triangular', 'epanechnikov', 'uniform'] as const).map((k) => ({ value: k, label: t(`rdmech.rd.kernels.${k}`) })),
  ];

  return (
    <BuilderShell
      id="rd"
      title={t('rdmech.rd.title')}
      intro={t('rdmech.rd.intro')}
      built={built}
      plan={plan}
      fieldOf={rdFieldOf}
      runLabel={t('rdmech.rd.run', { what: modelName(m) })}
      onDone={onDone}
      disabled={!dataset}
    >
      {({ errorText: fieldError, running }) => (
        <>
          <fieldset className="form-section">
            <legend>{t('rdmech.rd.sectionAnalysis')}</legend>
            <RadioChoice
              name="rd-model"
              label={t('rdmech.rd.analysis')}
              value={m}
              options={RD_MODELS.map((x) => ({ value: x, label: `${modelName(x)} — ${t(`rdmech.rd.modelHelp.${x}`)}` }))}
              onChange={(value) => set({ model: value })}
              disabled={running}
            />
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('rdmech.rd.sectionData')}</legend>
            <DataFields
              idPrefix="rd"
              datasets={datasets}
              dataset={form.dataset}
              subset={form.subset}
              onDataset={(name) => setForm({ ...initialRdForm(name, m) })}
              onSubset={(subset) => set({ subset })}
              datasetError={fieldError('dataset')}
              subsetError={fieldError('subset')}
              disabled={running}
            >
              {usesField(m, 'y') ? (
                <ColumnSelect id="rd-y" label={t('rdmech.rd.y')} value={form.y} columns={numeric} onChange={(y) => set({ y })} error={fieldError('y')} disabled={running} />
              ) : null}
            </DataFields>
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('rdmech.rd.sectionRunning')}</legend>
            <RadioChoice
              name="rd-run-mode"
              label={t('rdmech.rd.runningMode')}
              value={form.runMode}
              options={[
                { value: 'column', label: t('rdmech.rd.runningColumn') },
                { value: 'time', label: t('rdmech.rd.runningTime') },
              ]}
              onChange={(runMode) => set({ runMode, c: runMode === 'time' ? '0' : form.c })}
              disabled={running}
            />
            {form.runMode === 'column' ? (
              <div className="field-row">
                <ColumnSelect id="rd-x" label={t('rdmech.rd.x')} hint={t('rdmech.rd.xHint')} value={form.x} columns={numeric} onChange={(x) => set({ x })} error={fieldError('x')} disabled={running} />
                <TextField id="rd-c" label={t('rdmech.rd.c')} hint={t('rdmech.rd.cHint')} inputMode="numeric" value={form.c} onChange={(c) => set({ c })} error={fieldError('c')} disabled={running} />
              </div>
            ) : (
              <div className="subfields">
                <div className="field-row">
                  <ColumnSelect
                    id="rd-time-column"
                    label={t('rdmech.rd.timeColumn')}
                    hint={t('rdmech.rd.timeColumnHint')}
                    value={form.timeColumn}
                    columns={numeric}
                    onChange={(timeColumn) => set({ timeColumn })}
                    error={fieldError('timeColumn') ?? fieldError('x')}
                    disabled={running}
                  />
                  <SelectField
                    id="rd-time-unit"
                    label={t('rdmech.rd.timeUnit')}
                    value={form.timeUnit}
                    options={RD_TIME_UNITS.filter((u) => (isDate ? u !== 'period' : u === 'period' || u === 'year')).map((u) => ({ value: u, label: t(`rdmech.rd.units.${u}`) }))}
                    onChange={(timeUnit) => set({ timeUnit })}
                    error={fieldError('timeUnit')}
                    disabled={running}
                  />
                </div>
                <RadioChoice
                  name="rd-policy-mode"
                  label={t('rdmech.rd.policyMode')}
                  value={form.policyMode}
                  options={[
                    { value: 'value', label: t('rdmech.rd.policyOne') },
                    { value: 'column', label: t('rdmech.rd.policyPerRow') },
                  ]}
                  onChange={(policyMode) => set({ policyMode })}
                  disabled={running}
                />
                {form.policyMode === 'value' ? (
                  <TextField
                    id="rd-policy"
                    label={isDate ? t('rdmech.rd.policyDate') : t('rdmech.rd.policyPeriod')}
                    placeholder={isDate ? '2015-07-01' : '2015'}
                    value={form.policy}
                    onChange={(policy) => set({ policy })}
                    error={fieldError('policy')}
                    disabled={running}
                  />
                ) : (
                  <ColumnSelect id="rd-policy-column" label={t('rdmech.rd.policyColumn')} value={form.policyColumn} columns={columns} onChange={(policyColumn) => set({ policyColumn })} error={fieldError('policyColumn')} disabled={running} />
                )}
                <details className="rm-help" open>
                  <summary>{t('rdmech.rd.cautionsTitle')}</summary>
                  <ul>
                    {TIME_CAUTIONS.map((k) => (
                      <li key={k}>
                        <strong>{t(`rdmech.rd.cautions.${k}.title`)}</strong> {t(`rdmech.rd.cautions.${k}.body`)}
                      </li>
                    ))}
                  </ul>
                  <p className="small muted">{t('rdmech.rd.cautionsSource')}</p>
                </details>
              </div>
            )}
          </fieldset>

          <fieldset className="form-section">
            <legend>{m === 'rdplot' ? t('rdmech.rd.sectionPlot') : m === 'rddensity' ? t('rdmech.rd.sectionDensity') : t('rdmech.rd.sectionPolynomial')}</legend>
            <div className="field-row">
              <TextField
                id="rd-p"
                label={m === 'rdplot' ? t('rdmech.rd.pGlobal') : t('rdmech.rd.p')}
                hint={m === 'rdplot' ? t('rdmech.rd.pGlobalHint') : t('rdmech.rd.pHint')}
                placeholder={pPlaceholder}
                inputMode="numeric"
                value={form.p}
                onChange={(p) => set({ p })}
                error={fieldError('p')}
                disabled={running}
              />
              {m !== 'rdplot' ? (
                <TextField id="rd-q" label={t('rdmech.rd.q')} hint={t('rdmech.rd.qHint')} placeholder={t('rdmech.rd.qPlaceholder')} inputMode="numeric" value={form.q} onChange={(q) => set({ q })} error={fieldError('q')} disabled={running} />
              ) : null}
              <SelectField id="rd-kernel" label={t('rdmech.rd.kernel')} value={form.kernel} options={kernelOptions} onChange={(kernel) => set({ kernel })} error={fieldError('kernel')} disabled={running} />
            </div>
            {m === 'rdplot' ? (
              <div className="field-row">
                <SelectField
                  id="rd-binselect"
                  label={t('rdmech.rd.binselect')}
                  hint={t('rdmech.rd.binselectHint')}
                  value={form.binselect}
                  options={RDPLOT_BINSELECT.map((b) => ({ value: b, label: t(`rdmech.rd.binselects.${b}`) }))}
                  onChange={(binselect) => set({ binselect })}
                  disabled={running}
                />
                <TextField id="rd-nbins" label={t('rdmech.rd.nbins')} hint={t('rdmech.rd.nbinsHint')} placeholder={t('rdmech.rd.auto')} value={form.nbins} onChange={(nbins) => set({ nbins })} error={fieldError('nbins')} disabled={running} />
              </div>
            ) : null}
            {m === 'rddensity' ? (
              <div className="field-row">
                <SelectField
                  id="rd-fitselect"
                  label={t('rdmech.rd.fitselect')}
                  value={form.fitselect}
                  options={(['unrestricted', 'restricted'] as const).map((v) => ({ value: v, label: t(`rdmech.rd.fitselects.${v}`) }))}
                  onChange={(fitselect) => set({ fitselect })}
                  disabled={running}
                />
                <SelectField
                  id="rd-density-vce"
                  label={t('rdmech.rd.densityVce')}
                  value={form.densityVce}
                  options={(['jackknife', 'plugin'] as const).map((v) => ({ value: v, label: t(`rdmech.rd.densityVces.${v}`) }))}
                  onChange={(densityVce) => set({ densityVce })}
                  disabled={running}
                />
                <SelectField
                  id="rd-density-bwselect"
                  label={t('rdmech.rd.densityBwselect')}
                  value={form.densityBwselect}
                  options={(['comb', 'each', 'diff', 'sum'] as const).map((v) => ({ value: v, label: t(`rdmech.rd.densityBwselects.${v}`) }))}
                  onChange={(densityBwselect) => set({ densityBwselect })}
                  disabled={running}
                />
              </div>
            ) : null}
            {m === 'rddensity' ? <Check label={t('rdmech.rd.massPoints')} checked={form.massPoints} onChange={(massPoints) => set({ massPoints })} disabled={running} /> : null}
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('rdmech.rd.sectionBandwidth')}</legend>
            {usesField(m, 'bandwidth') ? (
              <RadioChoice
                name="rd-bw-mode"
                label={t('rdmech.rd.bandwidth')}
                value={form.bwMode}
                options={[
                  { value: 'select', label: m === 'rdplot' ? t('rdmech.rd.bwWholeRange') : t('rdmech.rd.bwSelect') },
                  { value: 'fixed', label: t('rdmech.rd.bwFixed') },
                ]}
                onChange={(bwMode) => set({ bwMode })}
                disabled={running}
              />
            ) : null}
            {usesField(m, 'design') && (form.bwMode === 'select' || !usesField(m, 'bandwidth')) ? (
              <SelectField
                id="rd-bwselect"
                label={t('rdmech.rd.bwselect')}
                hint={t('rdmech.rd.bwselectHint')}
                value={form.bwselect}
                options={RD_BWSELECTORS.map((b) => ({ value: b, label: `${b} — ${t(`rdmech.rd.bwselectors.${b}`)}` }))}
                onChange={(bwselect) => set({ bwselect })}
                disabled={running}
              />
            ) : null}
            {m === 'rdbwselect' ? <Check label={t('rdmech.rd.allSelectors')} checked={form.all} onChange={(all) => set({ all })} disabled={running} /> : null}
            {usesField(m, 'bandwidth') && form.bwMode === 'fixed' ? (
              <div className="field-row">
                <TextField id="rd-h" label={t('rdmech.rd.h')} hint={t('rdmech.rd.hHint')} value={form.h} onChange={(h) => set({ h })} error={fieldError('h')} disabled={running} />
                {m === 'rdrobust' ? (
                  <>
                    <TextField id="rd-b" label={t('rdmech.rd.b')} hint={t('rdmech.rd.bHint')} value={form.b} onChange={(b) => set({ b })} error={fieldError('b')} disabled={running} />
                    <TextField id="rd-rho" label={t('rdmech.rd.rho')} hint={t('rdmech.rd.rhoHint')} inputMode="numeric" value={form.rho} onChange={(rho) => set({ rho })} error={fieldError('rho')} disabled={running} />
                  </>
                ) : null}
              </div>
            ) : null}
            {m === 'rddensity' && form.bwMode === 'select' ? <p className="field-hint">{t('rdmech.rd.densityBwHint')}</p> : null}
          </fieldset>

          {usesField(m, 'design') ? (
            <fieldset className="form-section">
              <legend>{t('rdmech.rd.sectionInference')}</legend>
              <ColumnChecks
                label={t('rdmech.rd.covs')}
                hint={t('rdmech.rd.covsHint')}
                columns={columns.filter((c) => c.name !== form.y && c.name !== form.x && c.name !== form.fuzzy)}
                selected={form.covs}
                onChange={(covs) => set({ covs })}
                error={fieldError('covs')}
                disabled={running}
              />
              <div className="field-row">
                <ColumnSelect id="rd-fuzzy" label={t('rdmech.rd.fuzzy')} hint={t('rdmech.rd.fuzzyHint')} value={form.fuzzy} columns={numeric} emptyOption={t('rdmech.rd.sharp')} onChange={(fuzzy) => set({ fuzzy })} error={fieldError('fuzzy')} disabled={running} />
                <ColumnSelect id="rd-cluster" label={t('rdmech.rd.cluster')} hint={t('rdmech.rd.clusterHint')} value={form.cluster} columns={columns} emptyOption={t('rdmech.rd.noCluster')} onChange={(cluster) => set({ cluster })} error={fieldError('cluster')} disabled={running} />
                <SelectField
                  id="rd-vce"
                  label={t('rdmech.rd.vce')}
                  hint={form.cluster ? t('rdmech.rd.vceCluster') : t('rdmech.rd.vceHint')}
                  value={form.vce}
                  options={(['nn', 'hc0', 'hc1', 'hc2', 'hc3'] as const).map((v) => ({ value: v, label: t(`rdmech.rd.vces.${v}`) }))}
                  onChange={(vce) => set({ vce })}
                  error={fieldError('vce')}
                  disabled={running || form.cluster !== ''}
                />
              </div>
            </fieldset>
          ) : null}

          {m === 'rdsensitivity' ? (
            <fieldset className="form-section">
              <legend>{t('rdmech.rd.sectionChecks')}</legend>
              <div className="check-list" role="group" aria-label={t('rdmech.rd.checks')}>
                {RD_CHECKS.map((c) => (
                  <Check
                    key={c}
                    label={t(`rdmech.rd.checkNames.${c}`)}
                    checked={form.checks.includes(c)}
                    onChange={(on) => set({ checks: on ? RD_CHECKS.filter((x) => x === c || form.checks.includes(x)) : form.checks.filter((x) => x !== c) })}
                    disabled={running}
                  />
                ))}
              </div>
              {fieldError('checks') ? <p className="field-error" role="alert">{fieldError('checks')}</p> : null}
              <div className="field-row">
                <TextField id="rd-h-grid" label={t('rdmech.rd.hGrid')} hint={t('rdmech.rd.hGridHint')} placeholder={t('rdmech.rd.auto')} value={form.hGrid} onChange={(hGrid) => set({ hGrid })} error={fieldError('hGrid')} disabled={running || !form.checks.includes('bandwidth')} />
                <TextField id="rd-placebo" label={t('rdmech.rd.placeboCutoffs')} hint={t('rdmech.rd.placeboHint')} placeholder={t('rdmech.rd.auto')} value={form.placeboCutoffs} onChange={(placeboCutoffs) => set({ placeboCutoffs })} error={fieldError('placeboCutoffs')} disabled={running || !form.checks.includes('placebo')} />
                <TextField id="rd-donut" label={t('rdmech.rd.donutRadii')} hint={t('rdmech.rd.donutHint')} placeholder={t('rdmech.rd.auto')} value={form.donutRadii} onChange={(donutRadii) => set({ donutRadii })} error={fieldError('donutRadii')} disabled={running || !form.checks.includes('donut')} />
              </div>
              <ColumnChecks
                label={t('rdmech.rd.balanceCovs')}
                hint={t('rdmech.rd.balanceHint')}
                columns={numeric.filter((c) => c.name !== form.y && c.name !== form.x)}
                selected={form.balanceCovs}
                onChange={(balanceCovs) => set({ balanceCovs })}
                error={fieldError('balanceCovs')}
                disabled={running || !form.checks.includes('balance')}
              />
            </fieldset>
          ) : null}

          <details className="form-section rm-advanced">
            <summary>{t('rdmech.rd.sectionAdvanced')}</summary>
            <div className="field-row">
              <SelectField
                id="rd-masspoints"
                label={t('rdmech.rd.masspoints')}
                hint={t('rdmech.rd.masspointsHint')}
                value={form.masspoints}
                options={(['adjust', 'check', 'off'] as const).map((v) => ({ value: v, label: t(`rdmech.rd.masspointsOptions.${v}`) }))}
                onChange={(masspoints) => set({ masspoints })}
                disabled={running || m === 'rddensity'}
              />
              {usesField(m, 'level') ? (
                <TextField id="rd-level" label={t('rdmech.rd.level')} placeholder={t('rdmech.common.defaultValue', { value: 95 })} inputMode="numeric" value={form.level} onChange={(level) => set({ level })} error={fieldError('level')} disabled={running} />
              ) : null}
              {m !== 'rddensity' ? (
                <ColumnSelect id="rd-weights" label={t('rdmech.rd.weights')} value={form.weights} columns={numeric} emptyOption={t('rdmech.rd.noWeights')} onChange={(weights) => set({ weights })} error={fieldError('weights')} disabled={running} />
              ) : null}
              {usesField(m, 'design') ? (
                <TextField id="rd-bwcheck" label={t('rdmech.rd.bwcheck')} hint={t('rdmech.rd.bwcheckHint')} inputMode="numeric" value={form.bwcheck} onChange={(bwcheck) => set({ bwcheck })} error={fieldError('bwcheck')} disabled={running} />
              ) : null}
            </div>
          </details>

          {usesField(m, 'companions') ? (
            <fieldset className="form-section">
              <legend>{t('rdmech.rd.sectionCompanions')}</legend>
              <p className="field-hint">{t('rdmech.rd.companionsHint')}</p>
              <div className="check-list" role="group" aria-label={t('rdmech.rd.sectionCompanions')}>
                {RD_COMPANIONS.map((c) => (
                  <Check
                    key={c}
                    label={modelName(c)}
                    checked={form.companions.includes(c)}
                    onChange={(on) => set({ companions: on ? RD_COMPANIONS.filter((x) => x === c || form.companions.includes(x)) : form.companions.filter((x) => x !== c) })}
                    disabled={running}
                  />
                ))}
              </div>
            </fieldset>
          ) : null}
        </>
      )}
    </BuilderShell>
  );
}
