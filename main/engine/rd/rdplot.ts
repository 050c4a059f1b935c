/**
 * RD plots as rdrobust's rdplot draws them (Calonico, Cattaneo & Titiunik 2015, "Optimal
 * data-driven regression discontinuity plots", JASA 110(512)): a global polynomial of order p
 * fitted separately on each side, and binned means of y with t-based confidence intervals.
 *
 * The number of bins J per side is IMSE-optimal, J = ⌈(2B/V · n)^{1/3}⌉ (bias B from the
 * derivative of a global quartic fit, variance V from spacings or from the quartic fit of y²),
 * or "mimicking variance", J = ⌈var(y)/V · n/log(n)²⌉, so the bin means are about as variable
 * as the raw data. Bins are evenly spaced (es) or quantile spaced (qs).
 */
import { UserError } from '../errors';
import type { RunContext } from '../context';
import type { Frame } from '../frame';
import { tQuantileFn } from '../dist';
import { crossprodVec, invertSPD, matVec, type Matrix } from '../linalg';
import type { RdplotBin, RdplotResult, RdplotSpec } from '../../../shared/specs/rdplot';
import type { LeftRight } from '../../../shared/specs/rdrobust';
import { readRdData, splitSides, type RdSide } from './data';
import { kernelLabel, kernelName, kweight } from './kernel';
import { ginvSym, gram, powerColumns } from './lp';
import { findInterval, median, quantileType7Sorted, seqBy, seqLength, variance } from './rstats';

type BinSelect = RdplotSpec['binselect'];

const DESCRIPTIONS: Record<BinSelect, string> = {
  es: 'IMSE-optimal evenly-spaced method using spacings estimators',
  espr: 'IMSE-optimal evenly-spaced method using polynomial regression',
  esmv: 'mimicking variance evenly-spaced method using spacings estimators',
  esmvpr: 'mimicking variance evenly-spaced method using polynomial regression',
  qs: 'IMSE-optimal quantile-spaced method using spacings estimators',
  qspr: 'IMSE-optimal quantile-spaced method using polynomial regression',
  qsmv: 'mimicking variance quantile-spaced method using spacings estimators',
  qsmvpr: 'mimicking variance quantile-spaced method using polynomial regression',
};

/**
 * Gram inverse as rdrobust's qrXXinv: Cholesky, or the generalised inverse when the matrix is
 * not positive definite (only used for the pilot fit that picks the number of bins).
 */
function xxInverse(g: Matrix): Matrix {
  return invertSPD(g) ?? ginvSym(g, Math.sqrt(Number.EPSILON));
}

interface BinConstants {
  /** IMSE bias constant, spacings variance, polynomial-regression variance (es, then qs). */
  bEs: number;
  vEsHat: number;
  vEsChk: number;
  bQs: number;
  vQsHat: number;
  vQsChk: number;
  varY: number;
}

/** The pieces of the J formulas for one side (rdplot's k = 4 pilot fit, uncentred x). */
function binConstants(side: RdSide, range: number, n: number): BinConstants {
  const { x, y } = side;
  const m = side.n;
  const k = 4;
  const rk = powerColumns(x, k);
  const ones = new Float64Array(m).fill(1);
  const inv = xxInverse(gram(rk, ones));
  const y2 = new Float64Array(m);
  for (let i = 0; i < m; i++) y2[i] = y[i] * y[i];
  const g1 = matVec(inv, crossprodVec(rk, y));
  const g2 = matVec(inv, crossprodVec(rk, y2));
  const poly = (g: number[], v: number): number => {
    let s = 0;
    let pw = 1;
    for (let j = 0; j <= k; j++) {
      s += g[j] * pw;
      pw *= v;
    }
    return s;
  };
  const dpoly = (g: number[], v: number): number => {
    let s = 0;
    let pw = 1;
    for (let j = 1; j <= k; j++) {
      s += j * pw * g[j];
      pw *= v;
    }
    return s;
  };
  const varY = variance(y);
  let sumMu1 = 0;
  let sumSigma2 = 0;
  for (let i = 0; i < m; i++) {
    const mu1 = dpoly(g1, x[i]);
    sumMu1 += mu1 * mu1;
    const mu0 = poly(g1, x[i]);
    let s2 = poly(g2, x[i]) - mu0 * mu0;
    if (s2 < 0) s2 = varY;
    sumSigma2 += s2;
  }
  let sDxDy2 = 0;
  let sDxSigma = 0;
  let sDx2Mu1 = 0;
  let sDy2 = 0;
  for (let i = 0; i + 1 < m; i++) {
    const dx = x[i + 1] - x[i];
    const dy = y[i + 1] - y[i];
    const xb = (x[i + 1] + x[i]) / 2;
    const mu0 = poly(g1, xb);
    let s2 = poly(g2, xb) - mu0 * mu0;
    if (s2 < 0) s2 = varY;
    const mu1 = dpoly(g1, xb);
    sDxDy2 += dx * dy * dy;
    sDxSigma += dx * s2;
    sDx2Mu1 += dx * dx * mu1 * mu1;
    sDy2 += dy * dy;
  }
  return {
    bEs: ((range * range) / (12 * n)) * sumMu1,
    vEsHat: (0.5 / range) * sDxDy2,
    vEsChk: (1 / range) * sDxSigma,
    bQs: ((m * m) / (24 * n)) * sDx2Mu1,
    vQsHat: (1 / (2 * m)) * sDy2,
    vQsChk: (1 / m) * sumSigma2,
    varY,
  };
}

