/**
 * Average marginal effects of a binary GLM, with delta-method SEs (Stata's `margins, dydx(*)`;
 * R's marginaleffects::avg_slopes).
 * - A numeric variable v: AME = mean_i f(eta_i) d eta_i / dv with f = dmu/deta and
 *   d eta_i / dv = sum_j beta_j d x_ij / dv. The design columns' derivatives come from
 *   rebuilding the design with v ± h (central difference; exact up to rounding for the linear
 *   and quadratic terms formulas usually hold, error O(h²) otherwise), so I(x^2), x:z and
 *   log(x) are all handled by the formula layer itself.
 * - A categorical variable (text column or factor(x)): for each level L against the reference
 *   level, AME = mean_i [F(x_i(L)'beta) - F(x_i(ref)'beta)], with every unit set to L and
 *   to the reference level in turn.
 * Jacobian with respect to beta: mean_i [f'(eta_i) x_i (d eta_i/dv) + f(eta_i) dx_i/dv] for a
 * slope, mean_i [f(eta_i(L)) x_i(L) - f(eta_i(ref)) x_i(ref)] for a contrast; the SE is
 * sqrt(J V J'). Averages use the prior weights when the model has them.
 */
import type { CoefRow } from '../../shared/specs/common';
import { buildDesign, type Design, type DesignOptions } from './design';
import type { Expr } from './formula/parser';
import { factorizeColumn } from './formula/factorize';
import { filterRows, findColumn, numericColumn, withColumn, type Column, type Frame } from './frame';
import type { BinomialLink } from './glm';
import type { RunContext } from './context';
import { logisticCdf, logisticPdf, normalCdf, normalPdf, normalQuantile, normalTwoSided } from './dist';
import type { Matrix } from './linalg';

/** P(y = 1) = F(eta), unclamped (the clamps of R's links only matter inside IRLS). */
function cdf(link: BinomialLink, eta: number): number {
  return link === 'logit' ? logisticCdf(eta) : normalCdf(eta);
}

/** f = dF/deta. */
function density(link: BinomialLink, eta: number): number {
  return link === 'logit' ? logisticPdf(eta) : normalPdf(eta);
}

/** f' = d²F/deta². */
function densitySlope(link: BinomialLink, eta: number): number {
  if (link === 'logit') {
    const p = logisticCdf(eta);
    return p * (1 - p) * (1 - 2 * p);
  }
  return -eta * normalPdf(eta);
}

export interface AmeModel {
  link: BinomialLink;
  /** Coefficients aligned with `columns` (collinear columns carry 0 and are ignored). */
  beta: number[];
  /** Indices of the estimated coefficients among the design columns, aligned with `vcov`. */
  kept: number[];
  vcov: Matrix;
}

export interface AmeOptions {
  frame: Frame;
  design: Design;
  formula: string;
  designOptions: DesignOptions;
  /**
   * Turns a rebuilt design into the full column list the model was fitted on (e.g. appends
   * fixed-effect dummies); must line up with `model.beta`.
   */
  columnsOf: (d: Design) => Float64Array[];
  /** Prior weights of the used rows, or null. */
  weights: Float64Array | null;
  confLevel: number;
  ctx: RunContext;
}

export interface AmeResult {
  ame: Record<string, CoefRow>;
  notes: string[];
}

/** Frame columns named in an expression, noting which appear as factor() arguments or inside i()/sunab(). */
function collectVariables(e: Expr | null, frame: Frame, out: Map<string, { factor: boolean; special: boolean }>, ctx: { factor: boolean; special: boolean }): void {
  if (!e) return;
  switch (e.kind) {
    case 'name':
      if (findColumn(frame, e.name)) {
        const prev = out.get(e.name) ?? { factor: false, special: false };
        out.set(e.name, { factor: prev.factor || ctx.factor, special: prev.special || ctx.special });
      }
      return;
    case 'call': {
      const fn = e.fn;
      const inner = {
        factor: ctx.factor || fn === 'factor' || fn === 'as.factor',
        special: ctx.special || fn === 'i' || fn === 'sunab',
      };
      for (const a of e.args) collectVariables(a.value, frame, out, inner);
      return;
    }
    case 'binary':
      collectVariables(e.left, frame, out, ctx);
      collectVariables(e.right, frame, out, ctx);
      return;
    case 'unary':
      collectVariables(e.operand, frame, out, ctx);
      return;
    case 'paren':
      collectVariables(e.inner, frame, out, ctx);
      return;
    default:
      return;
  }
}

/** Stacks two frames with the same columns (used to keep every factor level present). */
function stack(a: Frame, b: Frame): Frame {
  const columns = a.columns.map((ca, j): Column => {
    const cb = b.columns[j];
    if (ca.type === 'number' && cb.type === 'number') {
      const v = new Float64Array(a.nrow + b.nrow);
      v.set(ca.values, 0);
      v.set(cb.values, a.nrow);
      return { ...ca, values: v, missingKind: undefined };
    }
    if (ca.type === 'string' && cb.type === 'string') {
      const codes = new Int32Array(a.nrow + b.nrow);
      codes.set(ca.codes, 0);
      codes.set(cb.codes, a.nrow);
      return { ...ca, codes };
    }
    throw new Error('internal: column types differ');
  });
  return { nrow: a.nrow + b.nrow, columns };
}

