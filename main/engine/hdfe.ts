/**
 * Projecting columns on multiple fixed effects ("demeaning") as fixest does it (Berge 2018,
 * "Efficient estimation of maximum likelihood models with multiple fixed-effects: the R
 * package FENmlm", CREA DP 18-13; fixest's demeaning.cpp):
 *
 * - the unknowns are the fixed-effect coefficients, not n-length vectors: one sweep G(α)
 *   recomputes every FE's coefficients as weighted group means of the current residual;
 * - the fixed point α = G(α) is accelerated with Irons & Tuck (1969): from X, GX = G(X),
 *   GGX = G(GX), X ← GGX − (⟨ΔGX, Δ²X⟩ / ⟨Δ²X, Δ²X⟩) ΔGX, plus an extra projection after
 *   40 iterations and a "grand" acceleration every 4 iterations;
 * - with two FEs only the first FE's coefficients are iterated, the second being solved in
 *   closed form inside G; with three or more, 15 warm-up iterations of the general algorithm
 *   are followed (if needed) by the two-FE algorithm on the two largest FEs, then the general
 *   one again, each stage starting from the residual of the previous one;
 * - FEs are processed in decreasing order of their number of levels; convergence when
 *   |a − b| ≤ tol or |a − b| / (0.1 + |a|) ≤ tol for every coefficient (default 1e-6), or
 *   when the SSR stops moving (checked every 40 iterations).
 *
 * Weighted problems minimise Σ wᵢ (yᵢ − Σ_q α_q[gᵢ])², so the group means are weighted.
 */
import type { RunContext } from './context';
import { silentContext } from './context';

export interface FixedEffectCodes {
  codes: Int32Array;
  nlevels: number;
}

export interface PreparedFixedEffects {
  n: number;
  /** Number of fixed effects. */
  q: number;
  /** Codes in internal order (decreasing number of levels). */
  codes: Int32Array[];
  nlevels: number[];
  /** 1 / (sum of weights) per level (1 / count without weights); empty levels get 1. */
  invSumWeights: Float64Array[];
  weights: Float64Array | null;
  /** order[k] = index, in the caller's list, of the k-th internal fixed effect. */
  order: number[];
}

export interface DemeanOptions {
  /** fixest's fixef.tol (default 1e-6). */
  tol?: number;
  /** fixest's fixef.iter (default 10000). */
  maxIter?: number;
}

export interface DemeanResult {
  /** Demeaned columns (new arrays; inputs are not modified). */
  columns: Float64Array[];
  /** Iterations used per column (fixest's fixef_demean_iterations). */
  iterations: number[];
  /** False when some column hit maxIter. */
  converged: boolean;
}

const ITER_WARMUP = 15;
const ITER_PROJ_AFTER_ACC = 40;
const ITER_GRAND_ACC = 4;
const ITER_SSR_CHECK = 40;

export function prepareFixedEffects(fes: FixedEffectCodes[], weights: Float64Array | null): PreparedFixedEffects {
  const n = fes.length ? fes[0].codes.length : weights ? weights.length : 0;
  const order = fes.map((_, i) => i).sort((a, b) => fes[b].nlevels - fes[a].nlevels || a - b);
  const codes = order.map((i) => fes[i].codes);
  const nlevels = order.map((i) => fes[i].nlevels);
  const invSumWeights = codes.map((c, k) => {
    const sw = new Float64Array(nlevels[k]);
    if (weights) for (let i = 0; i < n; i++) sw[c[i]] += weights[i];
    else for (let i = 0; i < n; i++) sw[c[i]] += 1;
    for (let g = 0; g < sw.length; g++) sw[g] = sw[g] === 0 ? 1 : 1 / sw[g];
    return sw;
  });
  return { n, q: fes.length, codes, nlevels, invSumWeights, weights, order };
}

const continueCrit = (a: number, b: number, tol: number): boolean => {
  const d = Math.abs(a - b);
  return d > tol && d / (0.1 + Math.abs(a)) > tol;
};

const stoppingCrit = (a: number, b: number, tol: number): boolean => {
  const d = Math.abs(a - b);
  return d < tol || d / (0.1 + Math.abs(a)) < tol;
};

