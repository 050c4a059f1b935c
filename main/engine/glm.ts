/**
 * Binary-outcome GLMs (logit, probit) fitted by iteratively reweighted least squares exactly as
 * R's glm.fit does it, so that a fit stopped by R's default rule (epsilon = 1e-8) reproduces
 * R's printed numbers, and a fit run to the stationary point reproduces the exact MLE.
 *
 * The IRLS recursion (McCullagh & Nelder 1989, §2.5; R's glm.fit):
 *   start mu = (w y + 1/2) / (w + 1), eta = g(mu)
 *   repeat: z = eta + (y - mu) / g'^-1(eta), W = w (dmu/deta)^2 / (mu (1 - mu)),
 *           beta = (X'WX)^-1 X'Wz, eta = X beta,
 *   until |dev - dev_old| / (|dev| + 0.1) < epsilon.
 * As in R, the reported covariance uses the W of the last iteration (computed before the last
 * solve), and the working residuals the final mu.
 */
import type { GlmResult, GlmSpec } from '../../shared/specs/glm';
import type { CoefRow, VcovSpec } from '../../shared/specs/common';
import type { RunContext } from './context';
import { silentContext } from './context';
import { UserError } from './errors';
import { normalCdf, normalPdf, normalQuantile, normalTwoSided } from './dist';
import type { Matrix } from './linalg';
import { cholesky, choleskySolve, invertSPD } from './linalg';
import { crossProducts } from './ols';
import { computeVcov, type Ssc, type VcovRequest } from './vcov';
import { clusterFactors } from './feols';
import { buildDesign, type Design, type DesignOptions } from './design';
import { factorizeColumn } from './formula/factorize';
import type { Frame } from './frame';
import { averageMarginalEffects } from './margins';

export type BinomialLink = 'logit' | 'probit';

/** A context whose progress maps [0, 1] onto [from, to] of the parent's (for sub-steps). */
export function scaledContext(ctx: RunContext, from: number, to: number): RunContext {
  return { checkCancelled: () => ctx.checkCancelled(), progress: (f, m) => ctx.progress(from + (to - from) * f, m) };
}

const DBL_EPSILON = 2.220446049250313e-16;
/** R's logit link clamps eta to ±30 (family.c THRESH / MTHRESH). */
const LOGIT_THRESH = 30;
/** R's probit link clamps eta to ±qnorm(DBL_EPSILON) (binomial("probit")$linkinv). */
const PROBIT_THRESH = -normalQuantile(DBL_EPSILON);

/** Inverse link mu = g^-1(eta), clamped as R clamps it so mu stays inside (0, 1). */
export function linkInverse(link: BinomialLink, eta: number): number {
  if (link === 'logit') {
    const t = eta < -LOGIT_THRESH ? DBL_EPSILON : eta > LOGIT_THRESH ? 1 / DBL_EPSILON : Math.exp(eta);
    return t / (1 + t);
  }
  const e = Math.min(Math.max(eta, -PROBIT_THRESH), PROBIT_THRESH);
  return normalCdf(e);
}

/** dmu/deta, floored at DBL_EPSILON as R does. */
export function linkDerivative(link: BinomialLink, eta: number): number {
  if (link === 'logit') {
    if (eta > LOGIT_THRESH || eta < -LOGIT_THRESH) return DBL_EPSILON;
    const e = Math.exp(eta);
    return e / ((1 + e) * (1 + e));
  }
  return Math.max(normalPdf(eta), DBL_EPSILON);
}

function linkFunction(link: BinomialLink, mu: number): number {
  return link === 'logit' ? Math.log(mu / (1 - mu)) : normalQuantile(mu);
}

/** y log(y / mu) with 0 log 0 = 0 (R's y_log_y). */
function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0;
}

function binomialDeviance(y: Float64Array, mu: ArrayLike<number>, w: Float64Array): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) {
    if (w[i] === 0) continue;
    d += 2 * w[i] * (yLogY(y[i], mu[i]) + yLogY(1 - y[i], 1 - mu[i]));
  }
  return d;
}

