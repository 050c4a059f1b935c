/**
 * The DID builder's form state and its translation into a `didSpec` (shared/specs/did.ts).
 * The zod schema is the authority: the form only adds what a schema cannot know (which raw
 * text is a number, which column plays two roles) and maps every issue to the field that
 * caused it, so the message appears next to that field.
 */
import { didSpec, type DidSpec } from '../../../../shared/specs/did';

export interface ColumnInfo {
  name: string;
  type: 'number' | 'string';
}

export type TreatmentMode = 'column' | 'group' | 'staggered';
export type GroupSource = 'column' | 'ids';

export interface DidFormState {
  dataset: string;
  outcome: string;
  treatmentMode: TreatmentMode;
  treatmentColumn: string;
  groupSource: GroupSource;
  groupColumn: string;
  /** Pasted unit IDs, as typed. */
  groupIds: string;
  policyTime: string;
  firstTreatColumn: string;
  unit: string;
  time: string;
  controls: string[];
  feUnit: boolean;
  feTime: boolean;
  /** Further fixed effects: column names or fixest interactions such as "province^year". */
  extraFixedEffects: string;
  /** Cluster column; '' = no clustering (heteroskedasticity-robust SEs). */
  cluster: string;
  eventStudy: boolean;
  leads: string;
  lags: string;
  ref: string;
  endpoints: 'bin' | 'trim';
  /** Denominator df of the pre-trend F test: the coefficients' t df (Stata's test) or residual (fixest's wald). */
  waldDf2: 't' | 'residual';
}

export type FieldKey =
  | 'dataset'
  | 'outcome'
  | 'treatmentColumn'
  | 'groupColumn'
  | 'groupIds'
  | 'policyTime'
  | 'firstTreatColumn'
  | 'unit'
  | 'time'
  | 'controls'
  | 'fixedEffects'
  | 'cluster'
  | 'leads'
  | 'lags'
  | 'ref';

/** An i18n key under `did.errors` plus its interpolation values. */
export interface FieldError {
  key: string;
  values?: Record<string, string | number>;
}

export type FieldErrors = Partial<Record<FieldKey, FieldError>>;

export function initialDidForm(dataset: string): DidFormState {
  return {
    dataset,
    outcome: '',
    treatmentMode: 'column',
    treatmentColumn: '',
    groupSource: 'column',
    groupColumn: '',
    groupIds: '',
    policyTime: '',
    firstTreatColumn: '',
    unit: '',
    time: '',
    controls: [],
    feUnit: true,
    feTime: true,
    extraFixedEffects: '',
    cluster: '',
    eventStudy: true,
    leads: '4',
    lags: '3',
    ref: '-1',
    endpoints: 'bin',
    waldDf2: 't',
  };
}

/**
 * The form that builds `spec` again (to edit a saved analysis): the inverse of buildDidSpec.
 * Fixed effects other than the unit and time go to the free-text field; a spec without a
 * cluster list clusters by the unit, as the schema documents.
 */
export function didFormFromSpec(spec: DidSpec): DidFormState {
  const form = initialDidForm(spec.data);
  const t = spec.treatment;
  const treatment: Partial<DidFormState> =
    t.kind === 'column'
      ? { treatmentMode: 'column', treatmentColumn: t.column }
      : t.kind === 'first_treat'
        ? { treatmentMode: 'staggered', firstTreatColumn: t.column }
        : t.kind === 'group'
          ? { treatmentMode: 'group', groupSource: 'column', groupColumn: t.column, policyTime: String(t.policy_time) }
          : { treatmentMode: 'group', groupSource: 'ids', groupIds: t.ids.join('\n'), policyTime: String(t.policy_time) };
  const fe = spec.fixed_effects ?? [spec.unit, spec.time];
  const es = spec.event_study;
  return {
    ...form,
    ...treatment,
    outcome: spec.outcome,
    unit: spec.unit,
    time: spec.time,
    controls: [...spec.controls],
    feUnit: fe.includes(spec.unit),
    feTime: fe.includes(spec.time),
    extraFixedEffects: fe.filter((f) => f !== spec.unit && f !== spec.time).join(', '),
    cluster: spec.cluster === undefined ? spec.unit : (spec.cluster[0] ?? ''),
    eventStudy: es !== null && es !== undefined,
    ...(es ? { leads: String(es.leads), lags: String(es.lags), ref: String(es.ref), endpoints: es.endpoints, waldDf2: es.wald_df2 } : {}),
  };
}

/**
 * Applies a change. Clustering follows the unit until the user picks something else: the
 * spec's own default is to cluster by the unit, and a new user should not have to know that.
 */
export function updateDidForm(state: DidFormState, patch: Partial<DidFormState>): DidFormState {
  const next = { ...state, ...patch };
  if (patch.unit !== undefined && (state.cluster === '' || state.cluster === state.unit)) {
    next.cluster = patch.unit;
  }
  return next;
}

/** Splits pasted IDs on commas, semicolons (also full-width), whitespace and 、. */
export function parseIdList(text: string): string[] {
  return text.split(/[\s,;，；、]+/u).filter((s) => s.length > 0);
}

function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const x = Number(trimmed);
  return Number.isFinite(x) ? x : null;
}

function parseInteger(text: string): number | null {
  const x = parseNumber(text);
  return x !== null && Number.isInteger(x) ? x : null;
}

