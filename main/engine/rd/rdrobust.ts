/**
 * Local polynomial RD estimation with robust bias-corrected inference, equal to rdrobust 4.0
 * (Calonico, Cattaneo & Titiunik 2014, Econometrica 82(6); covariates: Calonico, Cattaneo,
 * Farrell & Titiunik 2019; rdrobust's R source for every implementation detail).
 *
 * Per side, with kernel weights W_h (bandwidth h) and W_b (bias bandwidth b):
 *   conventional   β_p  = (R_p'W_h R_p)^{-1} R_p'W_h Y,
 *   bias-corrected β_bc = (R_p'W_h R_p)^{-1} Q_q' Y with
 *                  Q_q = W_h R_p − h^{p+1} L e'_{p+1} (R_q'W_b R_q)^{-1} R_q'W_b,
 *                  L = R_p'W_h u^{p+1}, u = (x − c)/h,
 * and τ = intercept right − intercept left. The robust variance is the sandwich of Q_q; the
 * conventional one that of W_h R_p; residuals come from nearest neighbours or the fit (HC),
 * summed by cluster for cluster-robust inference.
 */
import { UserError } from '../errors';
import type { RunContext } from '../context';
import type { Frame } from '../frame';
import type { Matrix } from '../linalg';
import { normalQuantile, normalTwoSided } from '../dist';
import type { LeftRight, RdBandwidthInput, RdCoefRow, RdCoefficients, RdrobustResult, RdrobustSpec } from '../../../shared/specs/rdrobust';
import type { RdbwselectResult, RdbwselectSpec } from '../../../shared/specs/rdbwselect';
import { BW_SELECTORS, selectBandwidths, type Bandwidths, type BwSelector } from './bandwidth';
import { readRdData, splitSides, type RdColumnsRequest, type RdData, type RdSide } from './data';
import { covariateGamma, covariatePieces, polyFit, residuals, sandwichWith, sideColumns, subsetWindow, supportRange, weighted, type PolyFit, type RdWindow, type VceConfig } from './fit';
import { kernelLabel, kernelName, kweight, pilotConstant, type RdKernel } from './kernel';
import { qrKeptColumns } from './lp';
import { mean, quantileType2Sorted, sd, variance } from './rstats';
import type { ResidualVce } from './vce';

/** The design options rdrobust, rdbwselect and the sensitivity checks share (spec fields). */
export interface RdDesignOptions extends RdColumnsRequest {
  c: number;
  p: number;
  q?: number;
  kernel: string;
  bwselect: BwSelector;
  covs_drop: boolean;
  vce: 'nn' | 'hc0' | 'hc1' | 'hc2' | 'hc3' | 'cr1';
  nnmatch: number;
  masspoints: 'adjust' | 'check' | 'off';
  bwcheck?: number;
  bwrestrict: boolean;
  scaleregul: number;
  sharpbw: boolean;
}

type VceLabel = RdrobustResult['vce'];

export interface RdDesign {
  c: number;
  p: number;
  q: number;
  kernel: RdKernel;
  vce: VceConfig;
  vceLabel: VceLabel;
  masspoints: 'adjust' | 'check' | 'off';
  bwcheck: number | null;
  bwrestrict: boolean;
  scaleregul: number;
  sharpbw: boolean;
}

/** A prepared RD sample: both sides sorted by x, covariates checked, mass points counted. */
export interface RdSample {
  data: RdData;
  left: RdSide;
  right: RdSide;
  fuzzy: boolean;
  /** Fuzzy design where one side has no variation in the treatment (one-sided compliance). */
  perfectCompliance: boolean;
  covsNames: string[];
  covsDropped: string[];
  M: LeftRight;
  design: RdDesign;
  notes: string[];
}

