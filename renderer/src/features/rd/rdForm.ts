/**
 * The RD builder's form: one design (outcome, running variable or time relative to a policy
 * date, cutoff, polynomial, kernel, bandwidths, covariates, clusters, fuzzy treatment, variance,
 * mass points) and the five RD analyses built from it: rdrobust (the estimate), rdplot,
 * rddensity (manipulation test), rdsensitivity and rdbwselect. Each spec is validated by its
 * own zod schema (shared/specs/rd*.ts); empty optional fields are left out so the schema's
 * defaults — rdrobust's — apply.
 */
import type { z } from 'zod';
import type { ColumnInfo } from '../../../../shared/contract';
import { rdbwselectSpec, type RdbwselectSpec } from '../../../../shared/specs/rdbwselect';
import { rddensitySpec, type RddensitySpec } from '../../../../shared/specs/rddensity';
import { rdplotSpec, type RdplotSpec } from '../../../../shared/specs/rdplot';
import { rdrobustSpec, type RdrobustSpec, type RdTimeSpec } from '../../../../shared/specs/rdrobust';
import { rdsensitivitySpec, type RdsensitivitySpec } from '../../../../shared/specs/rdsensitivity';
import { compact, issuesToFields, parseNumber, parseNumberList, type Built, type FieldErrors } from '../analysis-kit/formKit';

export const RD_MODELS = ['rdrobust', 'rdplot', 'rddensity', 'rdsensitivity', 'rdbwselect'] as const;
export type RdModel = (typeof RD_MODELS)[number];
export type RdSpec = RdrobustSpec | RdplotSpec | RddensitySpec | RdsensitivitySpec | RdbwselectSpec;

export const RD_BWSELECTORS = ['mserd', 'msetwo', 'msesum', 'msecomb1', 'msecomb2', 'cerrd', 'certwo', 'cersum', 'cercomb1', 'cercomb2'] as const;
export const RD_TIME_UNITS = ['day', 'week', 'month', 'quarter', 'year', 'period'] as const;
export const RDPLOT_BINSELECT = ['esmv', 'es', 'espr', 'esmvpr', 'qs', 'qspr', 'qsmv', 'qsmvpr'] as const;
export const RD_CHECKS = ['bandwidth', 'placebo', 'donut', 'balance'] as const;
export type RdCheck = (typeof RD_CHECKS)[number];

/** The analyses the estimate can bring along, run on the same design. */
export const RD_COMPANIONS = ['rdplot', 'rddensity', 'rdsensitivity'] as const;
export type RdCompanion = (typeof RD_COMPANIONS)[number];

export interface RdFormState {
  model: RdModel;
  dataset: string;
  subset: string;
  y: string;
  runMode: 'column' | 'time';
  x: string;
  timeColumn: string;
  /** One policy date (YYYY-MM-DD) or period for every row … */
  policyMode: 'value' | 'column';
  policy: string;
  /** … or a column with each row's own date (a panel with unit-specific dates). */
  policyColumn: string;
  timeUnit: (typeof RD_TIME_UNITS)[number];
  c: string;
  /** '' = the model's default order (rdrobust 1, rdplot 4, rddensity 2). */
  p: string;
  q: string;
  /** '' = the model's default kernel (rdplot: uniform; others: triangular). */
  kernel: '' | 'triangular' | 'epanechnikov' | 'uniform';
  bwMode: 'select' | 'fixed';
  bwselect: (typeof RD_BWSELECTORS)[number];
  /** One bandwidth, or "left, right". */
  h: string;
  b: string;
  rho: string;
  covs: string[];
  cluster: string;
  fuzzy: string;
  vce: 'nn' | 'hc0' | 'hc1' | 'hc2' | 'hc3';
  masspoints: 'adjust' | 'check' | 'off';
  level: string;
  weights: string;
  bwcheck: string;
  all: boolean;
  // rdplot
  binselect: (typeof RDPLOT_BINSELECT)[number];
  nbins: string;
  // rddensity
  fitselect: 'unrestricted' | 'restricted';
  densityVce: 'jackknife' | 'plugin';
  densityBwselect: 'comb' | 'each' | 'diff' | 'sum';
  massPoints: boolean;
  // rdsensitivity
  checks: RdCheck[];
  hGrid: string;
  placeboCutoffs: string;
  donutRadii: string;
  balanceCovs: string[];
  /** rdrobust: also run these on the same design. */
  companions: RdCompanion[];
}

