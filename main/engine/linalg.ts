/**
 * Small dense linear algebra for k×k work (k up to a few hundred): matrices are arrays of
 * rows. Anything proportional to n stays in column-major Float64Array loops (crossprod
 * helpers below) because object-based matrix code is 5× slower there (toolchain notes).
 */

export type Matrix = number[][];

export function zeros(r: number, c: number): Matrix {
  return Array.from({ length: r }, () => new Array<number>(c).fill(0));
}

export function identity(k: number): Matrix {
  const m = zeros(k, k);
  for (let i = 0; i < k; i++) m[i][i] = 1;
  return m;
}

export function transpose(a: Matrix): Matrix {
  const r = a.length;
  const c = r ? a[0].length : 0;
  const t = zeros(c, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j][i] = a[i][j];
  return t;
}

export function matMul(a: Matrix, b: Matrix): Matrix {
  const r = a.length;
  const inner = b.length;
  const c = inner ? b[0].length : 0;
  const out = zeros(r, c);
  for (let i = 0; i < r; i++) {
    const ai = a[i];
    const oi = out[i];
    for (let k = 0; k < inner; k++) {
      const aik = ai[k];
      if (aik === 0) continue;
      const bk = b[k];
      for (let j = 0; j < c; j++) oi[j] += aik * bk[j];
    }
  }
  return out;
}

export function matVec(a: Matrix, v: ArrayLike<number>): number[] {
  return a.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j] * v[j];
    return s;
  });
}

/** a' B a for a vector a. */
export function quadForm(b: Matrix, a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    let r = 0;
    for (let j = 0; j < b.length; j++) r += b[i][j] * a[j];
    s += a[i] * r;
  }
  return s;
}

/** A B A' (the sandwich). */
export function sandwich(a: Matrix, b: Matrix): Matrix {
  return matMul(matMul(a, b), transpose(a));
}

export function scale(a: Matrix, s: number): Matrix {
  return a.map((row) => row.map((v) => v * s));
}

export function add(a: Matrix, b: Matrix, sb = 1): Matrix {
  return a.map((row, i) => row.map((v, j) => v + sb * b[i][j]));
}

/** Submatrix on the given row and column indices. */
export function subMatrix(a: Matrix, rows: number[], cols: number[] = rows): Matrix {
  return rows.map((i) => cols.map((j) => a[i][j]));
}

/**
 * Cholesky factor L (lower triangular, A = L L') of a symmetric positive definite matrix;
 * null if a pivot is not positive.
 */
export function cholesky(a: Matrix): Matrix | null {
  const k = a.length;
  const l = zeros(k, k);
  for (let j = 0; j < k; j++) {
    let d = a[j][j];
    const lj = l[j];
    for (let p = 0; p < j; p++) d -= lj[p] * lj[p];
    if (!(d > 0)) return null;
    const djj = Math.sqrt(d);
    lj[j] = djj;
    for (let i = j + 1; i < k; i++) {
      const li = l[i];
      let s = a[i][j];
      for (let p = 0; p < j; p++) s -= li[p] * lj[p];
      li[j] = s / djj;
    }
  }
  return l;
}

/** Solves L L' x = b given the Cholesky factor L. */
export function choleskySolve(l: Matrix, b: ArrayLike<number>): number[] {
  const k = l.length;
  const y = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= l[i][p] * y[p];
    y[i] = s / l[i][i];
  }
  const x = new Array<number>(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i];
    for (let p = i + 1; p < k; p++) s -= l[p][i] * x[p];
    x[i] = s / l[i][i];
  }
  return x;
}

/** Inverse of a symmetric positive definite matrix via Cholesky; null if not PD. */
export function invertSPD(a: Matrix): Matrix | null {
  const l = cholesky(a);
  if (!l) return null;
  const k = a.length;
  const inv = zeros(k, k);
  const e = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, e);
    for (let i = 0; i < k; i++) inv[i][j] = col[i];
  }
  // Symmetrize: the two triangles differ in the last bits otherwise.
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const v = 0.5 * (inv[i][j] + inv[j][i]);
      inv[i][j] = v;
      inv[j][i] = v;
    }
  return inv;
}

/** General inverse by Gauss–Jordan elimination with partial pivoting; null if singular. */
export function invert(a: Matrix): Matrix | null {
  const k = a.length;
  const m = a.map((row, i) => [...row, ...identity(k)[i]]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    if (m[piv][c] === 0 || !Number.isFinite(m[piv][c])) return null;
    [m[c], m[piv]] = [m[piv], m[c]];
    const d = m[c][c];
    for (let j = 0; j < 2 * k; j++) m[c][j] /= d;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = m[r][c];
      if (f === 0) continue;
      for (let j = 0; j < 2 * k; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row) => row.slice(k));
}

/** Solves A x = b for a general square A (Gaussian elimination, partial pivoting); null if singular. */
export function solve(a: Matrix, b: ArrayLike<number>): number[] | null {
  const k = a.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    if (m[piv][c] === 0 || !Number.isFinite(m[piv][c])) return null;
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = c + 1; r < k; r++) {
      const f = m[r][c] / m[c][c];
      if (f === 0) continue;
      for (let j = c; j <= k; j++) m[r][j] -= f * m[c][j];
    }
  }
  const x = new Array<number>(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = m[i][k];
    for (let j = i + 1; j < k; j++) s -= m[i][j] * x[j];
    x[i] = s / m[i][i];
  }
  return x;
}

/** X'WX for columns X (each length n) and optional weights w. */
export function crossprod(cols: ReadonlyArray<Float64Array>, w?: Float64Array): Matrix {
  const k = cols.length;
  const out = zeros(k, k);
  for (let a = 0; a < k; a++) {
    const xa = cols[a];
    for (let b = 0; b <= a; b++) {
      const xb = cols[b];
      let s = 0;
      if (w) for (let i = 0; i < xa.length; i++) s += w[i] * xa[i] * xb[i];
      else for (let i = 0; i < xa.length; i++) s += xa[i] * xb[i];
      out[a][b] = s;
      out[b][a] = s;
    }
  }
  return out;
}

/** X'Wy. */
export function crossprodVec(cols: ReadonlyArray<Float64Array>, y: Float64Array, w?: Float64Array): number[] {
  return cols.map((x) => {
    let s = 0;
    if (w) for (let i = 0; i < x.length; i++) s += w[i] * x[i] * y[i];
    else for (let i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  });
}

/** Maximum absolute column sum (the matrix 1-norm). */
export function norm1(a: Matrix): number {
  const k = a.length ? a[0].length : 0;
  let best = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += Math.abs(a[i][j]);
    if (s > best) best = s;
  }
  return best;
}

/**
 * Reciprocal condition number in the 1-norm, 1 / (‖A‖₁ ‖A⁻¹‖₁), computed from the explicit
 * inverse (R's rcond() estimates the same quantity with LAPACK); 0 when A is singular.
 */
export function rcond(a: Matrix): number {
  if (a.length === 0) return 0;
  const inv = invert(a);
  if (!inv) return 0;
  const r = 1 / (norm1(a) * norm1(inv));
  return Number.isFinite(r) ? r : 0;
}