function normaliseDesign(o: RdDesignOptions, clustered: boolean, notes: string[]): RdDesign {
  const kernel = kernelName(o.kernel);
  if (!kernel) throw new UserError('rd_kernel', `Unknown kernel "${o.kernel}"; use triangular, epanechnikov or uniform.`, { kernel: o.kernel });
  const q = o.q ?? o.p + 1;
  if (q <= o.p) throw new UserError('rd_q', `The bias-correction order q (${q}) must be larger than p (${o.p}).`, { p: o.p, q });
  let vce: ResidualVce;
  let vceLabel: VceLabel;
  if (clustered) {
    // rdrobust 4 replaces nn by the cluster-robust CR1 when a cluster is given, and switches
    // hc0/hc1 to CR1 (with a warning); hc2/hc3 would become CR2/CR3, which we do not offer.
    if (o.vce === 'hc2' || o.vce === 'hc3')
      throw new UserError('rd_vce_cluster', `vce "${o.vce}" with a cluster variable means CR${o.vce === 'hc2' ? 2 : 3} in rdrobust 4, which is not available here; use vce "cr1" (the default with clusters).`, {
        vce: o.vce,
      });
    if (o.vce === 'hc0' || o.vce === 'hc1') notes.push(`vce "${o.vce}" is not a cluster option; the cluster-robust CR1 variance is used, as rdrobust does.`);
    vce = 'hc1';
    vceLabel = 'CR1';
  } else if (o.vce === 'cr1') {
    notes.push('vce "cr1" needs a cluster variable; HC1 is used instead, as rdrobust does.');
    vce = 'hc1';
    vceLabel = 'HC1';
  } else {
    vce = o.vce;
    vceLabel = o.vce === 'nn' ? 'NN' : (o.vce.toUpperCase() as VceLabel);
  }
  return {
    c: o.c,
    p: o.p,
    q,
    kernel,
    vce: { vce, clustered, nnmatch: o.nnmatch },
    vceLabel,
    masspoints: o.masspoints,
    bwcheck: o.bwcheck ?? null,
    bwrestrict: o.bwrestrict,
    scaleregul: o.scaleregul,
    sharpbw: o.sharpbw,
  };
}

function uniqueCount(x: Float64Array): number {
  let k = x.length > 0 ? 1 : 0;
  for (let i = 1; i < x.length; i++) if (x[i] !== x[i - 1]) k++;
  return k;
}

/** Reads, checks and splits the data (everything before bandwidth selection). */
export function prepareRdSample(frame: Frame, o: RdDesignOptions): RdSample {
  const data = readRdData(frame, o);
  const notes = [...data.notes];
  const design = normaliseDesign(o, data.cluster !== null, notes);
  const { c } = design;

  // Collinear covariates: rdrobust orders them by the length of their names and drops those
  // R's pivoted QR (tol 1e-7) finds redundant.
  let covsNames = data.zNames;
  const covsDropped: string[] = [];
  if (data.z.length > 0 && o.covs_drop) {
    const order = covsNames.map((_, j) => j).sort((a, b) => covsNames[a].length - covsNames[b].length || a - b);
    const z = order.map((j) => data.z[j]);
    const names = order.map((j) => covsNames[j]);
    const kept = qrKeptColumns(z);
    for (let j = 0; j < names.length; j++) if (!kept.includes(j)) covsDropped.push(names[j]);
    data.z = kept.map((j) => z[j]);
    covsNames = kept.map((j) => names[j]);
    if (covsDropped.length > 0) notes.push(`Collinear covariates dropped: ${covsDropped.join(', ')}.`);
  }

  const n = data.x.length;
  const xmin = data.x[0];
  const xmax = data.x[n - 1];
  if (!(c > xmin && c < xmax))
    throw new UserError('rd_cutoff_out_of_range', `The cutoff ${c} must lie strictly inside the range of the running variable (${xmin} to ${xmax}).`, { c, min: xmin, max: xmax });
  const { left, right } = splitSides(data, c);

  let fuzzy = false;
  let perfectCompliance = false;
  if (data.t) {
    fuzzy = true;
    const vl = variance(left.t as Float64Array);
    const vr = variance(right.t as Float64Array);
    if (vl === 0 && vr === 0 && Math.abs(mean(left.t as Float64Array) - mean(right.t as Float64Array)) < Math.sqrt(Number.EPSILON))
      throw new UserError('rd_fuzzy_no_jump', `The treatment column "${o.fuzzy}" does not vary and does not jump at the cutoff, so the fuzzy RD is not identified.`, {
        column: o.fuzzy,
      });
    perfectCompliance = vl === 0 || vr === 0;
  }

  let M: LeftRight = { left: left.n, right: right.n };
  if (design.masspoints !== 'off' || design.bwcheck !== null) M = { left: uniqueCount(left.x), right: uniqueCount(right.x) };
  if (design.masspoints !== 'off') {
    const massL = 1 - M.left / left.n;
    const massR = 1 - M.right / right.n;
    if (massL >= 0.2 || massR >= 0.2) {
      notes.push('Mass points detected in the running variable (20% or more repeated values on a side).');
      if (design.masspoints === 'check') notes.push('Consider masspoints = "adjust".');
      if (design.bwcheck === null && design.masspoints === 'adjust') design.bwcheck = 10;
    }
  }
  return { data, left, right, fuzzy, perfectCompliance, covsNames, covsDropped, M, design, notes };
}