export type RdField =
  | 'dataset'
  | 'subset'
  | 'y'
  | 'x'
  | 'timeColumn'
  | 'policy'
  | 'policyColumn'
  | 'timeUnit'
  | 'c'
  | 'p'
  | 'q'
  | 'kernel'
  | 'h'
  | 'b'
  | 'rho'
  | 'covs'
  | 'cluster'
  | 'fuzzy'
  | 'vce'
  | 'level'
  | 'weights'
  | 'bwcheck'
  | 'nbins'
  | 'checks'
  | 'hGrid'
  | 'placeboCutoffs'
  | 'donutRadii'
  | 'balanceCovs'
  | 'form';

export function initialRdForm(dataset: string, model: RdModel = 'rdrobust'): RdFormState {
  return {
    model,
    dataset,
    subset: '',
    y: '',
    runMode: 'column',
    x: '',
    timeColumn: '',
    policyMode: 'value',
    policy: '',
    policyColumn: '',
    timeUnit: 'day',
    c: '0',
    p: '',
    q: '',
    kernel: '',
    bwMode: 'select',
    bwselect: 'mserd',
    h: '',
    b: '',
    rho: '',
    covs: [],
    cluster: '',
    fuzzy: '',
    vce: 'nn',
    masspoints: 'adjust',
    level: '',
    weights: '',
    bwcheck: '',
    all: true,
    binselect: 'esmv',
    nbins: '',
    fitselect: 'unrestricted',
    densityVce: 'jackknife',
    densityBwselect: 'comb',
    massPoints: true,
    checks: [...RD_CHECKS],
    hGrid: '',
    placeboCutoffs: '',
    donutRadii: '',
    balanceCovs: [],
    companions: ['rdplot', 'rddensity'],
  };
}

/** The default polynomial order of each analysis, shown as the field's placeholder. */
export function defaultP(model: RdModel): number {
  return model === 'rdplot' ? 4 : model === 'rddensity' ? 2 : 1;
}

export function defaultKernel(model: RdModel): 'triangular' | 'uniform' {
  return model === 'rdplot' ? 'uniform' : 'triangular';
}

/** Which fields an analysis uses (the form shows only those). */
export function usesField(model: RdModel, field: 'y' | 'design' | 'bandwidth' | 'level' | 'companions'): boolean {
  switch (field) {
    case 'y':
      return model !== 'rddensity';
    case 'design':
      return model === 'rdrobust' || model === 'rdsensitivity' || model === 'rdbwselect';
    case 'bandwidth':
      return model !== 'rdbwselect' && model !== 'rdsensitivity';
    case 'level':
      return model !== 'rdbwselect';
    case 'companions':
      return model === 'rdrobust';
  }
}

/** Applies a change; a numeric time column can only be counted in periods or years. */
export function updateRdForm(state: RdFormState, patch: Partial<RdFormState>, columns: ColumnInfo[]): RdFormState {
  const next = { ...state, ...patch };
  if (patch.timeColumn !== undefined) {
    const isDate = columns.find((c) => c.name === patch.timeColumn)?.format === 'date';
    if (!isDate && next.timeUnit !== 'period' && next.timeUnit !== 'year') next.timeUnit = 'period';
    if (isDate && next.timeUnit === 'period') next.timeUnit = 'day';
  }
  return next;
}

type Pair = number | [number, number];

/** "10" → 10, "8, 12" → [8, 12] (left, right); NaN marks text that is not one or two numbers. */
function parsePair(text: string): Pair | null {
  if (text.trim() === '') return null;
  const list = parseNumberList(text);
  if (!list || list.length < 1 || list.length > 2) return Number.NaN;
  return list.length === 1 ? list[0] : [list[0], list[1]];
}

function isBad(v: Pair | null): boolean {
  return v !== null && typeof v === 'number' && Number.isNaN(v);
}

const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;