/** Irons–Tuck update of X[0..m); returns true when Δ²X vanishes (numerical convergence). */
function ironsTuck(m: number, x: Float64Array, gx: Float64Array, ggx: Float64Array, dgx: Float64Array, d2x: Float64Array): boolean {
  let vprod = 0;
  let ssq = 0;
  for (let i = 0; i < m; i++) {
    const g = gx[i];
    const d1 = ggx[i] - g;
    const d2 = d1 - g + x[i];
    dgx[i] = d1;
    d2x[i] = d2;
    vprod += d1 * d2;
    ssq += d2 * d2;
  }
  if (ssq === 0) return true;
  const coef = vprod / ssq;
  for (let i = 0; i < m; i++) x[i] = ggx[i] - coef * dgx[i];
  return false;
}

// The loops proportional to n live in small top-level functions: V8 optimises these
// reliably (a loop inside a class constructor can stay in the interpreter). Every variant
// below performs the same floating-point operations in the same order as the plain loop
// (per level, over observations in ascending order), so results do not depend on which
// variant runs.

/**
 * True when the codes come in runs (average length ≥ 4), as a unit fixed effect does in a
 * panel sorted by unit. Accumulating into such a level can then stay in a register for the
 * whole run instead of a load and a store per observation on the same address.
 */
function comesInRuns(codes: Int32Array, n: number): boolean {
  let changes = 0;
  for (let i = 1; i < n; i++) if (codes[i] !== codes[i - 1]) changes++;
  return n >= 4 * (changes + 1);
}

/** acc[target[i]] -= w[i] · coef[source[i]] for every observation. */
function subtractGathered(acc: Float64Array, target: Int32Array, source: Int32Array, coef: Float64Array, w: Float64Array | null, n: number): void {
  if (w) for (let i = 0; i < n; i++) acc[target[i]] -= w[i] * coef[source[i]];
  else for (let i = 0; i < n; i++) acc[target[i]] -= coef[source[i]];
}

/**
 * subtractGathered for targets that come in runs (the same subtractions in the same order),
 * the running sum kept in a register; one loop per weighting so the hot loop tests nothing.
 */
export function subtractGatheredRuns(acc: Float64Array, target: Int32Array, source: Int32Array, coef: Float64Array, w: Float64Array | null, n: number): void {
  if (n === 0) return;
  let g = target[0];
  let s = acc[g];
  if (w) {
    for (let i = 0; i < n; i++) {
      const c = target[i];
      if (c !== g) {
        acc[g] = s;
        g = c;
        s = acc[g];
      }
      s -= w[i] * coef[source[i]];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const c = target[i];
      if (c !== g) {
        acc[g] = s;
        g = c;
        s = acc[g];
      }
      s -= coef[source[i]];
    }
  }
  acc[g] = s;
}

/** acc[off + codes[i]] += (input[i] − output[i]) · w[i]; output null stands for zeros. */
function scatterResidual(acc: Float64Array, off: number, codes: Int32Array, input: Float64Array, output: Float64Array | null, w: Float64Array | null, n: number): void {
  if (output) {
    if (w) for (let i = 0; i < n; i++) acc[off + codes[i]] += (input[i] - output[i]) * w[i];
    else for (let i = 0; i < n; i++) acc[off + codes[i]] += input[i] - output[i];
  } else if (w) for (let i = 0; i < n; i++) acc[off + codes[i]] += input[i] * w[i];
  else for (let i = 0; i < n; i++) acc[off + codes[i]] += input[i];
}

/** scatterResidual for codes that come in runs. */
function scatterResidualRuns(acc: Float64Array, off: number, codes: Int32Array, input: Float64Array, output: Float64Array | null, w: Float64Array | null, n: number): void {
  if (n === 0) return;
  let g = off + codes[0];
  let s = acc[g];
  for (let i = 0; i < n; i++) {
    const c = off + codes[i];
    if (c !== g) {
      acc[g] = s;
      g = c;
      s = acc[g];
    }
    if (output) s += w ? (input[i] - output[i]) * w[i] : input[i] - output[i];
    else s += w ? input[i] * w[i] : input[i];
  }
  acc[g] = s;
}

