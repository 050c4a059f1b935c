/**
 * Local polynomial density estimation at grid points (Cattaneo, Jansson & Ma 2020, 2022;
 * R package lpdensity, function lpdensity_fn), used for rddensity's density plot: the empirical
 * cdf is regressed on a polynomial in (x - grid)/h with kernel weights, and the slope
 * coefficient estimates the density. Standard errors come from the influence function of the
 * estimator. With mass points the fit runs on the distinct values (weighted by frequency) and
 * the empirical cdf takes its value at the last tie.
 */
import { invert, invertSPD, zeros, type Matrix } from '../linalg';
import type { RdKernel } from './kernel';

export interface LpDensityPoint {
  grid: number;
  nh: number;
  f_p: number | null;
  f_q: number | null;
  se_p: number | null;
  se_q: number | null;
}

function kernelAt(u: number, kernel: RdKernel): number {
  if (kernel === 'triangular') return 1 - Math.abs(u);
  if (kernel === 'uniform') return 0.5;
  return 0.75 * (1 - u * u);
}

function inverseOf(g: Matrix): Matrix | null {
  return invertSPD(g) ?? invert(g);
}

/**
 * Density (v = 1) estimates of order p and q with standard errors at each grid point, for
 * sorted data, multiplied by `scale` (rdplotdensity rescales each side to the full sample).
 */
export function lpDensity(data: Float64Array, grid: number[], bw: number, p: number, q: number, kernel: RdKernel, massPoints: boolean, scale: number): LpDensityPoint[] {
  const n = data.length;
  // Distinct values (or every observation) with their weights and empirical cdf values.
  const vals: number[] = [];
  const freq: number[] = [];
  const fn: number[] = [];
  if (massPoints) {
    for (let i = 0; i < n; i++) {
      if (i + 1 < n && data[i + 1] === data[i]) continue;
      const prev = vals.length ? fn[fn.length - 1] * n : 0;
      vals.push(data[i]);
      freq.push(i + 1 - prev);
      fn.push((i + 1) / n);
    }
  } else
    for (let i = 0; i < n; i++) {
      vals.push(data[i]);
      freq.push(1);
      fn.push((i + 1) / n);
    }
  const m = vals.length;
  const fit = (g: number, order: number): { hat: number | null; se: number | null } => {
    const k = order + 1;
    const xp: Float64Array[] = Array.from({ length: k }, () => new Float64Array(m));
    const kw = new Float64Array(m);
    for (let u = 0; u < m; u++) {
      const z = (vals[u] - g) / bw;
      const inside = Math.abs(vals[u] - g) <= bw;
      kw[u] = inside ? (kernelAt(z, kernel) / bw) * freq[u] : 0;
      let pw = 1;
      for (let a = 0; a < k; a++) {
        xp[a][u] = pw;
        pw *= z;
      }
    }
    const gram = zeros(k, k);
    const xy = new Array<number>(k).fill(0);
    for (let u = 0; u < m; u++) {
      if (kw[u] === 0) continue;
      for (let a = 0; a < k; a++) {
        const xa = xp[a][u] * kw[u];
        xy[a] += xa * fn[u];
        for (let b = 0; b <= a; b++) gram[a][b] += xa * xp[b][u];
      }
    }
    for (let a = 0; a < k; a++)
      for (let b = 0; b < a; b++) {
        gram[a][b] /= n;
        gram[b][a] = gram[a][b];
      }
    for (let a = 0; a < k; a++) gram[a][a] /= n;
    const inv = inverseOf(gram);
    if (!inv) return { hat: null, se: null };
    let hat = 0;
    for (let a = 0; a < k; a++) hat += inv[1][a] * xy[a];
    hat = hat / bw / n;
    // Influence function: G_u = (Σ_{u' >= u} X_u' K_u' w_u')/n − F'XK/n, iff = (inv G)_1/sqrt(n h²).
    const fxk = xy.map((v) => v / n);
    const tail = new Array<number>(k).fill(0);
    let ss = 0;
    for (let u = m - 1; u >= 0; u--) {
      for (let a = 0; a < k; a++) tail[a] += (xp[a][u] * kw[u]) / n;
      let iff = 0;
      for (let a = 0; a < k; a++) iff += inv[1][a] * (tail[a] - fxk[a]);
      iff /= Math.sqrt(n * bw * bw);
      ss += freq[u] * iff * iff;
    }
    return { hat, se: Math.sqrt(Math.abs(ss / n)) };
  };
  return grid.map((g) => {
    let nh = 0;
    for (let i = 0; i < n; i++) if (Math.abs(data[i] - g) <= bw) nh++;
    const fp = fit(g, p);
    const fq = q > p ? fit(g, q) : { hat: null, se: null };
    const sc = (v: number | null): number | null => (v === null ? null : v * scale);
    return { grid: g, nh, f_p: sc(fp.hat), f_q: sc(fq.hat), se_p: sc(fp.se), se_q: sc(fq.se) };
  });
}