function bandwidthPair(v: RdBandwidthInput): LeftRight {
  if (typeof v === 'number') return { left: v, right: v };
  if (Array.isArray(v)) return { left: v[0], right: v[1] };
  return { left: v.left, right: v.right };
}

/** Data-driven bandwidths (rdbwselect): the pilot, the limits, then the plug-in steps. */
export function chooseBandwidths(s: RdSample, wanted: ReadonlyArray<BwSelector>, ctx: RunContext): Record<BwSelector, Bandwidths | undefined> {
  const { design, left, right, data } = s;
  const { c } = design;
  const n = data.x.length;
  const xmin = data.x[0];
  const xmax = data.x[n - 1];
  const iq = quantileType2Sorted(data.x, 0.75) - quantileType2Sorted(data.x, 0.25);
  const bwp = Math.min(sd(data.x), iq / 1.349);
  const m = s.M.left + s.M.right;
  let cbw = pilotConstant(design.kernel) * bwp * Math.pow(design.masspoints === 'adjust' ? m : n, -1 / 5);
  const maxLeft = design.bwrestrict ? Math.abs(c - xmin) : null;
  const maxRight = design.bwrestrict ? Math.abs(c - xmax) : null;
  if (maxLeft !== null && maxRight !== null) cbw = Math.min(cbw, Math.max(maxLeft, maxRight));
  let minLeft: number | null = null;
  let minRight: number | null = null;
  if (design.bwcheck !== null) {
    // Distance to the bwcheck-th unique value on each side, counted from the cutoff.
    const kth = (x: Float64Array, k: number, fromEnd: boolean): number => {
      let seen = 0;
      if (fromEnd) {
        for (let i = x.length - 1; i >= 0; i--)
          if (i === x.length - 1 || x[i] !== x[i + 1]) {
            seen++;
            if (seen === k) return Math.abs(x[i] - c);
          }
      } else {
        for (let i = 0; i < x.length; i++)
          if (i === 0 || x[i] !== x[i - 1]) {
            seen++;
            if (seen === k) return Math.abs(x[i] - c);
          }
      }
      return NaN;
    };
    minLeft = kth(left.x, Math.min(design.bwcheck, s.M.left), true) + 1e-8;
    minRight = kth(right.x, Math.min(design.bwcheck, s.M.right), false) + 1e-8;
    cbw = Math.max(cbw, minLeft, minRight);
  }
  ctx.checkCancelled();
  const nCer = data.cluster ? distinctCodes(left.cluster as Int32Array) + distinctCodes(right.cluster as Int32Array) : n;
  return selectBandwidths(
    left,
    right,
    { c, p: design.p, q: design.q, kernel: design.kernel, vce: design.vce, useT: s.fuzzy && !s.perfectCompliance && !design.sharpbw, dZ: data.z.length, scaleregul: design.scaleregul },
    { cbw, maxLeft, maxRight, minLeft, minRight },
    wanted,
    nCer,
    ctx,
  );
}

