/**
 * The forms of the staggered-adoption builders (shared/specs/att-gt.ts, did-imputation.ts,
 * bacon.ts, did-compare.ts) and their translation into specs. The schemas are the authority;
 * each issue lands on the field its path names.
 */
import { attGtSpec, type AttGtSpec } from '../../../../shared/specs/att-gt';
import { baconSpec, type BaconSpec } from '../../../../shared/specs/bacon';
import { compareEstimatorId, didCompareSpec, type CompareEstimatorId, type DidCompareSpec } from '../../../../shared/specs/did-compare';
import { didImputationSpec, type DidImputationSpec } from '../../../../shared/specs/did-imputation';
import { feolsSpec, type FeolsSpec } from '../../../../shared/specs/feols';
import { addIssues, numberField, type FieldErrors } from '../didkit/formErrors';
import { buildFormula, formulaName, parseSimpleFormula } from '../didkit/formula';

/** The panel every staggered-adoption estimator names (did's argument names). */
export interface StaggeredColumns {
  dataset: string;
  yname: string;
  tname: string;
  idname: string;
  gname: string;
}

export type StaggeredField = 'dataset' | 'yname' | 'tname' | 'idname' | 'gname';

export function initialColumns(dataset: string): StaggeredColumns {
  return { dataset, yname: '', tname: '', idname: '', gname: '' };
}

/** Roles the schema cannot check: one column per role. */
function checkColumns(state: StaggeredColumns, errors: FieldErrors<StaggeredField>): void {
  if (state.idname && state.idname === state.tname && !errors.tname) errors.tname = { key: 'did.errors.unitIsTime' };
  if (state.gname && state.gname === state.yname && !errors.gname) errors.gname = { key: 'did.errors.sameAsOutcome' };
}

function columnsField(head: PropertyKey): StaggeredField | null {
  if (head === 'data') return 'dataset';
  return head === 'yname' || head === 'tname' || head === 'idname' || head === 'gname' ? head : null;
}

function columnsOf(spec: { data: string; yname: string; tname: string; idname: string; gname: string }): StaggeredColumns {
  return { dataset: spec.data, yname: spec.yname, tname: spec.tname, idname: spec.idname, gname: spec.gname };
}

function columnsSpec(state: StaggeredColumns): { data: string; yname: string; tname: string; idname: string; gname: string } {
  return { data: state.dataset, yname: state.yname, tname: state.tname, idname: state.idname, gname: state.gname };
}

/* ---------- att_gt: Callaway & Sant'Anna ---------- */

export type Aggregation = 'none' | 'simple' | 'dynamic' | 'group' | 'calendar';

export interface AttGtFormState extends StaggeredColumns {
  covariates: string[];
  controlGroup: AttGtSpec['control_group'];
  estMethod: AttGtSpec['est_method'];
  anticipation: string;
  basePeriod: AttGtSpec['base_period'];
  aggte: Aggregation;
  minE: string;
  maxE: string;
  balanceE: string;
  naRm: boolean;
  bstrap: boolean;
  biters: string;
  cband: boolean;
  seed: string;
}

export type AttGtField = StaggeredField | 'covariates' | 'anticipation' | 'minE' | 'maxE' | 'balanceE' | 'biters' | 'seed';

/** did's defaults, with the dynamic (event-study) aggregation a paper reports. */
export function initialAttGtForm(dataset: string): AttGtFormState {
  return {
    ...initialColumns(dataset),
    covariates: [],
    controlGroup: 'nevertreated',
    estMethod: 'dr',
    anticipation: '0',
    basePeriod: 'varying',
    aggte: 'dynamic',
    minE: '',
    maxE: '',
    balanceE: '',
    naRm: false,
    bstrap: false,
    biters: '1000',
    cband: false,
    seed: '1',
  };
}

/** "~ a + b" → [a, b]; null for a formula the builder does not write. */
function covariatesOf(xformla: string | undefined): string[] | null {
  if (!xformla) return [];
  const f = parseSimpleFormula(`.y ${xformla}`);
  return f && f.fixedEffects.length === 0 ? f.regressors : null;
}