export function averageMarginalEffects(model: AmeModel, opts: AmeOptions): AmeResult {
  const { frame, design } = opts;
  const notes: string[] = [];
  const used = new Uint8Array(frame.nrow);
  for (const r of design.rows) used[r] = 1;
  // Counterfactual designs are built on the estimation rows only, stacked on top of the
  // unchanged rows so factor levels (and hence the columns) are exactly those of the fit.
  const base = filterRows(frame, used);
  const n = base.nrow;
  const rebuild = (changed: Frame): Float64Array[] => {
    const d = buildDesign(stack(changed, base), opts.formula, opts.designOptions);
    if (d.rows.length !== 2 * n) throw new Error('internal: counterfactual design lost rows');
    return opts.columnsOf(d).map((c) => c.subarray(0, n));
  };
  const X = opts.columnsOf(design);
  const k = model.kept.length;
  const b = model.beta;
  const w = opts.weights;
  let sw = 0;
  for (let i = 0; i < n; i++) sw += w ? w[i] : 1;
  const etaOf = (cols: Float64Array[], i: number): number => {
    let e = 0;
    for (const j of model.kept) e += cols[j][i] * b[j];
    return e;
  };
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) eta[i] = etaOf(X, i);
  const z = normalQuantile(0.5 + opts.confLevel / 2);
  const row = (est: number, jac: number[]): CoefRow => {
    let v = 0;
    for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) v += jac[a] * model.vcov[a][c] * jac[c];
    const se = Math.sqrt(v);
    const zz = est / se;
    return { estimate: est, se, z: zz, t: zz, p: normalTwoSided(zz), conf_low: est - z * se, conf_high: est + z * se };
  };

  const vars = new Map<string, { factor: boolean; special: boolean }>();
  collectVariables(design.formula.rhs, frame, vars, { factor: false, special: false });
  const fixefVars = new Map<string, { factor: boolean; special: boolean }>();
  collectVariables(design.formula.fixef, frame, fixefVars, { factor: false, special: false });
  const ame: Record<string, CoefRow> = {};
  let done = 0;
  for (const [name, how] of vars) {
    opts.ctx.checkCancelled();
    opts.ctx.progress(done++ / vars.size, 'marginal effects');
    if (how.special) {
      notes.push(`No average marginal effect for ${name}: it enters through i() or sunab().`);
      continue;
    }
    if (fixefVars.has(name)) {
      notes.push(`No average marginal effect for ${name}: it is also a fixed effect.`);
      continue;
    }
    const col = base.columns.find((c) => c.name === name) as Column;
    if (col.type === 'number' && !how.factor) {
      // Step proportional to the variable's spread keeps rounding and truncation both ~1e-10.
      let m = 0;
      for (let i = 0; i < n; i++) m += col.values[i];
      m /= n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (col.values[i] - m) * (col.values[i] - m);
      const sd = Math.sqrt(ss / Math.max(1, n - 1));
      const h = 1e-5 * (sd > 0 ? sd : Math.max(1, Math.abs(m)));
      const up = rebuild(withColumn(base, numericColumn(name, col.values.map((v) => v + h), { integer: false })));
      const dn = rebuild(withColumn(base, numericColumn(name, col.values.map((v) => v - h), { integer: false })));
      let est = 0;
      const jac = new Array<number>(k).fill(0);
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i] : 1;
        let dEta = 0;
        const dx = model.kept.map((j) => (up[j][i] - dn[j][i]) / (2 * h));
        model.kept.forEach((j, a) => (dEta += dx[a] * b[j]));
        const f = density(model.link, eta[i]);
        const fp = densitySlope(model.link, eta[i]);
        est += wi * f * dEta;
        model.kept.forEach((j, a) => (jac[a] += wi * (fp * X[j][i] * dEta + f * dx[a])));
      }
      ame[name] = row(est / sw, jac.map((v) => v / sw));
      continue;
    }
    // Categorical: contrasts of every level with the reference (first) level.
    const fz = factorizeColumn(col, null);
    const levels = fz.labels;
    if (levels.length < 2) continue;
    const setTo = (level: number): Frame => {
      if (col.type === 'string') {
        const code = col.levels.indexOf(levels[level]);
        return withColumn(base, { ...col, codes: new Int32Array(n).fill(code) });
      }
      const value = (fz.numericLevels as number[])[level];
      return withColumn(base, { ...col, values: new Float64Array(n).fill(value) });
    };
    const ref = rebuild(setTo(0));
    for (let l = 1; l < levels.length; l++) {
      const alt = rebuild(setTo(l));
      let est = 0;
      const jac = new Array<number>(k).fill(0);
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i] : 1;
        const e1 = etaOf(alt, i);
        const e0 = etaOf(ref, i);
        est += wi * (cdf(model.link, e1) - cdf(model.link, e0));
        const f1 = density(model.link, e1);
        const f0 = density(model.link, e0);
        model.kept.forEach((j, a) => (jac[a] += wi * (f1 * alt[j][i] - f0 * ref[j][i])));
      }
      // Named like the coefficient R gives the level's dummy: racehispan, factor(x)2.
      const label = col.type === 'number' ? `factor(${name})${levels[l]}` : `${name}${levels[l]}`;
      ame[label] = row(est / sw, jac.map((v) => v / sw));
    }
  }
  return { ame, notes };
}