export interface GlmControl {
  /** Relative deviance change that stops IRLS (R's glm.control epsilon). */
  epsilon: number;
  maxit: number;
  /**
   * When set, convergence also requires the last coefficient step to be below this, relative
   * to max(1, |beta_j|). The deviance criterion alone can stop one step early when a deviance
   * change drowns in rounding (near the optimum the deviance is flat: a step of 1e-8 changes it
   * by ~1e-16); one more quadratically convergent step then fixes the coefficients to ~1e-16.
   */
  stepTolerance?: number;
}

/** R's glm.control() defaults; the fixtures' *_tight cases use epsilon = 1e-14. */
export const R_DEFAULT_CONTROL: GlmControl = { epsilon: 1e-8, maxit: 25 };
/**
 * Our default: iterate until both the deviance and the coefficients stop changing in double
 * precision. IRLS converges quadratically, so this costs one to three iterations more than R's
 * default and yields the exact MLE instead of R's ~1e-5 relative error in the coefficients.
 */
export const EXACT_CONTROL: GlmControl = { epsilon: 1e-14, maxit: 100, stepTolerance: 1e-10 };

export interface BinomialFitOptions {
  link: BinomialLink;
  /** Prior (frequency) weights; 1 when absent. Rows with weight 0 do not count. */
  weights?: Float64Array | null;
  control?: GlmControl;
  /** Whether the columns include an intercept (changes the null deviance, as in R). */
  intercept: boolean;
  /** Names of the columns, for messages. */
  names?: string[];
  ctx?: RunContext;
}

export interface BinomialFit {
  link: BinomialLink;
  /** Estimates for the kept columns, in the order of `kept`. */
  coefficients: number[];
  /** Indices (into the input columns) of the estimated coefficients. */
  kept: number[];
  /** Indices of columns dropped as collinear (R reports NA for them). */
  dropped: number[];
  eta: Float64Array;
  mu: Float64Array;
  /** w (dmu/deta)^2 / var(mu) of the last iteration (R's fit$weights). */
  workingWeights: Float64Array;
  /** (y - mu) / (dmu/deta) at the final fit (R's residuals(fit, "working")). */
  workingResiduals: Float64Array;
  /** (X'WX)^-1 over the kept columns with the last iteration's W (summary.glm's cov.unscaled). */
  covUnscaled: Matrix;
  deviance: number;
  nullDeviance: number;
  loglik: number;
  aic: number;
  /** Number of observations with a positive weight (R's nobs). */
  nobs: number;
  iterations: number;
  converged: boolean;
  /** Rows whose fitted probability is 0 or 1 to machine precision (R warns about them). */
  fittedZeroOrOne: number;
}

/**
 * A column is collinear when the squared norm of its residual on the preceding kept columns,
 * relative to its own squared norm, is below this. R's QR works on X itself and can resolve
 * 1e-11; the normal equations cannot go below ~1e-15, so we use fixest's collin.tol (1e-10)
 * on the Cholesky pivot, which catches exact collinearity and leaves genuine regressors alone.
 */
const COLLINEARITY_TOL = 1e-10;

/**
 * Cholesky factorisation of a matrix scaled to unit diagonal, skipping (in column order, as
 * R's dqrdc2 moves them to the end) columns whose pivot falls below `tol`. Returns the kept and
 * dropped column indices.
 */