/** Where a zod issue on the spec (a path inside the spec) belongs in the form. */
export function fieldOfPath(path: readonly PropertyKey[], state: DidFormState): FieldKey | null {
  const [head, sub] = path;
  switch (head) {
    case 'data':
      return 'dataset';
    case 'outcome':
    case 'unit':
    case 'time':
    case 'controls':
    case 'cluster':
      return head;
    case 'fixed_effects':
      return 'fixedEffects';
    case 'treatment':
      if (sub === 'ids') return 'groupIds';
      if (sub === 'policy_time') return 'policyTime';
      return treatmentField(state);
    case 'event_study':
      return sub === 'leads' || sub === 'lags' || sub === 'ref' ? sub : null;
    default:
      return null;
  }
}

interface ZodIssueLike {
  code: string;
  path: readonly PropertyKey[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
}

function errorOfIssue(issue: ZodIssueLike): FieldError {
  if (issue.code === 'too_small' && issue.origin === 'string') return { key: 'required' };
  if (issue.code === 'too_small' && issue.origin === 'array') return { key: 'ids' };
  if (issue.code === 'too_small' && issue.origin === 'number') return { key: 'min', values: { min: String(issue.minimum) } };
  if (issue.code === 'too_big' && issue.origin === 'number') return { key: 'max', values: { max: String(issue.maximum) } };
  if (issue.code === 'invalid_type') return { key: 'number' };
  return { key: 'invalid' };
}

function treatmentOf(state: DidFormState, unitType: ColumnInfo['type'] | undefined, errors: FieldErrors): DidSpec['treatment'] | null {
  switch (state.treatmentMode) {
    case 'column':
      return { kind: 'column', column: state.treatmentColumn };
    case 'staggered':
      return { kind: 'first_treat', column: state.firstTreatColumn };
    case 'group': {
      const policyTime = parseNumber(state.policyTime);
      if (policyTime === null) errors.policyTime = { key: 'number' };
      if (state.groupSource === 'column') {
        return { kind: 'group', column: state.groupColumn, policy_time: policyTime ?? NaN };
      }
      const tokens = parseIdList(state.groupIds);
      if (tokens.length === 0) {
        errors.groupIds = { key: 'ids' };
        return null;
      }
      // IDs of a numeric unit column must be numbers, or no unit would ever match.
      if (unitType === 'number') {
        const bad = tokens.find((tok) => parseNumber(tok) === null);
        if (bad !== undefined) {
          errors.groupIds = { key: 'idNotNumber', values: { id: bad } };
          return null;
        }
        return { kind: 'ids', ids: tokens.map(Number), policy_time: policyTime ?? NaN };
      }
      return { kind: 'ids', ids: tokens, policy_time: policyTime ?? NaN };
    }
  }
}

function treatmentField(state: DidFormState): FieldKey {
  if (state.treatmentMode === 'column') return 'treatmentColumn';
  if (state.treatmentMode === 'staggered') return 'firstTreatColumn';
  return state.groupSource === 'column' ? 'groupColumn' : 'groupIds';
}

function treatmentColumnName(state: DidFormState): string {
  if (state.treatmentMode === 'column') return state.treatmentColumn;
  if (state.treatmentMode === 'staggered') return state.firstTreatColumn;
  return state.groupSource === 'column' ? state.groupColumn : '';
}

export function fixedEffectList(state: DidFormState): string[] {
  const list: string[] = [];
  if (state.feUnit && state.unit) list.push(state.unit);
  if (state.feTime && state.time) list.push(state.time);
  for (const term of state.extraFixedEffects.split(/[,，\s]+/u)) {
    if (term && !list.includes(term)) list.push(term);
  }
  return list;
}

export interface DidFormOutcome {
  spec: DidSpec | null;
  errors: FieldErrors;
}

/** Builds the spec, or says for each field what is wrong with it. */
export function buildDidSpec(state: DidFormState, columns: ColumnInfo[]): DidFormOutcome {
  const errors: FieldErrors = {};
  const unitType = columns.find((c) => c.name === state.unit)?.type;
  const treatment = treatmentOf(state, unitType, errors);

  const eventStudy = state.eventStudy
    ? { leads: parseInteger(state.leads), lags: parseInteger(state.lags), ref: parseInteger(state.ref) }
    : null;
  if (eventStudy) {
    for (const key of ['leads', 'lags', 'ref'] as const) {
      if (eventStudy[key] === null) errors[key] = { key: 'integer' };
    }
  }

  const candidate = {
    model: 'did' as const,
    data: state.dataset,
    outcome: state.outcome,
    treatment,
    unit: state.unit,
    time: state.time,
    controls: state.controls,
    fixed_effects: fixedEffectList(state),
    cluster: state.cluster ? [state.cluster] : [],
    ...(state.cluster ? {} : { vcov: 'hetero' as const }),
    event_study: eventStudy
      ? { leads: eventStudy.leads ?? NaN, lags: eventStudy.lags ?? NaN, ref: eventStudy.ref ?? NaN, endpoints: state.endpoints, wald_df2: state.waldDf2 }
      : null,
  };

  const parsed = didSpec.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(issue.path, state);
      if (field && !errors[field]) errors[field] = errorOfIssue(issue as ZodIssueLike);
    }
  }

  const treated = treatmentColumnName(state);
  if (treated && treated === state.outcome && !errors[treatmentField(state)]) {
    errors[treatmentField(state)] = { key: 'sameAsOutcome' };
  }
  if (state.unit && state.unit === state.time && !errors.time) errors.time = { key: 'unitIsTime' };
  if (state.controls.some((c) => c === state.outcome || c === treated) && !errors.controls) {
    errors.controls = { key: 'duplicateControl' };
  }

  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}
