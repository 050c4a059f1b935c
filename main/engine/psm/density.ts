/**
 * Propensity-score distributions for the before/after plots: Gaussian kernel densities (R's
 * density() defaults: bandwidth bw.nrd0, grid from min - 3 bw to max + 3 bw) and histograms,
 * each for treated and controls, unweighted before matching and with the matching weights
 * after. Densities are evaluated by linear binning onto a fine grid followed by a direct
 * convolution (as R's density does with an FFT), so the cost does not grow with n × grid.
 */
export interface GroupCurves {
  treated: number[];
  control: number[];
}

export interface ScoreDistributions {
  /** Points at which the densities are evaluated. */
  grid: number[];
  bandwidth: { treated: number; control: number };
  density_before: GroupCurves;
  density_after: GroupCurves;
  /** Histogram bin edges (length bins + 1) and per-group densities (area 1). */
  breaks: number[];
  histogram_before: GroupCurves;
  histogram_after: GroupCurves;
}

/** Silverman's rule as R's bw.nrd0: 0.9 min(sd, IQR / 1.34) n^(-1/5), with R's fallbacks. */
export function bwNrd0(x: number[]): number {
  const n = x.length;
  if (n < 2) return 1;
  const s = x.slice().sort((a, b) => a - b);
  let m = 0;
  for (const v of s) m += v;
  m /= n;
  let ss = 0;
  for (const v of s) ss += (v - m) * (v - m);
  const sd = Math.sqrt(ss / (n - 1));
  const q = (p: number): number => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[Math.min(lo + 1, n - 1)] ?? s[lo]) - s[lo]);
  };
  const iqr = (q(0.75) - q(0.25)) / 1.34;
  let lo = Math.min(sd, iqr);
  if (!(lo > 0)) lo = sd || Math.abs(s[0]) || 1;
  return 0.9 * lo * Math.pow(n, -0.2);
}

function weightedDensity(x: number[], w: number[], bw: number, grid: number[]): number[] {
  const g = grid.length;
  const step = (grid[g - 1] - grid[0]) / (g - 1);
  const mass = new Float64Array(g);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(w[i] > 0)) continue;
    total += w[i];
    const pos = (x[i] - grid[0]) / step;
    const lo = Math.max(0, Math.min(g - 2, Math.floor(pos)));
    const frac = Math.min(1, Math.max(0, pos - lo));
    mass[lo] += w[i] * (1 - frac);
    mass[lo + 1] += w[i] * frac;
  }
  const out = new Array<number>(g).fill(0);
  if (!(total > 0)) return out;
  const norm = 1 / (total * bw * Math.sqrt(2 * Math.PI));
  const reach = Math.ceil((4 * bw) / step);
  for (let a = 0; a < g; a++) {
    if (mass[a] === 0) continue;
    for (let b = Math.max(0, a - reach); b <= Math.min(g - 1, a + reach); b++) {
      const u = ((b - a) * step) / bw;
      out[b] += mass[a] * Math.exp(-0.5 * u * u) * norm;
    }
  }
  return out;
}

function histogram(x: number[], w: number[], breaks: number[]): number[] {
  const bins = breaks.length - 1;
  const out = new Array<number>(bins).fill(0);
  const width = breaks[1] - breaks[0];
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(w[i] > 0)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor((x[i] - breaks[0]) / width)));
    out[b] += w[i];
    total += w[i];
  }
  return total > 0 ? out.map((v) => v / (total * width)) : out;
}

export function scoreDistributions(score: Float64Array, treat: Uint8Array, weights: Float64Array, gridSize = 512, bins = 20): ScoreDistributions {
  const xt: number[] = [];
  const xc: number[] = [];
  const wt: number[] = [];
  const wc: number[] = [];
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < score.length; i++) {
    const s = score[i];
    if (s < min) min = s;
    if (s > max) max = s;
    if (treat[i] === 1) {
      xt.push(s);
      wt.push(weights[i]);
    } else {
      xc.push(s);
      wc.push(weights[i]);
    }
  }
  const bt = bwNrd0(xt);
  const bc = bwNrd0(xc);
  const pad = 3 * Math.max(bt, bc);
  const lo = min - pad;
  const hi = max + pad;
  const grid = Array.from({ length: gridSize }, (_, i) => lo + ((hi - lo) * i) / (gridSize - 1));
  const ones = (k: number): number[] => new Array<number>(k).fill(1);
  const span = max > min ? max - min : 1;
  const breaks = Array.from({ length: bins + 1 }, (_, i) => min + (span * i) / bins);
  return {
    grid,
    bandwidth: { treated: bt, control: bc },
    density_before: { treated: weightedDensity(xt, ones(xt.length), bt, grid), control: weightedDensity(xc, ones(xc.length), bc, grid) },
    density_after: { treated: weightedDensity(xt, wt, bt, grid), control: weightedDensity(xc, wc, bc, grid) },
    breaks,
    histogram_before: { treated: histogram(xt, ones(xt.length), breaks), control: histogram(xc, ones(xc.length), breaks) },
    histogram_after: { treated: histogram(xt, wt, breaks), control: histogram(xc, wc, breaks) },
  };
}