function distinctCodes(codes: Int32Array): number {
  return new Set(codes).size;
}

interface SideFit {
  win: RdWindow;
  wh: Float64Array;
  wb: Float64Array;
  fitP: PolyFit;
  fitQ: PolyFit;
  /** Q_q columns (p+1 of them, length n). */
  qq: Float64Array[];
  betaBc: Matrix;
  nh: number;
  nb: number;
}

/** One side's conventional and bias-corrected fits on the window of the larger bandwidth. */
function fitSide(side: RdSide, label: 'left' | 'right', cols: Float64Array[], design: RdDesign, h: number, b: number): SideFit {
  const { c, kernel, p, q } = design;
  const [from, to] = supportRange(side.x, c, Math.max(h, b));
  const useH = h > b;
  const idx = new Int32Array(to - from);
  const whAll = new Float64Array(to - from);
  const wbAll = new Float64Array(to - from);
  let nh = 0;
  let nb = 0;
  let m0 = 0;
  for (let i = from; i < to; i++) {
    const fw = side.weights ? side.weights[i] : 1;
    const whi = kweight(side.x[i], c, h, kernel) * fw;
    const wbi = kweight(side.x[i], c, b, kernel) * fw;
    if (whi > 0) nh++;
    if (wbi > 0) nb++;
    if ((useH ? whi : wbi) > 0) {
      idx[m0] = i;
      whAll[m0] = whi;
      wbAll[m0] = wbi;
      m0++;
    }
  }
  const wh = whAll.slice(0, m0);
  const wb = wbAll.slice(0, m0);
  const win = subsetWindow(side, cols, c, idx.subarray(0, m0), useH ? wh : wb);
  const fitP = polyFit(win, p, wh, { side: label, purpose: `local polynomial of order ${p} within h` });
  const fitQ = polyFit(win, q, wb, { side: label, purpose: `bias-correction polynomial of order ${q} within b` });
  const k = p + 1;
  const m = win.n;
  // L = R_p'W_h u^{p+1}; a_i = W_b,i · (R_q,i' (R_q'W_b R_q)^{-1})_{p+1}.
  const L = new Array<number>(k).fill(0);
  const a = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const u = win.xc[i] / h;
    let up = 1;
    for (let j = 0; j <= p; j++) up *= u;
    const wu = wh[i] * up;
    for (let r = 0; r < k; r++) L[r] += fitP.cols[r][i] * wu;
    let s = 0;
    for (let j = 0; j <= q; j++) s += fitQ.cols[j][i] * fitQ.invG[j][p + 1];
    a[i] = wb[i] * s;
  }
  const hp = Math.pow(h, p + 1);
  const qq = fitP.cols.map((col, r) => {
    const out = new Float64Array(m);
    const lr = hp * L[r];
    for (let i = 0; i < m; i++) out[i] = col[i] * wh[i] - lr * a[i];
    return out;
  });
  const nD = win.d.length;
  const qd: Matrix = qq.map((qc) =>
    win.d.map((dl) => {
      let s = 0;
      for (let i = 0; i < m; i++) s += qc[i] * dl[i];
      return s;
    }),
  );
  const betaBc: Matrix = fitP.invG.map((row) => Array.from({ length: nD }, (_, l) => row.reduce((acc, g, r) => acc + g * qd[r][l], 0)));
  return { win, wh, wb, fitP, fitQ, qq, betaBc, nh, nb };
}

export interface RdEstimate {
  coefficients: RdCoefficients;
  first_stage: RdCoefficients | null;
  N_h: LeftRight;
  N_b: LeftRight;
  tau_cl: LeftRight;
  tau_bc: LeftRight;
  bias: LeftRight;
  beta_p_left: number[];
  beta_p_right: number[];
  coef_covs: number[] | null;
  n_clust: LeftRight | null;
}