/** other[i] (+)= src[off + codes[i]]. */
function gather(other: Float64Array, src: Float64Array, off: number, codes: Int32Array, n: number, add: boolean): void {
  if (add) for (let i = 0; i < n; i++) other[i] += src[off + codes[i]];
  else for (let i = 0; i < n; i++) other[i] = src[off + codes[i]];
}

/** dest[off + codes[i]] -= w[i] · other[i]. */
function subtractOther(dest: Float64Array, off: number, codes: Int32Array, other: Float64Array, w: Float64Array | null, n: number): void {
  if (w) for (let i = 0; i < n; i++) dest[off + codes[i]] -= w[i] * other[i];
  else for (let i = 0; i < n; i++) dest[off + codes[i]] -= other[i];
}

/**
 * The three-FE sweep's update of one FE in a single pass: dest[off + codes[i]] -=
 * w[i] · (a[offA + ca[i]] + b[offB + cb[i]]), the sum the two-pass gather would form.
 */
function subtractTwoGathered(dest: Float64Array, off: number, codes: Int32Array, a: Float64Array, offA: number, ca: Int32Array, b: Float64Array, offB: number, cb: Int32Array, w: Float64Array | null, n: number): void {
  if (w) for (let i = 0; i < n; i++) dest[off + codes[i]] -= w[i] * (a[offA + ca[i]] + b[offB + cb[i]]);
  else for (let i = 0; i < n; i++) dest[off + codes[i]] -= a[offA + ca[i]] + b[offB + cb[i]];
}

/** out[i] += a[ca[i]] + b[cb[i]]. */
function addTwo(out: Float64Array, a: Float64Array, ca: Int32Array, b: Float64Array, cb: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] += a[ca[i]] + b[cb[i]];
}

/** out[i] = input[i] − (a[ca[i]] + b[cb[i]]): the residual when nothing was fitted before. */
function residualTwo(out: Float64Array, input: Float64Array, a: Float64Array, ca: Int32Array, b: Float64Array, cb: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = input[i] - (a[ca[i]] + b[cb[i]]);
}

/**
 * Buffers reused by every column of one demean() call: allocating fresh multi-megabyte
 * arrays per column costs page faults that can exceed the arithmetic.
 */
class Workspace {
  private readonly buffers = new Map<string, Float64Array>();

  /** A buffer of `size` doubles under `name`, with unspecified content. */
  get(name: string, size: number): Float64Array {
    const key = `${name}:${size}`;
    let b = this.buffers.get(key);
    if (!b) {
      b = new Float64Array(size);
      this.buffers.set(key, b);
    }
    return b;
  }
}

/** What every Solver of one demean() call shares. */
interface Shared {
  fe: PreparedFixedEffects;
  /** Per internal FE: its codes come in runs (see comesInRuns). */
  runs: boolean[];
  ws: Workspace;
}

/**
 * One demeaning problem: the residual `input - output` is projected on the first `qUsed`
 * fixed effects and the fitted part is added to `output` (null: nothing fitted yet, and
 * the result is written to `result` as input − fit). Returns the iterations used.
 */
class Solver {
  private readonly fe: PreparedFixedEffects;
  private readonly runs: boolean[];
  private readonly offsets: number[];
  private readonly total: number;
  /** Σ w (input − output) per level, all FEs concatenated. */
  private readonly inOut: Float64Array;
  private readonly qUsed: number;
  private readonly twoFe: boolean;
  private readonly beta: Float64Array;
  private readonly other: Float64Array | null;

  constructor(
    private readonly shared: Shared,
    private readonly input: Float64Array,
    private readonly output: Float64Array | null,
    twoFe: boolean,
  ) {
    const fe = shared.fe;
    this.fe = fe;
    this.runs = shared.runs;
    this.qUsed = twoFe ? 2 : fe.q;
    this.twoFe = this.qUsed === 2;
    this.offsets = [];
    let t = 0;
    for (let q = 0; q < this.qUsed; q++) {
      this.offsets.push(t);
      t += fe.nlevels[q];
    }
    this.total = t;
    const io = shared.ws.get('inOut', t);
    io.fill(0);
    this.inOut = io;
    const n = fe.n;
    const w = fe.weights;
    for (let q = 0; q < this.qUsed; q++) (this.runs[q] ? scatterResidualRuns : scatterResidual)(io, this.offsets[q], fe.codes[q], input, output, w, n);
    this.beta = shared.ws.get('beta', this.twoFe ? fe.nlevels[1] : 0);
    this.other = this.twoFe || this.qUsed === 3 ? null : shared.ws.get('other', n);
  }

