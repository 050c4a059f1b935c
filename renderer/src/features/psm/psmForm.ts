/**
 * The forms of the matching builders (shared/specs/matchit.ts, psm-did.ts): the propensity-score
 * model, the matching rule (MatchIt's nearest neighbour, psmatch2's kernel and radius), common
 * support, and for PSM-DID the panel and the DID run on the matched sample.
 */
import { matchitSpec, type MatchitSpec } from '../../../../shared/specs/matchit';
import { psmDidSpec, type PsmDidSpec } from '../../../../shared/specs/psm-did';
import { addIssues, numberField, parseNumber, type FieldErrors } from '../didkit/formErrors';
import { buildFormula, parseSimpleFormula } from '../didkit/formula';
import {
  checkPanelModel,
  initialPanelModel,
  panelFormula,
  panelModelFromFormula,
  panelVcov,
  type PanelModelField,
  type PanelModelState,
} from '../didkit/panelModel';

/** The matching choices matchit and psm_did share. */
export interface MatchingState {
  dataset: string;
  /** The 0/1 treated (group) column the score model explains. */
  treated: string;
  covariates: string[];
  distance: MatchitSpec['distance'];
  psFit: MatchitSpec['ps_fit'];
  method: MatchitSpec['method'];
  ratio: string;
  replace: boolean;
  /** '' = no caliper (required for radius matching). */
  caliper: string;
  stdCaliper: boolean;
  mOrder: MatchitSpec['m_order'];
  discard: MatchitSpec['discard'];
  kernel: MatchitSpec['kernel'];
  bandwidth: string;
  seed: string;
}

export type MatchingField = 'dataset' | 'treated' | 'covariates' | 'ratio' | 'caliper' | 'bandwidth' | 'seed';

/** MatchIt's defaults: logit score, nearest neighbour 1:1 without replacement, largest first. */
export function initialMatching(dataset: string): MatchingState {
  return {
    dataset,
    treated: '',
    covariates: [],
    distance: 'logit',
    psFit: 'glm',
    method: 'nearest',
    ratio: '1',
    replace: false,
    caliper: '',
    stdCaliper: true,
    mOrder: 'largest',
    discard: 'none',
    kernel: 'epanechnikov',
    bandwidth: '0.06',
    seed: '',
  };
}

type MatchingSpecFields = Pick<
  MatchitSpec,
  'distance' | 'ps_fit' | 'method' | 'replace' | 'ratio' | 'caliper' | 'std_caliper' | 'm_order' | 'discard' | 'kernel' | 'bandwidth' | 'seed'
>;

function matchingOf(spec: MatchingSpecFields & { data: string; formula: string }): MatchingState | null {
  const f = parseSimpleFormula(spec.formula);
  if (!f || f.fixedEffects.length > 0) return null;
  return {
    dataset: spec.data,
    treated: f.outcome,
    covariates: f.regressors,
    distance: spec.distance,
    psFit: spec.ps_fit,
    method: spec.method,
    ratio: String(spec.ratio),
    replace: spec.replace,
    caliper: spec.caliper === undefined ? '' : String(spec.caliper),
    stdCaliper: spec.std_caliper,
    mOrder: spec.m_order,
    discard: spec.discard,
    kernel: spec.kernel,
    bandwidth: String(spec.bandwidth),
    seed: spec.seed === undefined ? '' : String(spec.seed),
  };
}

function matchingField(head: PropertyKey): MatchingField | null {
  const map: Record<string, MatchingField> = { data: 'dataset', formula: 'covariates', ratio: 'ratio', caliper: 'caliper', bandwidth: 'bandwidth', seed: 'seed' };
  return map[String(head)] ?? null;
}

