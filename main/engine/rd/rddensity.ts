/**
 * Manipulation test by local polynomial density estimation (Cattaneo, Jansson & Ma 2020,
 * "Simple local polynomial density estimators", JASA 115(531); R package rddensity with its
 * bandwidth selector rdbwdensity). The empirical cdf F_n(X_i) = (i-1)/(N-1) (the last tie's
 * value with mass points) is regressed on a polynomial of order p in X - c on each side with
 * kernel weights; the slope is the density. The test compares the bias-corrected (order q)
 * densities on the two sides with jackknife or plug-in standard errors. Also: the binomial
 * tests in shrinking windows around the cutoff (Cattaneo, Frandsen & Titiunik 2015) and the
 * density curves of rdplotdensity.
 */
import betainc from '@stdlib/math-base-special-betainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { UserError } from '../errors';
import type { RunContext } from '../context';
import type { Frame } from '../frame';
import { normalPdf, normalQuantile, normalTwoSided } from '../dist';
import { invert, invertSPD, matMul, zeros, type Matrix } from '../linalg';
import type { RddensityPoint, RddensityResult, RddensitySpec } from '../../../shared/specs/rddensity';
import { readRdData } from './data';
import { kernelPolyOnUnit, type RdKernel } from './kernel';
import { lpDensity } from './lpdensity';
import { mean, median, sd, seqLength } from './rstats';

type Fit = 'unrestricted' | 'restricted';
type DensityVce = 'jackknife' | 'plugin';

/** l, r, diff, sum — the rows of rddensity_fV's table. */
type Four = [number | null, number | null, number | null, number | null];

interface DensityFit {
  hat: Four;
  jk: Four;
  asy: Four;
  /** s-th derivative estimates (used by the bandwidth selector). */
  s: Four;
}

// ---------- exact kernel moments on [0, 1] (rddensity computes them by quadrature) ----------

/** ∫_0^1 u^e K(u) du. */
function moment(kp: number[], e: number): number {
  return kp.reduce((acc, k, r) => acc + k / (e + r + 1), 0);
}

/** S[i][j] = ∫_0^1 u^{i+j} K. */
function sMatrix(p: number, kp: number[]): Matrix {
  return Array.from({ length: p + 1 }, (_, i) => Array.from({ length: p + 1 }, (_, j) => moment(kp, i + j)));
}

/** C[i] = ∫_0^1 u^{i+k} K. */
function cVector(k: number, p: number, kp: number[]): number[] {
  return Array.from({ length: p + 1 }, (_, i) => moment(kp, i + k));
}

/**
 * G[i][j] = ∫∫_{x<y} x^{i+1} y^j K(x)K(y) + ∫∫_{x>y} x^i y^{j+1} K(x)K(y) over [0,1]², the
 * variance kernel of the plug-in standard error (rddensity's Ggenerate).
 */
function gMatrix(p: number, kp: number[]): Matrix {
  // ∫_0^y x^a K(x) dx = Σ_m k_m y^{a+m+1}/(a+m+1).
  const inner = (a: number, extra: number): number => kp.reduce((acc, k, m) => acc + (k / (a + m + 1)) * moment(kp, a + m + 1 + extra), 0);
  return Array.from({ length: p + 1 }, (_, i) =>
    Array.from({ length: p + 1 }, (_, j) => {
      const lower = inner(i + 1, j);
      const upper = moment(kp, i) * moment(kp, j + 1) - inner(i, j + 1);
      return lower + upper;
    }),
  );
}

/** Embeds the one-sided (p+1)×(p+1) matrix into the restricted model's (p+2) layout (right side). */
function plusLayout(m: Matrix, p: number): Matrix {
  const out = zeros(p + 2, p + 2);
  const map = (i: number): number => (i === 0 ? 0 : i + 1);
  for (let i = 0; i <= p; i++) for (let j = 0; j <= p; j++) out[map(i)][map(j)] = m[i][j];
  return out;
}

