/**
 * Covariate balance before and after matching, with the definitions of MatchIt's
 * summary.matchit() for the ATT (lalonde.json notes, "BALANCE"):
 * - means are weighted means within each group;
 * - Std. Mean Diff. divides by the treated group's SD in the full sample (n - 1 denominator;
 *   sqrt(p(1 - p)) for 0/1 variables), the same number before and after matching, and is the
 *   raw difference when |difference| <= sqrt(machine epsilon);
 * - Var. Ratio = weighted variance treated / control, variance = sum w (x - m)^2 / (1 - sum w^2)
 *   with weights normalised to sum 1 in the group (null for 0/1 variables);
 * - eCDF Mean / Max = mean / max of |F_t - F_c| over the distinct values of x among all units;
 * - Std. Pair Dist. = mean |x_t - x_c| over matched pairs, standardised like the SMD.
 * We add a t test of the difference in means (Stata's pstest reports one): a weighted
 * regression of x on the treatment dummy with classical SEs, i.e. the pooled two-sample t
 * test before matching and its matching-weight analogue after.
 */
import { tTwoSided } from '../dist';

const SQRT_EPS = Math.sqrt(2.220446049250313e-16);

export interface BalanceRow {
  'Means Treated': number;
  'Means Control': number;
  'Std. Mean Diff.': number;
  'Var. Ratio': number | null;
  'eCDF Mean': number;
  'eCDF Max': number;
  'Std. Pair Dist.': number | null;
  /** t statistic and two-sided p of the mean difference (null when a group has < 2 units). */
  't': number | null;
  'p': number | null;
}

export interface BalanceColumn {
  name: string;
  values: Float64Array;
}

/** Every value is 0 or 1 (MatchIt's binary-variable rule). */
export function isBinary(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== 0 && x[i] !== 1) return false;
  return true;
}

/** Weighted variance with weights normalised to sum 1 (MatchIt's wvar). */
function weightedVariance(x: ArrayLike<number>, w: ArrayLike<number>, idx: Int32Array, binary: boolean): number {
  let sw = 0;
  for (let k = 0; k < idx.length; k++) sw += w[idx[k]];
  let m = 0;
  for (let k = 0; k < idx.length; k++) m += (w[idx[k]] / sw) * x[idx[k]];
  if (binary) return m * (1 - m);
  let ss = 0;
  let sw2 = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const wi = w[i] / sw;
    ss += wi * (x[i] - m) * (x[i] - m);
    sw2 += wi * wi;
  }
  return ss / (1 - sw2);
}

function weightedMean(x: ArrayLike<number>, w: ArrayLike<number>, idx: Int32Array): number {
  let s = 0;
  let sw = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    s += w[i] * x[i];
    sw += w[i];
  }
  return s / sw;
}

/**
 * Rank of each unit's value among the distinct values of x (0-based) and the number of
 * distinct values; found by binary search in the natively sorted values.
 */
function distinctRanks(x: Float64Array): { rank: Int32Array; count: number } {
  const sorted = Float64Array.from(x).sort();
  let count = 0;
  for (let r = 0; r < sorted.length; r++) if (r === 0 || sorted[r] !== sorted[r - 1]) sorted[count++] = sorted[r];
  const rank = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < x[i]) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
  }
  return { rank, count };
}

/**
 * eCDF differences evaluated at each distinct value of x over all units (weights normalised
 * within group; units of weight 0 still contribute their x values as evaluation points).
 */
function ecdfStats(treat: Uint8Array, w: ArrayLike<number>, ranks: { rank: Int32Array; count: number }): { mean: number; max: number } {
  let s1 = 0;
  let s0 = 0;
  for (let i = 0; i < treat.length; i++) {
    if (treat[i] === 1) s1 += w[i];
    else s0 += w[i];
  }
  const step = new Float64Array(ranks.count);
  for (let i = 0; i < treat.length; i++) step[ranks.rank[i]] += treat[i] === 1 ? w[i] / s1 : -w[i] / s0;
  let cum = 0;
  let sum = 0;
  let max = 0;
  for (let r = 0; r < ranks.count; r++) {
    cum += step[r];
    const a = Math.abs(cum);
    sum += a;
    if (a > max) max = a;
  }
  return { mean: sum / ranks.count, max };
}

/** Weighted regression of x on a treatment dummy: t statistic of the slope with classical SE. */
function meanDifferenceT(x: ArrayLike<number>, treat: Uint8Array, w: ArrayLike<number>): { t: number | null; p: number | null } {
  let n1 = 0;
  let n0 = 0;
  let sw1 = 0;
  let sw0 = 0;
  let m1 = 0;
  let m0 = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(w[i] > 0)) continue;
    if (treat[i] === 1) {
      n1++;
      sw1 += w[i];
      m1 += w[i] * x[i];
    } else {
      n0++;
      sw0 += w[i];
      m0 += w[i] * x[i];
    }
  }
  if (n1 < 1 || n0 < 1 || n1 + n0 < 3) return { t: null, p: null };
  m1 /= sw1;
  m0 /= sw0;
  let ssr = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(w[i] > 0)) continue;
    const r = x[i] - (treat[i] === 1 ? m1 : m0);
    ssr += w[i] * r * r;
  }
  const df = n1 + n0 - 2;
  const se = Math.sqrt((ssr / df) * (1 / sw1 + 1 / sw0));
  if (!(se > 0)) return { t: null, p: null };
  const t = (m1 - m0) / se;
  return { t, p: tTwoSided(t, df) };
}