export function attGtFormFromSpec(spec: AttGtSpec): AttGtFormState | null {
  const covariates = covariatesOf(spec.xformla);
  if (covariates === null) return null;
  const text = (x: number | undefined): string => (x === undefined ? '' : String(x));
  return {
    ...columnsOf(spec),
    covariates,
    controlGroup: spec.control_group,
    estMethod: spec.est_method,
    anticipation: String(spec.anticipation),
    basePeriod: spec.base_period,
    aggte: spec.aggte ?? 'none',
    minE: text(spec.min_e),
    maxE: text(spec.max_e),
    balanceE: text(spec.balance_e),
    naRm: spec.na_rm,
    bstrap: spec.bstrap,
    biters: String(spec.biters),
    cband: spec.cband,
    seed: String(spec.seed ?? 1),
  };
}

export function attGtFieldOfPath(path: readonly PropertyKey[]): AttGtField | null {
  const [head] = path;
  const map: Record<string, AttGtField> = {
    xformla: 'covariates',
    anticipation: 'anticipation',
    min_e: 'minE',
    max_e: 'maxE',
    balance_e: 'balanceE',
    biters: 'biters',
    seed: 'seed',
  };
  return columnsField(head) ?? map[String(head)] ?? null;
}

export function buildAttGtSpec(state: AttGtFormState): { spec: AttGtSpec | null; errors: FieldErrors<AttGtField> } {
  const errors: FieldErrors<AttGtField> = {};
  checkColumns(state, errors);
  if (state.covariates.some((c) => [state.yname, state.tname, state.idname, state.gname].includes(c))) {
    errors.covariates = { key: 'did.errors.duplicateControl' };
  }
  const anticipation = numberField(errors, 'anticipation', state.anticipation, { integer: true });
  const dynamic = state.aggte === 'dynamic';
  const minE = dynamic ? numberField(errors, 'minE', state.minE, { integer: true, optional: true }) : undefined;
  const maxE = dynamic ? numberField(errors, 'maxE', state.maxE, { integer: true, optional: true }) : undefined;
  const balanceE = dynamic ? numberField(errors, 'balanceE', state.balanceE, { integer: true, optional: true }) : undefined;
  if (minE !== undefined && maxE !== undefined && minE > maxE && !errors.maxE) errors.maxE = { key: 'policy.errors.maxBelowMin' };
  const biters = state.bstrap ? numberField(errors, 'biters', state.biters, { integer: true }) : undefined;
  const seed = state.bstrap ? numberField(errors, 'seed', state.seed, { integer: true }) : undefined;
  const candidate = {
    model: 'att_gt' as const,
    ...columnsSpec(state),
    ...(state.covariates.length > 0 ? { xformla: `~ ${state.covariates.map(formulaName).join(' + ')}` } : {}),
    control_group: state.controlGroup,
    est_method: state.estMethod,
    anticipation,
    base_period: state.basePeriod,
    aggte: state.aggte === 'none' ? null : state.aggte,
    ...(minE !== undefined ? { min_e: minE } : {}),
    ...(maxE !== undefined ? { max_e: maxE } : {}),
    ...(balanceE !== undefined ? { balance_e: balanceE } : {}),
    na_rm: state.naRm,
    bstrap: state.bstrap,
    ...(state.bstrap ? { biters, seed, cband: state.cband } : {}),
  };
  const parsed = attGtSpec.safeParse(candidate);
  if (!parsed.success) addIssues(errors, parsed.error.issues, attGtFieldOfPath);
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}

/* ---------- did_imputation: Borusyak, Jaravel & Spiess ---------- */

export type HorizonMode = 'static' | 'all' | 'list';
export type PretrendMode = 'none' | 'all' | 'range';