/** rddensity's Psi: maps the right-side layout to the left side (reflection u → -u). */
function psiMatrix(p: number): Matrix {
  const d = [1, 0, 0];
  for (let j = 2; j <= p; j++) d.push(j % 2 === 0 ? 1 : -1);
  const out = zeros(p + 2, p + 2);
  for (let i = 0; i < p + 2; i++) out[i][i] = d[i];
  out[1][2] = -1;
  out[2][1] = -1;
  return out;
}

function inverseOf(g: Matrix): Matrix | null {
  return invertSPD(g) ?? invert(g);
}

/**
 * rddensity_fV: the density fit on [-hl, hr] for centred, ascending x (`nlh` left points first).
 * y holds the empirical cdf values; nl, nr are the full-sample side sizes.
 */
function densityFit(y: Float64Array, x: Float64Array, nl: number, nr: number, nlh: number, hl: number, hr: number, p: number, s: number, kernel: RdKernel, fit: Fit, vce: DensityVce, massPoints: boolean): DensityFit | null {
  const nh = x.length;
  const n = nl + nr;
  const w = new Float64Array(nh);
  for (let i = 0; i < nh; i++) {
    const left = i < nlh;
    const h = left ? hl : hr;
    const u = x[i] / h;
    if (kernel === 'uniform') w[i] = 1 / (2 * h);
    else if (kernel === 'triangular') w[i] = (left ? 1 + u : 1 - u) / h;
    else w[i] = (0.75 * (1 - u * u)) / h;
  }
  // Design columns and their bandwidth scaling.
  const cols: Float64Array[] = [];
  const hp: number[] = [];
  if (fit === 'restricted') {
    const k = p + 2;
    for (let j = 0; j < k; j++) cols.push(new Float64Array(nh));
    for (let i = 0; i < nh; i++) {
      const left = i < nlh;
      const u = x[i] / (left ? hl : hr);
      cols[0][i] = 1;
      cols[1][i] = left ? u : 0;
      cols[2][i] = left ? 0 : u;
      for (let j = 3; j < k; j++) cols[j][i] = Math.pow(u, j - 1);
    }
    const v = [0, 1, 1];
    for (let j = 2; j <= p; j++) v.push(j);
    for (const e of v) hp.push(Math.pow(hl, e));
  } else {
    for (let j = 0; j < 2 * p + 2; j++) {
      const col = new Float64Array(nh);
      const power = Math.floor(j / 2);
      const leftCol = j % 2 === 0;
      for (let i = 0; i < nh; i++) {
        const left = i < nlh;
        if (left === leftCol) col[i] = Math.pow(x[i] / (left ? hl : hr), power);
      }
      cols.push(col);
      hp.push(Math.pow(leftCol ? hl : hr, power));
    }
  }
  const k = cols.length;
  const g = zeros(k, k);
  const xwy = new Array<number>(k).fill(0);
  for (let a = 0; a < k; a++) {
    const ca = cols[a];
    for (let i = 0; i < nh; i++) xwy[a] += ca[i] * w[i] * y[i];
    for (let b = 0; b <= a; b++) {
      const cb = cols[b];
      let sum = 0;
      for (let i = 0; i < nh; i++) sum += ca[i] * w[i] * cb[i];
      g[a][b] = sum;
      g[b][a] = sum;
    }
  }
  const sinv = inverseOf(g);
  if (!sinv) return null;
  const b = sinv.map((row, a) => row.reduce((acc, v, j) => acc + v * xwy[j], 0) / hp[a]);
  const out: DensityFit = { hat: [null, null, null, null], jk: [null, null, null, null], asy: [null, null, null, null], s: [null, null, null, null] };
  // Positions of the left and right density (slope) coefficients.
  const [il, ir] = fit === 'restricted' ? [1, 2] : [2, 3];
  out.hat = [b[il], b[ir], b[ir] - b[il], b[ir] + b[il]];
  if (fit === 'restricted') {
    out.s = [b[s + 1], b[s + 1], 0, 2 * b[s + 1]];
  } else {
    const sl = b[2 * s];
    const sr = b[2 * s + 1];
    out.s = [sl, sr, sr - sl, sr + sl];
  }
  const quad = (v: Matrix): Four => [v[il][il], v[ir][ir], v[il][il] + v[ir][ir] - 2 * v[il][ir], v[il][il] + v[ir][ir] + 2 * v[il][ir]];
  if (vce === 'jackknife') {
    // Leave-one-out change of the cdf: L_i = Σ_{j after i's tie group start} XW_j / (N - 1).
    const first = new Int32Array(nh);
    for (let i = 0; i < nh; i++) first[i] = massPoints && i > 0 && x[i] === x[i - 1] ? first[i - 1] : i;
    const ll = zeros(k, k);
    const tail = new Float64Array(k * (nh + 1));
    for (let i = nh - 1; i >= 0; i--)
      for (let a = 0; a < k; a++) tail[i * k + a] = tail[(i + 1) * k + a] + cols[a][i] * w[i];
    const li = new Float64Array(k);
    for (let i = 0; i < nh; i++) {
      const from = (first[i] + 1) * k;
      for (let a = 0; a < k; a++) li[a] = tail[from + a] / (n - 1);
      for (let a = 0; a < k; a++) for (let c = 0; c <= a; c++) ll[a][c] += li[a] * li[c];
    }
    for (let a = 0; a < k; a++) for (let c = 0; c < a; c++) ll[c][a] = ll[a][c];
    const sv = matMul(matMul(sinv, ll), sinv).map((row, a) => row.map((v, c) => v / (hp[a] * hp[c])));
    out.jk = quad(sv);
  } else {
    const kp = kernelPolyOnUnit(kernel);
    const fl = out.hat[0] as number;
    const fr = out.hat[1] as number;
    if (fit === 'unrestricted') {
      const si = inverseOf(sMatrix(p, kp)) as Matrix;
      const v = matMul(matMul(si, gMatrix(p, kp)), si);
      const al = (fl * v[1][1]) / (n * hl);
      const ar = (fr * v[1][1]) / (n * hr);
      out.asy = [al, ar, al + ar, al + ar];
    } else {
      const sP = plusLayout(sMatrix(p, kp), p);
      const gP = plusLayout(gMatrix(p, kp), p);
      const psi = psiMatrix(p);
      const sm = matMul(matMul(psi, sP), psi);
      const gm = matMul(matMul(psi, gP), psi);
      const a = inverseOf(sm.map((r, i) => r.map((v, j) => fl * v + fr * sP[i][j]))) as Matrix;
      const mid = gm.map((r, i) => r.map((v, j) => fl ** 3 * v + fr ** 3 * gP[i][j]));
      const v = matMul(matMul(a, mid), a);
      const d = n * hl;
      out.asy = [v[1][1] / d, v[2][2] / d, (v[1][1] + v[2][2] - 2 * v[1][2]) / d, (v[1][1] + v[2][2] + 2 * v[1][2]) / d];
    }
  }
  // Negative variance estimates are not reported (rddensity sets them to NA).
  for (const arr of [out.jk, out.asy]) for (let i = 0; i < 4; i++) if (arr[i] !== null && (arr[i] as number) < 0) arr[i] = null;
  return out;
}

