/**
 * The ATT after matching as MatchIt's vignette ("Estimating Effects After Matching") computes
 * it: a weighted linear regression of the outcome on the treatment (optionally plus the
 * covariates) in the matched sample, with
 * - "pair": SEs clustered by matched pair. Without replacement on match.data()'s layout (one
 *   row per matched unit, matching weights); with replacement on get_matches()'s layout (one
 *   row per unit per pair, reused controls repeated, controls weighted 1/k in a 1:k pair);
 * - "pair_id": get_matches() layout clustered by pair and by unit (Austin & Cafri 2020),
 *   the vignette's advice after matching with replacement;
 * - "HC3": match.data() layout with matching weights and sandwich's HC3 (the vignette's
 *   choice when there are no pairs, e.g. kernel or radius matching);
 * - "iid": the same with classical SEs.
 * The regression is our feols with lm's small-sample rules, which equal sandwich's: clustered
 * V = G/(G-1) · (n-1)/(n-K) · B M B per cluster dimension (vcovCL type HC1, cadjust = TRUE, one
 * G per inclusion–exclusion term: ssc cluster_df = "conventional"), HC3 without adjustment, t
 * with n - K degrees of freedom as lmtest::coeftest on an lm.
 */
import type { CoefRow } from '../../../shared/specs/common';
import type { RunContext } from '../context';
import { buildDesign } from '../design';
import { UserError } from '../errors';
import { clusterFactors, estimateFeols } from '../feols';
import { numericColumn, withColumn, type Column, type Frame } from '../frame';
import { SANDWICH_SSC } from '../glm';

export type AttVcov = 'pair' | 'pair_id' | 'HC3' | 'iid';


export interface AttInput {
  frame: Frame;
  /** Frame row of each unit (the propensity design's rows). */
  rows: Int32Array;
  treat: Uint8Array;
  treatName: string;
  outcome: string;
  /** Right-hand side of the score formula, added to the outcome model when adjusting. */
  covariates: string | null;
  /** Matching weights per unit. */
  weights: Float64Array;
  /** Pairs (nearest-neighbour matching): treated units and their controls, as unit indices. */
  pairs: { treated: number[]; matches: number[][] } | null;
  /** Pair id per unit (matching without replacement), 0 = unmatched. */
  subclass: Int32Array | null;
  vcov: AttVcov;
  confLevel: number;
}

export interface AttEstimate {
  estimate: number;
  se: number;
  t: number;
  p: number | null;
  conf_low: number | null;
  conf_high: number | null;
  df: number;
  vcov_type: string;
  /** "match_data" (one row per matched unit) or "get_matches" (one row per unit per pair). */
  layout: 'match_data' | 'get_matches';
  nobs: number;
  n_clusters: Record<string, number> | null;
}

export interface AttRegression {
  coefficients: Record<string, CoefRow>;
  nobs: number;
  r2: number | null;
  adj_r2: number | null;
  sigma: number;
  df_residual: number;
  /** sum of squared residuals, unweighted (R's sum(residuals(fit)^2), as the fixtures report it). */
  ssr: number;
  /** sum of w × residual² (R's deviance(fit)); equals ssr without weights. */
  weighted_ssr: number;
  fstat: number | null;
  fstat_df: [number, number];
  vcov_type: string;
  vcov: Record<string, Record<string, number>>;
  collinear_dropped: string[];
  n_clusters: Record<string, number> | null;
}

/** Copies frame rows (with repetition) into a new frame. */
function takeRows(frame: Frame, idx: ArrayLike<number>): Frame {
  const n = idx.length;
  const columns = frame.columns.map((c): Column => {
    if (c.type === 'number') {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[idx[i]];
      return { ...c, values: v, missingKind: undefined };
    }
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = c.codes[idx[i]];
    return { ...c, codes };
  });
  return { nrow: n, columns };
}

/** A name as a formula term (backticks when it is not syntactic). */
export function formulaName(name: string): string {
  return /^[A-Za-z.][A-Za-z0-9._]*$/.test(name) ? name : `\`${name.replace(/`/g, '')}\``;
}

const W = '.match_weights';
const SUBCLASS = '.subclass';
const ID = '.id';

