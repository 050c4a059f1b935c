/**
 * Exact least squares with unit and period fixed effects on a subset of panel observations,
 * for any right-hand side of the normal equations Z'Z β = b (Z = unit and period dummies).
 * The imputation estimator needs this for arbitrary b (its weights v = -Z0 (Z0'Z0)⁻ Z1'w,
 * Borusyak, Jaravel & Spiess 2024, eq. 6), which a demeaning routine cannot give.
 *
 * Unit effects are eliminated (α_u = (b_u - Σ_t c_ut γ_t) / n_u), leaving the period system
 * M γ = r with M_ts = n_t δ_ts - Σ_u c_ut c_us / n_u (Schur complement), solved by Cholesky
 * with the first period's effect fixed at 0. Exact to rounding, cost Σ_u (periods of u)² once.
 */
import { cholesky, choleskySolve, invertSPD, solve, type Matrix } from '../linalg';
import { UserError } from '../errors';
import { subtractGatheredRuns } from '../hdfe';

export interface TwoWaySystem {
  nUnits: number;
  nTimes: number;
  /** Observations of the estimation sample (unit and period index of each). */
  unit: Int32Array;
  time: Int32Array;
  /** Observation counts per unit / period in the sample. */
  nu: Float64Array;
  nt: Float64Array;
  /** Periods in the reduced system (n_t > 0, less the reference), and their row in it. */
  free: number[];
  row: Int32Array;
  chol: Matrix;
}

export function buildTwoWay(unit: Int32Array, time: Int32Array, nUnits: number, nTimes: number): TwoWaySystem {
  const nu = new Float64Array(nUnits);
  const nt = new Float64Array(nTimes);
  for (let o = 0; o < unit.length; o++) {
    nu[unit[o]]++;
    nt[time[o]]++;
  }
  const present = [...Array(nTimes).keys()].filter((t) => nt[t] > 0);
  const free = present.slice(1);
  const row = new Int32Array(nTimes).fill(-1);
  free.forEach((t, i) => (row[t] = i));
  const k = free.length;
  // S accumulated in a flat typed array (k × k), then handed to the Cholesky as rows.
  const flat = new Float64Array(k * k);
  for (const t of free) flat[row[t] * k + row[t]] = nt[t];
  // Per-unit period counts, then the rank-one downdates. Units in ascending order, each
  // unit's periods in order of first appearance among its rows (a counting sort by unit keeps
  // the row order), so every entry of S receives its terms in a fixed order.
  const start = new Int32Array(nUnits + 1);
  for (let o = 0; o < unit.length; o++) start[unit[o] + 1]++;
  for (let u = 0; u < nUnits; u++) start[u + 1] += start[u];
  const byUnit = new Int32Array(unit.length);
  const fill = start.slice(0, nUnits);
  for (let o = 0; o < unit.length; o++) byUnit[fill[unit[o]]++] = o;
  const count = new Float64Array(nTimes);
  const seen = new Int32Array(nTimes);
  for (let u = 0; u < nUnits; u++) {
    let nSeen = 0;
    for (let p = start[u]; p < start[u + 1]; p++) {
      const t = time[byUnit[p]];
      if (count[t] === 0 && row[t] >= 0) seen[nSeen++] = t;
      count[t]++;
    }
    const nuu = nu[u];
    for (let a = 0; a < nSeen; a++) {
      const t = seen[a];
      const ct = count[t];
      const off = row[t] * k;
      for (let b = 0; b < nSeen; b++) {
        const s = seen[b];
        flat[off + row[s]] -= (ct * count[s]) / nuu;
      }
    }
    for (let p = start[u]; p < start[u + 1]; p++) count[time[byUnit[p]]] = 0;
  }
  const m: Matrix = Array.from({ length: k }, (_, r) => Array.from(flat.subarray(r * k, (r + 1) * k)));
  const chol = k === 0 ? [] : cholesky(m);
  if (!chol)
    throw new UserError('fe_not_connected', 'The untreated observations do not link all units and periods (the unit and period fixed effects are not identified); check that some units are observed untreated in several periods.', {});
  return { nUnits, nTimes, unit, time, nu, nt, free, row, chol };
}

/**
 * Solves Z'Z [α; γ] = [bUnit; bTime] (γ of the first sampled period = 0). Effects of units or
 * periods absent from the sample are NaN.
 */
