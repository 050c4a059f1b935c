/**
 * Kernel-weighted local polynomial fits on one side of the cutoff: the estimation window, the
 * fit itself (X'WX inverse and coefficients for every left-hand column — outcome, treatment,
 * covariates), residuals for the chosen variance estimator, and the sandwich pieces. Shared by
 * the bandwidth selectors and the estimator, as in rdrobust's rdrobust_bw and rdrobust.
 */
import { UserError } from '../errors';
import { invertSPD, matMul, transpose, zeros, type Matrix } from '../linalg';
import type { RdSide } from './data';
import { kweight, type RdKernel } from './kernel';
import { ginvSym, gram, powerColumns } from './lp';
import { denseClusters, meat, nnResiduals, plugInResiduals, type ResidualVce } from './vce';

export interface RdWindow {
  n: number;
  x: Float64Array;
  /** x - c */
  xc: Float64Array;
  /** Kernel weight times the user weight; every entry is > 0. */
  w: Float64Array;
  /** Left-hand columns: outcome, then treatment (fuzzy), then covariates. */
  d: Float64Array[];
  cluster: Int32Array | null;
}

/** The left-hand columns of a side in rdrobust's order (y, t, z…). */
export function sideColumns(side: RdSide, withT: boolean): Float64Array[] {
  const cols = [side.y];
  if (withT && side.t) cols.push(side.t);
  cols.push(...side.z);
  return cols;
}

/**
 * The index range [from, to) of a sorted side where |x - c| <= h could hold: the kernels have
 * support [-1, 1], so the window is contiguous (a suffix on the left, a prefix on the right).
 */
export function supportRange(x: Float64Array, c: number, h: number): [number, number] {
  const n = x.length;
  if (n === 0) return [0, 0];
  if (x[n - 1] < c) {
    // Left side: first index with x >= c - h (allowing for rounding in (x - c)/h).
    let lo = 0;
    let hi = n;
    const bound = c - h * (1 + 1e-12);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x[mid] < bound) lo = mid + 1;
      else hi = mid;
    }
    return [lo, n];
  }
  let lo = 0;
  let hi = n;
  const bound = c + h * (1 + 1e-12);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= bound) lo = mid + 1;
    else hi = mid;
  }
  return [0, lo];
}

/** Observations with positive weight K((x-c)/h)/h · fw (rdrobust keeps w > 0). */
export function windowAt(side: RdSide, cols: Float64Array[], c: number, h: number, kernel: RdKernel): RdWindow {
  const [from, to] = supportRange(side.x, c, h);
  const keep = new Int32Array(to - from);
  const wAll = new Float64Array(to - from);
  let m = 0;
  for (let i = from; i < to; i++) {
    let w = kweight(side.x[i], c, h, kernel);
    if (side.weights) w *= side.weights[i];
    if (w > 0) {
      keep[m] = i;
      wAll[m] = w;
      m++;
    }
  }
  return subsetWindow(side, cols, c, keep.subarray(0, m), wAll.subarray(0, m));
}

export function subsetWindow(side: RdSide, cols: Float64Array[], c: number, idx: Int32Array, w: Float64Array): RdWindow {
  const m = idx.length;
  // Windows are almost always a contiguous run of the sorted side: share the memory then.
  const contiguous = m === 0 || idx[m - 1] - idx[0] === m - 1;
  const a = m === 0 ? 0 : idx[0];
  const pickF = (src: Float64Array): Float64Array => {
    if (contiguous) return src.subarray(a, a + m);
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) out[j] = src[idx[j]];
    return out;
  };
  const x = pickF(side.x);
  const xc = new Float64Array(m);
  for (let j = 0; j < m; j++) xc[j] = x[j] - c;
  let cluster: Int32Array | null = null;
  if (side.cluster) {
    const cl = side.cluster;
    if (contiguous) cluster = cl.subarray(a, a + m);
    else {
      cluster = new Int32Array(m);
      for (let j = 0; j < m; j++) cluster[j] = cl[idx[j]];
    }
  }
  return { n: m, x, xc, w: Float64Array.from(w), d: cols.map(pickF), cluster };
}

/** Distinct values of an ascending x among the entries with positive weight. */
export function countDistinctPositive(x: Float64Array, w: Float64Array): number {
  let k = 0;
  let last = NaN;
  for (let i = 0; i < x.length; i++) {
    if (!(w[i] > 0)) continue;
    if (k === 0 || x[i] !== last) k++;
    last = x[i];
  }
  return k;
}

export interface PolyFit {
  order: number;
  /** Columns 1, (x-c), …, (x-c)^order over the window. */
  cols: Float64Array[];
  invG: Matrix;
  /** X'W D: (order+1) × columns of D. */
  xwd: Matrix;
  /** Coefficients: (order+1) × columns of D. */
  beta: Matrix;
}

export interface SideLabel {
  side: 'left' | 'right';
  /** What the fit is for, in words (for error messages). */
  purpose: string;
}

/**
 * Weighted polynomial fit of every column of D. A window needs at least order+1 distinct x
 * values; otherwise X'WX is singular and rdrobust would fall back to a generalised inverse
 * with meaningless results, so we stop with an actionable error instead.
 */