/** Probabilists' Hermite polynomial He_p (rddensity_H). */
function hermite(x: number, p: number): number {
  let h0 = 1;
  if (p === 0) return h0;
  let h1 = x;
  for (let k = 1; k < p; k++) {
    const h2 = x * h1 - k * h0;
    h0 = h1;
    h1 = h2;
  }
  return h1;
}

/**
 * Constants of rdbwdensity's preliminary bandwidths for p = 1…7 (computed there for the
 * uniform kernel and a normal reference density); method constants, not estimates.
 */
const CB = [25884.444444494150957, 3430865.4551236177795, 845007948.04262602329, 330631733667.03808594, 187774809656037.3125, 145729502641999264, 146013502974449876992];
const CC = [4.8000000000000246914, 548.57142857155463389, 100800.00000020420703, 29558225.458100609481, 12896196859.612621307, 7890871468221.609375, 6467911284037581];

interface SampleInfo {
  /** Centred, ascending. */
  x: Float64Array;
  n: number;
  nl: number;
  nr: number;
  /** Distinct centred values, ascending. */
  uniq: number[];
  /** Empirical cdf value of each observation. */
  cdf: Float64Array;
}

function sampleInfo(xs: Float64Array, c: number, massPoints: boolean): SampleInfo {
  const n = xs.length;
  const x = new Float64Array(n);
  let nl = 0;
  for (let i = 0; i < n; i++) {
    x[i] = xs[i] - c;
    if (xs[i] < c) nl++;
  }
  const uniq: number[] = [];
  for (let i = 0; i < n; i++) if (i + 1 === n || x[i + 1] !== x[i]) uniq.push(x[i]);
  const cdf = new Float64Array(n);
  for (let i = 0; i < n; i++) cdf[i] = i / (n - 1);
  if (massPoints)
    for (let i = n - 1; i >= 0; i--) if (i + 1 < n && x[i + 1] === x[i]) cdf[i] = cdf[i + 1];
  return { x, n, nl, nr: n - nl, uniq, cdf };
}

