/**
 * Principal components of standardised indicators: the eigen-decomposition R v = λ v of their
 * correlation matrix R = Z'Z / (n − 1), eigenvalues in decreasing order, each eigenvector
 * signed so its elements sum to a positive number (higher index = more of the positively
 * oriented indicators). The composite of the first m components weights each component's
 * score Z v_k by its share of the retained variance, λ_k / Σ_{l ≤ m} λ_l, so the index is
 * Σ_j c_j z_j with c_j = Σ_k (λ_k / Σλ) v_jk.
 */
import { UserError } from '../errors';
import { crossprod, type Matrix } from '../linalg';
import { symmetricEigen } from '../vcov';

export interface Pca {
  /** The correlation matrix the decomposition is of. */
  correlation: Matrix;
  eigenvalues: number[];
  /** vectors[k] = k-th unit eigenvector. */
  vectors: number[][];
}

export function principalComponents(z: Float64Array[]): Pca {
  const n = z.length ? z[0].length : 0;
  if (n < 2) throw new UserError('index.too_few_rows', `Principal components need at least two observations; there are ${n}.`, { rows: n });
  const correlation = crossprod(z).map((row) => row.map((v) => v / (n - 1)));
  const { values, vectors } = symmetricEigen(correlation);
  const order = values.map((_, k) => k).sort((a, b) => values[b] - values[a]);
  return {
    correlation,
    eigenvalues: order.map((k) => values[k]),
    vectors: order.map((k) => {
      const v = vectors.map((row) => row[k]);
      const s = v.reduce((a, x) => a + x, 0);
      return s < 0 ? v.map((x) => -x) : v;
    }),
  };
}

/** How many components: a number, eigenvalues above 1, or the fewest reaching a cumulative share. */
export function componentCount(eigenvalues: number[], rule: number | 'kaiser' | { cumulative: number }): number {
  const k = eigenvalues.length;
  if (typeof rule === 'number') {
    if (rule > k) throw new UserError('index.too_many_components', `${rule} components were asked for, but there are only ${k} indicators.`, { components: rule, indicators: k });
    return rule;
  }
  if (rule === 'kaiser') return Math.max(1, eigenvalues.filter((l) => l > 1).length);
  const total = eigenvalues.reduce((a, l) => a + l, 0);
  let cum = 0;
  for (let m = 0; m < k; m++) {
    cum += eigenvalues[m];
    if (cum / total >= rule.cumulative - 1e-12) return m + 1;
  }
  return k;
}

/** c_j = Σ_{k < m} (λ_k / Σ_{l < m} λ_l) v_jk. */
export function scoreCoefficients(p: Pca, m: number): number[] {
  const kept = p.eigenvalues.slice(0, m);
  const total = kept.reduce((a, l) => a + l, 0);
  return p.vectors[0].map((_, j) => kept.reduce((s, l, k) => s + (l / total) * p.vectors[k][j], 0));
}