/** The running variable: `x`, or `time` built from a date/period column and the policy date. */
function runningVariable(state: RdFormState, columns: ColumnInfo[], errors: FieldErrors<RdField>): { x?: string; time?: RdTimeSpec } {
  if (state.runMode === 'column') return { x: state.x || undefined };
  const col = columns.find((c) => c.name === state.timeColumn);
  const isDate = col?.format === 'date';
  const time: Record<string, unknown> = { column: state.timeColumn, unit: state.timeUnit };
  if (!state.timeColumn) errors.timeColumn = { key: 'required' };
  if (state.policyMode === 'column') {
    if (!state.policyColumn) errors.policyColumn = { key: 'required' };
    time.policy_column = state.policyColumn;
  } else {
    const text = state.policy.trim();
    if (text === '') errors.policy = { key: 'required' };
    else if (isDate) {
      if (!ISO_DATE.test(text)) errors.policy = { key: 'date' };
      time.policy = text;
    } else {
      const v = parseNumber(text);
      if (v === null || Number.isNaN(v)) errors.policy = { key: 'number' };
      time.policy = v ?? undefined;
    }
  }
  return { time: time as RdTimeSpec };
}

function numberField(text: string, field: RdField, errors: FieldErrors<RdField>, integer = false): number | undefined {
  const v = parseNumber(text);
  if (v === null) return undefined;
  if (Number.isNaN(v)) errors[field] = { key: 'number' };
  else if (integer && !Number.isInteger(v)) errors[field] = { key: 'integer' };
  return v;
}

function listField(text: string, field: RdField, errors: FieldErrors<RdField>): number[] | undefined {
  if (text.trim() === '') return undefined;
  const list = parseNumberList(text);
  if (!list) errors[field] = { key: 'numberList' };
  return list ?? undefined;
}

/** Spec path → form field (also for `invalid_request` paths from the Node side). */
export function rdFieldOf(path: readonly PropertyKey[]): RdField | null {
  const [head, sub] = path;
  switch (head) {
    case 'data':
      return 'dataset';
    case 'time':
      return sub === 'policy' ? 'policy' : sub === 'policy_column' ? 'policyColumn' : sub === 'unit' ? 'timeUnit' : 'timeColumn';
    case 'ci':
      return 'level';
    case 'h_grid':
      return 'hGrid';
    case 'placebo_cutoffs':
      return 'placeboCutoffs';
    case 'donut_radii':
      return 'donutRadii';
    case 'balance_covs':
      return 'balanceCovs';
    case 'nnmatch':
    case 'bwrestrict':
    case 'covs_drop':
      return 'form';
    case 'subset':
    case 'y':
    case 'x':
    case 'c':
    case 'p':
    case 'q':
    case 'kernel':
    case 'h':
    case 'b':
    case 'rho':
    case 'covs':
    case 'cluster':
    case 'fuzzy':
    case 'vce':
    case 'level':
    case 'weights':
    case 'bwcheck':
    case 'nbins':
    case 'checks':
      return head;
    default:
      return null;
  }
}

/** The checks of refineRdDesign, with form wording. */
function designIssues(state: RdFormState, errors: FieldErrors<RdField>): void {
  if (state.runMode === 'column' && !state.x) errors.x = { key: 'required' };
  const roles = [state.y, state.fuzzy].filter((v) => v !== '');
  const running = state.runMode === 'column' ? state.x : state.timeColumn;
  if (running && roles.includes(running)) errors.x = { key: 'runningIsOutcome' };
  if (state.fuzzy && state.fuzzy === state.y) errors.fuzzy = { key: 'fuzzyIsOutcome' };
}

function parse<S>(schema: z.ZodType<S>, input: Record<string, unknown>, errors: FieldErrors<RdField>): Built<S, RdField> {
  const parsed = schema.safeParse(input);
  const all: FieldErrors<RdField> = parsed.success ? {} : issuesToFields(parsed.error.issues, rdFieldOf, 'form');
  // The schema's cross-field checks (refineRdDesign) have English messages; say them in the UI's language.
  if (all.q?.text) all.q = { key: 'qAboveP' };
  if (all.x?.text) all.x = { key: 'required' };
  // The form's own findings name the cause better than the schema's.
  Object.assign(all, errors);
  const ok = parsed.success && Object.keys(all).length === 0;
  return { spec: ok ? (parsed.data as S) : null, errors: all };
}