function sequentialCholesky(a: Matrix, tol: number): { kept: number[]; dropped: number[] } {
  const k = a.length;
  const scale = a.map((row, i) => (row[i] > 0 ? 1 / Math.sqrt(row[i]) : 0));
  const kept: number[] = [];
  const dropped: number[] = [];
  const l: number[][] = [];
  for (let j = 0; j < k; j++) {
    if (scale[j] === 0) {
      dropped.push(j);
      continue;
    }
    const row = new Array<number>(kept.length + 1).fill(0);
    for (let p = 0; p < kept.length; p++) {
      const i = kept[p];
      let s = a[j][i] * scale[j] * scale[i];
      for (let q = 0; q < p; q++) s -= row[q] * l[p][q];
      row[p] = s / l[p][p];
    }
    let d = 1;
    for (let q = 0; q < kept.length; q++) d -= row[q] * row[q];
    if (!(d > tol)) {
      dropped.push(j);
      continue;
    }
    row[kept.length] = Math.sqrt(d);
    kept.push(j);
    l.push(row);
  }
  return { kept, dropped };
}

/**
 * Solves A x = b and inverts A for symmetric positive definite A after scaling it to unit
 * diagonal (equilibration keeps the Cholesky accurate when columns differ in magnitude by
 * orders, e.g. earnings next to dummies). Null when A is not positive definite.
 */
export function spdSolveInverse(a: Matrix, b: number[]): { x: number[]; inv: Matrix } | null {
  const s = a.map((row, i) => 1 / Math.sqrt(row[i]));
  const scaled = a.map((row, i) => row.map((v, j) => v * s[i] * s[j]));
  const l = cholesky(scaled);
  const inv = l && invertSPD(scaled);
  if (!l || !inv) return null;
  return {
    x: choleskySolve(l, b.map((v, i) => v * s[i])).map((v, i) => v * s[i]),
    inv: inv.map((row, i) => row.map((v, j) => v * s[i] * s[j])),
  };
}

/**
 * Fits a binomial GLM by IRLS (see the file comment). `y` must be 0/1 (checked by the caller
 * that knows the column name); `columns` are the regressors, each of length y.length.
 */