export function estimateAtt(input: AttInput, ctx: RunContext): { att: AttEstimate; regression: AttRegression } {
  const { frame, rows, treat, weights } = input;
  const n = rows.length;
  const byPair = input.vcov === 'pair' || input.vcov === 'pair_id';
  if (byPair && !input.pairs) {
    throw new UserError('psm_att_no_pairs', 'Standard errors clustered by pair need matched pairs; kernel and radius matching weight many controls per treated unit. Use "HC3".', { att_vcov: input.vcov });
  }
  const getMatches = byPair && !(input.vcov === 'pair' && input.subclass);
  // Units of the regression sample: [unit, weight, pair id].
  const units: number[] = [];
  const w: number[] = [];
  const pair: number[] = [];
  if (getMatches && input.pairs) {
    let k = 0;
    input.pairs.treated.forEach((t, i) => {
      const m = input.pairs?.matches[i] ?? [];
      if (m.length === 0) return;
      k++;
      units.push(t);
      w.push(1);
      pair.push(k);
      for (const c of m) {
        units.push(c);
        w.push(1 / m.length);
        pair.push(k);
      }
    });
  } else {
    for (let i = 0; i < n; i++) {
      if (!(weights[i] > 0)) continue;
      units.push(i);
      w.push(weights[i]);
      pair.push(input.subclass ? input.subclass[i] : 0);
    }
  }
  let layoutFrame = takeRows(frame, units.map((u) => rows[u]));
  layoutFrame = withColumn(layoutFrame, numericColumn(input.treatName, units.map((u) => treat[u])));
  layoutFrame = withColumn(layoutFrame, numericColumn(W, w));
  layoutFrame = withColumn(layoutFrame, numericColumn(SUBCLASS, pair));
  layoutFrame = withColumn(layoutFrame, numericColumn(ID, units.map((u) => rows[u] + 1)));

  const clusterNames = input.vcov === 'pair' ? [SUBCLASS] : input.vcov === 'pair_id' ? [SUBCLASS, ID] : [];
  const rhs = [formulaName(input.treatName), ...(input.covariates ? [`(${input.covariates})`] : [])].join(' + ');
  const design = buildDesign(layoutFrame, `${formulaName(input.outcome)} ~ ${rhs}`, { weights: W, alsoRequire: clusterNames });
  if (!design.response) throw new UserError('psm_outcome_not_numeric', `The outcome "${input.outcome}" must be numeric.`, { column: input.outcome });
  const clusters = clusterNames.length ? clusterFactors(layoutFrame, clusterNames, design.rows) : undefined;
  const est = estimateFeols(
    design,
    { vcov: clusterNames.length ? { cluster: clusterNames } : input.vcov === 'HC3' ? 'HC3' : 'iid', clusters, ssc: SANDWICH_SSC, level: input.confLevel, pDist: 't' },
    ctx,
  );
  const r = est.result;
  const coef = r.coefficients[input.treatName];
  if (!coef || coef.estimate === null || coef.se === null) {
    throw new UserError('psm_att_not_estimable', `The treatment effect is not estimable in the matched sample (the treatment is collinear with the covariates or constant).`, { collinear: r.collinear_dropped });
  }
  const display = (name: string): string => (name === SUBCLASS ? 'subclass' : name === ID ? 'id' : name);
  const nClusters = r.n_clusters ? Object.fromEntries(Object.entries(r.n_clusters).map(([k, v]) => [display(k), v])) : null;
  const vcovType =
    input.vcov === 'iid' ? 'iid' : input.vcov === 'HC3' ? 'vcovHC type HC3' : `vcovCL(cluster = ~${clusterNames.map(display).join(' + ')}), type HC1`;
  const k = Object.keys(r.coefficients).length;
  const dfResidual = r.nobs - k;
  const hasIntercept = '(Intercept)' in r.coefficients;
  const dfModel = hasIntercept ? k - 1 : k;
  let ssr = 0;
  for (const e of est.residuals) ssr += e * e;
  const fstat = r.r2 !== null && dfModel > 0 ? (r.r2 / dfModel) / ((1 - r.r2) / dfResidual) : null;
  const att: AttEstimate = {
    estimate: coef.estimate,
    se: coef.se,
    t: coef.t ?? coef.estimate / coef.se,
    p: coef.p,
    conf_low: coef.conf_low ?? null,
    conf_high: coef.conf_high ?? null,
    df: r.df_t,
    vcov_type: vcovType,
    layout: getMatches ? 'get_matches' : 'match_data',
    nobs: r.nobs,
    n_clusters: nClusters,
  };
  return {
    att,
    regression: {
      coefficients: r.coefficients,
      nobs: r.nobs,
      r2: r.r2,
      adj_r2: r.adj_r2,
      sigma: r.sigma,
      df_residual: dfResidual,
      ssr,
      weighted_ssr: r.ssr,
      fstat,
      fstat_df: [dfModel, dfResidual],
      vcov_type: vcovType,
      vcov: r.vcov,
      collinear_dropped: r.collinear_dropped,
      n_clusters: nClusters,
    },
  };
}
