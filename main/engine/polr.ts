/**
 * Ordered logit / probit (proportional odds) as MASS::polr parameterises it:
 *   P(Y <= k | x) = F(zeta_k - x'beta),  k = 1 … K-1,  F = logistic or standard normal cdf,
 * with no intercept among the regressors (the cutpoints zeta play that role). MASS maximises
 * with BFGS and a numerically differentiated Hessian; we run Newton–Raphson on the analytic
 * gradient and Hessian to the exact MLE and report the inverse observed information in the
 * (beta, zeta) parameterisation, which is what vcov.polr returns after its Jacobian step.
 */
import type { PolrResult, PolrSpec } from '../../shared/specs/polr';
import type { CoefRow } from '../../shared/specs/common';
import type { RunContext } from './context';
import { silentContext } from './context';
import { UserError } from './errors';
import { logisticCdf, logisticPdf, normalCdf, normalPdf, normalQuantile, normalTwoSided } from './dist';
import type { Matrix } from './linalg';
import { zeros } from './linalg';
import { expandFixedEffects, fitBinomialGlm, R_DEFAULT_CONTROL, spdSolveInverse } from './glm';
import { buildDesign } from './design';
import { factorizeColumn } from './formula/factorize';
import type { Frame } from './frame';

export type PolrMethod = 'logistic' | 'probit';

interface LatentDistribution {
  cdf(x: number): number;
  /** Upper tail 1 - F(x), computed directly so P(b < Y* <= a) keeps its digits in the tails. */
  upper(x: number): number;
  pdf(x: number): number;
  /** f'(x). */
  dpdf(x: number): number;
}

const LOGISTIC: LatentDistribution = {
  cdf: logisticCdf,
  upper: (x) => logisticCdf(-x),
  pdf: logisticPdf,
  dpdf: (x) => {
    const p = logisticCdf(x);
    return logisticPdf(x) * (1 - 2 * p);
  },
};

const NORMAL: LatentDistribution = {
  cdf: normalCdf,
  upper: (x) => normalCdf(-x),
  pdf: normalPdf,
  dpdf: (x) => -x * normalPdf(x),
};

function latentDistribution(method: PolrMethod): LatentDistribution {
  return method === 'logistic' ? LOGISTIC : NORMAL;
}

/** P(zeta_{j-1} - eta < e <= zeta_j - eta) with infinite outer cutpoints. */
function cellProbability(dist: LatentDistribution, lower: number, upper: number): number {
  if (lower > 0) return dist.upper(lower) - (Number.isFinite(upper) ? dist.upper(upper) : 0);
  return (Number.isFinite(upper) ? dist.cdf(upper) : 1) - (Number.isFinite(lower) ? dist.cdf(lower) : 0);
}

export interface PolrFitOptions {
  method: PolrMethod;
  /** Frequency weights (MASS's `weights`, e.g. housing's Freq); 1 when absent. */
  weights?: Float64Array | null;
  /** Newton stops when the largest step is below this (relative to the parameter's size). */
  tolerance?: number;
  maxit?: number;
  ctx?: RunContext;
}

export interface PolrFit {
  /** Slopes for the kept columns, in the order of `kept`. */
  beta: number[];
  kept: number[];
  /** Columns dropped because the starting-value logit found them collinear (as MASS does). */
  dropped: number[];
  zeta: number[];
  loglik: number;
  /** Covariance of (beta, zeta) = inverse observed information. */
  vcov: Matrix;
  iterations: number;
  converged: boolean;
  /** The largest absolute gradient component at the solution. */
  maxGradient: number;
}

interface Evaluation {
  loglik: number;
  gradient: number[];
  /** Negative Hessian of the log-likelihood (observed information). */
  information: Matrix;
}

/**
 * Log-likelihood, gradient and observed information at (beta, zeta). Parameters are ordered
 * beta (p) then zeta (q). For an observation in category j (0-based) with a = zeta_j - eta and
 * b = zeta_{j-1} - eta, P = F(a) - F(b) and, writing dP for the derivative of P,
 *   dP/deta = -(f(a) - f(b)), dP/dzeta_j = f(a), dP/dzeta_{j-1} = -f(b),
 *   d2P/deta2 = f'(a) - f'(b), d2P/deta dzeta_j = -f'(a), d2P/deta dzeta_{j-1} = f'(b),
 *   d2P/dzeta_j^2 = f'(a), d2P/dzeta_{j-1}^2 = -f'(b);
 * the Hessian of log P is d2P / P - dP dP' / P^2 and eta = x'beta carries x by the chain rule.
 */
