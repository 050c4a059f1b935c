/**
 * Pieces shared by the OLS (feols.ts) and 2SLS (iv.ts) paths: the default variance request,
 * singleton removal and the fixed-effect structure, leverage for HC3, and the assembly of
 * the fixture-shaped statistics of one estimated equation.
 */
import type { Matrix } from './linalg';
import { UserError } from './errors';
import type { Design, FixedEffectInfo } from './design';
import { countSingletonObs, findSingletons, prepareFixedEffects, type PreparedFixedEffects } from './hdfe';
import { coefficientRow, rSquared, type CoefficientRow } from './ols';
import { describeSsc, type ClusterFactor, type Scores, type Ssc, type VcovOutput, type VcovRequest } from './vcov';
import type { IMeta } from './formula/ifactor';
import type { FeolsFit, FeolsResult } from '../../shared/specs/feols';
import type { VcovSpec } from '../../shared/specs/common';

/** Everything a caller building on feols may need besides the JSON result. */
export interface FeolsEstimate {
  result: FeolsResult;
  /** Names, estimates and variance of the estimated (non-collinear) coefficients. */
  names: string[];
  beta: number[];
  vcov: Matrix;
  /** Residuals (structural ones for IV), one per estimation row. */
  residuals: Float64Array;
  /** Rows of the input frame used (after singleton removal). */
  rows: Int32Array;
}

/** fixest's default: cluster by the first fixed effect, iid without fixed effects. */
export function resolveVcovRequest(vcov: VcovSpec | undefined, design: Design, clusters: ClusterFactor[] | undefined): VcovRequest {
  if (vcov === undefined) {
    const fe = design.fixedEffects[0];
    if (!fe || fe.nlevels === 1) return { type: 'iid' };
    return { type: 'cluster', clusters: [{ name: fe.name, codes: fe.codes, nlevels: fe.nlevels }] };
  }
  if (vcov === 'iid') return { type: 'iid' };
  if (vcov === 'hetero' || vcov === 'HC1') return { type: 'hetero' };
  if (vcov === 'HC3') return { type: 'HC3' };
  if (!clusters) throw new UserError('vcov.clusters_missing', 'A clustered variance needs the cluster variables (internal call without clusters).');
  return { type: 'cluster', clusters };
}

/** The design restricted to the rows where keep[k] is set (fixed effects re-coded). */
export function subsetDesign(d: Design, keep: Uint8Array): Design {
  const idx: number[] = [];
  for (let k = 0; k < keep.length; k++) if (keep[k]) idx.push(k);
  const pick = (a: Float64Array): Float64Array => Float64Array.from(idx, (k) => a[k]);
  const fixedEffects: FixedEffectInfo[] = d.fixedEffects.map((fe) => {
    const remap = new Int32Array(fe.nlevels).fill(-1);
    const levels: string[] = [];
    const codes = new Int32Array(idx.length);
    idx.forEach((k, j) => {
      const c = fe.codes[k];
      if (remap[c] < 0) remap[c] = 0;
      codes[j] = c;
    });
    fe.levels.forEach((l, c) => {
      if (remap[c] === 0) {
        remap[c] = levels.length;
        levels.push(l);
      }
    });
    for (let j = 0; j < codes.length; j++) codes[j] = remap[codes[j]];
    return { ...fe, codes, nlevels: levels.length, levels };
  });
  return {
    ...d,
    response: d.response ? { name: d.response.name, values: pick(d.response.values) } : null,
    columns: d.columns.map(pick),
    fixedEffects,
    iv: d.iv ? { endogenous: { names: d.iv.endogenous.names, columns: d.iv.endogenous.columns.map(pick) }, instruments: { names: d.iv.instruments.names, columns: d.iv.instruments.columns.map(pick) } } : null,
    rows: Int32Array.from(idx, (k) => d.rows[k]),
    weights: d.weights ? pick(d.weights) : null,
  };
}

export function subsetClusters(clusters: ClusterFactor[], keep: Uint8Array): ClusterFactor[] {
  return clusters.map((c) => {
    const remap = new Int32Array(c.nlevels).fill(-1);
    const codes: number[] = [];
    let next = 0;
    for (let k = 0; k < keep.length; k++) {
      if (!keep[k]) continue;
      const g = c.codes[k];
      if (remap[g] < 0) remap[g] = next++;
      codes.push(remap[g]);
    }
    return { name: c.name, codes: Int32Array.from(codes), nlevels: next };
  });
}

