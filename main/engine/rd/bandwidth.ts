/**
 * Data-driven bandwidths of rdrobust/rdbwselect (Calonico, Cattaneo & Titiunik 2014, 2020;
 * Calonico, Cattaneo & Farrell 2020): MSE-optimal (mserd, msetwo, msesum, msecomb1/2) and
 * coverage-error-optimal (cerrd, certwo, cersum, cercomb1/2) choices for the estimation
 * bandwidth h and the bias bandwidth b, each from a three-step plug-in:
 *   1. pilot c_bw = C_K · min(sd(x), IQR/1.349) · N^(-1/5) (M unique values with mass points);
 *   2. d: bandwidth for the (q+1)-th derivative, from a V/B² ratio with a global-range fit;
 *   3. b from V/(B² + R) with the q-th order fit, then h the same way with the p-th.
 * V is the variance constant, B the leading bias constant and R the regularisation term
 * (scaleregul · the variance of the bias estimate). Bandwidths are capped at the range of x
 * on each side (bwrestrict) and floored to include `bwcheck` unique values.
 */
import type { RunContext } from '../context';
import { UserError } from '../errors';
import type { Matrix } from '../linalg';
import type { RdSide } from './data';
import { covariateGamma, covariatePieces, factorial, polyFit, residuals, sandwichWith, sideColumns, weighted, windowAt, type VceConfig } from './fit';
import type { RdKernel } from './kernel';
import { median } from './rstats';

export const BW_SELECTORS = ['mserd', 'msetwo', 'msesum', 'msecomb1', 'msecomb2', 'cerrd', 'certwo', 'cersum', 'cercomb1', 'cercomb2'] as const;
export type BwSelector = (typeof BW_SELECTORS)[number];

export interface Bandwidths {
  h_left: number;
  h_right: number;
  b_left: number;
  b_right: number;
}

export interface BwDesign {
  c: number;
  p: number;
  q: number;
  kernel: RdKernel;
  vce: VceConfig;
  /** Treatment column used in the bandwidth step (fuzzy designs, unless sharpbw or perfect compliance). */
  useT: boolean;
  dZ: number;
  scaleregul: number;
}

interface Constants {
  V: number;
  B: number;
  R: number;
  rate: number;
}

interface VFit {
  vv: number;
  bconst: number;
  s: number[];
}

/** rdrobust_bw for one side: the variance, bias and regularisation constants of one step. */
class SideConstants {
  private readonly cache = new Map<string, VFit>();
  private readonly cols: Float64Array[];
  constructor(
    private readonly side: RdSide,
    private readonly label: 'left' | 'right',
    private readonly design: BwDesign,
    private readonly hV: number,
    private readonly ctx: RunContext,
  ) {
    this.cols = sideColumns(side, design.useT);
  }

  /** Linear combination weights s of the (y, t, z) columns for the target functional. */
  private combination(beta: Matrix, gamma: Matrix | null, nu: number): number[] {
    const dT = this.design.useT ? 1 : 0;
    const dZ = this.design.dZ;
    const f = factorial(nu);
    if (!dT) return gamma ? [1, ...gamma.map((g) => -g[0])] : [1];
    if (!gamma) {
      const tauY = f * beta[nu][0];
      const tauT = f * beta[nu][1];
      return [1 / tauT, -tauY / (tauT * tauT)];
    }
    const sY = [1, ...gamma.map((g) => -g[0])];
    const sT = [1, ...gamma.map((g) => -g[1])];
    let tauY = sY[0] * beta[nu][0];
    let tauT = sT[0] * beta[nu][1];
    for (let j = 0; j < dZ; j++) {
      tauY += sY[1 + j] * beta[nu][2 + j];
      tauT += sT[1 + j] * beta[nu][2 + j];
    }
    tauY *= f;
    tauT *= f;
    return [1 / tauT, -tauY / (tauT * tauT), ...gamma.map((g) => -(1 / tauT) * g[0] + (tauY / (tauT * tauT)) * g[1])];
  }

