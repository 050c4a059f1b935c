/**
 * Linear combinations and linear restrictions of a fitted model's coefficients, with the fit's
 * own variance (clustered, robust, …) and reference distribution:
 *
 *   θ = w'β,  se(θ) = √(w'Vw),  t = θ / se against t(df_t) (or the normal when p_dist = normal);
 *   H0: Rβ = 0,  F = (Rβ)'(RVR')⁻¹(Rβ) / q  against F(q, df_t),
 *
 * df_t being the fit's t degrees of freedom (G − 1 when clustered, fixest's t.df = "min"), as
 * Stata's `test` after a clustered regression uses. Restrictions that are linearly dependent
 * (a singular RVR') are left out of q, as fixest's wald() does for a singular block.
 */
import { fUpper, normalQuantile, normalTwoSided, tQuantileFn, tTwoSided } from '../dist';
import { choleskyExclude } from '../ols';
import type { FeolsFit } from '../../../shared/specs/feols';
import type { EstimateRow, FTest } from '../../../shared/specs/mech-model';

/** A linear form over coefficient names, e.g. {treat: 1, 'treat:x': 2.5}. */
export type Combination = Record<string, number>;

function estimateOf(fit: FeolsFit, name: string): number {
  const e = fit.coefficients[name]?.estimate;
  if (typeof e !== 'number') throw new Error(`internal: coefficient ${name} is not estimated`);
  return e;
}

function quadratic(fit: FeolsFit, a: Combination, b: Combination): number {
  let s = 0;
  for (const [i, wi] of Object.entries(a)) for (const [j, wj] of Object.entries(b)) s += wi * wj * fit.vcov[i][j];
  return s;
}

/** θ = Σ w·β with its standard error, test and confidence interval at `level`. */
export function linearCombination(fit: FeolsFit, w: Combination, level: number): EstimateRow {
  let est = 0;
  for (const [name, wi] of Object.entries(w)) est += wi * estimateOf(fit, name);
  const variance = quadratic(fit, w, w);
  return testedEstimate(est, variance, fit.p_dist, fit.df_t, level);
}

/** An estimate with variance tested against t(df) or the normal. */
export function testedEstimate(estimate: number, variance: number, dist: 't' | 'normal', df: number, level: number): EstimateRow {
  const base = { estimate, dist, df: dist === 't' ? df : null };
  if (!(variance > 0) || !Number.isFinite(variance)) return { ...base, se: null, stat: null, p: null, conf_low: null, conf_high: null, reason: 'the variance of the estimate is 0 or not finite' };
  const se = Math.sqrt(variance);
  const stat = estimate / se;
  const q = dist === 't' ? tQuantileFn(1 - (1 - level) / 2, df) : normalQuantile(1 - (1 - level) / 2);
  return { ...base, se, stat, p: dist === 't' ? tTwoSided(stat, df) : normalTwoSided(stat), conf_low: estimate - q * se, conf_high: estimate + q * se };
}

/** Joint Wald test of the restrictions Σ r·β = 0, one Combination per restriction. */
export function waldRestrictions(fit: FeolsFit, restrictions: Combination[]): FTest {
  const df2 = fit.df_t;
  if (restrictions.length === 0) return { stat: null, p: null, df1: 0, df2, vcov: fit.vcov_type, reason: 'no restriction can be tested' };
  const values = restrictions.map((r) => Object.entries(r).reduce((s, [name, w]) => s + w * estimateOf(fit, name), 0));
  const V = restrictions.map((a) => restrictions.map((b) => quadratic(fit, a, b)));
  const chol = choleskyExclude(V, 1e-12 * Math.max(...V.map((row, i) => Math.abs(row[i])), 1e-300));
  if (!chol) return { stat: null, p: null, df1: restrictions.length, df2, vcov: fit.vcov_type, reason: 'the variance of the restrictions is singular' };
  let stat = 0;
  chol.kept.forEach((i, a) => chol.kept.forEach((j, b) => (stat += values[i] * chol.inverse[a][b] * values[j])));
  const q = chol.kept.length;
  stat /= q;
  return { stat, p: fUpper(stat, q, df2), df1: q, df2, vcov: fit.vcov_type };
}