const dot = (s: ReadonlyArray<number>, v: ReadonlyArray<number>): number => s.reduce((acc, x, i) => acc + x * v[i], 0);

function coefRow(est: number, se: number, quant: number): RdCoefRow {
  const ok = se > 0 && Number.isFinite(se);
  const z = ok ? est / se : null;
  return { estimate: est, se, z, p: z === null ? null : normalTwoSided(z), ci_lower: est - quant * se, ci_upper: est + quant * se };
}

/** Estimation at given bandwidths (rdrobust after its bandwidth step). */
export function estimateRd(s: RdSample, h: LeftRight, b: LeftRight, level: number): RdEstimate {
  const { design, left, right } = s;
  const dT = s.fuzzy ? 1 : 0;
  const dZ = s.data.z.length;
  const fl = fitSide(left, 'left', sideColumns(left, s.fuzzy), design, h.left, b.left);
  const fr = fitSide(right, 'right', sideColumns(right, s.fuzzy), design, h.right, b.right);
  const row0 = (m: Matrix): number[] => m[0];

  let gamma: Matrix | null = null;
  if (dZ > 0) {
    const pl = covariatePieces(fl.win, fl.fitP, fl.wh, dT);
    const pr = covariatePieces(fr.win, fr.fitP, fr.wh, dT);
    // The covariate coefficients are common to both sides: pool the partialled-out products.
    gamma = covariateGamma({
      zwz: pl.zwz.map((r, i) => r.map((v, j) => v + pr.zwz[i][j])),
      zwy: pl.zwy.map((r, i) => r.map((v, j) => v + pr.zwy[i][j])),
    });
  }
  // Linear combinations of the (y, t, z) intercepts: the outcome net of covariates (sY0) and
  // the treatment net of covariates (sT).
  const sY0 = gamma ? [1, ...(dT ? [0] : []), ...gamma.map((g) => -g[0])] : dT ? [1, 0] : [1];
  const sT = dT ? (gamma ? [0, 1, ...gamma.map((g) => -g[1])] : [0, 1]) : null;
  // Conventional and bias-corrected intercepts of a combination on each side.
  const intercepts = (sv: number[]): [number, number, number, number] => [dot(sv, row0(fl.fitP.beta)), dot(sv, row0(fr.fitP.beta)), dot(sv, row0(fl.betaBc)), dot(sv, row0(fr.betaBc))];
  const [yl, yr, ybl, ybr] = intercepts(sY0);
  const tauYcl = yr - yl;
  const tauYbc = ybr - ybl;
  const polyOf = (beta: Matrix, sv: number[]): number[] => beta.map((r) => dot(sv, r));

  let tauCl: number;
  let tauBc: number;
  let sY: number[];
  let bias: LeftRight;
  let tauT: { cl: number; bc: number } | null = null;
  if (!sT) {
    tauCl = tauYcl;
    tauBc = tauYbc;
    sY = sY0;
    bias = { left: yl - ybl, right: yr - ybr };
  } else {
    const [tl, tr, tbl, tbr] = intercepts(sT);
    const tcl = tr - tl;
    const tbc = tbr - tbl;
    tauT = { cl: tcl, bc: tbc };
    tauCl = tauYcl / tcl;
    const sRatio = [1 / tcl, -(tauYcl / (tcl * tcl))];
    tauBc = tauCl - dot(sRatio, [tauYcl - tauYbc, tcl - tbc]);
    bias = { left: dot(sRatio, [yl - ybl, tl - tbl]), right: dot(sRatio, [yr - ybr, tr - tbr]) };
    // Delta-method weights of (y, t, z) for the ratio (rdrobust's s_Y for fuzzy designs).
    sY = [sRatio[0], sRatio[1], ...(gamma ? gamma.map((g) => -(1 / tcl) * g[0] + (tauYcl / (tcl * tcl)) * g[1]) : [])];
  }

  const hbMatch = h.left === b.left && h.right === b.right;
  const variances = (f: SideFit, sv: number[]): { cl: number; rb: number } => {
    const resH = residuals(f.win, f.fitP, f.wh, design.vce);
    const resB = design.vce.vce === 'nn' ? resH : residuals(f.win, f.fitQ, f.wb, design.vce);
    const vcl = sandwichWith(f.fitP.invG, weighted(f.fitP.cols, f.wh), resH, sv, f.win);
    // With clusters and h = b, rdrobust computes the robust variance from the q-th order fit
    // directly (its degrees-of-freedom correction then uses q + 1 parameters, as below).
    const vrb =
      hbMatch && design.vce.clustered
        ? sandwichWith(f.fitQ.invG, weighted(f.fitQ.cols, f.wh), resB, sv, f.win)
        : sandwichWith(f.fitP.invG, f.qq, resB, sv, f.win, design.q + 1);
    return { cl: vcl[0][0], rb: vrb[0][0] };
  };
  const quant = -normalQuantile(Math.abs((1 - level / 100) / 2));
  // The three rows of rdrobust: conventional and bias-corrected estimates with the
  // conventional se, and the bias-corrected estimate with the robust se.
  const rows = (est: { cl: number; bc: number }, sv: number[]): RdCoefficients => {
    const vl = variances(fl, sv);
    const vr = variances(fr, sv);
    const seCl = Math.sqrt(vl.cl + vr.cl);
    const seRb = Math.sqrt(vl.rb + vr.rb);
    return { Conventional: coefRow(est.cl, seCl, quant), 'Bias-Corrected': coefRow(est.bc, seCl, quant), Robust: coefRow(est.bc, seRb, quant) };
  };
  const coefficients = rows({ cl: tauCl, bc: tauBc }, sY);
  const firstStage = tauT && sT ? rows(tauT, sT) : null;
  const nClust = s.data.cluster ? { left: distinctCodes(left.cluster as Int32Array), right: distinctCodes(right.cluster as Int32Array) } : null;
  return {
    coefficients,
    first_stage: firstStage,
    N_h: { left: fl.nh, right: fr.nh },
    N_b: { left: fl.nb, right: fr.nb },
    tau_cl: { left: yl, right: yr },
    tau_bc: { left: ybl, right: ybr },
    bias,
    beta_p_left: polyOf(fl.fitP.beta, sY0),
    beta_p_right: polyOf(fr.fitP.beta, sY0),
    coef_covs: gamma ? gamma.map((g) => g[0]) : null,
    n_clust: nClust,
  };
}