export interface BalanceInput {
  columns: BalanceColumn[];
  treat: Uint8Array;
  /** Matching weights (0 = not in the matched sample). */
  weights: Float64Array;
  /** Matched (treated, control) index pairs; one entry per pair, reused controls repeated. */
  pairs: Array<[number, number]>;
}

export interface BalanceTables {
  balance_before: Record<string, BalanceRow>;
  balance_after: Record<string, BalanceRow>;
  smd_before: Record<string, number>;
  smd_after: Record<string, number>;
}

export function balanceTables(input: BalanceInput): BalanceTables {
  const { treat, weights, pairs } = input;
  const n = treat.length;
  const ones = new Float64Array(n).fill(1);
  const select = (pred: (i: number) => boolean): Int32Array => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (pred(i)) out.push(i);
    return Int32Array.from(out);
  };
  const idx1 = select((i) => treat[i] === 1);
  const idx0 = select((i) => treat[i] !== 1);
  const m1 = select((i) => treat[i] === 1 && weights[i] > 0);
  const m0 = select((i) => treat[i] !== 1 && weights[i] > 0);
  const pairT = Int32Array.from(pairs, (p) => p[0]);
  const pairC = Int32Array.from(pairs, (p) => p[1]);
  const before: Record<string, BalanceRow> = {};
  const after: Record<string, BalanceRow> = {};
  const smdBefore: Record<string, number> = {};
  const smdAfter: Record<string, number> = {};
  for (const col of input.columns) {
    const x = col.values;
    const binary = isBinary(x);
    const sd = Math.sqrt(weightedVariance(x, ones, idx1, binary));
    const ranks = binary ? null : distinctRanks(x);
    const row = (w: ArrayLike<number>, t1: Int32Array, t0: Int32Array, withPairs: boolean): BalanceRow => {
      const mt = weightedMean(x, w, t1);
      const mc = weightedMean(x, w, t0);
      const d = mt - mc;
      const big = Math.abs(d) > SQRT_EPS;
      const ecdf = ranks ? ecdfStats(treat, w, ranks) : { mean: Math.abs(d), max: Math.abs(d) };
      let pairDist: number | null = null;
      if (withPairs && pairT.length > 0) {
        let s = 0;
        for (let k = 0; k < pairT.length; k++) s += Math.abs(x[pairT[k]] - x[pairC[k]]);
        pairDist = s / pairT.length;
        if (big && Math.abs(pairDist) > 1e-8) pairDist /= sd;
      }
      const tt = meanDifferenceT(x, treat, w);
      return {
        'Means Treated': mt,
        'Means Control': mc,
        'Std. Mean Diff.': big ? d / sd : d,
        'Var. Ratio': binary ? null : weightedVariance(x, w, t1, false) / weightedVariance(x, w, t0, false),
        'eCDF Mean': ecdf.mean,
        'eCDF Max': ecdf.max,
        'Std. Pair Dist.': pairDist,
        t: tt.t,
        p: tt.p,
      };
    };
    before[col.name] = row(ones, idx1, idx0, false);
    after[col.name] = row(weights, m1, m0, true);
    smdBefore[col.name] = before[col.name]['Std. Mean Diff.'];
    smdAfter[col.name] = after[col.name]['Std. Mean Diff.'];
  }
  return { balance_before: before, balance_after: after, smd_before: smdBefore, smd_after: smdAfter };
}

export interface SampleSizes {
  'All (ESS)': { Control: number; Treated: number };
  All: { Control: number; Treated: number };
  'Matched (ESS)': { Control: number; Treated: number };
  Matched: { Control: number; Treated: number };
  Unmatched: { Control: number; Treated: number };
  Discarded: { Control: number; Treated: number };
}

/** MatchIt's sample-size table; ESS = (sum w)^2 / sum w^2 within a group. */
export function sampleSizes(treat: Uint8Array, weights: Float64Array, discarded: Uint8Array): SampleSizes {
  const acc = [0, 1].map(() => ({ n: 0, sw: 0, sw2: 0, matched: 0, unmatched: 0, discarded: 0 }));
  for (let i = 0; i < treat.length; i++) {
    const g = acc[treat[i] === 1 ? 1 : 0];
    g.n++;
    g.sw += weights[i];
    g.sw2 += weights[i] * weights[i];
    if (weights[i] > 0) g.matched++;
    else if (discarded[i]) g.discarded++;
    else g.unmatched++;
  }
  const [c, t] = acc;
  const ess = (g: (typeof acc)[number]): number => (g.sw2 > 0 ? (g.sw * g.sw) / g.sw2 : 0);
  return {
    'All (ESS)': { Control: c.n, Treated: t.n },
    All: { Control: c.n, Treated: t.n },
    'Matched (ESS)': { Control: ess(c), Treated: ess(t) },
    Matched: { Control: c.matched, Treated: t.matched },
    Unmatched: { Control: c.unmatched, Treated: t.unmatched },
    Discarded: { Control: c.discarded, Treated: t.discarded },
  };
}
