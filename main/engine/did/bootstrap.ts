/**
 * Seeded multiplier bootstrap of did (mboot; Callaway & Sant'Anna 2021, Sec. 4.1): each draw
 * multiplies every unit's influence function by an i.i.d. weight with mean 0 and variance 1
 * (Rademacher as BMisc::multiplier_bootstrap, or Mammen's two-point weights) and records
 * sqrt(n) · mean(v · IF). Standard errors are the interquartile range of the draws over
 * (q.75 - q.25) of N(0,1), divided by sqrt(n); the uniform band's critical value is the 1 - alp
 * quantile (type 1) of the largest |draw / se| across parameters.
 *
 * Every aggregated parameter of aggte is a linear combination of ATT(g,t) influence functions
 * plus a term that depends only on the unit's cohort (the estimated weights), so one set of draws
 * over the ATT(g,t) cells and the cohort sums of v serves all of them (did draws afresh for
 * each; the distribution is the same).
 */
import mt19937 from '@stdlib/random-base-mt19937';
import type { RunContext } from '../context';
import { normalQuantile } from '../dist';
import type { AttGtCell } from './att-gt';
import type { BalancedPanel } from './panel';

export interface BootstrapOptions {
  biters: number;
  seed: number;
  weights: 'rademacher' | 'mammen';
}

export interface BootstrapDraws {
  biters: number;
  n: number;
  /** Number of ATT(g,t) cells. */
  k: number;
  /** cells[b * k + j] = sqrt(n) · mean(v_b · IF_j). */
  cells: Float64Array;
  /** Cohorts with their own sums of v (the treated cohorts of the panel). */
  groups: number[];
  /** groupSums[b * groups.length + h] = sqrt(n) · mean(v_b · 1{G = groups[h]}). */
  groupSums: Float64Array;
}

/** Σ_j cell_j · IF_j + Σ_g group_g · 1{G = g}: an aggregated parameter's influence function. */
export interface LinearForm {
  cell: Map<number, number>;
  group: Map<number, number>;
}

const SQRT5 = Math.sqrt(5);
const MAMMEN_LOW = (1 - SQRT5) / 2;
const MAMMEN_HIGH = (1 + SQRT5) / 2;
const MAMMEN_P_LOW = (SQRT5 + 1) / (2 * SQRT5);
const TWO32 = 4294967296;

/** Draws processed together: each influence-function block is read from memory once per chunk. */
const CHUNK = 16;
/** Units per block, so a block's multipliers (CHUNK × BLOCK doubles) stay in cache. */
const BLOCK = 2048;

/**
 * Fills v[b * BLOCK + (u - u0)] for the units [u0, u1) and the chunk's draws b < chunk.
 * Rademacher signs come from the bits of one 32-bit draw per unit; Mammen weights from one
 * uniform each.
 */
function fillBlock(v: Float64Array, u0: number, u1: number, chunk: number, rand: () => number, weights: BootstrapOptions['weights']): void {
  for (let u = u0; u < u1; u++) {
    const o = u - u0;
    if (weights === 'rademacher') {
      let bits = rand() >>> 0;
      for (let b = 0; b < chunk; b++) {
        v[b * BLOCK + o] = bits & 1 ? 1 : -1;
        bits >>>= 1;
      }
    } else for (let b = 0; b < chunk; b++) v[b * BLOCK + o] = rand() / TWO32 < MAMMEN_P_LOW ? MAMMEN_LOW : MAMMEN_HIGH;
  }
}

/** Σ_{u in [a, e)} v[vo + u] · f[u], with four accumulators (breaks the add latency chain). */
function dot(v: Float64Array, vo: number, f: Float64Array, a: number, e: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let u = a;
  for (; u + 3 < e; u += 4) {
    s0 += v[vo + u] * f[u];
    s1 += v[vo + u + 1] * f[u + 1];
    s2 += v[vo + u + 2] * f[u + 2];
    s3 += v[vo + u + 3] * f[u + 3];
  }
  for (; u < e; u++) s0 += v[vo + u] * f[u];
  return s0 + s1 + s2 + s3;
}