function fitCurve(beta: number[], from: number, to: number, c: number): { x: number[]; y: number[] } {
  const m = 50;
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < m; k++) {
    const xv = from + ((to - from) * k) / (m - 1);
    let yv = 0;
    let pw = 1;
    for (const bj of beta) {
      yv += bj * pw;
      pw *= xv - c;
    }
    x.push(xv);
    y.push(yv);
  }
  return { x, y };
}

/** Bandwidths for an estimation: the user's h/b/rho, or the data-driven choice. */
export function resolveBandwidths(
  s: RdSample,
  opts: { bwselect: BwSelector; h?: RdBandwidthInput; b?: RdBandwidthInput; rho?: number },
  ctx: RunContext,
): { h: LeftRight; b: LeftRight; bwselect: string } {
  const n = s.data.x.length;
  if (n < 20) {
    const r = Math.max(Math.abs(s.design.c - s.data.x[0]), Math.abs(s.design.c - s.data.x[n - 1]));
    s.notes.push('Fewer than 20 observations: bandwidth selection is not possible, so the whole sample is used (h = b = the largest distance to the cutoff), as rdrobust does.');
    return { h: { left: r, right: r }, b: { left: r, right: r }, bwselect: 'Manual' };
  }
  if (opts.h !== undefined) {
    const h = bandwidthPair(opts.h);
    let b: LeftRight;
    if (opts.rho !== undefined) b = { left: h.left / opts.rho, right: h.right / opts.rho };
    else b = opts.b !== undefined ? bandwidthPair(opts.b) : { ...h };
    return { h, b, bwselect: 'Manual' };
  }
  const bw = chooseBandwidths(s, [opts.bwselect], ctx)[opts.bwselect] as Bandwidths;
  const h = { left: bw.h_left, right: bw.h_right };
  let b = { left: bw.b_left, right: bw.b_right };
  if (opts.rho !== undefined) b = { left: h.left / opts.rho, right: h.right / opts.rho };
  return { h, b, bwselect: opts.bwselect };
}

