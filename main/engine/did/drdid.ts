/**
 * Two-group, two-period DiD estimators with panel data and their influence functions, as
 * DRDID (Sant'Anna & Zhao 2020, J. Econometrics 219(1)) computes them:
 * - `reg`: outcome regression (Heckman, Ichimura & Todd 1997), DRDID::reg_did_panel;
 * - `ipw`: normalised (Hájek) inverse probability weighting (Abadie 2005), std_ipw_did_panel;
 * - `dr`:  the locally efficient doubly robust estimator, eq. (3.1), drdid_panel.
 * With no covariates all three equal the difference in mean outcome changes, computed here in
 * closed form. Unit sampling weights are 1 (did's default `weightsname = NULL`).
 */
import { cholesky, choleskySolve, invertSPD, rcond } from '../linalg';
import { UserError } from '../errors';
import { fitBinomialGlm } from '../glm';

export type EstMethod = 'dr' | 'ipw' | 'reg';

export interface TwoByTwo {
  /** NaN when not estimable; `reason` then says why. */
  att: number;
  /** Influence function on the m observations passed in (no n/n1 scaling). */
  inf: Float64Array;
  reason?: string;
}

/** ps >= 0.999 in the preliminary logit means did skips the cell (overlap violated). */
const OVERLAP_MAX = 0.999;
/** DRDID's default trimming of comparison units with ps >= 0.995. */
const TRIM_LEVEL = 0.995;

function notEstimable(m: number, reason: string): TwoByTwo {
  return { att: Number.NaN, inf: new Float64Array(m), reason };
}

/** Difference in mean changes between treated (d = 1) and comparison units, with its IF. */
export function unconditionalDid(dy: Float64Array, d: Float64Array, method: EstMethod): TwoByTwo {
  const m = dy.length;
  let n1 = 0;
  let s1 = 0;
  let s0 = 0;
  for (let i = 0; i < m; i++) {
    if (d[i] === 1) {
      n1++;
      s1 += dy[i];
    } else s0 += dy[i];
  }
  const n0 = m - n1;
  if (n0 === 0) return notEstimable(m, 'no comparison units');
  if (n1 === 0) return notEstimable(m, 'no treated units');
  const p = n1 / m;
  // did's preliminary intercept-only logit predicts p; DRDID trims comparison units at 0.995.
  if (method !== 'reg' && p >= OVERLAP_MAX) return notEstimable(m, 'overlap violated (propensity score >= 0.999)');
  if (method !== 'reg' && p >= TRIM_LEVEL) return notEstimable(m, 'all comparison units trimmed (propensity score >= 0.995)');
  const m1 = s1 / n1;
  const m0 = s0 / n0;
  const inf = new Float64Array(m);
  for (let i = 0; i < m; i++) inf[i] = d[i] === 1 ? (dy[i] - m1) / p : -(dy[i] - m0) / (1 - p);
  return { att: m1 - m0, inf };
}

