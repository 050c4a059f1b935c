/**
 * Residuals and "meat" matrices of rdrobust's variance estimators (Calonico, Cattaneo &
 * Titiunik 2014, section 3; rdrobust's rdrobust_res and rdrobust_vce):
 * - nn: nearest-neighbour residuals with `matches` neighbours on the same side, ties kept
 *   together (Abadie & Imbens 2006 style; rdrobust's default, 3 neighbours);
 * - hc0–hc3: plug-in residuals from the local fit, scaled by 1, sqrt(n/(n-k)), 1/sqrt(1-h_ii)
 *   or 1/(1-h_ii);
 * - cluster (cr1): score sums by cluster with the small-sample factor
 *   ((n-1)/(n-k))·(G/(G-1)) of rdrobust 4.
 * All inputs are one side's estimation window, sorted by x.
 */
import { zeros, type Matrix } from '../linalg';

export type ResidualVce = 'nn' | 'hc0' | 'hc1' | 'hc2' | 'hc3';

/** Tie-run sizes and 1-based positions within the run for an ascending array. */
export function tieRuns(x: Float64Array): { dups: Int32Array; dupsid: Int32Array } {
  const n = x.length;
  const dups = new Int32Array(n);
  const dupsid = new Int32Array(n);
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || x[i] !== x[start]) {
      const len = i - start;
      for (let j = start; j < i; j++) {
        dups[j] = len;
        dupsid[j] = j - start + 1;
      }
      start = i;
    }
  }
  return { dups, dupsid };
}

/** Window sums over [a, b] (inclusive) of each column: direct for short windows, prefix sums otherwise. */
class WindowSums {
  private prefix: Float64Array | null = null;
  constructor(private readonly v: Float64Array) {}
  sum(a: number, b: number): number {
    if (b - a < 64) {
      let s = 0;
      for (let i = a; i <= b; i++) s += this.v[i];
      return s;
    }
    if (!this.prefix) {
      const p = new Float64Array(this.v.length + 1);
      for (let i = 0; i < this.v.length; i++) p[i + 1] = p[i] + this.v[i];
      this.prefix = p;
    }
    return this.prefix[b + 1] - this.prefix[a];
  }
}

/**
 * Nearest-neighbour residuals: for each observation, the mean of at least `matches` closest
 * other observations (whole tie groups, both directions on equal distance) is subtracted and
 * the difference scaled by sqrt(J/(J+1)). O(n · matches) plus tie groups.
 */
export function nnResiduals(x: Float64Array, cols: ReadonlyArray<Float64Array>, matches: number): Float64Array[] {
  const n = x.length;
  const { dups, dupsid } = tieRuns(x);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const target = Math.min(matches, n - 1);
  for (let pos = 0; pos < n; pos++) {
    let rpos = dups[pos] - dupsid[pos];
    let lpos = dupsid[pos] - 1;
    while (lpos + rpos < target) {
      const left = pos - lpos - 1;
      const right = pos + rpos + 1;
      if (left < 0) rpos += dups[right];
      else if (right > n - 1) lpos += dups[left];
      else {
        const dl = x[pos] - x[left];
        const dr = x[right] - x[pos];
        if (dl > dr) rpos += dups[right];
        else if (dl < dr) lpos += dups[left];
        else {
          rpos += dups[right];
          lpos += dups[left];
        }
      }
    }
    from[pos] = pos - lpos;
    to[pos] = pos + rpos;
  }
  return cols.map((v) => {
    const out = new Float64Array(n);
    const sums = new WindowSums(v);
    for (let pos = 0; pos < n; pos++) {
      const a = from[pos];
      const b = to[pos];
      const ji = b - a;
      let s: number;
      if (ji < 16) {
        s = 0;
        for (let i = a; i <= b; i++) s += v[i];
      } else s = sums.sum(a, b);
      out[pos] = Math.sqrt(ji / (ji + 1)) * (v[pos] - (s - v[pos]) / ji);
    }
    return out;
  });
}