export interface ImputationFormState extends StaggeredColumns {
  horizonMode: HorizonMode;
  /** Horizons as typed: "0 1 2". */
  horizons: string;
  pretrendMode: PretrendMode;
  pretrendFrom: string;
  pretrendTo: string;
  /** '' = cluster by the unit. */
  cluster: string;
}

export type ImputationField = StaggeredField | 'horizons' | 'pretrendFrom' | 'pretrendTo' | 'cluster';

export function initialImputationForm(dataset: string): ImputationFormState {
  return { ...initialColumns(dataset), horizonMode: 'all', horizons: '', pretrendMode: 'range', pretrendFrom: '-3', pretrendTo: '-1', cluster: '' };
}

export function imputationFormFromSpec(spec: DidImputationSpec): ImputationFormState {
  const h = spec.horizon;
  const p = spec.pretrends;
  return {
    ...columnsOf(spec),
    horizonMode: h === undefined ? 'static' : h === true ? 'all' : 'list',
    horizons: Array.isArray(h) ? h.join(' ') : '',
    pretrendMode: p === undefined ? 'none' : p === true ? 'all' : 'range',
    pretrendFrom: Array.isArray(p) ? String(p[0]) : '-3',
    pretrendTo: Array.isArray(p) ? String(p[1]) : '-1',
    cluster: spec.cluster_var ?? '',
  };
}

export function imputationFieldOfPath(path: readonly PropertyKey[]): ImputationField | null {
  const [head, index] = path;
  if (head === 'horizon') return 'horizons';
  if (head === 'pretrends') return index === 1 ? 'pretrendTo' : 'pretrendFrom';
  if (head === 'cluster_var') return 'cluster';
  return columnsField(head);
}

export function buildImputationSpec(state: ImputationFormState): { spec: DidImputationSpec | null; errors: FieldErrors<ImputationField> } {
  const errors: FieldErrors<ImputationField> = {};
  checkColumns(state, errors);
  let horizon: true | number[] | undefined;
  if (state.horizonMode === 'all') horizon = true;
  if (state.horizonMode === 'list') {
    const tokens = state.horizons.split(/[\s,;，；、]+/u).filter((s) => s);
    const values = tokens.map(Number);
    if (tokens.length === 0) errors.horizons = { key: 'policy.errors.chooseOne' };
    else if (values.some((v) => !Number.isInteger(v))) errors.horizons = { key: 'did.errors.integer' };
    horizon = values;
  }
  let pretrends: true | [number, number] | undefined;
  if (state.pretrendMode === 'all') pretrends = true;
  if (state.pretrendMode === 'range') {
    const from = numberField(errors, 'pretrendFrom', state.pretrendFrom, { integer: true }) ?? NaN;
    const to = numberField(errors, 'pretrendTo', state.pretrendTo, { integer: true }) ?? NaN;
    if (from > to && !errors.pretrendTo) errors.pretrendTo = { key: 'policy.errors.maxBelowMin' };
    if (to >= 0 && !errors.pretrendTo) errors.pretrendTo = { key: 'policy.errors.negative' };
    pretrends = [from, to];
  }
  const candidate = {
    model: 'did_imputation' as const,
    ...columnsSpec(state),
    ...(horizon !== undefined ? { horizon } : {}),
    ...(pretrends !== undefined ? { pretrends } : {}),
    ...(state.cluster ? { cluster_var: state.cluster } : {}),
  };
  const parsed = didImputationSpec.safeParse(candidate);
  if (!parsed.success) addIssues(errors, parsed.error.issues, imputationFieldOfPath);
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}

/* ---------- bacon: Goodman-Bacon decomposition ---------- */

export interface BaconFormState {
  dataset: string;
  outcome: string;
  treatment: string;
  unit: string;
  time: string;
}

export type BaconField = 'dataset' | 'outcome' | 'treatment' | 'unit' | 'time';

export function initialBaconForm(dataset: string): BaconFormState {
  return { dataset, outcome: '', treatment: '', unit: '', time: '' };
}

