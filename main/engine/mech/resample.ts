/**
 * Resampling for the mechanism builders: re-estimating fixed-effects least squares under new
 * observation weights, cluster-bootstrap weights, label permutations, and bootstrap intervals.
 *
 * A cluster bootstrap draw resamples G clusters with replacement. Giving each row the number of
 * times its cluster was drawn as a frequency weight is the same least-squares problem as
 * stacking the duplicated clusters (weighted normal equations = duplicated rows), and a fixed
 * effect shared by the copies of a cluster gives the same slopes as one level per copy
 * (Stata's idcluster()): the copies are identical, so their fixed effects would be equal. A
 * subgroup model is the same with 0/1 weights. So every draw is one weighted demeaning of the
 * model's columns plus k×k solves, without copying data.
 */
import type { RunContext } from '../context';
import { normalCdf, normalQuantile } from '../dist';
import { demean, prepareFixedEffects, type FixedEffectCodes } from '../hdfe';
import { crossprod } from '../linalg';
import { choleskyExclude } from '../ols';
import { seededUniform } from '../psm/nearest';
import { quantileType7Sorted } from '../rd/rstats';

export interface RefitModel {
  /** Every variable the equations use (responses and regressors), one value per row. */
  columns: Float64Array[];
  fes: FixedEffectCodes[];
  fixefTol: number;
  fixefIter: number;
  collinTol: number;
}

/** One least-squares equation: response column index and regressor column indices. */
export interface Equation {
  y: number;
  x: number[];
}

/**
 * Coefficients of each equation under `weights` (0 drops a row), in the order of its `x`;
 * NaN for a regressor dropped as collinear.
 */
export function refit(model: RefitModel, weights: Float64Array, equations: Equation[], ctx: RunContext): number[][] {
  const used = [...new Set(equations.flatMap((e) => [e.y, ...e.x]))];
  // Rows of weight 0 are left out (a bootstrap draw misses about e⁻¹ of the clusters, a subgroup
  // model the other groups); fixed-effect levels left empty do no harm in the demeaning.
  let m = 0;
  let unit = true;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) continue;
    m++;
    if (weights[i] !== 1) unit = false;
  }
  const kept = new Int32Array(m);
  for (let i = 0, k = 0; i < weights.length; i++) if (weights[i] !== 0) kept[k++] = i;
  const all = m === weights.length;
  function pick<T extends Float64Array | Int32Array>(a: T, out: T): T {
    for (let k = 0; k < m; k++) out[k] = a[kept[k]];
    return out;
  }
  const source = used.map((j) => (all ? model.columns[j] : pick(model.columns[j], new Float64Array(m))));
  const fes = model.fes.map((f) => ({ codes: all ? f.codes : pick(f.codes, new Int32Array(m)), nlevels: f.nlevels }));
  const w = unit ? null : all ? weights : pick(weights, new Float64Array(m));
  const quiet: RunContext = { checkCancelled: () => ctx.checkCancelled(), progress: () => undefined };
  const demeaned = fes.length ? demean(prepareFixedEffects(fes, w), source, { tol: model.fixefTol, maxIter: model.fixefIter }, quiet).columns : source;
  // One weighted cross-product matrix of every used column serves all the equations.
  const S = crossprod(demeaned, w ?? undefined);
  const pos = new Map(used.map((j, k) => [j, k]));
  return equations.map((eq) => {
    const xs = eq.x.map((j) => pos.get(j) as number);
    const yk = pos.get(eq.y) as number;
    const chol = choleskyExclude(
      xs.map((a) => xs.map((b) => S[a][b])),
      model.collinTol,
    );
    const beta = new Array<number>(eq.x.length).fill(Number.NaN);
    if (!chol) return beta;
    chol.kept.forEach((c, a) => {
      let s = 0;
      chol.kept.forEach((d, b) => (s += chol.inverse[a][b] * S[xs[d]][yk]));
      beta[c] = s;
    });
    return beta;
  });
}

/** Row weights of one cluster-bootstrap draw: how often each row's cluster was drawn (G draws). */
export function clusterBootstrapWeights(codes: Int32Array, nclusters: number, uniform: () => number, out: Float64Array = new Float64Array(codes.length)): Float64Array {
  const count = new Float64Array(nclusters);
  for (let g = 0; g < nclusters; g++) count[Math.floor(uniform() * nclusters)]++;
  for (let i = 0; i < codes.length; i++) out[i] = count[codes[i]];
  return out;
}

/** Seeded uniforms (the project's MT19937 stream) and standard normals by Box–Muller. */
export function seededDraws(seed: number): { uniform(): number; normal(): number } {
  const uniform = seededUniform(seed);
  return {
    uniform,
    normal: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()),
  };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(a: T[] | Int32Array, uniform: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** Percentile interval: R's type-7 quantiles of the draws at (1 − level)/2 and (1 + level)/2. */
export function percentileInterval(sorted: Float64Array, level: number): { conf_low: number; conf_high: number } {
  const alpha = 1 - level;
  return { conf_low: quantileType7Sorted(sorted, alpha / 2), conf_high: quantileType7Sorted(sorted, 1 - alpha / 2) };
}

/**
 * Bias-corrected percentile interval (Efron 1982; Efron & Tibshirani 1993, sec. 14.3, without
 * the acceleration): z0 = Φ⁻¹(share of draws below the estimate, ties counted half), and the
 * interval takes the draws' quantiles at Φ(2·z0 ∓ z_{1−α/2}).
 */
export function biasCorrectedInterval(sorted: Float64Array, estimate: number, level: number): { conf_low: number | null; conf_high: number | null; z0: number | null; reason?: string } {
  let below = 0;
  for (const v of sorted) below += v < estimate ? 1 : v === estimate ? 0.5 : 0;
  const share = below / sorted.length;
  if (share <= 0 || share >= 1) return { conf_low: null, conf_high: null, z0: null, reason: `every bootstrap draw lies on one side of the estimate, so the bias correction is infinite` };
  const z0 = normalQuantile(share);
  const z = normalQuantile(1 - (1 - level) / 2);
  return { conf_low: quantileType7Sorted(sorted, normalCdf(2 * z0 - z)), conf_high: quantileType7Sorted(sorted, normalCdf(2 * z0 + z)), z0 };
}

/** Equal-width histogram over [min, max] of the finite values (the last bin includes max). */
export function histogram(values: ArrayLike<number>, bins: number, keep?: (i: number) => boolean): { breaks: number[]; counts: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return { breaks: [], counts: [] };
  if (hi === lo) return { breaks: [lo, hi], counts: [countWhere(values, keep)] };
  const width = (hi - lo) / bins;
  const breaks = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (keep && !keep(i))) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { breaks, counts };
}

function countWhere(values: ArrayLike<number>, keep?: (i: number) => boolean): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]) && (!keep || keep(i))) c++;
  return c;
}
