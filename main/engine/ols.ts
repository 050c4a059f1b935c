/**
 * The least-squares core shared by feols and 2SLS: cross-products of (demeaned) columns, a
 * rank-revealing Cholesky that drops collinear regressors as fixest does, and the table of
 * estimates, standard errors, t/p values and confidence intervals.
 *
 * Collinearity (fixest cpp_cholesky): X'WX is factorised column by column; a column whose
 * remaining pivot L_jj² falls below `collinTol` (1e-10, absolute, as fixest) is dropped and
 * the factorisation continues without it. The earlier column is kept, so in `x + 2x` it is
 * `2x` that is reported in collinear_dropped, and a variable constant within a fixed effect
 * (demeaned to ~0) is dropped.
 */
import type { Matrix } from './linalg';
import { zeros } from './linalg';
import { normalTwoSided, normalQuantile, tQuantileFn, tTwoSided } from './dist';

export interface CholeskyResult {
  /** Indices of the columns kept (not collinear). */
  kept: number[];
  excluded: number[];
  /** (X'WX)⁻¹ restricted to the kept columns. */
  inverse: Matrix;
}

/** fixest's rank-revealing Cholesky with on-the-fly exclusion; null when every column goes. */
export function choleskyExclude(xtx: Matrix, tol: number): CholeskyResult | null {
  const k = xtx.length;
  const L = zeros(k, k);
  const excl = new Array<boolean>(k).fill(false);
  for (let j = 0; j < k; j++) {
    let ljj = xtx[j][j];
    for (let p = 0; p < j; p++) if (!excl[p]) ljj -= L[j][p] * L[j][p];
    if (!(ljj >= tol)) {
      excl[j] = true;
      continue;
    }
    ljj = Math.sqrt(ljj);
    L[j][j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let v = xtx[i][j];
      for (let p = 0; p < j; p++) if (!excl[p]) v -= L[i][p] * L[j][p];
      L[i][j] = v / ljj;
    }
  }
  const kept: number[] = [];
  const excluded: number[] = [];
  excl.forEach((e, j) => (e ? excluded : kept).push(j));
  if (kept.length === 0 && k > 0) return null;
  // R = L' on the kept columns; (X'X)⁻¹ = R⁻¹ R⁻ᵀ.
  const m = kept.length;
  const R = zeros(m, m);
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) R[a][b] = L[kept[b]][kept[a]];
  const Ri = zeros(m, m);
  for (let i = 0; i < m; i++) Ri[i][i] = 1 / R[i][i];
  for (let b = 1; b < m; b++) {
    for (let i = 0; i + b < m; i++) {
      const col = i + b;
      let num = 0;
      for (let p = i + 1; p <= col; p++) num -= R[i][p] * Ri[p][col];
      Ri[i][col] = num * Ri[i][i];
    }
  }
  const inverse = zeros(m, m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) {
    let s = 0;
    for (let p = j; p < m; p++) s += Ri[i][p] * Ri[j][p];
    inverse[i][j] = s;
    inverse[j][i] = s;
  }
  return { kept, excluded, inverse };
}

/** s + Σ_{i ∈ [from, to)} a[i]·b[i], or with weights s + Σ (w[i]·a[i])·b[i]. */
function dotRange(a: Float64Array, b: Float64Array, w: Float64Array | null, from: number, to: number, s: number): number {
  if (w) for (let i = from; i < to; i++) s += w[i] * a[i] * b[i];
  else for (let i = from; i < to; i++) s += a[i] * b[i];
  return s;
}

/** Rows per block in crossProducts: a block of every column stays in cache while it is reused. */
const CROSS_BLOCK = 4096;

/**
 * X'WX and X'Wy in column-major loops. The rows are taken in blocks and every product is
 * accumulated block after block, so each sum still runs over the rows in order (the same
 * result as one pass per product) while each block of a column is read from memory once.
 */
export function crossProducts(cols: ReadonlyArray<Float64Array>, y: Float64Array | null, w: Float64Array | null): { xtx: Matrix; xty: number[] } {
  const k = cols.length;
  const n = y ? y.length : k ? cols[0].length : 0;
  const xtx = zeros(k, k);
  const xty = new Array<number>(k).fill(0);
  const sums = new Float64Array((k * (k + 1)) / 2 + (y ? k : 0));
  for (let from = 0; from < n; from += CROSS_BLOCK) {
    const to = Math.min(n, from + CROSS_BLOCK);
    let p = 0;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b <= a; b++, p++) sums[p] = dotRange(cols[a], cols[b], w, from, to, sums[p]);
      if (y) sums[sums.length - k + a] = dotRange(cols[a], y, w, from, to, sums[sums.length - k + a]);
    }
  }
  let p = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++, p++) {
      xtx[a][b] = sums[p];
      xtx[b][a] = sums[p];
    }
    if (y) xty[a] = sums[sums.length - k + a];
  }
  return { xtx, xty };
}

