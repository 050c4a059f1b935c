/**
 * Reads the stored result of any supported model into one shape a table column or a figure
 * can use: coefficient rows (term, estimate, SE, test statistic, p, CI) and the model-level
 * numbers (N, R², clusters, fixed effects). Result shapes follow the reference fixtures
 * (../shared/reference/README.md): fixest / lm / glm `coefficients`, polr `cutpoints`,
 * rdrobust Conventional / Bias-Corrected / Robust rows, did's att_gt and aggte, and
 * didimputation's `terms`.
 */
import { z } from 'zod';
import { normalQuantile, normalTwoSided, tQuantileFn, tTwoSided } from '../engine/dist';
import { UserError } from '../engine/errors';

export interface CoefEntry {
  term: string;
  estimate: number | null;
  se: number | null;
  /** t or z statistic (estimate / se when the result does not store it). */
  stat: number | null;
  p: number | null;
  conf_low: number | null;
  conf_high: number | null;
}

export interface ModelSummary {
  /** Which result shape this came from (for messages and figure defaults). */
  shape: 'coefficients' | 'att_gt' | 'aggte' | 'terms';
  coefs: CoefEntry[];
  nobs: number | null;
  r2: number | null;
  adj_r2: number | null;
  r2_within: number | null;
  /** Cluster variable → number of clusters (a single unnamed count under ""). */
  n_clusters: Record<string, number>;
  loglik: number | null;
  aic: number | null;
  n_units: number | null;
  fixed_effects: string[];
  vcov_type: string | null;
  collinear_dropped: string[];
  /** The statistic in `stat`: t for fixest/lm, z where inference is normal. */
  stat_kind: 't' | 'z';
  /** Aggregation type of an aggte result (dynamic / group / calendar / simple). */
  aggregation: string | null;
}

const num = z.number().nullable().optional();
const coefRowLoose = z
  .object({ estimate: num, se: num, t: num, z: num, p: num, conf_low: num, conf_high: num, ci_lower: num, ci_upper: num })
  .passthrough();
type CoefRowLoose = z.infer<typeof coefRowLoose>;

const baseFields = z
  .object({
    nobs: num,
    n_obs: num,
    nobs_weighted: num,
    r2: num,
    adj_r2: num,
    r2_within: num,
    loglik: num,
    aic: num,
    n_units: num,
    n_clusters: z.union([z.number(), z.record(z.string(), z.number())]).nullable().optional(),
    n_clust: num,
    fixef_sizes: z.record(z.string(), z.number()).optional(),
    vcov_type: z.string().nullable().optional(),
    collinear_dropped: z.array(z.string()).optional(),
    inference: z.string().optional(),
    df_t: num,
    df_residual: num,
    N: z.object({ left: z.number(), right: z.number() }).partial().passthrough().optional(),
  })
  .passthrough();

const coefShape = baseFields.extend({
  coefficients: z.record(z.string(), coefRowLoose),
  cutpoints: z.record(z.string(), coefRowLoose).optional(),
});
const attGtShape = baseFields.extend({
  att_gt: z.array(z.object({ group: z.number(), time: z.number(), att: z.number().nullable(), se: z.number().nullable(), conf_low: num, conf_high: num }).passthrough()),
});
const aggteShape = baseFields.extend({
  type: z.string().optional(),
  overall_att: z.number().nullable(),
  overall_se: z.number().nullable(),
  overall_conf_low: num,
  overall_conf_high: num,
  by: z.array(z.record(z.string(), z.union([z.number(), z.string(), z.null()]))).optional(),
});
const termsShape = baseFields.extend({
  terms: z.array(z.object({ term: z.string(), estimate: num, se: num, conf_low: num, conf_high: num, p: num }).passthrough()),
});

const v = (x: number | null | undefined): number | null => (x === undefined || x === null || Number.isNaN(x) ? null : x);

/** p and CI from estimate / se when the result does not store them, with the model's reference distribution. */
function completeRow(term: string, estimate: number | null, se: number | null, stored: Partial<CoefRowLoose>, df: number): CoefEntry {
  const stat = v(stored.t) ?? v(stored.z) ?? (estimate !== null && se !== null && se > 0 ? estimate / se : null);
  const p = v(stored.p) ?? (stat !== null ? (Number.isFinite(df) ? tTwoSided(stat, df) : normalTwoSided(stat)) : null);
  let lo = v(stored.conf_low) ?? v(stored.ci_lower);
  let hi = v(stored.conf_high) ?? v(stored.ci_upper);
  if ((lo === null || hi === null) && estimate !== null && se !== null) {
    const q = Number.isFinite(df) ? tQuantileFn(0.975, df) : normalQuantile(0.975);
    lo = estimate - q * se;
    hi = estimate + q * se;
  }
  return { term, estimate, se, stat, p, conf_low: lo, conf_high: hi };
}

function emptySummary(shape: ModelSummary['shape']): ModelSummary {
  return {
    shape,
    coefs: [],
    nobs: null,
    r2: null,
    adj_r2: null,
    r2_within: null,
    n_clusters: {},
    loglik: null,
    aic: null,
    n_units: null,
    fixed_effects: [],
    vcov_type: null,
    collinear_dropped: [],
    stat_kind: 'z',
    aggregation: null,
  };
}