  private vfit(o: number, nu: number): VFit {
    const key = `${o}_${nu}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const { c, kernel, vce } = this.design;
    const win = windowAt(this.side, this.cols, c, this.hV, kernel);
    const fit = polyFit(win, o, win.w, { side: this.label, purpose: `pilot fit of order ${o} for bandwidth selection` });
    const dT = this.design.useT ? 1 : 0;
    const gamma = this.design.dZ > 0 ? covariateGamma(covariatePieces(win, fit, win.w, dT)) : null;
    const s = this.combination(fit.beta, gamma, nu);
    const res = residuals(win, fit, win.w, vce);
    const v = sandwichWith(fit.invG, weighted(fit.cols, win.w), res, s, win);
    // B constant: h_V^nu · [G^{-1} Σ w R u^(o+1)]_nu with u = (x - c)/h_V.
    const k = o + 1;
    const ru = new Float64Array(k);
    for (let i = 0; i < win.n; i++) {
      const u = win.xc[i] / this.hV;
      let up = 1;
      for (let j = 0; j <= o; j++) up *= u;
      const wu = win.w[i] * up;
      for (let a = 0; a < k; a++) ru[a] += fit.cols[a][i] * wu;
    }
    let gv = 0;
    for (let a = 0; a < k; a++) gv += fit.invG[nu][a] * ru[a];
    const out = { vv: v[nu][nu], bconst: Math.pow(this.hV, nu) * gv, s };
    this.cache.set(key, out);
    return out;
  }

  constants(o: number, nu: number, oB: number, hB: number, scale: number): Constants {
    this.ctx.checkCancelled();
    const vf = this.vfit(o, nu);
    const { c, kernel, vce } = this.design;
    const win = windowAt(this.side, this.cols, c, hB, kernel);
    const fit = polyFit(win, oB, win.w, { side: this.label, purpose: `bias fit of order ${oB} for bandwidth selection` });
    let bwreg = 0;
    if (scale > 0) {
      const res = residuals(win, fit, win.w, vce);
      const vb = sandwichWith(fit.invG, weighted(fit.cols, win.w), res, vf.s, win);
      bwreg = 3 * vf.bconst * vf.bconst * vb[o + 1][o + 1];
    }
    let sb = 0;
    for (let l = 0; l < vf.s.length; l++) sb += vf.s[l] * fit.beta[o + 1][l];
    return {
      V: (2 * nu + 1) * Math.pow(this.hV, 2 * nu + 1) * vf.vv,
      B: Math.sqrt(2 * (o + 1 - nu)) * vf.bconst * sb,
      R: scale * (2 * (o + 1 - nu)) * bwreg,
      rate: 1 / (2 * o + 3),
    };
  }
}

export interface BwLimits {
  /** Pilot bandwidth c_bw. */
  cbw: number;
  /** Range of x on each side (caps under bwrestrict), or null when not restricting. */
  maxLeft: number | null;
  maxRight: number | null;
  /** Distance to the bwcheck-th unique value on each side (+1e-8), or null. */
  minLeft: number | null;
  minRight: number | null;
}

/**
 * A plug-in step can break down: a treatment that does not vary near the cutoff makes the
 * fuzzy weights infinite (NaN bandwidth), and a zero bias estimate gives an infinite one that
 * only bwrestrict caps. rdrobust would carry NaN on; we stop with the reason.
 */
function checked(v: number, what: string): number {
  if (Number.isFinite(v) && v > 0) return v;
  throw new UserError(
    'rd_bandwidth_failed',
    `The data-driven ${what} could not be computed (the plug-in constants are zero or undefined; in a fuzzy design the treatment may not vary near the cutoff). Give the bandwidth h, use sharpbw for a fuzzy design, or another bwselect.`,
    { step: what },
  );
}

const capBoth = (v: number, lim: BwLimits): number => (lim.maxLeft === null ? v : Math.min(v, Math.max(lim.maxLeft, lim.maxRight as number)));
const floorBoth = (v: number, lim: BwLimits): number => (lim.minLeft === null ? v : Math.max(v, lim.minLeft, lim.minRight as number));

/**
 * All requested selectors at once (rdbwselect with all = TRUE computes every one). Returns the
 * bandwidths by selector name.
 */
export function selectBandwidths(
  left: RdSide,
  right: RdSide,
  design: BwDesign,
  lim: BwLimits,
  wanted: ReadonlyArray<BwSelector>,
  nForCer: number,
  ctx: RunContext,
): Record<BwSelector, Bandwidths | undefined> {
  const { p, q, scaleregul } = design;
  const L = new SideConstants(left, 'left', design, lim.cbw, ctx);
  const R = new SideConstants(right, 'right', design, lim.cbw, ctx);
  const needs = (...names: BwSelector[]): boolean => names.some((n) => wanted.includes(n));
  const dl = L.constants(q + 1, q + 1, q + 2, Math.abs(design.c - left.x[0]), 0);
  const dr = R.constants(q + 1, q + 1, q + 2, Math.abs(design.c - right.x[right.n - 1]), 0);
  const capL = (v: number): number => (lim.maxLeft === null ? v : Math.min(v, lim.maxLeft));
  const capR = (v: number): number => (lim.maxRight === null ? v : Math.min(v, lim.maxRight));

  let two: { hl: number; hr: number; bl: number; br: number } | null = null;
  if (needs('msetwo', 'certwo', 'msecomb2', 'cercomb2')) {
    let dL = checked(capL(Math.pow(dl.V / (dl.B * dl.B), dl.rate)), 'pilot bandwidth (left)');
    let dR = checked(capR(Math.pow(dr.V / (dr.B * dr.B), dr.rate)), 'pilot bandwidth (right)');
    if (lim.minLeft !== null) {
      dL = Math.max(dL, lim.minLeft);
      dR = Math.max(dR, lim.minRight as number);
    }
    const bL = L.constants(q, p + 1, q + 1, dL, scaleregul);
    const bR = R.constants(q, p + 1, q + 1, dR, scaleregul);
    const bl = checked(capL(Math.pow(bL.V / (bL.B * bL.B + scaleregul * bL.R), bL.rate)), 'bias bandwidth b (left)');
    const br = checked(capR(Math.pow(bR.V / (bR.B * bR.B + scaleregul * bR.R), bR.rate)), 'bias bandwidth b (right)');
    const hL = L.constants(p, 0, q, bl, scaleregul);
    const hR = R.constants(p, 0, q, br, scaleregul);
    const hl = checked(capL(Math.pow(hL.V / (hL.B * hL.B + scaleregul * hL.R), hL.rate)), 'bandwidth h (left)');
    const hr = checked(capR(Math.pow(hR.V / (hR.B * hR.B + scaleregul * hR.R), hR.rate)), 'bandwidth h (right)');
    two = { hl, hr, bl, br };
  }

  // Common bandwidths from the sum (msesum) or the difference (mserd) of the two sides' bias.
  const common = (sign: 1 | -1): { h: number; b: number } => {
    const comb = (a: Constants, b: Constants): number => b.B + sign * a.B;
    const d = checked(floorBoth(capBoth(Math.pow((dl.V + dr.V) / Math.pow(comb(dl, dr), 2), dl.rate), lim), lim), 'pilot bandwidth');
    const bL = L.constants(q, p + 1, q + 1, d, scaleregul);
    const bR = R.constants(q, p + 1, q + 1, d, scaleregul);
    const b = checked(capBoth(Math.pow((bL.V + bR.V) / (Math.pow(comb(bL, bR), 2) + scaleregul * (bR.R + bL.R)), bL.rate), lim), 'bias bandwidth b');
    const hL = L.constants(p, 0, q, b, scaleregul);
    const hR = R.constants(p, 0, q, b, scaleregul);
    const h = checked(capBoth(Math.pow((hL.V + hR.V) / (Math.pow(comb(hL, hR), 2) + scaleregul * (hR.R + hL.R)), hL.rate), lim), 'bandwidth h');
    return { h, b };
  };
  const sum = needs('msesum', 'cersum', 'msecomb1', 'msecomb2', 'cercomb1', 'cercomb2') ? common(1) : null;
  const rd = needs('mserd', 'cerrd', 'msecomb1', 'msecomb2', 'cercomb1', 'cercomb2') ? common(-1) : null;

  const out: Record<BwSelector, Bandwidths | undefined> = {
    mserd: undefined,
    msetwo: undefined,
    msesum: undefined,
    msecomb1: undefined,
    msecomb2: undefined,
    cerrd: undefined,
    certwo: undefined,
    cersum: undefined,
    cercomb1: undefined,
    cercomb2: undefined,
  };
  const sym = (h: number, b: number): Bandwidths => ({ h_left: h, h_right: h, b_left: b, b_right: b });
  if (rd) out.mserd = sym(rd.h, rd.b);
  if (two) out.msetwo = { h_left: two.hl, h_right: two.hr, b_left: two.bl, b_right: two.br };
  if (sum) out.msesum = sym(sum.h, sum.b);
  if (rd && sum) out.msecomb1 = sym(Math.min(rd.h, sum.h), Math.min(rd.b, sum.b));
  if (rd && sum && two)
    out.msecomb2 = {
      h_left: median([rd.h, sum.h, two.hl]),
      h_right: median([rd.h, sum.h, two.hr]),
      b_left: median([rd.b, sum.b, two.bl]),
      b_right: median([rd.b, sum.b, two.br]),
    };
  // CER-optimal h = MSE-optimal h · n^(-p/((3+p)(3+2p))) (Calonico, Cattaneo & Farrell 2020);
  // b is kept. With clusters n is the number of clusters.
  const cer = Math.pow(nForCer, -(p / ((3 + p) * (3 + 2 * p))));
  const scaleH = (bw: Bandwidths | undefined): Bandwidths | undefined =>
    bw && { h_left: bw.h_left * cer, h_right: bw.h_right * cer, b_left: bw.b_left, b_right: bw.b_right };
  out.cerrd = scaleH(out.mserd);
  out.certwo = scaleH(out.msetwo);
  out.cersum = scaleH(out.msesum);
  out.cercomb1 = scaleH(out.msecomb1);
  out.cercomb2 = scaleH(out.msecomb2);
  return out;
}