function evaluate(cols: Float64Array[], y: Int32Array, w: Float64Array, beta: number[], zeta: number[], dist: LatentDistribution, needInformation: boolean, eta: Float64Array): Evaluation | null {
  const p = cols.length;
  const q = zeta.length;
  const m = p + q;
  const n = y.length;
  const gradient = new Array<number>(m).fill(0);
  const information = needInformation ? zeros(m, m) : [];
  let loglik = 0;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += cols[j][i] * beta[j];
    eta[i] = e;
    if (w[i] === 0) continue;
    const cat = y[i];
    const upper = cat < q ? zeta[cat] - e : Infinity;
    const lower = cat > 0 ? zeta[cat - 1] - e : -Infinity;
    const prob = cellProbability(dist, lower, upper);
    if (!(prob > 0)) return null;
    const fa = Number.isFinite(upper) ? dist.pdf(upper) : 0;
    const fb = Number.isFinite(lower) ? dist.pdf(lower) : 0;
    const wi = w[i];
    loglik += wi * Math.log(prob);
    // First derivatives of log P.
    const gEta = -(fa - fb) / prob;
    const gUp = fa / prob;
    const gLo = -fb / prob;
    for (let j = 0; j < p; j++) gradient[j] += wi * gEta * cols[j][i];
    if (cat < q) gradient[p + cat] += wi * gUp;
    if (cat > 0) gradient[p + cat - 1] += wi * gLo;
    if (!needInformation) continue;
    const dfa = Number.isFinite(upper) ? dist.dpdf(upper) : 0;
    const dfb = Number.isFinite(lower) ? dist.dpdf(lower) : 0;
    // Second derivatives of log P with respect to (eta, zeta_up, zeta_lo).
    const hEE = (dfa - dfb) / prob - gEta * gEta;
    const hEU = -dfa / prob - gEta * gUp;
    const hEL = dfb / prob - gEta * gLo;
    const hUU = dfa / prob - gUp * gUp;
    const hLL = -dfb / prob - gLo * gLo;
    const hUL = -gUp * gLo;
    for (let a = 0; a < p; a++) {
      const xa = cols[a][i] * wi;
      if (xa === 0) continue;
      for (let b = 0; b <= a; b++) information[a][b] -= xa * cols[b][i] * hEE;
      if (cat < q) information[p + cat][a] -= xa * hEU;
      if (cat > 0) information[p + cat - 1][a] -= xa * hEL;
    }
    if (cat < q) information[p + cat][p + cat] -= wi * hUU;
    if (cat > 0) information[p + cat - 1][p + cat - 1] -= wi * hLL;
    if (cat < q && cat > 0) information[p + cat][p + cat - 1] -= wi * hUL;
  }
  if (needInformation) for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) information[b][a] = information[a][b];
  return { loglik, gradient, information };
}

/**
 * Starting values as MASS::polr chooses them: a binary logit/probit of "above the middle
 * category" on the regressors, cutpoints spread around minus its intercept.
 */
function startingValues(cols: Float64Array[], y: Int32Array, q: number, w: Float64Array, method: PolrMethod): { beta: number[]; zeta: number[]; kept: number[]; dropped: number[] } {
  const n = y.length;
  const k = q + 1;
  const q1 = Math.floor(k / 2);
  const y1 = new Float64Array(n);
  for (let i = 0; i < n; i++) y1[i] = y[i] + 1 > q1 ? 1 : 0;
  const one = new Float64Array(n).fill(1);
  const glm = fitBinomialGlm([one, ...cols], y1, { link: method === 'logistic' ? 'logit' : 'probit', weights: w, intercept: true, control: R_DEFAULT_CONTROL });
  if (glm.dropped.includes(0)) throw new UserError('polr_no_intercept', 'The ordered model could not form starting values (intercept collinear).', {});
  const spacing: number[] = [];
  for (let j = 1; j <= q; j++) {
    const pj = j / (q + 1);
    const s = Math.log(pj / (1 - pj));
    spacing.push(method === 'logistic' ? s : s / 1.7);
  }
  const intercept = glm.coefficients[0];
  const zeta = spacing.map((s) => -intercept + s - spacing[q1 - 1]);
  const kept = glm.kept.filter((j) => j > 0).map((j) => j - 1);
  const dropped = glm.dropped.map((j) => j - 1);
  return { beta: glm.coefficients.slice(1), zeta, kept, dropped };
}