export function polyFit(win: RdWindow, order: number, w: Float64Array, label: SideLabel): PolyFit {
  const distinct = countDistinctPositive(win.x, w);
  if (distinct < order + 1)
    throw new UserError(
      'rd_too_few_points',
      `Too few observations near the cutoff on the ${label.side}: the ${label.purpose} needs at least ${order + 1} distinct values of the running variable within the bandwidth, but there are ${distinct}. Use a larger bandwidth, a lower polynomial order, or bwcheck.`,
      { side: label.side, needed: order + 1, distinct, purpose: label.purpose },
    );
  const cols = powerColumns(win.xc, order);
  const invG = invertSPD(gram(cols, w));
  if (!invG)
    throw new UserError(
      'rd_singular',
      `The local polynomial fit on the ${label.side} of the cutoff (${label.purpose}) is numerically singular; use a larger bandwidth or a lower polynomial order.`,
      { side: label.side, purpose: label.purpose },
    );
  const k = order + 1;
  const xwd = zeros(k, win.d.length);
  for (let a = 0; a < k; a++) {
    const ca = cols[a];
    for (let l = 0; l < win.d.length; l++) {
      const dl = win.d[l];
      let s = 0;
      for (let i = 0; i < win.n; i++) s += w[i] * ca[i] * dl[i];
      xwd[a][l] = s;
    }
  }
  return { order, cols, invG, xwd, beta: matMul(invG, xwd) };
}

/** Fitted values R·beta of each column of D. */
export function fittedValues(fit: PolyFit, n: number, ncol: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let l = 0; l < ncol; l++) {
    const f = new Float64Array(n);
    for (let a = 0; a < fit.cols.length; a++) {
      const b = fit.beta[a][l];
      const ca = fit.cols[a];
      for (let i = 0; i < n; i++) f[i] += b * ca[i];
    }
    out.push(f);
  }
  return out;
}

/** Leverage h_ii = w_i · R_i' (X'WX)^{-1} R_i. */
export function leverage(fit: PolyFit, w: Float64Array, n: number): Float64Array {
  const k = fit.cols.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = 0; a < k; a++) {
      const ra = fit.cols[a][i];
      let t = 0;
      for (let b = 0; b < k; b++) t += fit.invG[a][b] * fit.cols[b][i];
      s += ra * t;
    }
    out[i] = w[i] * s;
  }
  return out;
}

export interface VceConfig {
  vce: ResidualVce;
  clustered: boolean;
  nnmatch: number;
}

/** Residual columns for the variance of `fit` (weights w), as rdrobust_res. */
export function residuals(win: RdWindow, fit: PolyFit, w: Float64Array, cfg: VceConfig): Float64Array[] {
  if (cfg.vce === 'nn') return nnResiduals(win.x, win.d, cfg.nnmatch);
  const fitted = fittedValues(fit, win.n, win.d.length);
  const lev = cfg.vce === 'hc2' || cfg.vce === 'hc3' ? leverage(fit, w, win.n) : null;
  return plugInResiduals(win.d, fitted, cfg.vce, fit.cols.length, lev, cfg.clustered);
}

/** Columns multiplied by the weights (the RX of rdrobust_vce). */
export function weighted(cols: ReadonlyArray<Float64Array>, w: Float64Array): Float64Array[] {
  return cols.map((c) => {
    const out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = c[i] * w[i];
    return out;
  });
}

/** invG · meat · invG. */
export function sandwichWith(invG: Matrix, rx: ReadonlyArray<Float64Array>, res: ReadonlyArray<Float64Array>, s: ReadonlyArray<number>, win: RdWindow, kDf?: number): Matrix {
  const cl = win.cluster ? denseClusters(win.cluster) : null;
  const m = meat(rx, res, s, cl, kDf ?? rx.length);
  return matMul(matMul(invG, m), invG);
}

/**
 * Partialling-out pieces of the covariate adjustment (Calonico, Cattaneo, Farrell & Titiunik
 * 2019): with D = (y, t, z), U = R'WD, the within-window cross products of Z and D net of the
 * polynomial: Z'WZ - U_Z' G^{-1} U_Z and Z'WY - U_Z' G^{-1} U_Y.
 */
export function covariatePieces(win: RdWindow, fit: PolyFit, w: Float64Array, dT: number): { zwz: Matrix; zwy: Matrix } {
  const nD = win.d.length;
  const dZ = nD - 1 - dT;
  const zIdx = Array.from({ length: dZ }, (_, j) => 1 + dT + j);
  const dwd = zeros(nD, nD);
  for (const a of zIdx) {
    const da = win.d[a];
    for (let b = 0; b < nD; b++) {
      const db = win.d[b];
      let s = 0;
      for (let i = 0; i < win.n; i++) s += w[i] * da[i] * db[i];
      dwd[a][b] = s;
    }
  }
  const uZ = fit.xwd.map((row) => zIdx.map((j) => row[j]));
  const uigu = matMul(transpose(uZ), matMul(fit.invG, fit.xwd));
  const zwz = zIdx.map((a, r) => zIdx.map((b) => dwd[a][b] - uigu[r][b]));
  const zwy = zIdx.map((a, r) => Array.from({ length: 1 + dT }, (_, l) => dwd[a][l] - uigu[r][l]));
  return { zwz, zwy };
}

/** gamma = ginv(ZWZ) ZWY with rdrobust's tolerance (ginv.tol = 1e-20). */
export function covariateGamma(pieces: { zwz: Matrix; zwy: Matrix }): Matrix {
  return matMul(ginvSym(pieces.zwz, 1e-20), pieces.zwy);
}

export function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}