export function solveTwoWay(sys: TwoWaySystem, bUnit: Float64Array, bTime: Float64Array): { alpha: Float64Array; gamma: Float64Array } {
  const { unit, time, nu, row, free } = sys;
  const r = new Float64Array(free.length);
  for (const t of free) r[row[t]] = bTime[t];
  // bUnit[u] / n_u once per unit: the same quotient every observation of u subtracts.
  const share = new Float64Array(bUnit.length);
  for (let u = 0; u < bUnit.length; u++) if (nu[u] > 0) share[u] = bUnit[u] / nu[u];
  for (let o = 0; o < unit.length; o++) {
    const q = row[time[o]];
    if (q >= 0) r[q] -= share[unit[o]];
  }
  const g = free.length ? choleskySolve(sys.chol, r) : [];
  const gamma = new Float64Array(sys.nTimes);
  for (let t = 0; t < sys.nTimes; t++) gamma[t] = sys.nt[t] > 0 ? (row[t] >= 0 ? g[row[t]] : 0) : Number.NaN;
  const alpha = new Float64Array(sys.nUnits);
  for (let u = 0; u < sys.nUnits; u++) alpha[u] = nu[u] > 0 ? bUnit[u] : Number.NaN;
  // Observations come sorted by unit: α_u stays in a register over the unit's rows.
  subtractGatheredRuns(alpha, unit, time, gamma, null, unit.length);
  for (let u = 0; u < sys.nUnits; u++) if (nu[u] > 0) alpha[u] /= nu[u];
  return { alpha, gamma };
}

/** bu[unit[o]] += x[o] and bt[time[o]] += x[o], bu kept in a register while the unit repeats. */
function sumByUnitAndTime(x: Float64Array, unit: Int32Array, time: Int32Array, bu: Float64Array, bt: Float64Array): void {
  const n = x.length;
  if (n === 0) return;
  let g = unit[0];
  let s = bu[g];
  for (let o = 0; o < n; o++) {
    const c = unit[o];
    if (c !== g) {
      bu[g] = s;
      g = c;
      s = bu[g];
    }
    const v = x[o];
    s += v;
    bt[time[o]] += v;
  }
  bu[g] = s;
}

/** Residuals of x (one value per sample observation) after projecting out both effects. */
export function residualizeTwoWay(sys: TwoWaySystem, x: Float64Array): Float64Array {
  const bu = new Float64Array(sys.nUnits);
  const bt = new Float64Array(sys.nTimes);
  sumByUnitAndTime(x, sys.unit, sys.time, bu, bt);
  const { alpha, gamma } = solveTwoWay(sys, bu, bt);
  const out = new Float64Array(x.length);
  for (let o = 0; o < x.length; o++) out[o] = x[o] - alpha[sys.unit[o]] - gamma[sys.time[o]];
  return out;
}

export interface FeRegression {
  beta: number[];
  /** fixest's clustered vcov (default small-sample correction, see below). */
  vcov: Matrix;
  nClusters: number;
  /** Parameters counted in the small-sample correction (fixest's dof_K). */
  dofK: number;
  nobs: number;
}

/**
 * OLS of y on xs with unit and period effects over the system's sample (Frisch-Waugh-Lovell:
 * both sides residualised exactly), clustered by `cluster` (codes 0..G-1, units nested in
 * clusters) with fixest's default correction (G / (G - 1)) · ((n - 1) / (n - K)), where K counts
 * the regressors and the levels of the period effects; the unit effects, nested in the clusters,
 * do not count (ssc fixef.K = "nested"). Null when the regressors are collinear.
 */
export function feRegression(sys: TwoWaySystem, y: Float64Array, xs: ReadonlyArray<Float64Array>, cluster: Int32Array): FeRegression | null {
  const k = xs.length;
  const xt = xs.map((x) => residualizeTwoWay(sys, x));
  const yt = residualizeTwoWay(sys, y);
  const dotp = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  };
  const xtx = xt.map((a) => xt.map((b) => dotp(a, b)));
  const bread = invertSPD(xtx);
  const beta = solve(xtx, xt.map((a) => dotp(a, yt)));
  if (!bread || !beta) return null;
  let nClusters = 0;
  for (let i = 0; i < cluster.length; i++) nClusters = Math.max(nClusters, cluster[i] + 1);
  const scores = Array.from({ length: nClusters }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yt.length; i++) {
    let e = yt[i];
    for (let j = 0; j < k; j++) e -= xt[j][i] * beta[j];
    for (let j = 0; j < k; j++) scores[cluster[i]][j] += xt[j][i] * e;
  }
  const meat = xt.map((_, a) => xt.map((__, b) => scores.reduce((s, row) => s + row[a] * row[b], 0)));
  let periods = 0;
  for (let t = 0; t < sys.nTimes; t++) if (sys.nt[t] > 0) periods++;
  const n = yt.length;
  const dofK = k + periods;
  const adj = (nClusters / (nClusters - 1)) * ((n - 1) / (n - dofK));
  const bm = bread.map((row) => meat[0].map((_, b) => row.reduce((s, v, j) => s + v * meat[j][b], 0)));
  const vcov = bm.map((row) => bread[0].map((_, b) => adj * row.reduce((s, x, j) => s + x * bread[j][b], 0)));
  return { beta, vcov, nClusters, dofK, nobs: n };
}