/** Observations with -hl <= x <= hr (contiguous in the sorted sample). */
function trim(info: SampleInfo, hl: number, hr: number): { x: Float64Array; y: Float64Array; nlh: number; nrh: number } {
  let a = 0;
  while (a < info.n && info.x[a] < -hl) a++;
  let b = a;
  while (b < info.n && info.x[b] <= hr) b++;
  const x = info.x.subarray(a, b);
  let nlh = 0;
  while (nlh < x.length && x[nlh] < 0) nlh++;
  return { x, y: info.cdf.subarray(a, b), nlh, nrh: x.length - nlh };
}

/** The k-th (1-based, capped) smallest |x| on the left and x on the right. */
function kthLeft(values: ArrayLike<number>, k: number): number {
  const left: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] < 0) left.push(-values[i]);
  left.reverse();
  return left[Math.min(k, left.length) - 1];
}
function kthRight(values: ArrayLike<number>, k: number): number {
  const right: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] >= 0) right.push(values[i]);
  return right[Math.min(k, right.length) - 1];
}

interface BwOptions {
  p: number;
  kernel: RdKernel;
  fit: Fit;
  vce: DensityVce;
  massPoints: boolean;
  regularize: boolean;
  nLocalMin: number;
  nUniqueMin: number;
}

/** rdbwdensity: MSE-optimal bandwidths for the left, right, difference and sum of densities. */
export function densityBandwidths(info: SampleInfo, o: BwOptions): [number, number, number, number] {
  const { p } = o;
  const { n, nl, nr } = info;
  const mu = mean(info.x);
  const sdv = sd(info.x);
  const z = mu / sdv;
  const fb = 1 / (hermite(z, p + 2) ** 2 * normalPdf(z));
  const fc = 1 / (hermite(z, p) ** 2 * normalPdf(z));
  let bn = Math.pow((((2 * p + 1) / 4) * fb * CB[p - 1]) / n, 1 / (2 * p + 5)) * sdv;
  let cn = Math.pow(((1 / (2 * p)) * fc * CC[p - 1]) / n, 1 / (2 * p + 1)) * sdv;
  const u = info.uniq;
  if (o.regularize) {
    const maxAbs = Math.max(Math.abs(u[0]), Math.abs(u[u.length - 1]));
    bn = Math.min(bn, maxAbs);
    cn = Math.min(cn, maxAbs);
    if (o.nLocalMin > 0) {
      bn = Math.max(bn, kthLeft(info.x, 20 + p + 2 + 1), kthRight(info.x, 20 + p + 2 + 1));
      cn = Math.max(cn, kthLeft(info.x, 20 + p + 1), kthRight(info.x, 20 + p + 1));
    }
    if (o.nUniqueMin > 0) {
      bn = Math.max(bn, kthLeft(u, 20 + p + 2 + 1), kthRight(u, 20 + p + 2 + 1));
      cn = Math.max(cn, kthLeft(u, 20 + p + 1), kthRight(u, 20 + p + 1));
    }
  }
  const tb = trim(info, bn, bn);
  const tc = trim(info, cn, cn);
  const fitB = densityFit(tb.y, tb.x, nl, nr, tb.nlh, bn, bn, p + 2, p + 1, o.kernel, o.fit, o.vce, o.massPoints);
  const fitC = densityFit(tc.y, tc.x, nl, nr, tc.nlh, cn, cn, p, 1, o.kernel, o.fit, o.vce, o.massPoints);
  if (!fitB || !fitC)
    throw new UserError('rd_density_singular', 'The preliminary density fits for the bandwidth are singular (too few distinct values near the cutoff); give the bandwidth h.', {});
  const varCol = o.vce === 'plugin' ? fitC.asy : fitC.jk;
  const variance = varCol.map((v) => (v === null ? null : n * cn * v));
  const kp = kernelPolyOnUnit(o.kernel);
  let bias: number[];
  if (o.fit === 'unrestricted') {
    const si = inverseOf(sMatrix(p, kp)) as Matrix;
    const cv = cVector(p + 1, p, kp);
    const sc = si[1].reduce((acc, v, j) => acc + v * cv[j], 0);
    const bl = (fitB.s[0] as number) * sc * (-1) ** p;
    const br = (fitB.s[1] as number) * sc;
    bias = [bl, br, br - bl, br + bl];
  } else {
    const sP = plusLayout(sMatrix(p, kp), p);
    const cv = cVector(p + 1, p, kp);
    const cP = [cv[0], 0, ...cv.slice(1)];
    const psi = psiMatrix(p);
    const fl = fitC.hat[0] as number;
    const fr = fitC.hat[1] as number;
    const psp = matMul(matMul(psi, sP), psi);
    const sinv = inverseOf(sP.map((r, i) => r.map((v, j) => fr * v + fl * psp[i][j]))) as Matrix;
    const psc = psi.map((r) => r.reduce((acc, v, j) => acc + v * cP[j], 0));
    const sb = fitB.s[0] as number;
    const cc = cP.map((v, i) => sb * (fr * v + (-1) ** (p + 1) * fl * psc[i]));
    const t = sinv.map((r) => r.reduce((acc, v, j) => acc + v * cc[j], 0));
    bias = [t[1], t[2], t[2] - t[1], t[2] + t[1]];
  }
  const bw = bias.map((bb, i) => {
    const v = variance[i];
    if (v === null || v < 0) return 0;
    const h = Math.pow((((1 / (2 * p)) * v) / (bb * bb)) / n, 1 / (2 * p + 1));
    return Number.isNaN(h) ? 0 : h;
  }) as [number, number, number, number];
  if (o.regularize) {
    const l0 = Math.abs(u[0]);
    const r0 = u[u.length - 1];
    bw[0] = Math.min(bw[0], l0);
    bw[1] = Math.min(bw[1], r0);
    bw[2] = Math.min(bw[2], Math.max(l0, r0));
    bw[3] = Math.min(bw[3], Math.max(l0, r0));
    const floorAll = (hl: number, hr: number): void => {
      bw[0] = Math.max(bw[0], hl);
      bw[1] = Math.max(bw[1], hr);
      bw[2] = Math.max(bw[2], hl, hr);
      bw[3] = Math.max(bw[3], hl, hr);
    };
    if (o.nLocalMin > 0) floorAll(kthLeft(info.x, o.nLocalMin), kthRight(info.x, o.nLocalMin));
    if (o.nUniqueMin > 0) floorAll(kthLeft(u, o.nUniqueMin), kthRight(u, o.nUniqueMin));
  }
  return bw;
}