export function bootstrapCells(cells: ReadonlyArray<AttGtCell>, panel: BalancedPanel, o: BootstrapOptions, ctx: RunContext): BootstrapDraws {
  const n = panel.n;
  const k = cells.length;
  const rand = mt19937.factory({ seed: o.seed });
  const out = new Float64Array(o.biters * k);
  const groups = panel.glist.slice();
  const ng = groups.length;
  const gOf = new Int32Array(n).fill(-1);
  const gIndex = new Map(groups.map((g, h) => [g, h]));
  for (let u = 0; u < n; u++) gOf[u] = gIndex.get(panel.unitG[u]) ?? -1;
  const gs = new Float64Array(o.biters * ng);
  const live = cells.map((c, j) => j).filter((j) => !cells[j].normalised && Number.isFinite(cells[j].att));
  const v = new Float64Array(CHUNK * BLOCK);
  const acc = new Float64Array(k * CHUNK);
  const gacc = new Float64Array(ng * CHUNK);
  const scale = 1 / Math.sqrt(n);
  for (let b0 = 0; b0 < o.biters; b0 += CHUNK) {
    ctx.checkCancelled();
    ctx.progress(0.7 + (0.25 * b0) / o.biters, 'bootstrap');
    const chunk = Math.min(CHUNK, o.biters - b0);
    acc.fill(0);
    gacc.fill(0);
    for (let u0 = 0; u0 < n; u0 += BLOCK) {
      const u1 = Math.min(n, u0 + BLOCK);
      fillBlock(v, u0, u1, chunk, rand, o.weights);
      for (const j of live) {
        const f = cells[j].inf;
        const r = cells[j].ranges;
        const aj = j * CHUNK;
        for (let q = 0; q < r.length; q += 2) {
          const a = Math.max(r[q], u0);
          const e = Math.min(r[q + 1], u1);
          if (e <= a) continue;
          for (let b = 0; b < chunk; b++) acc[aj + b] += dot(v, b * BLOCK - u0, f, a, e);
        }
      }
      for (let u = u0; u < u1; u++) {
        const h = gOf[u];
        if (h < 0) continue;
        const go = h * CHUNK;
        for (let b = 0; b < chunk; b++) gacc[go + b] += v[b * BLOCK + u - u0];
      }
    }
    for (let b = 0; b < chunk; b++) {
      for (const j of live) out[(b0 + b) * k + j] = acc[j * CHUNK + b] * scale;
      for (let h = 0; h < ng; h++) gs[(b0 + b) * ng + h] = gacc[h * CHUNK + b] * scale;
    }
  }
  return { biters: o.biters, n, k, cells: out, groups, groupSums: gs };
}

/** The draws of one aggregated parameter. */
export function formDraws(d: BootstrapDraws, form: LinearForm): Float64Array {
  const out = new Float64Array(d.biters);
  const gIdx = new Map(d.groups.map((g, h) => [g, h]));
  const gTerms = [...form.group.entries()].filter(([g]) => gIdx.has(g)).map(([g, c]) => [gIdx.get(g) as number, c] as const);
  const ng = d.groups.length;
  for (let b = 0; b < d.biters; b++) {
    let s = 0;
    for (const [j, a] of form.cell) s += a * d.cells[b * d.k + j];
    for (const [h, c] of gTerms) s += c * d.groupSums[b * ng + h];
    out[b] = s;
  }
  return out;
}

/** R's quantile(type = 1): the smallest order statistic with empirical cdf >= p. */
export function quantileType1(sorted: Float64Array, p: number): number {
  const m = sorted.length;
  if (m === 0) return Number.NaN;
  const k = Math.max(1, Math.ceil(m * p - 1e-12));
  return sorted[Math.min(k, m) - 1];
}

const IQR_NORMAL = normalQuantile(0.75) - normalQuantile(0.25);
const ZERO = Math.sqrt(Number.EPSILON) * 10;

/**
 * Bootstrap standard errors of each column of draws and the sup-t critical value over them
 * (mboot): null where the draws are degenerate.
 */
export function mbootSummary(cols: ReadonlyArray<Float64Array>, n: number, alp: number): { se: (number | null)[]; critVal: number | null } {
  const sigma = cols.map((c) => {
    let ss = 0;
    for (let b = 0; b < c.length; b++) ss += c[b] * c[b];
    if (!(ss > ZERO)) return null;
    const s = Float64Array.from(c).sort();
    const sd = (quantileType1(s, 0.75) - quantileType1(s, 0.25)) / IQR_NORMAL;
    return sd > ZERO ? sd : null;
  });
  const se = sigma.map((s) => (s === null ? null : s / Math.sqrt(n) > ZERO ? s / Math.sqrt(n) : null));
  const biters = cols.length ? cols[0].length : 0;
  const tmax: number[] = [];
  for (let b = 0; b < biters; b++) {
    let best = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols.length; j++) {
      const s = sigma[j];
      if (s === null) continue;
      best = Math.max(best, Math.abs(cols[j][b] / s));
    }
    if (Number.isFinite(best)) tmax.push(best);
  }
  const critVal = tmax.length ? quantileType1(Float64Array.from(tmax).sort(), 1 - alp) : null;
  return { se, critVal };
}