/** Shared settings of a fit, resolved once. */
export interface FitSettings {
  ssc: Ssc;
  fixefTol: number;
  fixefIter: number;
  collinTol: number;
  level: number;
  pDist: 't' | 'normal';
}

export interface FixefContext {
  design: Design;
  prepared: PreparedFixedEffects | null;
  singletonsRemoved: number;
  singletonObs: number;
  iterations: number[];
  converged: boolean;
}

/** The parts of a fit summary that do not depend on the coefficients. */
export function fixefSummary(fx: FixefContext, settings: FitSettings): Pick<FeolsFit, 'fixef_vars' | 'fixef_sizes' | 'singletons_removed' | 'singleton_obs_in_sample' | 'fixef_removed' | 'fixef_tol' | 'fixef_demean_iterations' | 'fixef_converged'> {
  const d = fx.design;
  return {
    fixef_vars: d.fixedEffects.map((f) => f.name),
    fixef_sizes: Object.fromEntries(d.fixedEffects.map((f) => [f.name, f.nlevels])),
    singletons_removed: fx.singletonsRemoved,
    singleton_obs_in_sample: fx.singletonObs,
    fixef_removed: {},
    fixef_tol: settings.fixefTol,
    fixef_demean_iterations: fx.iterations,
    fixef_converged: fx.converged,
  };
}

/** Fixed-effect parameters as fixest counts them in nparams: Σ levels − (Q − 1). */
export function fixefDof(d: Design): number {
  const q = d.fixedEffects.length;
  return q ? d.fixedEffects.reduce((s, f) => s + f.nlevels, 0) - (q - 1) : 0;
}

/** Leverage hᵢ for HC3: x̃ᵢ'(X̃'WX̃)⁻¹x̃ᵢ wᵢ plus the fixed-effect part (one fixed effect only). */
export function leverageFn(keptCols: Float64Array[], inverse: Matrix, w: Float64Array | null, prepared: PreparedFixedEffects | null): () => Float64Array {
  return () => {
    if (prepared && prepared.q > 1) throw new UserError('vcov.hc3_fixef', 'HC3 standard errors are available without fixed effects or with a single fixed effect; use "hetero" or a clustered variance with several fixed effects.');
    const n = keptCols.length ? keptCols[0].length : prepared ? prepared.n : 0;
    const h = new Float64Array(n);
    const k = keptCols.length;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < k; a++) {
        let r = 0;
        for (let b = 0; b < k; b++) r += inverse[a][b] * keptCols[b][i];
        s += keptCols[a][i] * r;
      }
      h[i] = w ? w[i] * s : s;
    }
    if (prepared && prepared.q === 1) {
      const c = prepared.codes[0];
      const inv = prepared.invSumWeights[0];
      for (let i = 0; i < n; i++) h[i] += (w ? w[i] : 1) * inv[c[i]];
    }
    return h;
  };
}

export interface FitCore {
  depvar: string;
  names: string[];
  beta: number[];
  vcovOut: VcovOutput;
  ssr: number;
  ssrNull: number;
  ssrFeOnly: number | null;
  n: number;
  nparams: number;
  collinear: string[];
  hasIntercept: boolean;
}

/** The fixture-shaped statistics of one equation. */
export function summarizeFit(core: FitCore, fx: FixefContext, settings: FitSettings, displayed?: { names: string[]; rows: CoefficientRow[] }): FeolsFit {
  const { n, nparams, ssr, vcovOut } = core;
  const coefRows = displayed ?? { names: core.names, rows: core.names.map((_, j) => coefficientRow(core.beta[j], vcovOut.matrix[j][j], vcovOut.dfT, settings.pDist, settings.level)) };
  const hasFixef = fx.design.fixedEffects.length > 0;
  const r2 = rSquared({
    ssr,
    ssrNull: core.ssrNull,
    ssrFeOnly: core.ssrFeOnly,
    n,
    nparams,
    ncoef: coefRows.names.length,
    hasIntercept: core.hasIntercept,
    hasFixef,
    onlyIntercept: !hasFixef && core.names.length === 1 && core.names[0] === '(Intercept)',
  });
  const vcov: Record<string, Record<string, number>> = {};
  core.names.forEach((a, i) => {
    vcov[a] = {};
    core.names.forEach((b, j) => (vcov[a][b] = vcovOut.matrix[i][j]));
  });
  return {
    depvar: core.depvar,
    coefficients: Object.fromEntries(coefRows.names.map((nm, j) => [nm, coefRows.rows[j]])),
    nobs: n,
    nobs_original: fx.design.nobsOriginal,
    obs_removed: fx.design.nobsOriginal - n,
    ...r2,
    ssr,
    rmse: Math.sqrt(ssr / n),
    sigma: Math.sqrt(ssr / (n - nparams)),
    vcov_type: vcovOut.type,
    cluster_vars: vcovOut.clusterVars,
    n_clusters: vcovOut.nClusters,
    n_clusters_min: vcovOut.nClustersMin,
    df_t: vcovOut.dfT,
    dof_K: vcovOut.dofK,
    nparams,
    ssc: describeSsc(settings.ssc),
    ...fixefSummary(fx, settings),
    collinear_dropped: core.collinear,
    vcov,
    level: settings.level,
    p_dist: settings.pDist,
  };
}

