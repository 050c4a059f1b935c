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

/** Kernel value at u (unnormalised constants cancel in the weights). */
export function kernelValue(kernel: KernelName, u: number): number {
  const a = Math.abs(u);
  switch (kernel) {
    case 'gaussian':
      return Math.exp(-0.5 * u * u);
    case 'epanechnikov':
      return a < 1 ? 1 - u * u : 0;
    case 'biweight':
      return a < 1 ? (1 - u * u) * (1 - u * u) : 0;
    case 'uniform':
      return a < 1 ? 1 : 0;
    case 'tricube': {
      if (a >= 1) return 0;
      const t = 1 - a * a * a;
      return t * t * t;
    }
  }
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
  idx: number[];
  score: number[];
}

function sortedControls(score: Float64Array, treat: Uint8Array, discarded: Uint8Array): Controls {
  const idx: number[] = [];
  for (const i of stableOrder(score)) if (treat[i] !== 1 && !discarded[i]) idx.push(i);
  return { idx, score: idx.map((i) => score[i]) };
}

/** First position in the ascending array with value >= x. */
function lowerBound(a: number[], x: number): number {
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
function upperBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function kernelMatch(score: Float64Array, treat: Uint8Array, opts: { kernel: KernelName; bandwidth: number; discarded?: Uint8Array; ctx?: RunContext }): WeightedMatch {
  const ctx = opts.ctx ?? silentContext;
  const n = score.length;
  const discarded = opts.discarded ?? new Uint8Array(n);
  const c = sortedControls(score, treat, discarded);
  const w = new Float64Array(n);
  const unmatched: number[] = [];
  const per: number[] = [];
  const h = opts.bandwidth;
  const compact = opts.kernel !== 'gaussian';
  let done = 0;
  for (let i = 0; i < n; i++) {
    if (treat[i] !== 1 || discarded[i]) continue;
    if (++done % 256 === 0) ctx.checkCancelled();
    // The window is widened by a hair so rounding in s ± h never hides a control; the kernel
    // itself decides membership.
    const lo = compact ? lowerBound(c.score, score[i] - h * (1 + 1e-12)) : 0;
    const hi = compact ? upperBound(c.score, score[i] + h * (1 + 1e-12)) : c.idx.length;
    let sum = 0;
    let count = 0;
    for (let r = lo; r < hi; r++) {
      const k = kernelValue(opts.kernel, (c.score[r] - score[i]) / h);
      if (k > 0) {
        sum += k;
        count++;
      }
    }
    if (!(sum > 0)) {
      unmatched.push(i);
      continue;
    }
    w[i] = 1;
    per.push(count);
    for (let r = lo; r < hi; r++) {
      const k = kernelValue(opts.kernel, (c.score[r] - score[i]) / h);
      if (k > 0) w[c.idx[r]] += k / sum;
    }
  }
  return { weights: w, unmatched, controlsPerTreated: per };
}

export function radiusMatch(score: Float64Array, treat: Uint8Array, opts: { caliper: number; discarded?: Uint8Array; ctx?: RunContext }): WeightedMatch {
  const ctx = opts.ctx ?? silentContext;
  const n = score.length;
  const discarded = opts.discarded ?? new Uint8Array(n);
  const c = sortedControls(score, treat, discarded);
  const w = new Float64Array(n);
  const unmatched: number[] = [];
  const per: number[] = [];
  let done = 0;
  for (let i = 0; i < n; i++) {
    if (treat[i] !== 1 || discarded[i]) continue;
    if (++done % 256 === 0) ctx.checkCancelled();
    // |p_j - p_i| <= caliper, the same inclusive rule as nearest-neighbour calipers.
    const lo = lowerBound(c.score, score[i] - opts.caliper * (1 + 1e-12));
    const hi = upperBound(c.score, score[i] + opts.caliper * (1 + 1e-12));
    let m = 0;
    for (let r = lo; r < hi; r++) if (Math.abs(c.score[r] - score[i]) <= opts.caliper) m++;
    if (m === 0) {
      unmatched.push(i);
      continue;
    }
    w[i] = 1;
    per.push(m);
    for (let r = lo; r < hi; r++) if (Math.abs(c.score[r] - score[i]) <= opts.caliper) w[c.idx[r]] += 1 / m;
  }
  return { weights: w, unmatched, controlsPerTreated: per };
}
