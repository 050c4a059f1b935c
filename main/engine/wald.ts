/**
 * Wald test of joint nullity of a set of coefficients (fixest wald() / fitstat .wald):
 *
 *   F = b' V⁻¹ b / q  with  b, V the selected estimates and their variance block,
 *   p = P(F(q, df2) > F), df2 = nobs − nparams by default.
 *
 * V is the estimation's variance (clustered, robust, ...), so the test is robust whenever the
 * standard errors are. As fixest does, a variance with an eigenvalue below 1e-10 is first made
 * positive semi-definite, and coefficients whose variance block is singular are left out of
 * the test (q counts the ones kept). Used for joint pre-trend tests of event studies and the
 * IV Wald statistics.
 */
import { UserError } from './errors';
import { fUpper } from './dist';
import type { Matrix } from './linalg';
import { choleskyExclude } from './ols';
import { makePositiveSemiDefinite, symmetricEigen } from './vcov';
import type { TestStat } from '../../shared/specs/feols';

export interface WaldInput {
  names: string[];
  estimates: number[];
  vcov: Matrix;
}

/** F statistic for the coefficients at `idx`; null when none can be tested. */
export function waldStatistic(input: WaldInput, idx: number[]): { stat: number; df1: number } | null {
  if (idx.length === 0) return null;
  let V = input.vcov;
  if (symmetricEigen(V).values.some((l) => l < 1e-10)) V = makePositiveSemiDefinite(V);
  const sub = idx.map((i) => idx.map((j) => V[i][j]));
  const chol = choleskyExclude(sub, 1e-10);
  if (!chol) return null;
  const b = chol.kept.map((k) => input.estimates[idx[k]]);
  let stat = 0;
  for (let a = 0; a < b.length; a++) for (let c = 0; c < b.length; c++) stat += b[a] * chol.inverse[a][c] * b[c];
  return { stat: stat / b.length, df1: b.length };
}

/**
 * Wald test on coefficients chosen by name (exact names or a regular expression). `df2`
 * defaults to nobs − nparams of the model.
 */
export function waldTest(
  model: {
    coefficients: Record<string, { estimate: number | null }>;
    vcov: Record<string, Record<string, number>>;
    vcov_type: string;
    nobs: number;
    nparams: number;
    sunab?: { cohort_coefficients: Record<string, { estimate: number | null }> } | null;
  },
  select: string[] | RegExp,
  df2: number = model.nobs - model.nparams,
): TestStat {
  const names = Object.keys(model.vcov);
  // The variance is that of the estimated coefficients; with sunab() they are the cohort ones.
  const source = model.sunab ? model.sunab.cohort_coefficients : model.coefficients;
  const estimates = names.map((nm) => {
    const e = source[nm]?.estimate;
    return typeof e === 'number' ? e : NaN;
  });
  let idx: number[];
  if (select instanceof RegExp) idx = names.map((nm, i) => (select.test(nm) ? i : -1)).filter((i) => i >= 0);
  else {
    const missing = select.filter((s) => !names.includes(s));
    if (missing.length) throw new UserError('wald.unknown_coefficient', `No estimated coefficient named ${missing.map((m) => `"${m}"`).join(', ')}. Estimated: ${names.join(', ')}.`, { missing });
    idx = select.map((s) => names.indexOf(s));
  }
  const V = names.map((a) => names.map((b) => model.vcov[a][b]));
  const r = waldStatistic({ names, estimates, vcov: V }, idx);
  const d2 = Math.max(df2, 1);
  if (!r) return { stat: null, p: null, df1: idx.length, df2: d2, vcov: model.vcov_type, reason: idx.length ? 'the variance of the selected coefficients is singular' : 'no coefficient matches the selection' };
  return { stat: r.stat, p: fUpper(r.stat, r.df1, d2), df1: r.df1, df2: d2, vcov: model.vcov_type };
}