/**
 * Fits the ordered model. `y` holds 0-based category codes (0 … nlevels-1, every level
 * observed); `columns` are the regressors without an intercept.
 */
export function fitPolr(columns: Float64Array[], y: Int32Array, nlevels: number, opts: PolrFitOptions): PolrFit {
  const dist = latentDistribution(opts.method);
  const ctx = opts.ctx ?? silentContext;
  const n = y.length;
  const w = opts.weights ?? new Float64Array(n).fill(1);
  const q = nlevels - 1;
  const tol = opts.tolerance ?? 1e-10;
  const maxit = opts.maxit ?? 100;
  const start = startingValues(columns, y, q, w, opts.method);
  const cols = start.kept.map((j) => columns[j]);
  const p = cols.length;
  let beta = start.beta;
  let zeta = start.zeta;
  const eta = new Float64Array(n);
  let cur = evaluate(cols, y, w, beta, zeta, dist, true, eta);
  if (!cur) throw new UserError('polr_start', 'The ordered model could not be started: a category has zero fitted probability at the starting values.', {});
  let converged = false;
  let iterations = 0;
  for (let iter = 1; iter <= maxit; iter++) {
    ctx.checkCancelled();
    iterations = iter;
    const sol = spdSolveInverse(cur.information, cur.gradient);
    if (!sol) throw new UserError('polr_singular', 'The information matrix is singular: a regressor is collinear with the cutpoints or predicts the outcome perfectly.', {});
    // Newton step with halving until the log-likelihood does not decrease and the cutpoints
    // stay strictly increasing (the likelihood is concave in (beta, zeta), so this terminates).
    let step = 1;
    let next: Evaluation | null = null;
    let nb = beta;
    let nz = zeta;
    for (let h = 0; h < 60; h++) {
      nb = beta.map((b, j) => b + step * sol.x[j]);
      nz = zeta.map((z, j) => z + step * sol.x[p + j]);
      let ordered = true;
      for (let j = 1; j < q; j++) if (!(nz[j] > nz[j - 1])) ordered = false;
      if (ordered) {
        next = evaluate(cols, y, w, nb, nz, dist, true, eta);
        if (next && next.loglik >= cur.loglik - 1e-12 * Math.abs(cur.loglik)) break;
      }
      next = null;
      step /= 2;
    }
    if (!next) break;
    let maxStep = 0;
    for (let j = 0; j < p + q; j++) {
      const old = j < p ? beta[j] : zeta[j - p];
      maxStep = Math.max(maxStep, Math.abs(step * sol.x[j]) / Math.max(1, Math.abs(old)));
    }
    beta = nb;
    zeta = nz;
    cur = next;
    ctx.progress(Math.min(1, iter / 20), 'newton');
    if (maxStep < tol) {
      converged = true;
      break;
    }
  }
  const final = evaluate(cols, y, w, beta, zeta, dist, true, eta);
  if (!final) throw new UserError('polr_failed', 'The ordered model failed: a fitted category probability is zero.', {});
  const inv = spdSolveInverse(final.information, final.gradient);
  if (!inv) throw new UserError('polr_singular', 'The information matrix is singular at the solution; the model is not identified.', {});
  return {
    beta,
    kept: start.kept,
    dropped: start.dropped,
    zeta,
    loglik: final.loglik,
    vcov: inv.inv,
    iterations,
    converged,
    maxGradient: Math.max(...final.gradient.map(Math.abs)),
  };
}