export function fitBinomialGlm(columns: Float64Array[], y: Float64Array, opts: BinomialFitOptions): BinomialFit {
  const { link } = opts;
  const control = opts.control ?? EXACT_CONTROL;
  const ctx = opts.ctx ?? silentContext;
  const n = y.length;
  const w = opts.weights ?? new Float64Array(n).fill(1);
  let nobs = 0;
  for (let i = 0; i < n; i++) if (w[i] > 0) nobs++;

  // R's binomial()$initialize: mustart = (w y + 0.5) / (w + 1).
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = linkFunction(link, (w[i] * y[i] + 0.5) / (w[i] + 1));
    mu[i] = linkInverse(link, eta[i]);
  }
  let devOld = binomialDeviance(y, mu, w);

  const ww = new Float64Array(n);
  const r = new Float64Array(n);
  let kept: number[] | null = null;
  let dropped: number[] = [];
  let beta: number[] | null = null;
  let betaOld: number[] | null = null;
  let covUnscaled: Matrix = [];
  let converged = false;
  let iterations = 0;
  let dev = devOld;

  for (let iter = 1; iter <= control.maxit; iter++) {
    ctx.checkCancelled();
    iterations = iter;
    for (let i = 0; i < n; i++) {
      const d = linkDerivative(link, eta[i]);
      const v = mu[i] * (1 - mu[i]);
      ww[i] = w[i] > 0 ? (w[i] * d * d) / v : 0;
      // Newton increment form: X'W r with r = (y - mu)/mu.eta; on the first pass the
      // current eta is not X beta, so solve for the full working response z = eta + r.
      r[i] = (y[i] - mu[i]) / d + (beta === null ? eta[i] : 0);
    }
    if (kept === null) {
      const rank = sequentialCholesky(crossProducts(columns, null, ww).xtx, COLLINEARITY_TOL);
      kept = rank.kept;
      dropped = rank.dropped;
      if (kept.length === 0) throw new UserError('glm_no_regressors', 'The model has no estimable coefficient: every regressor is constant zero or collinear.', {});
    }
    const cols = kept.map((j) => columns[j]);
    const { xtx, xty } = crossProducts(cols, r, ww);
    const sol = spdSolveInverse(xtx, xty);
    if (!sol) {
      throw new UserError('glm_singular', 'The weighted cross-product matrix became singular during fitting (perfect separation or collinear regressors). Remove the regressor that predicts the outcome perfectly.', {
        terms: opts.names ? kept.map((j) => opts.names?.[j]) : undefined,
      });
    }
    covUnscaled = sol.inv;
    let next: number[] = beta === null ? sol.x : beta.map((b, j) => b + sol.x[j]);
    const evaluate = (coef: number[]): number => {
      for (let i = 0; i < n; i++) {
        let e = 0;
        for (let j = 0; j < coef.length; j++) e += cols[j][i] * coef[j];
        eta[i] = e;
        mu[i] = linkInverse(link, e);
      }
      return binomialDeviance(y, mu, w);
    };
    dev = evaluate(next);
    // R halves the step towards the previous coefficients while the deviance is not finite.
    let halvings = 0;
    while (!Number.isFinite(dev)) {
      if (betaOld === null || halvings >= control.maxit) {
        throw new UserError('glm_diverged', 'The fit diverged: the deviance became infinite and step-halving could not recover. Check for separation or extreme regressor values.', {});
      }
      const prev: number[] = betaOld;
      next = next.map((b, j) => (b + prev[j]) / 2);
      dev = evaluate(next);
      halvings++;
    }
    let smallStep = true;
    if (control.stepTolerance !== undefined) {
      const tolStep = control.stepTolerance;
      smallStep = betaOld !== null && next.every((b, j) => Math.abs(b - (betaOld as number[])[j]) <= tolStep * Math.max(1, Math.abs(b)));
    }
    beta = next;
    ctx.progress(Math.min(1, iter / control.maxit), 'irls');
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < control.epsilon && smallStep) {
      converged = true;
      break;
    }
    devOld = dev;
    betaOld = beta;
  }
  if (beta === null || kept === null) throw new UserError('glm_no_iterations', 'maxit must be at least 1.', {});

  const workingResiduals = new Float64Array(n);
  let fittedZeroOrOne = 0;
  let loglik = 0;
  let sw = 0;
  let swy = 0;
  const eps10 = 10 * DBL_EPSILON;
  for (let i = 0; i < n; i++) {
    workingResiduals[i] = (y[i] - mu[i]) / linkDerivative(link, eta[i]);
    if (w[i] <= 0) continue;
    if (mu[i] > 1 - eps10 || mu[i] < eps10) fittedZeroOrOne++;
    loglik += w[i] * (y[i] > 0 ? y[i] * Math.log(mu[i]) : 0) + w[i] * (y[i] < 1 ? (1 - y[i]) * Math.log(1 - mu[i]) : 0);
    sw += w[i];
    swy += w[i] * y[i];
  }
  const wtdmu = opts.intercept ? swy / sw : linkInverse(link, 0);
  const nullDeviance = binomialDeviance(y, new Float64Array(n).fill(wtdmu), w);
  return {
    link,
    coefficients: beta,
    kept,
    dropped,
    eta,
    mu,
    workingWeights: ww,
    workingResiduals,
    covUnscaled,
    deviance: dev,
    nullDeviance,
    loglik,
    aic: -2 * loglik + 2 * kept.length,
    nobs,
    iterations,
    converged,
    fittedZeroOrOne,
  };
}

/**
 * Small-sample rules of R's lm/glm with sandwich, in fixest's terms (vcov.ts): HC1 = n/(n-k),
 * clustered = G/(G-1) per inclusion–exclusion term (cluster_df "conventional") × (n-1)/(n-k),
 * HC3 without adjustment, t with n - k degrees of freedom.
 */
export const SANDWICH_SSC: Ssc = { adj: true, fixefK: 'nested', fixefForceExact: false, clusterAdj: true, clusterDf: 'conventional', tDf: 'conventional' };

/** Model-based ("iid") or a sandwich request as vcov.ts takes it. */
export type GlmVcovType = { type: 'iid' } | Exclude<VcovRequest, { type: 'iid' }>;

