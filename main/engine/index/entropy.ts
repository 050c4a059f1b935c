/**
 * Entropy weights (the entropy method of criteria weights in Hwang & Yoon 1981, after Shannon 1948; the
 * 熵值法 of composite-index studies): for standardised non-negative values z_ij of n units on k
 * indicators,
 *
 *   p_ij = z_ij / Σ_i z_ij,   e_j = −(1 / ln n) Σ_i p_ij ln p_ij,   d_j = 1 − e_j,
 *   w_j = d_j / Σ_j d_j,
 *
 * with p ln p = 0 at p = 0. An indicator whose values are nearly equal across units has entropy
 * near 1 and little weight; one that separates units sharply gets more.
 */
import { UserError } from '../errors';

export interface EntropyWeight {
  entropy: number;
  divergence: number;
  weight: number;
}

export function entropyWeights(columns: Float64Array[]): EntropyWeight[] {
  const n = columns.length ? columns[0].length : 0;
  if (n < 2) throw new UserError('index.too_few_rows', `Entropy weights need at least two observations per group; this group has ${n}.`, { rows: n });
  const k = 1 / Math.log(n);
  const stats = columns.map((z) => {
    let total = 0;
    for (const v of z) total += v;
    let s = 0;
    for (const v of z) {
      const p = v / total;
      if (p > 0) s += p * Math.log(p);
    }
    const entropy = -k * s;
    return { entropy, divergence: 1 - entropy };
  });
  const sumD = stats.reduce((a, x) => a + x.divergence, 0);
  if (!(sumD > 0)) throw new UserError('index.no_divergence', 'Every indicator has maximal entropy (all values equal after standardisation), so entropy weights are undefined.', {});
  return stats.map((x) => ({ ...x, weight: x.divergence / sumD }));
}