export function baconFormFromSpec(spec: BaconSpec): BaconFormState | null {
  const f = parseSimpleFormula(spec.formula);
  if (!f || f.regressors.length !== 1 || f.fixedEffects.length > 0) return null;
  return { dataset: spec.data, outcome: f.outcome, treatment: f.regressors[0], unit: spec.id_var, time: spec.time_var };
}

export function baconFieldOfPath(path: readonly PropertyKey[]): BaconField | null {
  const [head] = path;
  if (head === 'data') return 'dataset';
  if (head === 'formula') return 'outcome';
  if (head === 'id_var') return 'unit';
  if (head === 'time_var') return 'time';
  return null;
}

export function buildBaconSpec(state: BaconFormState): { spec: BaconSpec | null; errors: FieldErrors<BaconField> } {
  const errors: FieldErrors<BaconField> = {};
  for (const field of ['outcome', 'treatment', 'unit', 'time'] as const) if (!state[field]) errors[field] = { key: 'did.errors.required' };
  if (state.treatment && state.treatment === state.outcome) errors.treatment = { key: 'did.errors.sameAsOutcome' };
  if (state.unit && state.unit === state.time) errors.time = { key: 'did.errors.unitIsTime' };
  const candidate = {
    model: 'bacon' as const,
    data: state.dataset,
    formula: state.outcome && state.treatment ? buildFormula(state.outcome, [state.treatment]) : '',
    id_var: state.unit,
    time_var: state.time,
  };
  const parsed = baconSpec.safeParse(candidate);
  if (!parsed.success) addIssues(errors, parsed.error.issues, baconFieldOfPath);
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}

/* ---------- did_compare: the estimators side by side ---------- */

export interface CompareFormState extends StaggeredColumns {
  estimators: CompareEstimatorId[];
  controlGroup: DidCompareSpec['control_group'];
  basePeriod: DidCompareSpec['base_period'];
  minE: string;
  maxE: string;
}

export type CompareField = StaggeredField | 'estimators' | 'minE' | 'maxE';

export const ALL_ESTIMATORS: readonly CompareEstimatorId[] = compareEstimatorId.options;

export function initialCompareForm(dataset: string): CompareFormState {
  return { ...initialColumns(dataset), estimators: [...ALL_ESTIMATORS], controlGroup: 'nevertreated', basePeriod: 'universal', minE: '', maxE: '' };
}

export function compareFormFromSpec(spec: DidCompareSpec): CompareFormState {
  const text = (x: number | undefined): string => (x === undefined ? '' : String(x));
  return {
    ...columnsOf(spec),
    estimators: [...spec.estimators],
    controlGroup: spec.control_group,
    basePeriod: spec.base_period,
    minE: text(spec.min_e),
    maxE: text(spec.max_e),
  };
}

export function compareFieldOfPath(path: readonly PropertyKey[]): CompareField | null {
  const [head] = path;
  if (head === 'estimators') return 'estimators';
  if (head === 'min_e') return 'minE';
  if (head === 'max_e') return 'maxE';
  return columnsField(head);
}

export function buildCompareSpec(state: CompareFormState): { spec: DidCompareSpec | null; errors: FieldErrors<CompareField> } {
  const errors: FieldErrors<CompareField> = {};
  checkColumns(state, errors);
  const minE = numberField(errors, 'minE', state.minE, { integer: true, optional: true });
  const maxE = numberField(errors, 'maxE', state.maxE, { integer: true, optional: true });
  if (minE !== undefined && maxE !== undefined && minE > maxE && !errors.maxE) errors.maxE = { key: 'policy.errors.maxBelowMin' };
  const candidate = {
    model: 'did_compare' as const,
    ...columnsSpec(state),
    // The menu order, whatever order they were ticked in.
    estimators: ALL_ESTIMATORS.filter((e) => state.estimators.includes(e)),
    control_group: state.controlGroup,
    base_period: state.basePeriod,
    ...(minE !== undefined ? { min_e: minE } : {}),
    ...(maxE !== undefined ? { max_e: maxE } : {}),
  };
  const parsed = didCompareSpec.safeParse(candidate);
  if (!parsed.success) addIssues(errors, parsed.error.issues, compareFieldOfPath);
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}