/**
 * Covariance of a binomial fit's coefficients, as R's vcov (model-based) and sandwich's
 * vcovHC / vcovCL compute it for a glm:
 * - iid: (X'WX)^-1 with the last iteration's W (dispersion 1 for the binomial);
 * - otherwise the sandwich B (sum s_i s_i' c_i) B of vcov.ts with B = (X'WX)^-1 and the
 *   scores s_i = x_i W_i r_i (r_i the working residuals: sandwich's estfun.glm), with
 *   SANDWICH_SSC: "hetero" = vcovHC HC1, HC3 with the GLM hat values h_i = W_i x_i' B x_i
 *   (hatvalues.glm), clusters = vcovCL type HC1 (Cameron–Gelbach–Miller for several). For one
 *   cluster dimension this equals fixest's default for feglm too.
 */
export function binomialVcov(fit: BinomialFit, columns: Float64Array[], request: GlmVcovType): { matrix: Matrix; nClusters: Record<string, number> | null } {
  const bread = fit.covUnscaled;
  if (request.type === 'iid') return { matrix: bread.map((r) => r.slice()), nClusters: null };
  const cols = fit.kept.map((j) => columns[j]);
  const k = cols.length;
  const n = fit.eta.length;
  const ww = fit.workingWeights;
  const res = fit.workingResiduals;
  // Score multiplier W_i r_i: s_ij = W_i r_i x_ij.
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = ww[i] * res[i];
  const leverage = (): Float64Array => {
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let a = 0; a < k; a++) {
        let t = 0;
        for (let b = 0; b < k; b++) t += bread[a][b] * cols[b][i];
        q += cols[a][i] * t;
      }
      h[i] = ww[i] * q;
    }
    return h;
  };
  const out = computeVcov({ bread, scores: { columns: cols, weightedResiduals: u }, ssr: 0, n: fit.nobs, nparams: k, fixedEffects: [], leverage }, request, SANDWICH_SSC);
  return { matrix: out.matrix, nClusters: out.nClusters };
}

/**
 * Most fixed-effect dummies a glm/polr will build, and most cells (rows × dummies): each IRLS
 * or Newton step costs rows × columns², so beyond this a linear model (feols) is the tool.
 */
export const MAX_FIXEF_DUMMIES = 500;
const MAX_FIXEF_CELLS = 50_000_000;

export interface ExpandedDesign {
  /** Regressors the model is fitted on: the design's columns, then fixed-effect dummies. */
  columns: Float64Array[];
  names: string[];
  /** How many leading columns are reported (the rest are fixed-effect dummies). */
  reported: number;
  hasIntercept: boolean;
  fixefSizes: Record<string, number>;
}

/**
 * Appends fixed effects as dummies (treatment coding: the first level of each is the
 * reference; with `intercept` an intercept column is put first, since the design drops it
 * when the formula has fixed effects).
 */
export function expandFixedEffects(design: Design, intercept: boolean): ExpandedDesign {
  const n = design.rows.length;
  const columns = design.columns.slice();
  const names = design.names.slice();
  let hasIntercept = design.hasIntercept;
  const fixefSizes: Record<string, number> = {};
  if (design.fixedEffects.length === 0) return { columns, names, reported: columns.length, hasIntercept, fixefSizes };
  let total = 0;
  for (const fe of design.fixedEffects) total += fe.nlevels - 1;
  if (total > MAX_FIXEF_DUMMIES || total * n > MAX_FIXEF_CELLS) {
    throw new UserError('glm_too_many_fixef', `The fixed effects need ${total} dummy columns on ${n} rows; discrete-outcome models estimate them as dummies and allow at most ${MAX_FIXEF_DUMMIES} (and ${MAX_FIXEF_CELLS / 1e6} million cells). Use a coarser fixed effect or a linear probability model (feols).`, {
      fixef: design.fixedEffects.map((f) => ({ name: f.name, levels: f.nlevels })),
    });
  }
  if (intercept && !hasIntercept) {
    columns.unshift(new Float64Array(n).fill(1));
    names.unshift('(Intercept)');
    hasIntercept = true;
  }
  const reported = columns.length;
  for (const fe of design.fixedEffects) {
    fixefSizes[fe.name] = fe.nlevels;
    for (let l = 1; l < fe.nlevels; l++) {
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) if (fe.codes[i] === l) d[i] = 1;
      columns.push(d);
      names.push(`${fe.name}::${fe.levels[l]}`);
    }
  }
  return { columns, names, reported, hasIntercept, fixefSizes };
}