/**
 * Plug-in residuals e = d - fitted, scaled as HC0–HC3 (rdrobust_res): hc1 by sqrt(n/(n-k))
 * unless clustered (the cluster factor then carries the correction), hc2 by 1/sqrt(1-h),
 * hc3 by 1/(1-h), with 1-h floored at 1e-8.
 */
export function plugInResiduals(
  cols: ReadonlyArray<Float64Array>,
  fitted: ReadonlyArray<Float64Array>,
  vce: Exclude<ResidualVce, 'nn'>,
  k: number,
  leverage: Float64Array | null,
  clustered: boolean,
): Float64Array[] {
  const n = cols[0].length;
  return cols.map((d, l) => {
    const m = fitted[l];
    const out = new Float64Array(n);
    if (vce === 'hc0' || vce === 'hc1') {
      const w = vce === 'hc1' && !clustered ? Math.sqrt(n / (n - k)) : 1;
      for (let i = 0; i < n; i++) out[i] = w * (d[i] - m[i]);
    } else {
      const lev = leverage as Float64Array;
      for (let i = 0; i < n; i++) {
        const one = Math.max(1 - lev[i], 1e-8);
        const w = vce === 'hc2' ? Math.sqrt(1 / one) : 1 / one;
        out[i] = w * (d[i] - m[i]);
      }
    }
    return out;
  });
}

/** Cluster codes of a window relabelled 0..G-1 (G = distinct clusters present). */
export function denseClusters(codes: Int32Array): { codes: Int32Array; g: number } {
  const map = new Map<number, number>();
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    let k = map.get(codes[i]);
    if (k === undefined) {
      k = map.size;
      map.set(codes[i], k);
    }
    out[i] = k;
  }
  return { codes: out, g: map.size };
}

/**
 * The meat Σ_i r_i² RX_i RX_i' (heteroskedasticity-robust) or Σ_g s_g s_g' with
 * s_g = Σ_{i∈g} RX_i r_i (cluster-robust, times ((n-1)/(n-kDf))·(G/(G-1))), where
 * r_i = Σ_l s_l res_il combines the residual columns of y (and the treatment and covariates,
 * for fuzzy and covariate-adjusted designs) with the linear-combination weights s.
 */
export function meat(
  rx: ReadonlyArray<Float64Array>,
  res: ReadonlyArray<Float64Array>,
  s: ReadonlyArray<number>,
  cluster: { codes: Int32Array; g: number } | null,
  kDf: number = rx.length,
): Matrix {
  const k = rx.length;
  const n = res[0].length;
  const r = new Float64Array(n);
  for (let l = 0; l < res.length; l++) {
    const sl = s[l];
    if (sl === 0) continue;
    const rl = res[l];
    for (let i = 0; i < n; i++) r[i] += sl * rl[i];
  }
  const m = zeros(k, k);
  if (!cluster) {
    // One pass over the rows: Σ r_i² x_ia x_ib.
    const acc = new Float64Array(k * k);
    const row = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const r2 = r[i] * r[i];
      for (let a = 0; a < k; a++) row[a] = rx[a][i];
      for (let a = 0; a < k; a++) {
        const va = r2 * row[a];
        const base = a * k;
        for (let b = 0; b <= a; b++) acc[base + b] += va * row[b];
      }
    }
    for (let a = 0; a < k; a++)
      for (let b = 0; b <= a; b++) {
        m[a][b] = acc[a * k + b];
        m[b][a] = m[a][b];
      }
    return m;
  }
  const { codes, g } = cluster;
  const scores = new Float64Array(g * k);
  for (let i = 0; i < n; i++) {
    const base = codes[i] * k;
    const ri = r[i];
    for (let a = 0; a < k; a++) scores[base + a] += rx[a][i] * ri;
  }
  for (let c = 0; c < g; c++) {
    const base = c * k;
    for (let a = 0; a < k; a++) {
      const sa = scores[base + a];
      for (let b = 0; b <= a; b++) m[a][b] += sa * scores[base + b];
    }
  }
  const w = ((n - 1) / (n - kDf)) * (g / (g - 1));
  for (let a = 0; a < k; a++)
    for (let b = 0; b <= a; b++) {
      m[a][b] *= w;
      m[b][a] = m[a][b];
    }
  return m;
}