/* ---------- Sun–Abraham: feols with sunab(cohort, period) ---------- */

export interface SunabFormState extends StaggeredColumns {
  controls: string[];
  agg: 'period' | 'ATT';
  /** '' = heteroskedasticity-robust SEs. */
  cluster: string;
}

export type SunabField = StaggeredField | 'controls' | 'cluster';

/** fixest's defaults for the interaction-weighted event study: by period, clustered by unit. */
export function initialSunabForm(dataset: string): SunabFormState {
  return { ...initialColumns(dataset), controls: [], agg: 'period', cluster: '' };
}

const SUNAB = /^sunab\(\s*(.+?)\s*,\s*(.+?)\s*\)$/;

function unquoteName(name: string): string {
  return name.startsWith('`') && name.endsWith('`') ? name.slice(1, -1) : name;
}

/** Whether a feols spec is a Sun–Abraham event study this builder wrote (sunab first, unit + period FE). */
export function sunabFormFromSpec(spec: FeolsSpec): SunabFormState | null {
  const f = parseSimpleFormula(spec.formula);
  const m = f ? SUNAB.exec(f.regressors[0] ?? '') : null;
  if (!f || !m || f.fixedEffects.length !== 2) return null;
  const [idname, tname] = f.fixedEffects;
  if (unquoteName(m[2]) !== tname) return null;
  const vcov = spec.vcov;
  return {
    dataset: spec.data,
    yname: f.outcome,
    gname: unquoteName(m[1]),
    tname,
    idname,
    controls: f.regressors.slice(1),
    agg: spec.agg === 'ATT' ? 'ATT' : 'period',
    cluster: typeof vcov === 'object' && vcov !== null ? (vcov.cluster[0] ?? '') : vcov === undefined ? idname : '',
  };
}

/** A feols spec is one for the Sun–Abraham builder when it reads back into its form. */
export function isSunabSpec(spec: unknown): boolean {
  const parsed = feolsSpec.safeParse(spec);
  return parsed.success && sunabFormFromSpec(parsed.data) !== null;
}

export function sunabFieldOfPath(path: readonly PropertyKey[]): SunabField | null {
  const [head] = path;
  if (head === 'formula') return 'yname';
  if (head === 'vcov') return 'cluster';
  return columnsField(head);
}

export function buildSunabSpec(state: SunabFormState): { spec: FeolsSpec | null; errors: FieldErrors<SunabField> } {
  const errors: FieldErrors<SunabField> = {};
  checkColumns(state, errors);
  for (const field of ['yname', 'tname', 'idname', 'gname'] as const) if (!state[field]) errors[field] = { key: 'did.errors.required' };
  if (state.controls.some((c) => [state.yname, state.tname, state.idname, state.gname].includes(c))) errors.controls = { key: 'did.errors.duplicateControl' };
  const sunab = `sunab(${formulaName(state.gname)}, ${formulaName(state.tname)})`;
  const rhs = [sunab, ...state.controls.map(formulaName)].join(' + ');
  const candidate = {
    model: 'feols' as const,
    data: state.dataset,
    formula: `${formulaName(state.yname)} ~ ${rhs} | ${formulaName(state.idname)} + ${formulaName(state.tname)}`,
    vcov: state.cluster ? { cluster: [state.cluster] } : 'hetero',
    agg: state.agg,
  };
  const parsed = feolsSpec.safeParse(candidate);
  if (!parsed.success) addIssues(errors, parsed.error.issues, sunabFieldOfPath);
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}

/** Clustering follows the unit until the user picks something else (the DID builder's rule). */
export function updateSunabForm(state: SunabFormState, patch: Partial<SunabFormState>): SunabFormState {
  const next = { ...state, ...patch };
  if (patch.idname !== undefined && (state.cluster === '' || state.cluster === state.idname)) next.cluster = patch.idname;
  return next;
}