/** Describes a vcov request the way the fixtures label it. */
export function vcovLabel(v: VcovSpec): string {
  if (typeof v === 'object') return `vcovCL(cluster = ~${v.cluster.join(' + ')}), type HC1`;
  if (v === 'iid') return 'model-based (inverse Fisher information)';
  return `vcovHC type ${v === 'hetero' ? 'HC1' : v}`;
}

/** The 0/1 outcome: a numeric 0/1 column, or a two-level factor (first level = 0, as R). */
export function binaryResponse(design: Design): Float64Array {
  const col = design.responseColumn;
  if (!col) throw new UserError('glm_no_response', 'The formula needs an outcome on the left of "~".', {});
  const n = design.rows.length;
  if (col.type === 'number') {
    const y = col.values;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 0 && y[i] !== 1) {
        throw new UserError('glm_response_not_binary', `The outcome "${col.name}" must be 0 or 1 for a logit/probit; row ${design.rows[i] + 1} has ${y[i]}. Recode it (e.g. y > 0) or use an ordered model.`, {
          column: col.name,
          row: design.rows[i] + 1,
          value: y[i],
        });
      }
    }
    return y;
  }
  const f = factorizeColumn(col, null);
  const present = new Set<number>();
  for (const c of f.codes) if (c >= 0) present.add(c);
  if (present.size !== 2) {
    throw new UserError('glm_response_not_binary', `The outcome "${col.name}" must have exactly two categories for a logit/probit; it has ${present.size} (${[...present].map((c) => f.labels[c]).join(', ')}).`, {
      column: col.name,
      categories: [...present].map((c) => f.labels[c]),
    });
  }
  const second = Math.max(...present);
  return Float64Array.from(f.codes, (c) => (c === second ? 1 : 0));
}

function coefficientRow(est: number, se: number, z: number): CoefRow {
  const stat = est / se;
  return { estimate: est, se, z: stat, t: stat, p: normalTwoSided(stat), conf_low: est - z * se, conf_high: est + z * se };
}