const jImse = (b: number, v: number, n: number): number => Math.ceil(Math.pow(((2 * b) / v) * n, 1 / 3));
const jMv = (varY: number, v: number, n: number): number => Math.ceil((varY / v) * (n / Math.pow(Math.log(n), 2)));

/** Evenly spaced or quantile edges, J + 1 of them (R's seq and quantile type 7). */
function binEdges(method: 'es' | 'qs', side: RdSide, from: number, to: number, j: number): number[] {
  let edges: number[];
  if (method === 'es') edges = seqBy(from, to, (to - from) / j);
  else edges = seqBy(0, 1, 1 / j).map((pr) => quantileType7Sorted(side.x, pr));
  while (edges.length < j + 1) edges.push(method === 'es' ? to : side.x[side.n - 1]);
  return edges.slice(0, j + 1);
}

function sideBins(side: RdSide, edges: number[], j: number, which: 'left' | 'right', ci: number): RdplotBin[] {
  const sums = new Map<number, { n: number; sx: number; sy: number }>();
  const ids = new Int32Array(side.n);
  for (let i = 0; i < side.n; i++) {
    // Bins are numbered 1..J from the left end of each side (rdplot numbers the left side
    // -J..-1; the order is the same).
    const id = Math.min(Math.max(findInterval(side.x[i], edges), 1), j);
    ids[i] = id;
    const s = sums.get(id) ?? { n: 0, sx: 0, sy: 0 };
    s.n++;
    s.sx += side.x[i];
    s.sy += side.y[i];
    sums.set(id, s);
  }
  const ss = new Map<number, number>();
  for (let i = 0; i < side.n; i++) {
    const s = sums.get(ids[i]) as { n: number; sy: number };
    const d = side.y[i] - s.sy / s.n;
    ss.set(ids[i], (ss.get(ids[i]) ?? 0) + d * d);
  }
  const out: RdplotBin[] = [];
  for (const id of [...sums.keys()].sort((a, b) => a - b)) {
    const s = sums.get(id) as { n: number; sx: number; sy: number };
    const sdY = s.n > 1 ? Math.sqrt((ss.get(id) as number) / (s.n - 1)) : 0;
    const se = sdY / Math.sqrt(s.n);
    const meanY = s.sy / s.n;
    const quant = -tQuantileFn((1 - ci / 100) / 2, Math.max(s.n - 1, 1));
    out.push({
      mean_bin: (edges[id - 1] + edges[id]) / 2,
      mean_x: s.sx / s.n,
      mean_y: meanY,
      min_bin: edges[id - 1],
      max_bin: edges[id],
      n: s.n,
      se_y: se,
      ci_lower: meanY - quant * se,
      ci_upper: meanY + quant * se,
      side: which,
    });
  }
  return out;
}

function pair<T extends number>(v: T | [T, T] | { left: T; right: T } | undefined): { left: T; right: T } | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return { left: v, right: v };
  if (Array.isArray(v)) return { left: v[0], right: v[1] };
  return v;
}