/** rdrobust: estimates, robust bias-corrected inference, bandwidths and counts. */
export function runRdrobust(frame: Frame, spec: RdrobustSpec, ctx: RunContext): RdrobustResult {
  ctx.progress(0, 'prepare');
  const s = prepareRdSample(frame, spec);
  ctx.checkCancelled();
  ctx.progress(0.1, 'bandwidth');
  const { h, b, bwselect } = resolveBandwidths(s, spec, ctx);
  ctx.checkCancelled();
  ctx.progress(0.7, 'estimate');
  const est = estimateRd(s, h, b, spec.level);
  ctx.progress(1, 'estimate');
  const { c, p, q } = s.design;
  const notes = [...s.notes];
  if (est.coefficients.Conventional.z === null) notes.push('The standard error is zero (the outcome does not vary near the cutoff), so z and p are not reported.');
  return {
    model: 'rdrobust',
    ...est,
    h,
    b,
    rho: { left: h.left / b.left, right: h.right / b.right },
    N: { left: s.left.n, right: s.right.n },
    M_unique: s.M,
    c,
    p,
    q,
    kernel: kernelLabel(s.design.kernel),
    vce: s.design.vceLabel,
    bwselect,
    level: spec.level,
    masspoints: s.design.masspoints,
    covs_names: s.covsNames,
    covs_dropped: s.covsDropped,
    fit_curve: {
      left: fitCurve(est.beta_p_left, c - h.left, c, c),
      right: fitCurve(est.beta_p_right, c, c + h.right, c),
    },
    notes,
  };
}

/** rdbwselect: one selector, or all ten. */
export function runRdbwselect(frame: Frame, spec: RdbwselectSpec, ctx: RunContext): RdbwselectResult {
  ctx.progress(0, 'prepare');
  const s = prepareRdSample(frame, spec);
  const n = s.data.x.length;
  if (n < 20) throw new UserError('rd_too_few_obs', `Bandwidth selection needs at least 20 observations; there are ${n}.`, { n });
  ctx.progress(0.1, 'bandwidth');
  const wanted = spec.all ? BW_SELECTORS : [spec.bwselect];
  const bws = chooseBandwidths(s, wanted, ctx);
  ctx.progress(1, 'bandwidth');
  const out: RdbwselectResult['bws'] = {};
  for (const name of wanted) out[name] = bws[name] as Bandwidths;
  const first = out[wanted[0]];
  // rdbwselect counts the effective sample with the kernel weights alone (no user weights).
  const count = (side: RdSide, hh: number): number => {
    let k = 0;
    for (let i = 0; i < side.n; i++) if (kweight(side.x[i], s.design.c, hh, s.design.kernel) > 0) k++;
    return k;
  };
  return {
    model: 'rdbwselect',
    bws: out,
    N: { left: s.left.n, right: s.right.n },
    N_h: { left: count(s.left, first.h_left), right: count(s.right, first.h_right) },
    M_unique: s.M,
    c: s.design.c,
    p: s.design.p,
    q: s.design.q,
    kernel: kernelLabel(s.design.kernel),
    vce: s.design.vceLabel,
    bwselect: spec.all ? 'All' : spec.bwselect,
    masspoints: s.design.masspoints,
    notes: s.notes,
  };
}