export function runGlm(frame: Frame, spec: GlmSpec, ctx: RunContext): GlmResult {
  const link: BinomialLink = spec.family;
  const clusterVars = typeof spec.vcov === 'object' ? spec.vcov.cluster : [];
  const designOptions: DesignOptions = { weights: spec.weights, alsoRequire: clusterVars, dropUnusedLevels: true };
  const design = buildDesign(frame, spec.formula, designOptions);
  const n = design.rows.length;
  if (n === 0) throw new UserError('glm_no_rows', 'No rows are left after removing rows with missing values in the model\'s variables.', { missing_by: design.missingBy });
  const y = binaryResponse(design);
  let ysum = 0;
  for (let i = 0; i < n; i++) ysum += y[i];
  if (ysum === 0 || ysum === n) {
    throw new UserError('glm_response_constant', `The outcome "${design.responseColumn?.name}" is ${ysum === 0 ? 0 : 1} in every used row; a logit/probit needs both outcomes.`, { column: design.responseColumn?.name });
  }
  const ex = expandFixedEffects(design, true);
  const rDefault = spec.epsilon !== undefined || spec.maxit !== undefined;
  const control: GlmControl = rDefault ? { epsilon: spec.epsilon ?? R_DEFAULT_CONTROL.epsilon, maxit: spec.maxit ?? R_DEFAULT_CONTROL.maxit } : EXACT_CONTROL;
  const fit = fitBinomialGlm(ex.columns, y, { link, weights: design.weights, control, intercept: ex.hasIntercept, names: ex.names, ctx: scaledContext(ctx, 0, spec.ame ? 0.5 : 1) });
  const request: GlmVcovType =
    typeof spec.vcov === 'object' ? { type: 'cluster', clusters: clusterFactors(frame, clusterVars, design.rows) } : spec.vcov === 'iid' ? { type: 'iid' } : spec.vcov === 'HC3' ? { type: 'HC3' } : { type: 'hetero' };
  const vc = binomialVcov(fit, ex.columns, request);
  const v = vc.matrix;
  const z = normalQuantile(0.5 + spec.conf_level / 2);

  const reportedIdx: number[] = [];
  fit.kept.forEach((j, a) => {
    if (j < ex.reported) reportedIdx.push(a);
  });
  const coefficients: Record<string, CoefRow> = {};
  const vcov: Record<string, Record<string, number>> = {};
  for (const a of reportedIdx) {
    const name = ex.names[fit.kept[a]];
    coefficients[name] = coefficientRow(fit.coefficients[a], Math.sqrt(v[a][a]), z);
    vcov[name] = {};
    for (const c of reportedIdx) vcov[name][ex.names[fit.kept[c]]] = v[a][c];
  }
  const dropped = fit.dropped.filter((j) => j < ex.reported).map((j) => ex.names[j]);
  const notes = design.notes.slice();
  if (design.weights && design.weights.some((w) => !Number.isInteger(w))) {
    notes.push("The weights are not whole numbers: loglik and AIC are the weighted sums of the observations' log-likelihoods (R's binomial AIC rounds weight × outcome and warns).");
  }
  if (dropped.length) notes.push(`Dropped as collinear: ${dropped.join(', ')}.`);
  if (!fit.converged) notes.push(`IRLS did not converge in ${fit.iterations} iterations; the estimates are not reliable.`);
  if (fit.fittedZeroOrOne > 0) notes.push(`Fitted probabilities numerically 0 or 1 occurred for ${fit.fittedZeroOrOne} observation(s): (quasi-)separation; estimates and SEs of the separating regressors are not meaningful.`);

  let ame: GlmResult['ame'] = null;
  if (spec.ame) {
    const beta = new Array<number>(ex.columns.length).fill(0);
    fit.kept.forEach((j, a) => (beta[j] = fit.coefficients[a]));
    const res = averageMarginalEffects(
      { link, beta, kept: fit.kept, vcov: v },
      { frame, design, formula: spec.formula, designOptions, columnsOf: (d) => expandFixedEffects(d, true).columns, weights: design.weights, confLevel: spec.conf_level, ctx: scaledContext(ctx, 0.5, 1) },
    );
    ame = res.ame;
    notes.push(...res.notes);
  }

  const rank = fit.kept.length;
  return {
    model: 'glm',
    family: spec.family,
    coefficients,
    nobs: fit.nobs,
    nobs_original: design.nobsOriginal,
    obs_removed: design.removedMissing + design.removedZeroWeight,
    df_residual: fit.nobs - rank,
    df_null: fit.nobs - (ex.hasIntercept ? 1 : 0),
    deviance: fit.deviance,
    null_deviance: fit.nullDeviance,
    loglik: fit.loglik,
    aic: fit.aic,
    bic: -2 * fit.loglik + Math.log(fit.nobs) * rank,
    pseudo_r2: 1 - fit.deviance / fit.nullDeviance,
    iterations: fit.iterations,
    converged: fit.converged,
    stopping: rDefault ? 'glm.control' : 'exact',
    inference: 'z (normal) p-values',
    vcov_type: vcovLabel(spec.vcov),
    vcov,
    n_clusters: vc.nClusters,
    collinear_dropped: dropped,
    fixef_sizes: ex.fixefSizes,
    fitted_zero_one: fit.fittedZeroOrOne,
    ame,
    notes,
  };
}