/** R's dbinom via log-gamma. */
function dbinom(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X <= k) and P(X > k) for X ~ Binomial(n, p), from the regularised incomplete beta. */
function pbinom(k: number, n: number, p: number, upper: boolean): number {
  if (k < 0) return upper ? 1 : 0;
  if (k >= n) return upper ? 0 : 1;
  return upper ? betainc(p, k + 1, n - k, true, false) : betainc(1 - p, n - k, k + 1, true, false);
}

/** Two-sided exact binomial test p-value as R's binom.test (probabilities <= d·(1+1e-7)). */
export function binomTestTwoSided(x: number, n: number, p: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (p === 1) return x === n ? 1 : 0;
  const d = dbinom(x, n, p) * (1 + 1e-7);
  const m = n * p;
  let pv: number;
  if (x === m) pv = 1;
  else if (x < m) {
    let y = 0;
    for (let i = Math.ceil(m); i <= n; i++) if (dbinom(i, n, p) <= d) y++;
    pv = pbinom(x, n, p, false) + pbinom(n - y, n, p, true);
  } else {
    let y = 0;
    for (let i = 0; i <= Math.floor(m); i++) if (dbinom(i, n, p) <= d) y++;
    pv = pbinom(y - 1, n, p, false) + pbinom(x - 1, n, p, true);
  }
  return Math.min(1, pv);
}