  /** Size of the iterated vector: the first FE (two-FE algorithm) or all FEs. */
  get size(): number {
    return this.twoFe ? this.fe.nlevels[0] : this.total;
  }

  /** Size of the accelerated part: all but the last FE. */
  get accelerated(): number {
    return this.total - this.fe.nlevels[this.qUsed - 1];
  }

  /** Two-FE step 1: β from α (closed form), stored in this.beta; α null stands for zeros. */
  private betaFromAlpha(alpha: Float64Array | null): void {
    const { fe } = this;
    const n = fe.n;
    const beta = this.beta;
    const n1 = fe.nlevels[1];
    const off1 = this.offsets[1];
    const io = this.inOut;
    for (let h = 0; h < n1; h++) beta[h] = io[off1 + h];
    // Subtracting zeros leaves every sum unchanged, so the first step skips the pass.
    if (alpha) (this.runs[1] ? subtractGatheredRuns : subtractGathered)(beta, fe.codes[1], fe.codes[0], alpha, fe.weights, n);
    const inv = fe.invSumWeights[1];
    for (let h = 0; h < n1; h++) beta[h] *= inv[h];
  }

  /**
   * G: origin coefficients -> destination coefficients (may alias for the two-FE case);
   * origin null stands for all zeros.
   */
  step(origin: Float64Array | null, dest: Float64Array): void {
    const { fe } = this;
    const n = fe.n;
    const w = fe.weights;
    if (this.twoFe) {
      this.betaFromAlpha(origin);
      const n0 = fe.nlevels[0];
      const io = this.inOut;
      for (let g = 0; g < n0; g++) dest[g] = io[g];
      (this.runs[0] ? subtractGatheredRuns : subtractGathered)(dest, fe.codes[0], fe.codes[1], this.beta, w, n);
      const inv = fe.invSumWeights[0];
      for (let g = 0; g < n0; g++) dest[g] *= inv[g];
      return;
    }
    // General case: update FEs from the last to the first; FEs before q use the origin
    // values, FEs after q the freshly updated destination values (Gauss–Seidel sweep).
    const Q = this.qUsed;
    const offsets = this.offsets;
    const io = this.inOut;
    const from = origin ?? this.shared.ws.get('zeros', this.total).fill(0);
    for (let q = Q - 1; q >= 0; q--) {
      const off = offsets[q];
      const nq = fe.nlevels[q];
      for (let g = 0; g < nq; g++) dest[off + g] = io[off + g];
      if (Q === 3) {
        const [h1, h2] = q === 0 ? [1, 2] : q === 1 ? [0, 2] : [0, 1];
        subtractTwoGathered(dest, off, fe.codes[q], h1 < q ? from : dest, offsets[h1], fe.codes[h1], h2 < q ? from : dest, offsets[h2], fe.codes[h2], w, n);
      } else {
        const other = this.other as Float64Array;
        let first = true;
        for (let h = 0; h < Q; h++) {
          if (h === q) continue;
          gather(other, h < q ? from : dest, offsets[h], fe.codes[h], n, !first);
          first = false;
        }
        subtractOther(dest, off, fe.codes[q], other, w, n);
      }
      const inv = fe.invSumWeights[q];
      for (let g = 0; g < nq; g++) dest[off + g] *= inv[g];
    }
  }

  /** Fitted FE part for coefficients `coef` into `mu` (added). Two-FE: β recomputed from α. */
  private addFitted(coef: Float64Array, mu: Float64Array): void {
    const { fe } = this;
    const n = fe.n;
    if (this.twoFe) {
      this.betaFromAlpha(coef);
      addTwo(mu, coef, fe.codes[0], this.beta, fe.codes[1], n);
      return;
    }
    for (let q = 0; q < this.qUsed; q++) gather(mu, coef, this.offsets[q], fe.codes[q], n, true);
  }