function fillBase(s: ModelSummary, r: z.infer<typeof baseFields>): void {
  const rdN = r.N && typeof r.N.left === 'number' && typeof r.N.right === 'number' ? r.N.left + r.N.right : null;
  s.nobs = v(r.nobs) ?? v(r.n_obs) ?? v(r.nobs_weighted) ?? rdN;
  s.r2 = v(r.r2);
  s.adj_r2 = v(r.adj_r2);
  s.r2_within = v(r.r2_within);
  s.loglik = v(r.loglik);
  s.aic = v(r.aic);
  s.n_units = v(r.n_units);
  if (typeof r.n_clusters === 'number') s.n_clusters = { '': r.n_clusters };
  else if (r.n_clusters) s.n_clusters = { ...r.n_clusters };
  else if (typeof r.n_clust === 'number') s.n_clusters = { '': r.n_clust };
  s.fixed_effects = Object.keys(r.fixef_sizes ?? {});
  s.vcov_type = r.vcov_type ?? null;
  s.collinear_dropped = r.collinear_dropped ?? [];
}

/** Degrees of freedom of the t reference, or Infinity where inference is normal (glm, polr, rdrobust, did). */
function referenceDf(r: z.infer<typeof baseFields>, rows: CoefRowLoose[]): number {
  if (r.inference && /normal|z /i.test(r.inference)) return Infinity;
  if (rows.some((x) => typeof x.z === 'number')) return Infinity;
  return v(r.df_t) ?? v(r.df_residual) ?? Infinity;
}

/** The label of an aggte `by` row: event time e, cohort g or calendar time t. */
function aggteTerm(row: Record<string, number | string | null>): string {
  for (const k of ['e', 'g', 't', 'event', 'group', 'time']) if (row[k] !== undefined && row[k] !== null) return `${k}=${row[k]}`;
  throw new UserError('table_result_shape', 'An aggregated DID result has a row without e, g or t.', { row });
}

/**
 * The estimate a composite result is reported by: att_gt's aggregation when it has one,
 * matchit's outcome regression, psm_did's DID on the matched sample. Other results as they are.
 */
function headline(result: unknown): unknown {
  if (!result || typeof result !== 'object') return result;
  const r = result as Record<string, unknown>;
  if (r.aggte && typeof r.aggte === 'object') return { ...(r.aggte as object), n_units: r.n_units, n_obs: r.n_obs };
  if (r.att_regression && typeof r.att_regression === 'object') return r.att_regression;
  if (r.did_matched && typeof r.did_matched === 'object') return r.did_matched;
  return result;
}

/**
 * The model summary of one stored result. Throws UserError `table_result_shape` when the
 * result is of no known shape (e.g. a describe result given as a regression column).
 */
export function summarizeResult(stored: unknown, source = 'result'): ModelSummary {
  const result = headline(stored);
  const c = coefShape.safeParse(result);
  if (c.success) {
    const r = c.data;
    const s = emptySummary('coefficients');
    fillBase(s, r);
    const rows = [...Object.values(r.coefficients), ...Object.values(r.cutpoints ?? {})];
    const df = referenceDf(r, rows);
    s.stat_kind = Number.isFinite(df) ? 't' : 'z';
    for (const [term, row] of [...Object.entries(r.coefficients), ...Object.entries(r.cutpoints ?? {})]) {
      s.coefs.push(completeRow(term, v(row.estimate), v(row.se), row, df));
    }
    return s;
  }
  const a = attGtShape.safeParse(result);
  if (a.success) {
    const s = emptySummary('att_gt');
    fillBase(s, a.data);
    // did reports normal-based inference for ATT(g,t) (pointwise, bstrap = FALSE).
    for (const row of a.data.att_gt) s.coefs.push(completeRow(`ATT(${row.group},${row.time})`, row.att, row.se, row, Infinity));
    return s;
  }
  const g = aggteShape.safeParse(result);
  if (g.success) {
    const s = emptySummary('aggte');
    fillBase(s, g.data);
    s.aggregation = g.data.type ?? null;
    // Stored intervals are kept: with cband they are uniform bands, not estimate ± 1.96 se.
    s.coefs.push(completeRow('ATT', g.data.overall_att, g.data.overall_se, { conf_low: g.data.overall_conf_low, conf_high: g.data.overall_conf_high }, Infinity));
    for (const row of g.data.by ?? []) {
      const n = (k: string): number | null => (typeof row[k] === 'number' ? (row[k] as number) : null);
      s.coefs.push(completeRow(aggteTerm(row), n('att'), n('se'), { conf_low: n('conf_low'), conf_high: n('conf_high') }, Infinity));
    }
    return s;
  }
  const t = termsShape.safeParse(result);
  if (t.success) {
    const s = emptySummary('terms');
    fillBase(s, t.data);
    // did_imputation's intervals are estimate ∓ 1.96·se: normal inference.
    for (const row of t.data.terms) s.coefs.push(completeRow(row.term, v(row.estimate), v(row.se), row, Infinity));
    return s;
  }
  throw new UserError(
    'table_result_shape',
    `${source} has no coefficients, ATT estimates or terms, so it cannot be a column of a regression table. Use a descriptives or balance table for it, or pick an estimation result.`,
    { source },
  );
}

/** The dependent variable named by an analysis spec (formula left-hand side, outcome or yname). */
export function dependentVariable(spec: unknown): string | null {
  if (!spec || typeof spec !== 'object') return null;
  const s = spec as Record<string, unknown>;
  for (const k of ['outcome', 'yname', 'y', 'depvar']) if (typeof s[k] === 'string') return s[k] as string;
  if (typeof s.formula === 'string') {
    const lhs = s.formula.split('~')[0]?.trim();
    if (lhs) return lhs;
  }
  return null;
}
