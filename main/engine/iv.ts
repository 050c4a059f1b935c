/**
 * Two-stage least squares with fixed effects, as fixest's feols(y ~ x | fe | endo ~ inst):
 *
 * 1. every variable is demeaned on the fixed effects (if any);
 * 2. first stage, per endogenous variable: endo on [instruments, exogenous] (intercept first
 *    without fixed effects), reported with the same variance type as the second stage;
 * 3. second stage: y on [fitted endogenous (`fit_endo`), exogenous]; residuals for the
 *    variance and fit statistics are the structural ones, y − [endo, x] β, and the scores use
 *    the fitted regressors (so iid is σ² (X̂'WX̂)⁻¹ with σ² = SSR / (n − K), hetero HC1);
 * 4. diagnostics, named as fixest's fitstat: `ivf1::endo` (first-stage F of the excluded
 *    instruments, from SSRs), `ivwald1::endo` (the same as a Wald test with the estimation's
 *    variance), `ivf2` / `ivwald2` (the same for the fitted endogenous regressors in the
 *    second stage, with SSR from y − X̂β), `wh` (Wu–Hausman: F test of the fitted endogenous
 *    regressors added to the structural equation, iid) and `sargan` (n R² of the structural
 *    residuals on all instruments, when over-identified).
 */
import type { RunContext } from './context';
import { UserError } from './errors';
import { chisqUpper, fUpper } from './dist';
import { demean } from './hdfe';
import { fitLinear, ssrNull, weightedSsq, type LinearFit } from './ols';
import { computeVcov, type VcovRequest } from './vcov';
import { waldStatistic } from './wald';
import { eventTerms, fixefDof, leverageFn, noteCollinear, scoresOf, summarizeFit, type FeolsEstimate, type FitSettings, type FixefContext } from './fitcore';
import type { FeolsFit, FeolsResult, TestStat } from '../../shared/specs/feols';