  /**
   * Iterates to the fixed point, then either adds the fit to `target` ('add') or, for a
   * solver built with output null, writes input − fit to it ('residual').
   */
  run(maxIter: number, tol: number, ctx: RunContext, target: Float64Array, mode: 'add' | 'residual'): { iter: number; converged: boolean } {
    const m = this.size;
    const acc = this.twoFe ? m : this.accelerated;
    const ws = this.shared.ws;
    const X = ws.get('X', m).fill(0);
    const GX = ws.get('GX', m);
    const GGX = ws.get('GGX', m);
    const Y = ws.get('Y', m);
    const GY = ws.get('GY', m);
    const GGY = ws.get('GGY', m);
    const dGX = ws.get('dGX', acc);
    const d2X = ws.get('d2X', acc);
    const n = this.fe.n;

    this.step(null, GX);
    let keepGoing = false;
    for (let i = 0; i < m; i++) {
      if (continueCrit(X[i], GX[i], tol)) {
        keepGoing = true;
        break;
      }
    }
    let ssr = 0;
    let iter = 0;
    let grand = 0;
    while (keepGoing && iter < maxIter) {
      if (iter % 16 === 0) ctx.checkCancelled();
      iter++;
      this.step(GX, GGX);
      if (ironsTuck(acc, X, GX, GGX, dGX, d2X)) break;
      if (iter >= ITER_PROJ_AFTER_ACC) {
        Y.set(X);
        this.step(Y, X);
      }
      this.step(X, GX);
      keepGoing = false;
      for (let i = 0; i < acc; i++) {
        if (continueCrit(X[i], GX[i], tol)) {
          keepGoing = true;
          break;
        }
      }
      if (iter % ITER_GRAND_ACC === 0) {
        grand++;
        if (grand === 1) Y.set(GX);
        else if (grand === 2) GY.set(GX);
        else {
          GGY.set(GX);
          if (ironsTuck(acc, Y, GY, GGY, dGX, d2X)) break;
          this.step(Y, GX);
          grand = 0;
        }
      }
      if (iter % ITER_SSR_CHECK === 0) {
        const mu = ws.get('mu', n).fill(0);
        this.addFitted(GX, mu);
        const old = ssr;
        ssr = 0;
        const out = this.output;
        for (let i = 0; i < n; i++) {
          const r = this.input[i] - (out ? out[i] : 0) - mu[i];
          ssr += r * r;
        }
        if (stoppingCrit(old, ssr, tol)) break;
      }
    }
    const fe = this.fe;
    if (this.twoFe) {
      // fixest ends the two-FE algorithm with one more full step before adding the fit.
      const alpha = ws.get('alpha', m);
      this.step(GX, alpha);
      if (mode === 'add') addTwo(target, alpha, fe.codes[0], this.beta, fe.codes[1], n);
      else residualTwo(target, this.input, alpha, fe.codes[0], this.beta, fe.codes[1], n);
    } else {
      if (mode === 'residual') target.fill(0);
      this.addFitted(GX, target);
      if (mode === 'residual') {
        const input = this.input;
        for (let i = 0; i < n; i++) target[i] = input[i] - target[i];
      }
    }
    return { iter, converged: iter < maxIter };
  }
}

