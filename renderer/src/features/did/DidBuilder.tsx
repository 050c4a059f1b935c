import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisInfo, DatasetInfo, StoredResult } from '../../../../shared/contract';
import type { DidSpec } from '../../../../shared/specs/did';
import { DatasetField } from '../didkit/BuilderShell';
import { SelectField } from '../didkit/fields';
import { serverFieldErrors } from '../didkit/formErrors';
import { ApiError } from '../../api/client';
import type { JobHandle } from '../../api/client';
import { useApi } from '../../app/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field, TextField, describedBy } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { ClusterSelect, ColumnSelect } from './ColumnSelect';
import {
  buildDidSpec,
  didFormFromSpec,
  fieldOfPath,
  initialDidForm,
  parseIdList,
  updateDidForm,
  type DidFormState,
  type FieldErrors,
  type FieldKey,
  type TreatmentMode,
} from './didForm';
import {
  buildVariantSpec,
  carriedFields,
  extraFieldOfPath,
  initialExtras,
  variantSeed,
  type DidVariant,
  type ExtraField,
  type VariantExtras,
  type VariantSpec,
} from './didVariants';

export interface DidBuilderProps {
  datasets: DatasetInfo[];
  /** The dataset to start with (the one open in the data view). */
  initialDataset: string | null;
  /**
   * A saved analysis' spec to start from (editing it runs a new analysis); a DID, DDD or lag
   * spec gives its DID choices to any variant.
   */
  initialSpec?: VariantSpec | null;
  /** The model built: the TWFE DID with its event study, triple differences or lag effects. */
  variant?: DidVariant;
  onDone: (run: { analysis: AnalysisInfo; result: StoredResult }) => void;
}

/** The form's DID part and the variant's own choices of a saved spec. */
function startFrom(spec: VariantSpec | null, variant: DidVariant): { did: DidSpec | null; extras: VariantExtras } {
  if (!spec) return { did: null, extras: initialExtras() };
  const seed = spec.model === 'did' ? { did: spec, extras: initialExtras() } : variantSeed(spec);
  // Only the DID has an event study.
  return { did: variant === 'did' ? seed.did : { ...seed.did, event_study: null }, extras: seed.extras };
}

type RunState = { kind: 'idle' } | { kind: 'running'; fraction: number } | { kind: 'failed'; error: unknown } | { kind: 'cancelled' };

/**
 * The DID builder: every choice of a TWFE DID and its event study, validated by `didSpec`; with
 * `variant` the same choices build a triple-differences or policy-lag model.
 */