/** The spec fields of the matching choices; only the ones the chosen method uses. */
function matchingFields(state: MatchingState, errors: FieldErrors<MatchingField>): Record<string, unknown> {
  if (!state.treated) errors.treated = { key: 'did.errors.required' };
  if (state.covariates.length === 0) errors.covariates = { key: 'policy.errors.chooseOne' };
  if (state.covariates.includes(state.treated) && !errors.covariates) errors.covariates = { key: 'did.errors.duplicateControl' };
  const nearest = state.method === 'nearest';
  const caliperRequired = state.method === 'radius';
  const caliper = state.method === 'kernel' ? undefined : numberField(errors, 'caliper', state.caliper, { optional: !caliperRequired });
  if (caliperRequired && state.caliper.trim() === '') errors.caliper = { key: 'policy.errors.caliperRadius' };
  const ratio = nearest ? numberField(errors, 'ratio', state.ratio, { integer: true }) : undefined;
  const bandwidth = state.method === 'kernel' ? numberField(errors, 'bandwidth', state.bandwidth) : undefined;
  const seed = nearest && state.mOrder === 'random' ? numberField(errors, 'seed', state.seed, { integer: true, optional: true }) : undefined;
  return {
    formula: state.treated && state.covariates.length > 0 ? buildFormula(state.treated, state.covariates) : '',
    method: state.method,
    distance: state.distance,
    ps_fit: state.psFit,
    ...(nearest ? { replace: state.replace, ratio, m_order: state.mOrder } : {}),
    ...(caliper !== undefined ? { caliper, std_caliper: state.stdCaliper } : {}),
    discard: state.discard,
    ...(state.method === 'kernel' ? { kernel: state.kernel, bandwidth } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}

/* ---------- matchit ---------- */

export interface MatchitFormState extends MatchingState {
  /** '' = matching and balance only. */
  outcome: string;
  attCovariates: boolean;
  attVcov: MatchitSpec['att_vcov'];
}

export type MatchitField = MatchingField | 'outcome';

export function initialMatchitForm(dataset: string): MatchitFormState {
  return { ...initialMatching(dataset), outcome: '', attCovariates: false, attVcov: 'auto' };
}

export function matchitFormFromSpec(spec: MatchitSpec): MatchitFormState | null {
  const m = matchingOf(spec);
  return m ? { ...m, outcome: spec.outcome ?? '', attCovariates: spec.att_covariates, attVcov: spec.att_vcov } : null;
}

export function matchitFieldOfPath(path: readonly PropertyKey[]): MatchitField | null {
  const [head] = path;
  return head === 'outcome' ? 'outcome' : matchingField(head);
}

export function buildMatchitSpec(state: MatchitFormState): { spec: MatchitSpec | null; errors: FieldErrors<MatchitField> } {
  const errors: FieldErrors<MatchitField> = {};
  const fields = matchingFields(state, errors);
  if (state.outcome && (state.outcome === state.treated || state.covariates.includes(state.outcome))) errors.outcome = { key: 'policy.errors.outcomeInModel' };
  const candidate = {
    model: 'matchit' as const,
    data: state.dataset,
    ...fields,
    ...(state.outcome ? { outcome: state.outcome, att_covariates: state.attCovariates, att_vcov: state.attVcov } : {}),
  };
  const parsed = matchitSpec.safeParse(candidate);
  if (!parsed.success) addIssues(errors, parsed.error.issues, matchitFieldOfPath);
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}

/* ---------- psm_did ---------- */

export interface PsmDidFormState extends MatchingState {
  /** The DID on the matched sample: outcome, treated × post column, panel, FE, clustering. */
  did: PanelModelState;
  matching: PsmDidSpec['matching'];
  /** '' = the first period. */
  baselinePeriod: string;
  useWeights: boolean;
}

export type PsmDidField = MatchingField | 'baselinePeriod' | PanelModelField;

export function initialPsmDidForm(dataset: string): PsmDidFormState {
  return { ...initialMatching(dataset), did: initialPanelModel(), matching: 'by_period', baselinePeriod: '', useWeights: true };
}

export function psmDidFormFromSpec(spec: PsmDidSpec): PsmDidFormState | null {
  const m = matchingOf(spec);
  const f = parseSimpleFormula(spec.did_formula);
  const did = f && f.regressors.length > 0 ? panelModelFromFormula(spec.did_formula, spec.vcov ?? { cluster: [spec.unit] }, f.regressors[0], spec.unit, spec.time) : null;
  if (!m || !did) return null;
  return {
    ...m,
    did,
    matching: spec.matching,
    baselinePeriod: spec.baseline_period === undefined ? '' : String(spec.baseline_period),
    useWeights: spec.use_weights,
  };
}

export function psmDidFieldOfPath(path: readonly PropertyKey[]): PsmDidField | null {
  const [head] = path;
  if (head === 'did_formula') return 'outcome';
  if (head === 'vcov') return 'cluster';
  if (head === 'unit' || head === 'time') return head;
  if (head === 'baseline_period') return 'baselinePeriod';
  return matchingField(head);
}

export function buildPsmDidSpec(state: PsmDidFormState): { spec: PsmDidSpec | null; errors: FieldErrors<PsmDidField> } {
  const errors: FieldErrors<PsmDidField> = {};
  const fields = matchingFields(state, errors);
  checkPanelModel(state.did, errors);
  const did = state.did;
  if ([did.unit, did.time].some((c) => c && state.covariates.includes(c)) && !errors.covariates) errors.covariates = { key: 'did.errors.duplicateControl' };
  let baseline: number | string | undefined;
  if (state.matching === 'baseline' && state.baselinePeriod.trim() !== '') {
    baseline = parseNumber(state.baselinePeriod) ?? state.baselinePeriod.trim();
  }
  const candidate = {
    model: 'psm_did' as const,
    data: state.dataset,
    ...fields,
    unit: did.unit,
    time: did.time,
    matching: state.matching,
    ...(baseline !== undefined ? { baseline_period: baseline } : {}),
    did_formula: panelFormula(did),
    vcov: panelVcov(did),
    use_weights: state.useWeights,
  };
  const parsed = psmDidSpec.safeParse(candidate);
  if (!parsed.success) addIssues(errors, parsed.error.issues, psmDidFieldOfPath);
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { spec: ok ? parsed.data : null, errors };
}