/** Demeans one column into `result` (input − fitted FE part). Returns iterations used. */
function demeanOne(shared: Shared, input: Float64Array, result: Float64Array, tol: number, maxIter: number, ctx: RunContext): { iter: number; converged: boolean } {
  const fe = shared.fe;
  if (fe.q === 1) {
    const c = fe.codes[0];
    const w = fe.weights;
    const coef = shared.ws.get('coef', fe.nlevels[0]).fill(0);
    if (w) for (let i = 0; i < fe.n; i++) coef[c[i]] += w[i] * input[i];
    else for (let i = 0; i < fe.n; i++) coef[c[i]] += input[i];
    const inv = fe.invSumWeights[0];
    for (let g = 0; g < coef.length; g++) coef[g] *= inv[g];
    for (let i = 0; i < fe.n; i++) result[i] = input[i] - coef[c[i]];
    return { iter: 0, converged: true };
  }
  if (fe.q === 2) return new Solver(shared, input, null, false).run(maxIter, tol, ctx, result, 'residual');
  // Three or more FEs: the fit accumulates in `result` over the stages, then becomes the residual.
  const fitted = result.fill(0);
  const first = new Solver(shared, input, null, false).run(Math.min(ITER_WARMUP, maxIter), tol, ctx, fitted, 'add');
  let outcome = first;
  if (!first.converged && maxIter > ITER_WARMUP) {
    let used = first.iter;
    const twoFeMax = Math.floor(maxIter / 2) - ITER_WARMUP;
    if (twoFeMax > 0) used += new Solver(shared, input, fitted, true).run(twoFeMax, tol, ctx, fitted, 'add').iter;
    const last = new Solver(shared, input, fitted, false).run(maxIter - used, tol, ctx, fitted, 'add');
    outcome = { iter: used + last.iter, converged: last.converged };
  }
  for (let i = 0; i < fe.n; i++) fitted[i] = input[i] - fitted[i];
  return outcome;
}

/**
 * Demeans each column on the prepared fixed effects (Frisch–Waugh–Lovell: regressing
 * demeaned y on demeaned X gives the coefficients of the model with the fixed effects).
 * Prepare once, demean as many columns as needed (placebo draws reuse the structure).
 */
export function demean(fe: PreparedFixedEffects, columns: ReadonlyArray<Float64Array>, opts: DemeanOptions = {}, ctx: RunContext = silentContext): DemeanResult {
  const tol = opts.tol ?? 1e-6;
  const maxIter = opts.maxIter ?? 10000;
  const out: Float64Array[] = [];
  const iterations: number[] = [];
  let converged = true;
  const shared: Shared | null = fe.q > 0 && columns.length > 0 ? { fe, runs: fe.codes.map((c) => comesInRuns(c, fe.n)), ws: new Workspace() } : null;
  columns.forEach((col, k) => {
    if (!shared) {
      out.push(Float64Array.from(col));
      iterations.push(0);
      return;
    }
    const residual = new Float64Array(fe.n);
    const r = demeanOne(shared, col, residual, tol, maxIter, ctx);
    out.push(residual);
    iterations.push(r.iter);
    if (!r.converged) converged = false;
    ctx.progress((k + 1) / columns.length, 'demean');
  });
  return { columns: out, iterations, converged };
}

/**
 * Observations that are alone in their level of some fixed effect, removed repeatedly until
 * none is left (removing one can create another), as fixest's fixef.rm = "singleton".
 * Returns a keep mask and the number removed.
 */
export function findSingletons(fes: ReadonlyArray<FixedEffectCodes>, n: number): { keep: Uint8Array; removed: number } {
  const keep = new Uint8Array(n).fill(1);
  let removed = 0;
  for (;;) {
    let changed = false;
    for (const fe of fes) {
      const count = new Int32Array(fe.nlevels);
      for (let i = 0; i < n; i++) if (keep[i]) count[fe.codes[i]]++;
      for (let i = 0; i < n; i++) {
        if (keep[i] && count[fe.codes[i]] === 1) {
          keep[i] = 0;
          removed++;
          changed = true;
        }
      }
    }
    if (!changed || fes.length <= 1) break;
  }
  return { keep, removed };
}

/** Number of observations alone in their level of at least one fixed effect. */
export function countSingletonObs(fes: ReadonlyArray<FixedEffectCodes>, n: number): number {
  let single: Uint8Array | null = null;
  for (const fe of fes) {
    const count = new Int32Array(fe.nlevels);
    for (let i = 0; i < n; i++) count[fe.codes[i]]++;
    // Usually no level has a single observation: then no second pass over the rows.
    let any = false;
    for (let g = 0; g < fe.nlevels; g++) {
      if (count[g] === 1) {
        any = true;
        break;
      }
    }
    if (!any) continue;
    const mark = single ?? (single = new Uint8Array(n));
    for (let i = 0; i < n; i++) if (count[fe.codes[i]] === 1) mark[i] = 1;
  }
  if (!single) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += single[i];
  return s;
}
