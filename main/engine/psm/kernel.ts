/**
 * Kernel and radius matching on a scalar score (Heckman, Ichimura & Todd 1997/1998; the
 * definitions of Stata's psmatch2, Leuven & Sianesi 2003):
 * - kernel: each treated unit i is compared with the kernel-weighted mean of all controls,
 *   weights K((p_j - p_i) / h) normalised over j; control j's matching weight is the sum of
 *   its normalised kernel weights over the treated units. psmatch2's defaults: Epanechnikov
 *   kernel, bandwidth 0.06. A treated unit with no control inside the kernel's support is
 *   off support (unmatched).
 * - radius: each treated unit is matched to every control within the caliper, each weighted
 *   1 / (number of such controls) (Dehejia & Wahba 2002); no control within it → unmatched.
 * Either way treated units weigh 1, so the ATT is the weighted difference in means, the
 * coefficient of a regression of the outcome on the treatment dummy with these weights.
 */
import type { RunContext } from '../context';
import { silentContext } from '../context';
import { stableOrder } from './nearest';

export type KernelName = 'epanechnikov' | 'gaussian' | 'biweight' | 'uniform' | 'tricube';

type KernelFn = (u: number) => number;

/**
 * Kernels as functions of u = distance / bandwidth (normalising constants cancel in the
 * weights). "radius" is the uniform kernel with its boundary included: radius matching.
 */
const KERNELS: Record<KernelName | 'radius', KernelFn> = {
  radius: (u) => (u >= -1 && u <= 1 ? 1 : 0),
  gaussian: (u) => Math.exp(-0.5 * u * u),
  epanechnikov: (u) => (u > -1 && u < 1 ? 1 - u * u : 0),
  biweight: (u) => (u > -1 && u < 1 ? (1 - u * u) * (1 - u * u) : 0),
  uniform: (u) => (u > -1 && u < 1 ? 1 : 0),
  tricube: (u) => {
    const a = Math.abs(u);
    if (a >= 1) return 0;
    const t = 1 - a * a * a;
    return t * t * t;
  },
};

export function kernelValue(kernel: KernelName, u: number): number {
  return KERNELS[kernel](u);
}

/**
 * Writes K((scores[r] - s) / h) into out[r] for r in [lo, hi) and returns their sum and the
 * number of positive values. One monomorphic loop per kernel: this is the O(n1 × window) hot
 * path of kernel matching.
 */
function fillKernel(kernel: KernelName | 'radius', scores: Float64Array, lo: number, hi: number, s: number, h: number, out: Float64Array): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  const inv = 1 / h;
  switch (kernel) {
    case 'epanechnikov':
      for (let r = lo; r < hi; r++) {
        const u = (scores[r] - s) * inv;
        const v = u > -1 && u < 1 ? 1 - u * u : 0;
        out[r] = v;
        sum += v;
        if (v > 0) count++;
      }
      break;
    case 'gaussian':
      for (let r = lo; r < hi; r++) {
        const u = (scores[r] - s) * inv;
        const v = Math.exp(-0.5 * u * u);
        out[r] = v;
        sum += v;
        if (v > 0) count++;
      }
      break;
    default:
      for (let r = lo; r < hi; r++) {
        const v = KERNELS[kernel]((scores[r] - s) * inv);
        out[r] = v;
        sum += v;
        if (v > 0) count++;
      }
  }
  return { sum, count };
}

export interface WeightedMatch {
  /** Matching weights per unit (treated 1 if matched; 0 = not in the matched sample). */
  weights: Float64Array;
  /** Treated units (not discarded) that found no control. */
  unmatched: number[];
  /** Number of controls contributing to each matched treated unit's counterfactual. */
  controlsPerTreated: number[];
}

interface Controls {
  /** Control indices sorted by score. */
  idx: Int32Array;
  score: Float64Array;
}

function sortedControls(score: Float64Array, treat: Uint8Array, discarded: Uint8Array): Controls {
  const idx: number[] = [];
  for (const i of stableOrder(score)) if (treat[i] !== 1 && !discarded[i]) idx.push(i);
  return { idx: Int32Array.from(idx), score: Float64Array.from(idx, (i) => score[i]) };
}

/** First position in the ascending array with value >= x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position with value > x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function kernelMatch(score: Float64Array, treat: Uint8Array, opts: { kernel: KernelName | 'radius'; bandwidth: number; discarded?: Uint8Array; ctx?: RunContext }): WeightedMatch {
  const ctx = opts.ctx ?? silentContext;
  const n = score.length;
  const discarded = opts.discarded ?? new Uint8Array(n);
  const c = sortedControls(score, treat, discarded);
  const w = new Float64Array(n);
  const unmatched: number[] = [];
  const per: number[] = [];
  const h = opts.bandwidth;
  const gaussian = opts.kernel === 'gaussian';
  // Gaussian: controls more than D bandwidths farther than the nearest one weigh less than
  // exp(-D²/2) of it (u² - u0² >= (u - u0)²); with D = sqrt(2 ln(1e16 n0)) all of them together
  // are below 1e-16 of the sum, so the window loses nothing in double precision.
  const D = Math.sqrt(2 * Math.log(1e16 * Math.max(2, c.idx.length)));
  const k = new Float64Array(c.idx.length);
  const wc = new Float64Array(c.idx.length);
  let nTreated = 0;
  for (let i = 0; i < n; i++) if (treat[i] === 1 && !discarded[i]) nTreated++;
  let done = 0;
  for (let i = 0; i < n; i++) {
    if (treat[i] !== 1 || discarded[i]) continue;
    if (++done % 256 === 0) {
      ctx.checkCancelled();
      ctx.progress(done / nTreated, 'matching');
    }
    let half = h;
    if (gaussian) {
      const p = lowerBound(c.score, score[i]);
      let near = Infinity;
      if (p < c.score.length) near = c.score[p] - score[i];
      if (p > 0) near = Math.min(near, score[i] - c.score[p - 1]);
      half = near + D * h;
    }
    // Widened by a hair so rounding in s ± half never hides a control; the kernel decides.
    half *= 1 + 1e-12;
    const lo = lowerBound(c.score, score[i] - half);
    const hi = upperBound(c.score, score[i] + half);
    const { sum, count } = fillKernel(opts.kernel, c.score, lo, hi, score[i], h, k);
    if (!(sum > 0)) {
      unmatched.push(i);
      continue;
    }
    w[i] = 1;
    per.push(count);
    const inv = 1 / sum;
    for (let r = lo; r < hi; r++) wc[r] += k[r] * inv;
  }
  // Accumulated in score order (contiguous), scattered to data order once.
  for (let r = 0; r < wc.length; r++) w[c.idx[r]] = wc[r];
  return { weights: w, unmatched, controlsPerTreated: per };
}

/** Radius matching: the uniform kernel of half-width `caliper`, boundary included. */
export function radiusMatch(score: Float64Array, treat: Uint8Array, opts: { caliper: number; discarded?: Uint8Array; ctx?: RunContext }): WeightedMatch {
  return kernelMatch(score, treat, { kernel: 'radius', bandwidth: opts.caliper, discarded: opts.discarded, ctx: opts.ctx });
}