export interface LinearFit {
  kept: number[];
  excluded: number[];
  beta: number[];
  inverse: Matrix;
  residuals: Float64Array;
}

/** Least squares of y on the columns (already demeaned when there are fixed effects). */
export function fitLinear(y: Float64Array, cols: ReadonlyArray<Float64Array>, w: Float64Array | null, collinTol: number): LinearFit | null {
  const n = y.length;
  if (cols.length === 0) return { kept: [], excluded: [], beta: [], inverse: [], residuals: Float64Array.from(y) };
  const { xtx, xty } = crossProducts(cols, y, w);
  const chol = choleskyExclude(xtx, collinTol);
  if (!chol) return null;
  const beta = chol.inverse.map((row) => row.reduce((s, v, j) => s + v * xty[chol.kept[j]], 0));
  const residuals = Float64Array.from(y);
  chol.kept.forEach((c, j) => {
    const x = cols[c];
    const b = beta[j];
    for (let i = 0; i < n; i++) residuals[i] -= b * x[i];
  });
  return { kept: chol.kept, excluded: chol.excluded, beta, inverse: chol.inverse, residuals };
}

export function weightedSsq(x: Float64Array, w: Float64Array | null): number {
  let s = 0;
  if (w) for (let i = 0; i < x.length; i++) s += w[i] * x[i] * x[i];
  else for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/** Σ w (y − ȳ_w)², the total sum of squares around the (weighted) mean. */
export function ssrNull(y: Float64Array, w: Float64Array | null): number {
  let sw = 0;
  let sy = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    sw += wi;
    sy += wi * y[i];
  }
  const mean = sy / sw;
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const d = y[i] - mean;
    s += (w ? w[i] : 1) * d * d;
  }
  return s;
}

export interface CoefficientRow {
  estimate: number | null;
  se: number | null;
  t: number | null;
  p: number | null;
  conf_low: number | null;
  conf_high: number | null;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Estimate, SE, t, two-sided p and CI for one coefficient. */
export function coefficientRow(estimate: number, variance: number, df: number, pDist: 't' | 'normal', level: number): CoefficientRow {
  const se = Math.sqrt(variance);
  const t = estimate / se;
  const dist = pDist === 'normal' ? Infinity : df;
  const p = Number.isFinite(dist) ? tTwoSided(t, dist) : normalTwoSided(t);
  const q = Number.isFinite(dist) ? tQuantileFn(1 - (1 - level) / 2, dist) : normalQuantile(1 - (1 - level) / 2);
  return {
    estimate: finiteOrNull(estimate),
    se: finiteOrNull(se),
    t: finiteOrNull(t),
    p: finiteOrNull(p),
    conf_low: finiteOrNull(estimate - q * se),
    conf_high: finiteOrNull(estimate + q * se),
  };
}

/** R² family as fixest's r2(): n, nparams, coefficient count, SSRs. */
export function rSquared(a: { ssr: number; ssrNull: number; ssrFeOnly: number | null; n: number; nparams: number; ncoef: number; hasIntercept: boolean; hasFixef: boolean; onlyIntercept: boolean }): {
  r2: number | null;
  adj_r2: number | null;
  r2_within: number | null;
  adj_r2_within: number | null;
} {
  const { ssr, n, nparams, ncoef } = a;
  const dfIntercept = a.hasIntercept || a.hasFixef ? 1 : 0;
  const ok = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const r2 = a.onlyIntercept ? null : ok(1 - (ssr / a.ssrNull) * ((n - dfIntercept) / (n - 1)));
  const adj = a.onlyIntercept ? null : ok(1 - (ssr / a.ssrNull) * ((n - dfIntercept) / (n - nparams)));
  let within: number | null = null;
  let adjWithin: number | null = null;
  if (a.hasFixef && a.ssrFeOnly !== null && ncoef > 0) {
    const nbFe = nparams - ncoef;
    within = ok(1 - ssr / a.ssrFeOnly);
    adjWithin = ok(1 - (ssr / a.ssrFeOnly) * ((n - nbFe) / (n - nbFe - ncoef)));
  }
  return { r2, adj_r2: adj, r2_within: within, adj_r2_within: adjWithin };
}