function binomialTests(info: SampleInfo, spec: RddensitySpec, hl: number, hr: number): RddensityResult['binomial_tests'] {
  const xl: number[] = [];
  const xr: number[] = [];
  for (let i = 0; i < info.n; i++) if (info.x[i] < 0) xl.push(-info.x[i]);
  else xr.push(info.x[i]);
  xl.reverse();
  const nw = spec.binoNW;
  const lw: number[] = [];
  const rw: number[] = [];
  const countLE = (arr: number[], v: number): number => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  if (spec.binoW === undefined) {
    const k = spec.binoN ?? 20;
    lw[0] = rw[0] = Math.max(xl[Math.min(k, xl.length) - 1], xr[Math.min(k, xr.length) - 1]);
  } else if (typeof spec.binoW === 'number') lw[0] = rw[0] = spec.binoW;
  else {
    lw[0] = spec.binoW[0];
    rw[0] = spec.binoW[1];
  }
  let windows = nw;
  if (nw > 1) {
    if (spec.binoWStep !== undefined) {
      const [sl, sr] = typeof spec.binoWStep === 'number' ? [spec.binoWStep, spec.binoWStep] : spec.binoWStep;
      for (let j = 1; j < nw; j++) {
        lw[j] = lw[0] + j * sl;
        rw[j] = rw[0] + j * sr;
      }
    } else if (spec.binoNStep !== undefined) {
      const step = spec.binoNStep;
      for (let j = 1; j < nw; j++) {
        const inc = Math.max(
          xl[Math.min(countLE(xl, lw[j - 1]) + step, xl.length) - 1] - lw[j - 1],
          xr[Math.min(countLE(xr, rw[j - 1]) + step, xr.length) - 1] - rw[j - 1],
        );
        lw[j] = lw[j - 1] + inc;
        rw[j] = rw[j - 1] + inc;
      }
    } else if (lw[0] >= hl || rw[0] >= hr) windows = 1;
    else
      for (let j = 1; j < nw; j++) {
        lw[j] = lw[0] * nw > hl ? lw[0] + (j * (hl - lw[0])) / (nw - 1) : lw[0] + j * lw[0];
        rw[j] = rw[0] * nw > hr ? rw[0] + (j * (hr - rw[0])) / (nw - 1) : rw[0] + j * rw[0];
      }
  }
  const out: RddensityResult['binomial_tests'] = [];
  for (let j = 0; j < windows; j++) {
    const nL = countLE(xl, lw[j]);
    const nR = countLE(xr, rw[j]);
    out.push({ window_left: lw[j], window_right: rw[j], n_left: nL, n_right: nR, p: binomTestTwoSided(nL, nL + nR, spec.binoP) });
  }
  return out;
}

function statistics(f: DensityFit | null): { test: RddensityResult['test']; hat: RddensityResult['hat']; sd_jk: RddensityResult['sd_jk']; sd_asy: RddensityResult['sd_asy'] } {
  const nullRow = { left: null, right: null, diff: null };
  if (!f) return { test: { t_jk: null, p_jk: null, t_asy: null, p_asy: null }, hat: nullRow, sd_jk: nullRow, sd_asy: nullRow };
  const sq = (v: number | null): number | null => (v === null ? null : Math.sqrt(v));
  const tstat = (v: number | null): number | null => (v === null || v === 0 || f.hat[2] === null ? null : (f.hat[2] as number) / Math.sqrt(v));
  const tjk = tstat(f.jk[2]);
  const tasy = tstat(f.asy[2]);
  return {
    test: { t_jk: tjk, p_jk: tjk === null ? null : normalTwoSided(tjk), t_asy: tasy, p_asy: tasy === null ? null : normalTwoSided(tasy) },
    hat: { left: f.hat[0], right: f.hat[1], diff: f.hat[2] },
    sd_jk: { left: sq(f.jk[0]), right: sq(f.jk[1]), diff: sq(f.jk[2]) },
    sd_asy: { left: sq(f.asy[0]), right: sq(f.asy[1]), diff: sq(f.asy[2]) },
  };
}