export function DidBuilder({ datasets, initialDataset, initialSpec = null, variant = 'did', onDone }: DidBuilderProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [start] = useState(() => startFrom(initialSpec, variant));
  const [form, setForm] = useState<DidFormState>(() => {
    const initial = start.did ? didFormFromSpec(start.did) : initialDidForm(initialDataset ?? datasets[0]?.name ?? '');
    return variant === 'did' ? initial : { ...initial, eventStudy: false };
  });
  const [extras, setExtras] = useState<VariantExtras>(start.extras);
  /** Settings the form does not show (a robustness variant's sample changes), kept on a rerun. */
  const carried = useMemo(() => carriedFields(start.did), [start]);
  const [showErrors, setShowErrors] = useState(false);
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const [serverErrors, setServerErrors] = useState<Partial<Record<FieldKey | ExtraField, string>>>({});
  const job = useRef<JobHandle<unknown> | null>(null);
  const outcomeArea = useRef<HTMLDivElement>(null);

  // The outcome of a run appears below the button; bring it into view (jsdom has no scrolling).
  useEffect(() => {
    if (run.kind === 'failed' || run.kind === 'cancelled') outcomeArea.current?.scrollIntoView?.({ block: 'nearest' });
  }, [run.kind]);

  const dataset = datasets.find((d) => d.name === form.dataset) ?? null;
  const columns = useMemo(() => dataset?.columns ?? [], [dataset]);
  const numeric = useMemo(() => columns.filter((c) => c.type === 'number'), [columns]);
  // Columns already playing a role are not offered as controls.
  const controlChoices = useMemo(() => {
    const taken = new Set([form.outcome, form.treatmentColumn, form.groupColumn, form.firstTreatColumn, form.unit, form.time]);
    return numeric.filter((c) => !taken.has(c.name) || form.controls.includes(c.name));
  }, [numeric, form.outcome, form.treatmentColumn, form.groupColumn, form.firstTreatColumn, form.unit, form.time, form.controls]);
  const didBuilt = useMemo(() => buildDidSpec(form, columns), [form, columns]);
  const built = useMemo(() => {
    const did = didBuilt.spec ? { ...didBuilt.spec, ...carried } : null;
    const variantBuilt = buildVariantSpec(variant, did, extras);
    return { spec: variantBuilt.spec, errors: { ...didBuilt.errors, ...variantBuilt.errors } };
  }, [didBuilt, carried, variant, extras]);
  const errors: FieldErrors & Partial<Record<ExtraField, { key: string; values?: Record<string, string | number> }>> = showErrors ? built.errors : {};
  const running = run.kind === 'running';

  const set = (patch: Partial<DidFormState>): void => {
    setForm((f) => updateDidForm(f, patch));
    setServerErrors({});
  };

  const setExtra = (patch: Partial<VariantExtras>): void => {
    setExtras((x) => ({ ...x, ...patch }));
    setServerErrors({});
  };

  /** didForm's keys are under did.errors; the variants' are full i18n keys. */
  const errorText = (field: FieldKey | ExtraField): string | undefined => {
    const e = errors[field];
    if (e) return t(e.key.includes('.') ? e.key : `did.errors.${e.key}`, e.values ?? {});
    return serverErrors[field];
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setShowErrors(true);
    if (!built.spec) return;
    const spec = built.spec;
    setRun({ kind: 'running', fraction: 0 });
    const treated = spec.treatment.kind === 'ids' ? t('did.groupIdsCount', { count: spec.treatment.ids.length }) : spec.treatment.column;
    const name =
      spec.model === 'ddd'
        ? t('policy.ddd.analysisName', { outcome: spec.outcome, treated, group: spec.group })
        : spec.model === 'did_lags'
          ? t('policy.lags.analysisName', { outcome: spec.outcome, treated })
          : (spec.label ?? `${spec.outcome} ~ ${treated}`);
    const handle = api.startJob('analysis.run', { name, spec }, {
      onProgress: (fraction) => setRun({ kind: 'running', fraction }),
    });
    job.current = handle;
    try {
      const done = await handle.promise;
      setRun({ kind: 'idle' });
      onDone(done);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'cancelled') setRun({ kind: 'cancelled' });
      else {
        setServerErrors(serverFieldErrors(err, (path) => fieldOfPath(path, form) ?? extraFieldOfPath(path)));
        setRun({ kind: 'failed', error: err });
      }
    } finally {
      job.current = null;
    }
  };

  const treatmentModes: { mode: TreatmentMode; label: string }[] = [
    { mode: 'column', label: t('did.modeColumn') },
    { mode: 'group', label: t('did.modeGroup') },
    { mode: 'staggered', label: t('did.modeStaggered') },
  ];
  const idCount = parseIdList(form.groupIds).length;

  return (
    <form className="did-builder" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="did-title">
      <div className="view-head">
        <div>
          <h2 id="did-title">{variant === 'did' ? t('did.title') : t(`policy.${variant === 'ddd' ? 'ddd' : 'lags'}.title`)}</h2>
          <p className="muted">{variant === 'did' ? t('did.intro') : t(`policy.${variant === 'ddd' ? 'ddd' : 'lags'}.intro`)}</p>
        </div>
      </div>
      {Object.keys(carried).some((k) => k !== 'weights' && k !== 'level') && variant === 'did' ? (
        <p className="notice" data-testid="carried-settings">
          {t('policy.robustness.carried', { label: carried.label ?? '' })}
        </p>
      ) : null}
      {showErrors && !built.spec ? (
        <p className="form-alert" role="alert">
          {t('did.invalid')}
        </p>
      ) : null}

      <fieldset className="form-section">
        <legend>{t('did.sectionData')}</legend>
        <div className="field-row">
          <DatasetField
            id="did-dataset"
            datasets={datasets}
            value={form.dataset}
            onChange={(name) => setForm(initialDidForm(name))}
            error={errorText('dataset')}
            disabled={running}
          />
          <ColumnSelect
            id="did-outcome"
            label={t('did.outcome')}
            value={form.outcome}
            columns={numeric}
            onChange={(outcome) => set({ outcome })}
            error={errorText('outcome')}
            disabled={running}
          />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('did.sectionTreatment')}</legend>
        <div className="radio-group" role="radiogroup" aria-label={t('did.treatment')}>
          {treatmentModes.map(({ mode, label }) => (
            <label key={mode} className="radio">
              <input
                type="radio"
                name="did-treatment-mode"
                value={mode}
                checked={form.treatmentMode === mode}
                onChange={() => set({ treatmentMode: mode })}
                disabled={running}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
        {form.treatmentMode === 'column' ? (
          <ColumnSelect
            id="did-treatment-column"
            label={t('did.treatmentColumn')}
            value={form.treatmentColumn}
            columns={numeric}
            onChange={(treatmentColumn) => set({ treatmentColumn })}
            error={errorText('treatmentColumn')}
            disabled={running}
          />
        ) : null}
        {form.treatmentMode === 'group' ? (
          <div className="subfields">
            <div className="radio-group" role="radiogroup" aria-label={t('did.groupSource')}>
              <label className="radio">
                <input
                  type="radio"
                  name="did-group-source"
                  checked={form.groupSource === 'column'}
                  onChange={() => set({ groupSource: 'column' })}
                  disabled={running}
                />
                <span>{t('did.groupFromColumn')}</span>
              </label>
              <label className="radio">
                <input
                  type="radio"
                  name="did-group-source"
                  checked={form.groupSource === 'ids'}
                  onChange={() => set({ groupSource: 'ids' })}
                  disabled={running}
                />
                <span>{t('did.groupFromIds')}</span>
              </label>
            </div>
            {form.groupSource === 'column' ? (
              <ColumnSelect
                id="did-group-column"
                label={t('did.groupColumn')}
                value={form.groupColumn}
                columns={numeric}
                onChange={(groupColumn) => set({ groupColumn })}
                error={errorText('groupColumn')}
                disabled={running}
              />
            ) : (
              <Field id="did-group-ids" label={t('did.groupIds')} hint={t('did.groupIdsHint')} error={errorText('groupIds')}>
                <textarea
                  id="did-group-ids"
                  rows={4}
                  value={form.groupIds}
                  onChange={(e) => set({ groupIds: e.target.value })}
                  disabled={running}
                  aria-invalid={errorText('groupIds') ? true : undefined}
                  aria-describedby={describedBy('did-group-ids', true, !!errorText('groupIds'))}
                />
                <span className="muted small">{t('did.groupIdsCount', { count: idCount })}</span>
              </Field>
            )}
            <TextField
              id="did-policy-time"
              label={t('did.policyTime')}
              inputMode="numeric"
              value={form.policyTime}
              onChange={(policyTime) => set({ policyTime })}
              disabled={running}
              error={errorText('policyTime')}
            />
          </div>
        ) : null}
        {form.treatmentMode === 'staggered' ? (
          <ColumnSelect
            id="did-first-treat"
            label={t('did.firstTreat')}
            value={form.firstTreatColumn}
            columns={numeric}
            onChange={(firstTreatColumn) => set({ firstTreatColumn })}
            error={errorText('firstTreatColumn')}
            disabled={running}
          />
        ) : null}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('did.sectionPanel')}</legend>
        <div className="field-row">
          <ColumnSelect
            id="did-unit"
            label={t('did.unit')}
            value={form.unit}
            columns={columns}
            onChange={(unit) => set({ unit })}
            error={errorText('unit')}
            disabled={running}
          />
          <ColumnSelect
            id="did-time"
            label={t('did.time')}
            value={form.time}
            columns={numeric}
            onChange={(time) => set({ time })}
            error={errorText('time')}
            disabled={running}
          />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('did.sectionControls')}</legend>
        <p className="field-hint">{t('did.controlsHint')}</p>
        <div className="check-list" role="group" aria-label={t('did.controls')}>
          {controlChoices.map((c) => (
            <label key={c.name} className="check">
              <input
                type="checkbox"
                checked={form.controls.includes(c.name)}
                onChange={(e) =>
                  set({
                    controls: e.target.checked
                      ? [...form.controls, c.name]
                      : form.controls.filter((x) => x !== c.name),
                  })
                }
                disabled={running}
              />
              <span>{c.name}</span>
            </label>
          ))}
        </div>
        {errorText('controls') ? (
          <p className="field-error" role="alert">
            {errorText('controls')}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('did.sectionFe')}</legend>
        <p className="field-hint">{t('did.fixedEffectsHint')}</p>
        <div className="check-list">
          <label className="check">
            <input
              type="checkbox"
              checked={form.feUnit}
              onChange={(e) => set({ feUnit: e.target.checked })}
              disabled={running}
            />
            <span>{`${t('did.feUnit')}${form.unit ? ` (${form.unit})` : ''}`}</span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.feTime}
              onChange={(e) => set({ feTime: e.target.checked })}
              disabled={running}
            />
            <span>{`${t('did.feTime')}${form.time ? ` (${form.time})` : ''}`}</span>
          </label>
        </div>
        <TextField
          id="did-extra-fe"
          label={t('did.extraFe')}
          hint={t('did.extraFeHint')}
          placeholder={t('did.extraFePlaceholder')}
          value={form.extraFixedEffects}
          onChange={(extraFixedEffects) => set({ extraFixedEffects })}
          disabled={running}
          error={errorText('fixedEffects')}
        />
        <ClusterSelect
          id="did-cluster"
          value={form.cluster}
          columns={columns}
          onChange={(cluster) => set({ cluster })}
          error={errorText('cluster')}
          disabled={running}
        />
      </fieldset>

      {variant === 'ddd' ? (
        <fieldset className="form-section">
          <legend>{t('policy.ddd.sectionGroup')}</legend>
          <div className="field-row">
            <ColumnSelect
              id="did-ddd-group"
              label={t('policy.ddd.group')}
              hint={t('policy.ddd.groupHint')}
              value={extras.group}
              columns={numeric}
              onChange={(group) => setExtra({ group })}
              error={errorText('group')}
              disabled={running}
            />
            <SelectField
              id="did-ddd-design"
              label={t('policy.ddd.design')}
              hint={t(`policy.ddd.designHints.${extras.design}`)}
              value={extras.design}
              options={[
                { value: 'group_time', label: t('policy.ddd.designs.group_time') },
                { value: 'twfe', label: t('policy.ddd.designs.twfe') },
              ]}
              onChange={(design) => setExtra({ design })}
              disabled={running}
            />
          </div>
        </fieldset>
      ) : null}

      {variant === 'did_lags' ? (
        <fieldset className="form-section">
          <legend>{t('policy.lags.sectionLags')}</legend>
          <div className="field-row">
            <TextField id="did-max-lag" label={t('policy.lags.maxLag')} hint={t('policy.lags.maxLagHint')} inputMode="numeric" value={extras.maxLag} onChange={(maxLag) => setExtra({ maxLag })} error={errorText('maxLag')} disabled={running} />
            <TextField id="did-time-step" label={t('policy.lags.timeStep')} hint={t('policy.lags.timeStepHint')} inputMode="numeric" value={extras.timeStep} onChange={(timeStep) => setExtra({ timeStep })} error={errorText('timeStep')} disabled={running} />
          </div>
          <label className="check">
            <input type="checkbox" checked={extras.includeCurrent} onChange={(e) => setExtra({ includeCurrent: e.target.checked })} disabled={running} />
            <span>{t('policy.lags.includeCurrent')}</span>
          </label>
        </fieldset>
      ) : null}

      {variant === 'did' ? (
        <fieldset className="form-section">
          <legend>{t('did.sectionEventStudy')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.eventStudy}
              onChange={(e) => set({ eventStudy: e.target.checked })}
              disabled={running}
            />
            <span>{t('did.eventStudyOn')}</span>
          </label>
          {form.eventStudy ? (
            <div className="field-row">
              {(['leads', 'lags', 'ref'] as const).map((key) => (
                <TextField
                  key={key}
                  id={`did-${key}`}
                  label={t(`did.${key}`)}
                  inputMode="numeric"
                  value={form[key]}
                  onChange={(value) => set({ [key]: value })}
                  disabled={running}
                  error={errorText(key)}
                />
              ))}
              <Field id="did-endpoints" label={t('did.endpoints')}>
                <select
                  id="did-endpoints"
                  value={form.endpoints}
                  onChange={(e) => set({ endpoints: e.target.value === 'trim' ? 'trim' : 'bin' })}
                  disabled={running}
                >
                  <option value="bin">{t('did.endpointsBin')}</option>
                  <option value="trim">{t('did.endpointsTrim')}</option>
                </select>
              </Field>
              <SelectField
                id="did-wald-df"
                label={t('policy.eventStudy.waldDf2')}
                hint={t('policy.eventStudy.waldDf2Hint')}
                value={form.waldDf2}
                options={[
                  { value: 't', label: t('policy.eventStudy.waldT') },
                  { value: 'residual', label: t('policy.eventStudy.waldResidual') },
                ]}
                onChange={(waldDf2) => set({ waldDf2 })}
                disabled={running}
              />
            </div>
          ) : null}
        </fieldset>
      ) : null}

      <div className="form-actions">
        {running ? (
          <>
            <ProgressBar fraction={run.fraction} label={t('did.running')} />
            <button type="button" className="btn" onClick={() => void job.current?.cancel()}>
              {t('did.cancel')}
            </button>
          </>
        ) : (
          <button type="submit" className="btn btn-primary btn-large" disabled={!dataset}>
            {variant === 'did' ? t('did.run') : t(`policy.${variant === 'ddd' ? 'ddd' : 'lags'}.run`)}
          </button>
        )}
      </div>
      <div ref={outcomeArea}>
        {run.kind === 'cancelled' ? (
          <p className="notice" role="status">
            {t('did.cancelled')}
          </p>
        ) : null}
        {run.kind === 'failed' ? <ErrorMessage error={run.error} title={t('did.failed')} /> : null}
      </div>
    </form>
  );
}
