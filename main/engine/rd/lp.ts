/**
 * Linear algebra the RD estimators share: Vandermonde columns, weighted Gram matrices, the
 * Moore–Penrose inverse rdrobust uses for covariate adjustment
 * (MASS::ginv), and R's pivoted-QR rank detection (LINPACK dqrdc2, used by rdrobust's
 * covs_drop). n-length work stays in Float64Array loops; k×k work uses linalg.ts.
 */
import { zeros, type Matrix } from '../linalg';
import { symmetricEigen } from '../vcov';

/** Columns 1, u, u², …, u^p built by successive multiplication, as rdrobust's .rdrobust_vander. */
export function powerColumns(u: Float64Array, p: number): Float64Array[] {
  const cols: Float64Array[] = [new Float64Array(u.length).fill(1)];
  for (let j = 1; j <= p; j++) {
    const prev = cols[j - 1];
    const col = new Float64Array(u.length);
    for (let i = 0; i < u.length; i++) col[i] = prev[i] * u[i];
    cols.push(col);
  }
  return cols;
}

/** Σ w_i x_ia x_ib for the given columns (one pass over the rows). */
export function gram(cols: ReadonlyArray<Float64Array>, w: Float64Array): Matrix {
  const k = cols.length;
  const n = w.length;
  const acc = new Float64Array(k * k);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    for (let a = 0; a < k; a++) row[a] = cols[a][i];
    for (let a = 0; a < k; a++) {
      const va = wi * row[a];
      const base = a * k;
      for (let b = 0; b <= a; b++) acc[base + b] += va * row[b];
    }
  }
  const g = zeros(k, k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b <= a; b++) {
      g[a][b] = acc[a * k + b];
      g[b][a] = g[a][b];
    }
  return g;
}

/**
 * Moore–Penrose inverse of a symmetric matrix as MASS::ginv computes it: singular values below
 * tol × the largest are treated as zero (for a symmetric matrix the singular values are the
 * absolute eigenvalues).
 */
export function ginvSym(a: Matrix, tol: number): Matrix {
  const k = a.length;
  const { values, vectors } = symmetricEigen(a);
  const smax = Math.max(...values.map(Math.abs));
  const out = zeros(k, k);
  for (let e = 0; e < k; e++) {
    const lam = values[e];
    if (!(Math.abs(lam) > Math.max(tol * smax, 0))) continue;
    for (let i = 0; i < k; i++) {
      const vi = vectors[i][e] / lam;
      if (vi === 0) continue;
      for (let j = 0; j < k; j++) out[i][j] += vi * vectors[j][e];
    }
  }
  return out;
}

/**
 * Columns kept by R's qr(z, tol = 1e-7) (LINPACK dqrdc2, limited column pivoting): a column
 * whose remaining norm after the Householder steps of the earlier columns falls below tol
 * times its original norm is moved to the end and counted as redundant. Returns the kept
 * column indices in their original order (rdrobust's covs_drop_fun).
 */
export function qrKeptColumns(cols: ReadonlyArray<Float64Array>, tol = 1e-7): number[] {
  const p = cols.length;
  if (p === 0) return [];
  const n = cols[0].length;
  const x = cols.map((c) => Float64Array.from(c));
  const order = cols.map((_, j) => j);
  const norm = (v: Float64Array, from: number): number => {
    let s = 0;
    for (let i = from; i < n; i++) s += v[i] * v[i];
    return Math.sqrt(s);
  };
  const orig = x.map((v) => {
    const nv = norm(v, 0);
    return nv === 0 ? 1 : nv;
  });
  let k = p;
  const lup = Math.min(n, p);
  for (let l = 0; l < lup; l++) {
    while (l < k && norm(x[l], l) < orig[l] * tol) {
      x.push(x.splice(l, 1)[0]);
      order.push(order.splice(l, 1)[0]);
      orig.push(orig.splice(l, 1)[0]);
      k--;
    }
    if (l >= k || l === n - 1) continue;
    const xl = x[l];
    let nrm = norm(xl, l);
    if (nrm === 0) continue;
    if (xl[l] !== 0) nrm = Math.sign(xl[l]) * Math.abs(nrm);
    for (let i = l; i < n; i++) xl[i] /= nrm;
    xl[l] += 1;
    for (let j = l + 1; j < p; j++) {
      const xj = x[j];
      let dot = 0;
      for (let i = l; i < n; i++) dot += xl[i] * xj[i];
      const t = -dot / xl[l];
      for (let i = l; i < n; i++) xj[i] += t * xl[i];
    }
  }
  return order.slice(0, Math.min(k, n)).sort((a, b) => a - b);
}