export function runRdplot(frame: Frame, spec: RdplotSpec, ctx: RunContext): RdplotResult {
  ctx.progress(0, 'prepare');
  const kernel = kernelName(spec.kernel);
  if (!kernel) throw new UserError('rd_kernel', `Unknown kernel "${spec.kernel}".`, { kernel: spec.kernel });
  const data = readRdData(frame, { y: spec.y, x: spec.x, time: spec.time, weights: spec.weights });
  const notes = [...data.notes];
  const { c, p } = spec;
  const n = data.x.length;
  let xmin = data.x[0];
  let xmax = data.x[n - 1];
  if (spec.support) {
    xmin = Math.min(xmin, spec.support[0]);
    xmax = Math.max(xmax, spec.support[1]);
  }
  if (!(c > xmin && c < xmax))
    throw new UserError('rd_cutoff_out_of_range', `The cutoff ${c} must lie strictly inside the range of the running variable (${xmin} to ${xmax}).`, { c, min: xmin, max: xmax });
  if (n < 20) throw new UserError('rd_too_few_obs', `The RD plot needs at least 20 observations; there are ${n}.`, { n });
  const { left, right } = splitSides(data, c);
  for (const [side, name] of [
    [left, 'left'],
    [right, 'right'],
  ] as const)
    if (side.n < 2) throw new UserError('rd_side_too_small', `There are fewer than 2 observations on the ${name} of the cutoff.`, { side: name, n: side.n });
  const rangeL = c - xmin;
  const rangeR = xmax - c;
  const h = pair(spec.h) ?? { left: rangeL, right: rangeR };
  const scale = pair(spec.scale) ?? { left: 1, right: 1 };

  let binselect: BinSelect = spec.binselect;
  if (spec.masspoints !== 'off') {
    const uniq = (x: Float64Array): number => x.reduce((k, v, i) => (i === 0 || v !== x[i - 1] ? k + 1 : k), 0);
    const massL = 1 - uniq(left.x) / left.n;
    const massR = 1 - uniq(right.x) / right.n;
    if (massL >= 0.2 || massR >= 0.2) {
      notes.push('Mass points detected in the running variable.');
      // With mass points the spacings estimators degenerate; rdplot switches to the
      // polynomial-regression variance.
      if (spec.masspoints === 'adjust' && !binselect.endsWith('pr')) binselect = `${binselect}pr` as BinSelect;
      if (spec.masspoints === 'check') notes.push('Consider masspoints = "adjust".');
    }
  }

  // Global polynomial of order p on each side (weights: kernel at h times the user's weights).
  const globalFit = (side: RdSide, hh: number): { coef: number[]; nh: number } => {
    const w = new Float64Array(side.n);
    let nh = 0;
    for (let i = 0; i < side.n; i++) {
      const k = kweight(side.x[i], c, hh, kernel);
      if (k > 0) nh++;
      w[i] = side.weights ? k * side.weights[i] : k;
    }
    const xc = new Float64Array(side.n);
    for (let i = 0; i < side.n; i++) xc[i] = side.x[i] - c;
    const cols = powerColumns(xc, p);
    const inv = invertSPD(gram(cols, w));
    if (!inv)
      throw new UserError('rd_singular', `The global polynomial of order ${p} cannot be fitted on the ${side === left ? 'left' : 'right'} of the cutoff; lower p.`, { p });
    return { coef: matVec(inv, crossprodVec(cols, side.y, w)), nh };
  };
  const gl = globalFit(left, h.left);
  const gr = globalFit(right, h.right);
  ctx.checkCancelled();
  ctx.progress(0.3, 'bins');

  const bl = binConstants(left, rangeL, n);
  const br = binConstants(right, rangeR, n);
  const J = (f: (b: BinConstants) => number): LeftRight => ({ left: f(bl), right: f(br) });
  const table: Record<BinSelect, { star: LeftRight; imse: LeftRight; mv: LeftRight }> = {
    es: { star: J((b) => jImse(b.bEs, b.vEsHat, n)), imse: J((b) => jImse(b.bEs, b.vEsHat, n)), mv: J((b) => jMv(b.varY, b.vEsHat, n)) },
    espr: { star: J((b) => jImse(b.bEs, b.vEsChk, n)), imse: J((b) => jImse(b.bEs, b.vEsChk, n)), mv: J((b) => jMv(b.varY, b.vEsChk, n)) },
    esmv: { star: J((b) => jMv(b.varY, b.vEsHat, n)), imse: J((b) => jImse(b.bEs, b.vEsHat, n)), mv: J((b) => jMv(b.varY, b.vEsHat, n)) },
    esmvpr: { star: J((b) => jMv(b.varY, b.vEsChk, n)), imse: J((b) => jImse(b.bEs, b.vEsChk, n)), mv: J((b) => jMv(b.varY, b.vEsChk, n)) },
    qs: { star: J((b) => jImse(b.bQs, b.vQsHat, n)), imse: J((b) => jImse(b.bQs, b.vQsHat, n)), mv: J((b) => jMv(b.varY, b.vQsHat, n)) },
    qspr: { star: J((b) => jImse(b.bQs, b.vQsChk, n)), imse: J((b) => jImse(b.bQs, b.vQsChk, n)), mv: J((b) => jMv(b.varY, b.vQsChk, n)) },
    qsmv: { star: J((b) => jMv(b.varY, b.vQsHat, n)), imse: J((b) => jImse(b.bQs, b.vQsHat, n)), mv: J((b) => jMv(b.varY, b.vQsHat, n)) },
    qsmvpr: { star: J((b) => jMv(b.varY, b.vQsChk, n)), imse: J((b) => jImse(b.bQs, b.vQsChk, n)), mv: J((b) => jMv(b.varY, b.vQsChk, n)) },
  };
  const sel = table[binselect];
  const method: 'es' | 'qs' = binselect.startsWith('qs') ? 'qs' : 'es';
  let jl = Math.ceil(scale.left * sel.star.left);
  let jr = Math.ceil(scale.right * sel.star.right);
  let description = DESCRIPTIONS[binselect];
  const nbins = pair(spec.nbins);
  if (nbins) {
    jl = nbins.left;
    jr = nbins.right;
    description = 'manually evenly spaced';
  }
  if (bl.varY === 0) {
    jl = 1;
    notes.push('The outcome does not vary below the cutoff: one bin is used there.');
  }
  if (br.varY === 0) {
    jr = 1;
    notes.push('The outcome does not vary above the cutoff: one bin is used there.');
  }
  if (!Number.isFinite(jl) || !Number.isFinite(jr) || jl < 1 || jr < 1)
    throw new UserError('rd_bins', 'The number of bins could not be determined (the outcome shows no variation between neighbouring observations); set nbins.', {});

  const edgesL = binEdges(method, left, xmin, c, jl);
  const edgesR = binEdges(method, right, c, xmax, jr);
  const bins = [...sideBins(left, edgesL, jl, 'left', spec.ci), ...sideBins(right, edgesR, jr, 'right', spec.ci)];
  const widths = (e: number[]): number[] => e.slice(1).map((v, i) => v - e[i]);
  const wl = widths(edgesL);
  const wr = widths(edgesR);
  const avg = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  ctx.progress(0.9, 'curve');

  const curve = (coef: number[], from: number, to: number): { x: number[]; y: number[] } => {
    const xs = seqLength(from, to, 500);
    return {
      x: xs,
      y: xs.map((xv) => {
        let s = 0;
        let pw = 1;
        for (const b of coef) {
          s += b * pw;
          pw *= xv - c;
        }
        return s;
      }),
    };
  };
  ctx.progress(1, 'curve');
  return {
    model: 'rdplot',
    J: { left: jl, right: jr },
    J_IMSE: sel.imse,
    J_MV: sel.mv,
    binselect: description,
    scale,
    rscale: { left: jl / sel.imse.left, right: jr / sel.imse.right },
    bin_width_avg: { left: avg(wl), right: avg(wr) },
    bin_width_med: { left: median(wl), right: median(wr) },
    p,
    c,
    h,
    N: { left: left.n, right: right.n },
    N_h: { left: gl.nh, right: gr.nh },
    kernel: kernelLabel(kernel),
    global_poly_coef: { left: gl.coef, right: gr.coef },
    bins,
    curve: { left: curve(gl.coef, c - h.left, c), right: curve(gr.coef, c, c + h.right) },
    notes,
  };
}