export function estimateIv(fx: FixefContext, request: VcovRequest, settings: FitSettings, ctx: RunContext): FeolsEstimate {
  const d = fx.design;
  const iv = d.iv;
  if (!iv || !d.response) throw new Error('internal: estimateIv without an IV part');
  const y = d.response.values;
  const w = d.weights;
  const n = y.length;
  const nEndo = iv.endogenous.columns.length;
  const nInst = iv.instruments.columns.length;
  const nX = d.columns.length;

  let yd = y;
  let X = d.columns;
  let D = iv.endogenous.columns;
  let Z = iv.instruments.columns;
  if (fx.prepared) {
    const dm = demean(fx.prepared, [y, ...d.columns, ...D, ...Z], { tol: settings.fixefTol, maxIter: settings.fixefIter }, { checkCancelled: () => ctx.checkCancelled(), progress: (f) => ctx.progress(0.1 + 0.6 * f, 'demean') });
    yd = dm.columns[0];
    X = dm.columns.slice(1, 1 + nX);
    D = dm.columns.slice(1 + nX, 1 + nX + nEndo);
    Z = dm.columns.slice(1 + nX + nEndo);
    // fixest's order: exogenous then y, instruments then endogenous (two demeaning calls).
    const it = dm.iterations;
    fx.iterations = [...it.slice(1, 1 + nX), it[0], ...it.slice(1 + nX + nEndo), ...it.slice(1 + nX, 1 + nX + nEndo)];
    fx.converged = dm.converged;
  }
  const feDof = fixefDof(d);
  const interceptFirst = d.hasIntercept;
  // Column order of fixest: the intercept first, then the instruments / fitted endogenous.
  const withFirst = (front: Float64Array[], frontNames: string[]): { cols: Float64Array[]; names: string[] } => {
    const rest = interceptFirst ? X.slice(1) : X;
    const restNames = interceptFirst ? d.names.slice(1) : d.names;
    const cols = interceptFirst ? [X[0], ...front, ...rest] : [...front, ...rest];
    const names = interceptFirst ? [d.names[0], ...frontNames, ...restNames] : [...frontNames, ...restNames];
    return { cols, names };
  };
  const fixefList = d.fixedEffects.map((f) => ({ name: f.name, columns: f.columns, codes: f.codes, nlevels: f.nlevels }));
  const need = (fit: LinearFit | null, what: string): LinearFit => {
    if (!fit) throw new UserError('feols.all_collinear', `All regressors of the ${what} are collinear${d.fixedEffects.length ? ' with the fixed effects' : ''}.`);
    return fit;
  };

  // First stages.
  const firstStage: Record<string, FeolsFit> = {};
  const fittedD: Float64Array[] = [];
  const stats: Record<string, TestStat> = {};
  const fsCols = withFirst(Z, iv.instruments.names);
  const instNames = new Set(iv.instruments.names);
  let fsDf: { df1: number; df2: number } | null = null;
  iv.endogenous.names.forEach((endo, e) => {
    ctx.checkCancelled();
    const fit = need(fitLinear(D[e], fsCols.cols, w, settings.collinTol), `first stage of ${endo}`);
    const names = fit.kept.map((j) => fsCols.names[j]);
    const nparams = names.length + feDof;
    if (n - nparams <= 0) throw new UserError('feols.no_residual_df', `The first stage of ${endo} has ${nparams} parameters for ${n} observations.`);
    const keptCols = fit.kept.map((j) => fsCols.cols[j]);
    const ssr = weightedSsq(fit.residuals, w);
    const vc = computeVcov({ bread: fit.inverse, scores: scoresOf(keptCols, fit.residuals, w), ssr, n, nparams, fixedEffects: fixefList, leverage: leverageFn(keptCols, fit.inverse, w, fx.prepared) }, request, settings.ssc);
    const fs = summarizeFit(
      { depvar: endo, names, beta: fit.beta, vcovOut: vc, ssr, ssrNull: ssrNull(iv.endogenous.columns[e], w), ssrFeOnly: fx.prepared ? weightedSsq(D[e], w) : null, n, nparams, collinear: fit.excluded.map((j) => fsCols.names[j]), hasIntercept: d.hasIntercept },
      fx,
      settings,
    );
    firstStage[endo] = fs;
    const fitted = new Float64Array(n);
    for (let i = 0; i < n; i++) fitted[i] = D[e][i] - fit.residuals[i];
    fittedD.push(fitted);

    // ivf1 / ivwald1 with the df of the (first) first stage, as fixest's degrees_freedom(stage = 1).
    const instIdx = names.map((nm, j) => (instNames.has(nm) ? j : -1)).filter((j) => j >= 0);
    if (!fsDf) fsDf = { df1: instIdx.length, df2: Math.max(n - vc.dofK, 1) };
    const noInst = need(fitLinear(D[e], X, w, settings.collinTol), `first stage of ${endo} without instruments`);
    const ssrNoInst = weightedSsq(noInst.residuals, w);
    const { df1, df2 } = fsDf;
    const f1 = ((ssrNoInst - ssr) / df1) / (ssr / df2);
    stats[`ivf1::${endo}`] = df1 > 0 ? { stat: f1, p: fUpper(f1, df1, df2), df1, df2 } : { stat: null, p: null, df1, df2, reason: 'every excluded instrument is collinear' };
    const wald1 = waldStatistic({ names, estimates: fit.beta, vcov: vc.matrix }, instIdx);
    stats[`ivwald1::${endo}`] = wald1 ? { stat: wald1.stat, p: fUpper(wald1.stat, df1, df2), df1, df2, vcov: vc.type } : { stat: null, p: null, df1, df2, vcov: vc.type, reason: 'every excluded instrument is collinear' };
  });

  // Second stage.
  ctx.checkCancelled();
  const fitNames = iv.endogenous.names.map((nm) => `fit_${nm}`);
  const ss = withFirst(fittedD, fitNames);
  const actualCols = withFirst(D, fitNames).cols;
  const fit2 = need(fitLinear(yd, ss.cols, w, settings.collinTol), 'second stage');
  const names = fit2.kept.map((j) => ss.names[j]);
  const nparams = names.length + feDof;
  if (n - nparams <= 0) throw new UserError('feols.no_residual_df', `The model has ${nparams} parameters for ${n} observations, so no degree of freedom is left.`, { nobs: n, nparams });
  const structural = Float64Array.from(yd);
  fit2.kept.forEach((j, k) => {
    const col = actualCols[j];
    const b = fit2.beta[k];
    for (let i = 0; i < n; i++) structural[i] -= b * col[i];
  });
  const ssr = weightedSsq(structural, w);
  const keptCols = fit2.kept.map((j) => ss.cols[j]);
  const vcovOut = computeVcov({ bread: fit2.inverse, scores: scoresOf(keptCols, structural, w), ssr, n, nparams, fixedEffects: fixefList, leverage: leverageFn(keptCols, fit2.inverse, w, fx.prepared) }, request, settings.ssc);
  const collinear = fit2.excluded.map((j) => ss.names[j]);
  noteCollinear(d, collinear);
  const summary = summarizeFit(
    { depvar: d.response.name, names, beta: fit2.beta, vcovOut, ssr, ssrNull: ssrNull(y, w), ssrFeOnly: fx.prepared ? weightedSsq(yd, w) : null, n, nparams, collinear, hasIntercept: d.hasIntercept },
    fx,
    settings,
  );

  // ivf2 / ivwald2: the fitted endogenous regressors in the second stage.
  const df2 = Math.max(n - vcovOut.dofK, 1);
  const fitIdx = names.map((nm, j) => (fitNames.includes(nm) ? j : -1)).filter((j) => j >= 0);
  const ssrIv = weightedSsq(fit2.residuals, w);
  const noEndo = need(fitLinear(yd, X, w, settings.collinTol), 'second stage without endogenous regressors');
  const ssrNoEndo = weightedSsq(noEndo.residuals, w);
  const f2df1 = fitIdx.length;
  const f2 = ((ssrNoEndo - ssrIv) / f2df1) / (ssrIv / df2);
  stats.ivf2 = f2df1 > 0 ? { stat: f2, p: fUpper(f2, f2df1, df2), df1: f2df1, df2 } : { stat: null, p: null, df1: 0, df2, reason: 'every endogenous regressor is collinear' };
  const wald2 = waldStatistic({ names, estimates: fit2.beta, vcov: vcovOut.matrix }, fitIdx);
  stats.ivwald2 = wald2 ? { stat: wald2.stat, p: fUpper(wald2.stat, f2df1, df2), df1: f2df1, df2, vcov: vcovOut.type } : { stat: null, p: null, df1: f2df1, df2, vcov: vcovOut.type, reason: 'every endogenous regressor is collinear' };

  // Wu–Hausman: y on [endo, (intercept), fit_endo, exogenous]; F test on the fit_ terms (iid).
  const whCols = [...D, ...ss.cols];
  const whFit = fitLinear(yd, whCols, w, settings.collinTol);
  const whDf2 = n - (nparams + nEndo);
  if (!whFit || whFit.excluded.length > 0 || whDf2 <= 0) {
    stats.wh = { stat: null, p: null, df1: nEndo, df2: whDf2, reason: 'the endogenous regressors are collinear with their first-stage fit' };
  } else {
    const start = nEndo + (interceptFirst ? 1 : 0);
    const qui = Array.from({ length: nEndo }, (_, k) => start + k);
    const s2 = weightedSsq(whFit.residuals, w) / whDf2;
    const V = qui.map((a) => qui.map((b) => whFit.inverse[a][b] * s2));
    const r = waldStatistic({ names: qui.map(String), estimates: qui.map((q) => whFit.beta[q]), vcov: V }, qui.map((_, k) => k));
    stats.wh = r ? { stat: r.stat, p: fUpper(r.stat, nEndo, whDf2), df1: nEndo, df2: whDf2 } : { stat: null, p: null, df1: nEndo, df2: whDf2, reason: 'singular variance' };
  }

  // Sargan over-identification test.
  if (nInst > nEndo) {
    const sFit = fitLinear(structural, fsCols.cols, w, settings.collinTol);
    const df = nInst - nEndo;
    if (sFit) {
      const stat = n * (1 - weightedSsq(sFit.residuals, w) / ssrNull(structural, null));
      stats.sargan = { stat, p: chisqUpper(stat, df), df1: df, df2: 0 };
    }
  }

  ctx.progress(1, 'done');
  const result: FeolsResult = {
    model: 'feols',
    formula: d.formula.text,
    ...summary,
    notes: d.notes,
    event_terms: eventTerms(d, names),
    iv_endogenous: iv.endogenous.names,
    iv_instruments: iv.instruments.names,
    iv: { first_stage: firstStage, stats },
    sunab: null,
  };
  return { result, names, beta: fit2.beta, vcov: vcovOut.matrix, residuals: structural, rows: d.rows };
}