/** Builds the spec of `model` (default: the form's) from the form. */
export function buildRdSpec(state: RdFormState, columns: ColumnInfo[], model: RdModel = state.model): Built<RdSpec, RdField> {
  const errors: FieldErrors<RdField> = {};
  designIssues(state, errors);
  if (model === 'rddensity') delete errors.fuzzy;
  const base = compact({
    data: state.dataset,
    subset: state.subset.trim(),
    ...runningVariable(state, columns, errors),
    c: numberField(state.c, 'c', errors),
  });
  const p = numberField(state.p, 'p', errors, true);
  const q = numberField(state.q, 'q', errors, true);
  const level = numberField(state.level, 'level', errors);
  const weights = state.weights || undefined;
  const h = parsePair(state.h);
  const b = parsePair(state.b);
  const fixed = state.bwMode === 'fixed' && usesField(model, 'bandwidth');
  if (fixed) {
    if (h === null && model !== 'rdplot') errors.h = { key: 'required' };
    if (isBad(h)) errors.h = { key: 'pair' };
    if (isBad(b)) errors.b = { key: 'pair' };
  }
  const fixedH = fixed && h !== null ? h : undefined;

  if (model === 'rdplot') {
    const nbins = parsePair(state.nbins);
    if (isBad(nbins)) errors.nbins = { key: 'pair' };
    return parse(
      rdplotSpec,
      compact({
        model: 'rdplot',
        ...base,
        y: state.y,
        p,
        kernel: state.kernel || undefined,
        binselect: state.binselect,
        nbins: nbins ?? undefined,
        h: fixedH,
        weights,
        masspoints: state.masspoints,
        ci: level,
      }),
      errors,
    );
  }
  if (model === 'rddensity') {
    return parse(
      rddensitySpec,
      compact({
        model: 'rddensity',
        ...base,
        p,
        q,
        kernel: state.kernel || undefined,
        fitselect: state.fitselect,
        vce: state.densityVce,
        massPoints: state.massPoints,
        bwselect: state.densityBwselect,
        h: fixedH,
        level,
      }),
      errors,
    );
  }

  const design = compact({
    ...base,
    y: state.y,
    fuzzy: state.fuzzy || undefined,
    p,
    q,
    kernel: state.kernel || undefined,
    bwselect: state.bwselect,
    covs: state.covs,
    cluster: state.cluster || undefined,
    // rdrobust 4 uses the cluster-robust CR1 whenever a cluster is given.
    vce: state.cluster ? 'cr1' : state.vce,
    masspoints: state.masspoints,
    bwcheck: numberField(state.bwcheck, 'bwcheck', errors, true),
    weights,
  });
  if (model === 'rdbwselect') return parse(rdbwselectSpec, { model: 'rdbwselect', ...design, all: state.all }, errors);
  if (model === 'rdsensitivity') {
    return parse(
      rdsensitivitySpec,
      compact({
        model: 'rdsensitivity',
        ...design,
        level,
        rho: numberField(state.rho, 'rho', errors),
        checks: state.checks,
        h_grid: listField(state.hGrid, 'hGrid', errors),
        placebo_cutoffs: listField(state.placeboCutoffs, 'placeboCutoffs', errors),
        donut_radii: listField(state.donutRadii, 'donutRadii', errors),
        balance_covs: state.balanceCovs.length > 0 ? state.balanceCovs : undefined,
      }),
      errors,
    );
  }
  return parse(
    rdrobustSpec,
    compact({
      model: 'rdrobust',
      ...design,
      h: fixedH,
      b: fixed && b !== null ? b : undefined,
      rho: fixed ? numberField(state.rho, 'rho', errors) : undefined,
      level,
    }),
    errors,
  );
}