/** Refuses a fit without residual degrees of freedom (more parameters than observations). */
export function checkResidualDf(n: number, nparams: number, ncoef: number, d: Design): void {
  if (n - nparams <= 0) {
    const feDof = nparams - ncoef;
    throw new UserError(
      'feols.no_residual_df',
      `The model has ${nparams} parameters (${ncoef} coefficient${ncoef === 1 ? '' : 's'}${feDof ? ` and ${feDof} fixed-effect levels` : ''}) for ${n} observations, so no degree of freedom is left to estimate the error variance. Use fewer regressors or fixed effects, or more data.`,
      { nobs: n, nparams, formula: d.formula.text },
    );
  }
}

/** Demeaning context shared by OLS and IV: singletons, fixed-effect structure, iterations. */
export function prepareFixef(design: Design, clusters: ClusterFactor[] | undefined, fixefRm: 'none' | 'singleton' | undefined): { fx: FixefContext; clusters: ClusterFactor[] | undefined } {
  // A copy with its own notes: the caller's design may be estimated again (placebo draws).
  let d: Design = { ...design, notes: [...design.notes] };
  let cl = clusters;
  let singletonsRemoved = 0;
  if (fixefRm === 'singleton' && d.fixedEffects.length > 0) {
    const s = findSingletons(d.fixedEffects, d.rows.length);
    if (s.removed > 0) {
      if (s.removed === d.rows.length) throw new UserError('feols.all_singletons', 'Every observation is alone in a fixed-effect level, so removing singletons leaves nothing to estimate.');
      d = subsetDesign(d, s.keep);
      if (cl) cl = subsetClusters(cl, s.keep);
      singletonsRemoved = s.removed;
      d.notes.push(`${s.removed} singleton observation${s.removed > 1 ? 's' : ''} removed (alone in a fixed-effect level).`);
    }
  }
  const prepared = d.fixedEffects.length ? prepareFixedEffects(d.fixedEffects, d.weights) : null;
  const singletonObs = d.fixedEffects.length ? countSingletonObs(d.fixedEffects, d.rows.length) : 0;
  return { fx: { design: d, prepared, singletonsRemoved, singletonObs, iterations: [], converged: true }, clusters: cl };
}

/** The i() terms of the design with the coefficients actually estimated (for event-study plots). */
export function eventTerms(d: Design, estimated: string[]): FeolsResult['event_terms'] {
  const have = new Set(estimated);
  return d.specials
    .filter((s) => s.meta.kind === 'i')
    .map((s) => {
      const m = s.meta as IMeta;
      return { factor: m.factorName, var: m.varName, values: m.values, references: m.references, coefficients: s.names.filter((nm) => have.has(nm)) };
    });
}


/** Scores wᵢ eᵢ xᵢⱼ of the columns, in the factored form vcov.ts takes. */
export function scoresOf(cols: Float64Array[], resid: Float64Array, w: Float64Array | null): Scores {
  return { columns: cols, weightedResiduals: w ? Float64Array.from(resid, (e, i) => e * w[i]) : resid };
}

/** Adds fixest's collinearity message to the design notes. */
export function noteCollinear(d: Design, collinear: string[]): void {
  if (collinear.length) d.notes.push(`The variable${collinear.length > 1 ? 's' : ''} ${collinear.map((c) => `'${c}'`).join(', ')} ${collinear.length > 1 ? 'have' : 'has'} been removed because of collinearity.`);
}