export function runRddensity(frame: Frame, spec: RddensitySpec, ctx: RunContext): RddensityResult {
  ctx.progress(0, 'prepare');
  const data = readRdData(frame, { x: spec.x, time: spec.time });
  const notes = [...data.notes];
  const { c, p, kernel, fitselect: fit, vce, massPoints } = spec;
  const q = spec.q ?? p + 1;
  const xs = data.x;
  const n = xs.length;
  if (!(c > xs[0] && c < xs[n - 1]))
    throw new UserError('rd_cutoff_out_of_range', `The cutoff ${c} must lie strictly inside the range of the running variable (${xs[0]} to ${xs[n - 1]}).`, { c, min: xs[0], max: xs[n - 1] });
  if (fit === 'restricted' && spec.bwselect === 'each') throw new UserError('rd_density_bwselect', 'bwselect "each" is not available with the restricted model.', {});
  const info = sampleInfo(xs, c, massPoints);
  if (info.nl < 2 || info.nr < 2) throw new UserError('rd_side_too_small', 'The density test needs observations on both sides of the cutoff.', { left: info.nl, right: info.nr });
  if (info.uniq.length < info.n && massPoints) notes.push('There are repeated values of x; point estimates and standard errors are adjusted for mass points (massPoints = false turns this off).');
  const nLocalMin = spec.nLocalMin ?? 20 + p + 1;
  const nUniqueMin = spec.nUniqueMin ?? 20 + p + 1;

  let hl: number;
  let hr: number;
  let bwselect: string;
  if (spec.h !== undefined) {
    const h = typeof spec.h === 'number' ? { left: spec.h, right: spec.h } : Array.isArray(spec.h) ? { left: spec.h[0], right: spec.h[1] } : spec.h;
    if (fit === 'restricted' && h.left !== h.right) throw new UserError('rd_density_h', 'The restricted model needs the same bandwidth on both sides.', { h });
    hl = h.left;
    hr = h.right;
    bwselect = 'mannual';
  } else {
    const bw = densityBandwidths(info, { p, kernel, fit, vce, massPoints, regularize: spec.regularize, nLocalMin, nUniqueMin });
    bwselect = 'estimated';
    if (fit === 'unrestricted') {
      const pick: Record<RddensitySpec['bwselect'], [number, number]> = {
        each: [bw[0], bw[1]],
        diff: [bw[2], bw[2]],
        sum: [bw[3], bw[3]],
        comb: [median([bw[0], bw[2], bw[3]]), median([bw[1], bw[2], bw[3]])],
      };
      [hl, hr] = pick[spec.bwselect];
    } else {
      const v = spec.bwselect === 'diff' ? bw[2] : spec.bwselect === 'sum' ? bw[3] : Math.min(bw[2], bw[3]);
      hl = hr = v;
    }
  }
  ctx.checkCancelled();
  ctx.progress(0.4, 'estimate');
  const t = trim(info, hl, hr);
  const fq = densityFit(t.y, t.x, info.nl, info.nr, t.nlh, hl, hr, q, 1, kernel, fit, vce, massPoints);
  if (!fq) notes.push('The density fits are singular at this bandwidth (too few distinct values near the cutoff); the test is not available.');
  const main = statistics(fq);
  const conventional = spec.all ? statistics(densityFit(t.y, t.x, info.nl, info.nr, t.nlh, hl, hr, p, 1, kernel, fit, vce, massPoints)) : null;
  if (t.nlh < 20 || t.nrh < 20) notes.push('Fewer than 20 observations within the bandwidth on a side; the bandwidth may be too small.');
  const binomial = spec.bino ? binomialTests(info, spec, hl, hr) : [];
  ctx.checkCancelled();
  ctx.progress(0.6, 'plot');
  const { density, histogram } = densityPlot(info, xs, c, hl, hr, p, q, kernel, massPoints, spec);
  ctx.progress(1, 'plot');
  return {
    model: 'rddensity',
    ...main,
    conventional,
    h: { left: hl, right: hr },
    N: { full: info.n, left: info.nl, right: info.nr, eff_left: t.nlh, eff_right: t.nrh },
    c,
    p,
    q,
    kernel,
    fitselect: fit,
    vce,
    bwselect,
    bwmethod: spec.bwselect,
    massPoints,
    binomial_tests: binomial,
    density,
    histogram,
    notes,
  };
}

