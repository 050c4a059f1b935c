/**
 * Re-estimating one coefficient many times when only its column changes (placebo tests,
 * permutation inference), by Frisch–Waugh–Lovell: the coefficient of d in
 * y ~ d + X | fixed effects equals that of the regression of y⊥ on d⊥, where ⊥ removes the
 * fixed effects and X. y⊥ and the projection on X are prepared once; each draw only demeans
 * d and does O(n·k) work.
 *
 * The standard error is also exact: the d-row of (Z'Z)⁻¹Z' is d⊥'/(d⊥'d⊥), so d's influence
 * is d⊥ᵢeᵢ/(d⊥'d⊥) with e the full-model residuals, and every variance of vcov.ts (with its
 * small-sample rules) applies unchanged to that single score.
 */
import type { RunContext } from './context';
import { silentContext } from './context';
import { UserError } from './errors';
import type { Design } from './design';
import { demean, prepareFixedEffects, type PreparedFixedEffects } from './hdfe';
import { choleskyExclude, coefficientRow, crossProducts, type CoefficientRow } from './ols';
import { computeVcov, FIXEST_SSC, type ClusterFactor, type Ssc } from './vcov';
import { fixefDof, resolveVcovRequest } from './fitcore';
import type { Matrix } from './linalg';
import type { VcovSpec } from '../../shared/specs/common';

export interface FwlOptions {
  vcov?: VcovSpec;
  /** Cluster variables aligned with design.rows (for {cluster: [...]}). */
  clusters?: ClusterFactor[];
  ssc?: Ssc;
  fixefTol?: number;
  fixefIter?: number;
  collinTol?: number;
  level?: number;
  pDist?: 't' | 'normal';
}

export interface FwlModel {
  /** Estimation rows (indices into the design's frame). */
  rows: Int32Array;
  /** Re-estimates with `column` (one value per design row) as the extra regressor. */
  estimate(column: Float64Array): CoefficientRow & { df_t: number };
}

/**
 * Prepares y ~ [new column] + design columns | design fixed effects. The design's own
 * columns are the controls; the new column is given to estimate().
 */
export function prepareFwl(design: Design, opts: FwlOptions = {}, ctx: RunContext = silentContext): FwlModel {
  if (!design.response) throw new UserError('feols.bad_response', 'The formula needs a numeric dependent variable.');
  if (design.iv) throw new UserError('fwl.iv', 'Re-estimation by Frisch–Waugh–Lovell is for OLS models, not IV.');
  const ssc = opts.ssc ?? FIXEST_SSC;
  const tol = opts.fixefTol ?? 1e-6;
  const maxIter = opts.fixefIter ?? 10000;
  const collinTol = opts.collinTol ?? 1e-10;
  const level = opts.level ?? 0.95;
  const pDist = opts.pDist ?? 't';
  const w = design.weights;
  const n = design.rows.length;
  const prepared: PreparedFixedEffects | null = design.fixedEffects.length ? prepareFixedEffects(design.fixedEffects, w) : null;
  const dm = prepared ? demean(prepared, [design.response.values, ...design.columns], { tol, maxIter }, ctx) : { columns: [design.response.values, ...design.columns] };
  const yd = dm.columns[0];
  const { xtx } = crossProducts(dm.columns.slice(1), null, w);
  const chol = design.columns.length ? choleskyExclude(xtx, collinTol) : { kept: [], excluded: [], inverse: [] as Matrix };
  if (!chol) throw new UserError('feols.all_collinear', 'All control variables are collinear with the fixed effects.');
  const controls = chol.kept.map((j) => dm.columns[1 + j]);
  const inverse = chol.inverse;
  const residualize = (v: Float64Array): Float64Array => {
    if (!controls.length) return v;
    const xtv = controls.map((c) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (w ? w[i] : 1) * c[i] * v[i];
      return s;
    });
    const out = Float64Array.from(v);
    inverse.forEach((row, a) => {
      const g = row.reduce((s, x, b) => s + x * xtv[b], 0);
      const c = controls[a];
      for (let i = 0; i < n; i++) out[i] -= g * c[i];
    });
    return out;
  };
  const yPerp = residualize(yd);
  const request = resolveVcovRequest(opts.vcov, design, opts.clusters);
  const nparams = controls.length + 1 + fixefDof(design);
  const fixedEffects = design.fixedEffects.map((f) => ({ name: f.name, columns: f.columns, codes: f.codes, nlevels: f.nlevels }));
  if (n - nparams <= 0) throw new UserError('feols.no_residual_df', `The model has ${nparams} parameters for ${n} observations.`);

  return {
    rows: design.rows,
    estimate(column: Float64Array) {
      if (column.length !== n) throw new UserError('fwl.length', `The column has ${column.length} values for ${n} estimation rows.`);
      ctx.checkCancelled();
      const d = residualize(prepared ? demean(prepared, [column], { tol, maxIter }).columns[0] : column);
      let dd = 0;
      let dy = 0;
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i] : 1;
        dd += wi * d[i] * d[i];
        dy += wi * d[i] * yPerp[i];
      }
      if (!(dd >= collinTol)) throw new UserError('fwl.collinear', 'The column is collinear with the fixed effects and controls, so its coefficient is not identified.');
      const beta = dy / dd;
      const we = new Float64Array(n);
      let ssr = 0;
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i] : 1;
        const e = yPerp[i] - beta * d[i];
        ssr += wi * e * e;
        we[i] = wi * e;
      }
      const v = computeVcov({ bread: [[1 / dd]], scores: { columns: [d], weightedResiduals: we }, ssr, n, nparams, fixedEffects }, request, ssc);
      return { ...coefficientRow(beta, v.matrix[0][0], v.dfT, pDist, level), df_t: v.dfT };
    },
  };
}