export function runPolr(frame: Frame, spec: PolrSpec, ctx: RunContext): PolrResult {
  const design = buildDesign(frame, spec.formula, { weights: spec.weights, dropUnusedLevels: true });
  const col = design.responseColumn;
  if (!col) throw new UserError('polr_no_response', 'The formula needs an ordered outcome on the left of "~".', {});
  const n = design.rows.length;
  if (n === 0) throw new UserError('polr_no_rows', 'No rows are left after removing rows with missing values in the model\'s variables.', { missing_by: design.missingBy });
  const f = factorizeColumn(col, null);
  const w = design.weights ?? new Float64Array(n).fill(1);
  const counts = new Array<number>(f.labels.length).fill(0);
  for (let i = 0; i < n; i++) counts[f.codes[i]] += w[i];
  const notes = design.notes.slice();
  const present = f.labels.map((_, l) => l).filter((l) => counts[l] > 0);
  const empty = f.labels.filter((_, l) => counts[l] === 0);
  if (empty.length) notes.push(`Categories with no observations were dropped: ${empty.join(', ')}.`);
  if (present.length < 3) {
    throw new UserError('polr_too_few_categories', `The outcome "${col.name}" has ${present.length} observed categories; an ordered model needs at least 3 (use a logit/probit for two).`, {
      column: col.name,
      categories: present.map((l) => f.labels[l]),
    });
  }
  const remap = new Int32Array(f.labels.length).fill(-1);
  present.forEach((l, k) => (remap[l] = k));
  const y = Int32Array.from(f.codes, (c) => remap[c]);
  const categories = present.map((l) => f.labels[l]);

  // polr has no intercept: the cutpoints take its place (MASS drops the column).
  const ex = expandFixedEffects(design, false);
  const keep = ex.names.flatMap((nm, j) => (nm === '(Intercept)' ? [] : [j]));
  const cols = keep.map((j) => ex.columns[j]);
  const names = keep.map((j) => ex.names[j]);
  const reported = keep.filter((j) => j < ex.reported).length;

  const fit = fitPolr(cols, y, categories.length, { method: spec.method, weights: design.weights, ctx });
  const z = normalQuantile(0.5 + spec.conf_level / 2);
  const row = (est: number, se: number): CoefRow => {
    const stat = est / se;
    return { estimate: est, se, t: stat, z: stat, p: normalTwoSided(stat), conf_low: est - z * se, conf_high: est + z * se };
  };
  const p = fit.kept.length;
  const coefficients: Record<string, CoefRow> = {};
  const labels: string[] = [];
  const index: number[] = [];
  fit.kept.forEach((j, a) => {
    if (j >= reported) return;
    coefficients[names[j]] = row(fit.beta[a], Math.sqrt(fit.vcov[a][a]));
    labels.push(names[j]);
    index.push(a);
  });
  const cutpoints: Record<string, CoefRow> = {};
  fit.zeta.forEach((zeta, k) => {
    const label = `${categories[k]}|${categories[k + 1]}`;
    cutpoints[label] = row(zeta, Math.sqrt(fit.vcov[p + k][p + k]));
    labels.push(label);
    index.push(p + k);
  });
  const vcov: Record<string, Record<string, number>> = {};
  labels.forEach((a, i) => {
    vcov[a] = {};
    labels.forEach((b, j) => (vcov[a][b] = fit.vcov[index[i]][index[j]]));
  });
  const dropped = fit.dropped.filter((j) => j < reported).map((j) => names[j]);
  if (dropped.length) notes.push(`Dropped as collinear: ${dropped.join(', ')}.`);
  if (!fit.converged) notes.push(`Newton–Raphson did not converge in ${fit.iterations} iterations; the estimates are not reliable.`);
  let total = 0;
  for (const c of counts) total += c;
  const deviance = -2 * fit.loglik;
  return {
    model: 'polr',
    method: spec.method,
    coefficients,
    cutpoints,
    categories,
    nobs_weighted: total,
    rows: n,
    nobs_original: design.nobsOriginal,
    obs_removed: design.removedMissing + design.removedZeroWeight,
    loglik: fit.loglik,
    deviance,
    aic: deviance + 2 * (p + fit.zeta.length),
    iterations: fit.iterations,
    converged: fit.converged,
    convergence: fit.converged ? 0 : 1,
    max_gradient: fit.maxGradient,
    vcov,
    collinear_dropped: dropped,
    fixef_sizes: ex.fixefSizes,
    category_counts: present.map((l) => ({ category: f.labels[l], count: counts[l], share: counts[l] / total })),
    notes,
  };
}