/** The form that builds `spec` again (editing a saved RD analysis). */
export function rdFormFromSpec(spec: RdSpec): RdFormState {
  const form = initialRdForm(spec.data, spec.model);
  const text = (v: number | undefined | null): string => (v === undefined || v === null ? '' : String(v));
  const pair = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) return v.join(', ');
    const o = v as { left: number; right: number };
    return `${o.left}, ${o.right}`;
  };
  const kernel = (k: string | undefined): RdFormState['kernel'] =>
    k === undefined ? '' : k.startsWith('tri') ? 'triangular' : k.startsWith('epa') ? 'epanechnikov' : 'uniform';
  const out: RdFormState = {
    ...form,
    subset: spec.subset ?? '',
    c: String(spec.c),
    p: String(spec.p),
    q: 'q' in spec ? text(spec.q) : '',
    kernel: 'kernel' in spec ? kernel(spec.kernel) : '',
    x: spec.x ?? '',
    runMode: spec.time ? 'time' : 'column',
  };
  if (spec.time) {
    out.timeColumn = spec.time.column;
    out.timeUnit = spec.time.unit;
    out.policyMode = spec.time.policy_column ? 'column' : 'value';
    out.policy = spec.time.policy === undefined ? '' : String(spec.time.policy);
    out.policyColumn = spec.time.policy_column ?? '';
  }
  if ('h' in spec && spec.h !== undefined) {
    out.bwMode = 'fixed';
    out.h = pair(spec.h);
  }
  switch (spec.model) {
    case 'rdplot':
      return { ...out, y: spec.y, binselect: spec.binselect, nbins: pair(spec.nbins), level: String(spec.ci), masspoints: spec.masspoints, weights: spec.weights ?? '' };
    case 'rddensity':
      return {
        ...out,
        fitselect: spec.fitselect,
        densityVce: spec.vce,
        massPoints: spec.massPoints,
        densityBwselect: spec.bwselect,
        level: String(spec.level),
      };
    default: {
      const d: RdFormState = {
        ...out,
        y: spec.y,
        fuzzy: spec.fuzzy ?? '',
        bwselect: spec.bwselect,
        covs: [...spec.covs],
        cluster: spec.cluster ?? '',
        vce: spec.vce === 'cr1' ? 'nn' : spec.vce,
        masspoints: spec.masspoints,
        bwcheck: text(spec.bwcheck),
        weights: spec.weights ?? '',
      };
      if (spec.model === 'rdbwselect') return { ...d, all: spec.all };
      if (spec.model === 'rdsensitivity')
        return {
          ...d,
          level: String(spec.level),
          rho: text(spec.rho),
          checks: [...spec.checks],
          hGrid: spec.h_grid?.join(', ') ?? '',
          placeboCutoffs: spec.placebo_cutoffs?.join(', ') ?? '',
          donutRadii: spec.donut_radii?.join(', ') ?? '',
          balanceCovs: spec.balance_covs ? [...spec.balance_covs] : [],
        };
      return { ...d, level: String(spec.level), b: pair(spec.b), rho: text(spec.rho), companions: [] };
    }
  }
}

/**
 * A companion analysis of an estimate, on the same data, running variable and cutoff: the RD
 * plot and the density test with their own defaults (rdplot's global quartic, rddensity's
 * quadratic density fit), the sensitivity checks with the estimate's whole design but its own
 * bandwidth grid.
 */
export function companionSpec(spec: RdrobustSpec, model: RdCompanion): RdSpec {
  const sample = compact({ data: spec.data, subset: spec.subset, levels: spec.levels, x: spec.x, time: spec.time, c: spec.c });
  if (model === 'rdplot') return rdplotSpec.parse(compact({ model, ...sample, y: spec.y, masspoints: spec.masspoints, weights: spec.weights }));
  if (model === 'rddensity') return rddensitySpec.parse({ model, ...sample, massPoints: spec.masspoints !== 'off' });
  const { h: _h, b: _b, rho: _rho, level, model: _m, ...design } = spec;
  return rdsensitivitySpec.parse({ ...design, model, level });
}

/** A short name for the project's analysis list, e.g. "vote ~ margin · RD plot". */
export function rdRunName(spec: RdSpec, what: string): string {
  const running = spec.x ?? (spec.time ? `${spec.time.column} − ${spec.time.policy ?? spec.time.policy_column}` : '');
  const lhs = 'y' in spec ? `${spec.y} ~ ` : '';
  return `${lhs}${running} · ${what}`;
}