/** x: model-matrix columns including the intercept. */
export function covariateDid(dy: Float64Array, d: Float64Array, x: ReadonlyArray<Float64Array>, method: EstMethod): TwoByTwo {
  const m = dy.length;
  const k = x.length;
  let nTreat = 0;
  for (let i = 0; i < m; i++) nTreat += d[i];
  if (nTreat === 0) return notEstimable(m, 'no treated units');
  if (nTreat === m) return notEstimable(m, 'no comparison units');

  // Outcome regression among comparison units (reg and dr).
  let orCoef: number[] | null = null;
  let xpxInv: number[][] | null = null;
  if (method !== 'ipw') {
    const xtx: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const xty = new Array<number>(k).fill(0);
    for (let a = 0; a < k; a++) {
      const xa = x[a];
      for (let b = 0; b <= a; b++) {
        const xb = x[b];
        let s = 0;
        for (let i = 0; i < m; i++) if (d[i] === 0) s += xa[i] * xb[i];
        xtx[a][b] = s;
        xtx[b][a] = s;
      }
      let s = 0;
      for (let i = 0; i < m; i++) if (d[i] === 0) s += xa[i] * dy[i];
      xty[a] = s;
    }
    // did skips the cell when rcond(X0'X0) < machine epsilon.
    if (rcond(xtx) < Number.EPSILON) return notEstimable(m, 'not enough comparison units to run the outcome regression');
    const l = cholesky(xtx);
    if (!l) return notEstimable(m, 'the outcome regression design is singular');
    orCoef = choleskySolve(l, xty);
    const inv = invertSPD(xtx.map((r) => r.map((v) => v / m)));
    if (!inv) return notEstimable(m, 'the outcome regression design is singular');
    xpxInv = inv;
  }
  const outDelta = new Float64Array(m);
  if (orCoef) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += x[a][i] * orCoef[a];
      outDelta[i] = s;
    }
  }

  if (method === 'reg') {
    const xpx = xpxInv as number[][];
    let sTreat = 0;
    let sCont = 0;
    for (let i = 0; i < m; i++) {
      sTreat += d[i] * dy[i];
      sCont += d[i] * outDelta[i];
    }
    const pD = nTreat / m;
    const etaTreat = sTreat / m / pD;
    const etaCont = sCont / m / pD;
    // M1 = colMeans(D X); the OLS estimation effect is (1-D)(dY - X'b) X' (X0'X0/m)^-1 M1.
    const m1 = x.map((xa) => {
      let s = 0;
      for (let i = 0; i < m; i++) s += d[i] * xa[i];
      return s / m;
    });
    const a = xpx.map((row) => row.reduce((s, v, j) => s + v * m1[j], 0));
    const inf = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let xa = 0;
      for (let j = 0; j < k; j++) xa += x[j][i] * a[j];
      const olsRep = (1 - d[i]) * (dy[i] - outDelta[i]) * xa;
      const infTreat = (d[i] * dy[i] - d[i] * etaTreat) / pD;
      const infCont = (d[i] * outDelta[i] - d[i] * etaCont + olsRep) / pD;
      inf[i] = infTreat - infCont;
    }
    return { att: etaTreat - etaCont, inf };
  }

  // Propensity score (ipw and dr).
  let psFit: Float64Array;
  try {
    const fit = fitBinomialGlm(x.slice(), d, { link: 'logit', intercept: true });
    if (fit.dropped.length > 0) return notEstimable(m, 'the propensity score model has collinear covariates');
    psFit = fit.mu;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return notEstimable(m, `the propensity score model could not be fitted (${e.message})`);
  }
  let maxPs = 0;
  for (let i = 0; i < m; i++) maxPs = Math.max(maxPs, psFit[i]);
  if (maxPs >= OVERLAP_MAX) return notEstimable(m, 'overlap violated (propensity score >= 0.999)');
  const p = new Float64Array(m);
  const wTreat = new Float64Array(m);
  const wCont = new Float64Array(m);
  const wps = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const pi = Math.min(psFit[i], 1 - 1e-6);
    p[i] = pi;
    wps[i] = pi * (1 - pi);
    const trim = d[i] === 1 ? 1 : pi < TRIM_LEVEL ? 1 : 0;
    wTreat[i] = trim * d[i];
    wCont[i] = (trim * pi * (1 - d[i])) / (1 - pi);
  }
  // Hessian of the logit: (X'WX)^-1 * m; the ps estimation effect is (D - p) X' H M.
  const xtwx: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let a = 0; a < k; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += x[a][i] * wps[i] * x[b][i];
      xtwx[a][b] = s;
      xtwx[b][a] = s;
    }
  if (rcond(xtwx) < Number.EPSILON) return notEstimable(m, 'the propensity score design matrix is singular');
  const hInv = invertSPD(xtwx);
  if (!hInv) return notEstimable(m, 'the propensity score design matrix is singular');
  const hessian = hInv.map((r) => r.map((v) => v * m));

  let meanWT = 0;
  let meanWC = 0;
  for (let i = 0; i < m; i++) {
    meanWT += wTreat[i];
    meanWC += wCont[i];
  }
  meanWT /= m;
  meanWC /= m;
  if (!(meanWC > 0)) return notEstimable(m, 'all comparison units trimmed (propensity score >= 0.995)');
  // Residual outcome change: dY - X'b for dr, dY for ipw.
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) r[i] = method === 'dr' ? dy[i] - outDelta[i] : dy[i];
  let sT = 0;
  let sC = 0;
  for (let i = 0; i < m; i++) {
    sT += wTreat[i] * r[i];
    sC += wCont[i] * r[i];
  }
  const etaTreat = sT / m / meanWT;
  const etaCont = sC / m / meanWC;

  const colMeans = (f: (i: number) => number): number[] =>
    x.map((xa) => {
      let s = 0;
      for (let i = 0; i < m; i++) s += f(i) * xa[i];
      return s / m;
    });
  const mv = (mat: number[][], v: number[]): number[] => mat.map((row) => row.reduce((s, e, j) => s + e * v[j], 0));
  const dot = (i: number, v: number[]): number => {
    let s = 0;
    for (let j = 0; j < k; j++) s += x[j][i] * v[j];
    return s;
  };
  const aPs = mv(hessian, colMeans((i) => wCont[i] * (r[i] - etaCont)));
  const inf = new Float64Array(m);
  if (method === 'ipw') {
    for (let i = 0; i < m; i++) {
      const infTreat = (wTreat[i] * r[i] - wTreat[i] * etaTreat) / meanWT;
      const infCont = (wCont[i] * r[i] - wCont[i] * etaCont + (d[i] - p[i]) * dot(i, aPs)) / meanWC;
      inf[i] = infTreat - infCont;
    }
    return { att: etaTreat - etaCont, inf };
  }
  const xpx = xpxInv as number[][];
  const aOlsT = mv(xpx, colMeans((i) => wTreat[i]));
  const aOlsC = mv(xpx, colMeans((i) => wCont[i]));
  for (let i = 0; i < m; i++) {
    const olsE = (1 - d[i]) * (dy[i] - outDelta[i]);
    const infTreat = (wTreat[i] * r[i] - wTreat[i] * etaTreat - olsE * dot(i, aOlsT)) / meanWT;
    const infCont = (wCont[i] * r[i] - wCont[i] * etaCont + (d[i] - p[i]) * dot(i, aPs) - olsE * dot(i, aOlsC)) / meanWC;
    inf[i] = infTreat - infCont;
  }
  return { att: etaTreat - etaCont, inf };
}