/** rdplotdensity's curves (lpdensity on each side, rescaled to the full sample) and histogram. */
function densityPlot(
  info: SampleInfo,
  xs: Float64Array,
  c: number,
  hl: number,
  hr: number,
  p: number,
  q: number,
  kernel: RdKernel,
  massPoints: boolean,
  spec: RddensitySpec,
): { density: { left: RddensityPoint[]; right: RddensityPoint[] }; histogram: RddensityResult['histogram'] } {
  const n = info.n;
  const range: [number, number] = spec.plot_range ?? [Math.max(xs[0], c - 3 * hl), Math.min(xs[n - 1], c + 3 * hr)];
  if (!(range[0] < c && range[1] > c)) throw new UserError('rd_density_plot_range', 'The plot range must contain the cutoff.', { range });
  const left = xs.subarray(0, info.nl);
  const right = xs.subarray(info.nl);
  const gridL = seqLength(range[0], c, spec.plot_n);
  const gridR = seqLength(c, range[1], spec.plot_n);
  const z = -normalQuantile((1 - spec.level / 100) / 2);
  const points = (pts: ReturnType<typeof lpDensity>): RddensityPoint[] =>
    pts.map((pt) => ({
      x: pt.grid,
      f_p: pt.f_p,
      f_q: pt.f_q,
      se_p: pt.se_p,
      se_q: pt.se_q,
      ci_lower: pt.f_q === null || pt.se_q === null ? null : pt.f_q - z * pt.se_q,
      ci_upper: pt.f_q === null || pt.se_q === null ? null : pt.f_q + z * pt.se_q,
      nh: pt.nh,
    }));
  const density = {
    left: points(lpDensity(left, gridL, hl, p, q, kernel, massPoints, info.nl / (n - 1))),
    right: points(lpDensity(right, gridR, hr, p, q, kernel, massPoints, info.nr / (n - 1))),
  };
  // Histogram bins as rdplotdensity: ⌈min(√n, 10·log10 n)⌉ per side, shifted a hair left so
  // that observations at the cutoff fall in the first bin on the right.
  let nL = 0;
  let nR = 0;
  for (let i = 0; i < n; i++) {
    if (xs[i] >= range[0] && xs[i] < c) nL++;
    if (xs[i] <= range[1] && xs[i] >= c) nR++;
  }
  const bins = (m: number): number => Math.max(1, Math.ceil(Math.min(Math.sqrt(m), (10 * Math.log(m)) / Math.log(10))));
  const shift = (range[0] - range[1]) / 1e8;
  const breaks = [...seqLength(range[0], c, bins(nL) + 1), ...seqLength(c, range[1], bins(nR) + 1).slice(1)].map((b) => b + shift);
  const counts = new Array<number>(breaks.length - 1).fill(0);
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    if (v < breaks[0] || v > breaks[breaks.length - 1]) continue;
    let k = 0;
    while (k < counts.length - 1 && v > breaks[k + 1]) k++;
    counts[k]++;
  }
  const histogram = counts.map((cnt, k) => ({ from: breaks[k], to: breaks[k + 1], count: cnt, density: cnt / (n * (breaks[k + 1] - breaks[k])) }));
  return { density, histogram };
}

