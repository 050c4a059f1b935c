/**
 * Policy-lag effects: y_it = β_j · D_i,t−j + controls + FE + ε_it for j = 0 … k, one
 * regression per lag, as pilot-policy papers show whether an effect builds up over time. The
 * lag is taken within the unit by time value (Stata's L. operator, main/data/panel.ts
 * lagColumn): D_i,t−j is missing when period t − j·step is not observed, so the first j
 * periods of every unit drop out of the j-th regression.
 */
import { didLagsSpec, type DidLagRow, type DidLagsResult, type DidLagsSpec, type DidLagsSpecInput } from '../../../shared/specs/did-lags';
import type { FeolsResult } from '../../../shared/specs/feols';
import { lagColumn } from '../../data/panel';
import type { RunContext } from '../context';
import { UserError } from '../errors';
import { deparseName } from '../formula/parser';
import { fitFeols, formulaOf, freeName, subContext } from './common';
import { prepareDidData } from './did';
import type { Frame } from '../frame';

export function runDidLags(frame: Frame, specInput: DidLagsSpec | DidLagsSpecInput, ctx: RunContext): DidLagsResult {
  const spec = didLagsSpec.parse(specInput);
  const prepared = prepareDidData(frame, spec);
  const { term, taken, fixedEffects, vcov, treatment: tr } = prepared;
  const lags = Array.from({ length: spec.max_lag + (spec.include_current ? 1 : 0) }, (_, k) => k + (spec.include_current ? 0 : 1));
  const rows: DidLagRow[] = [];
  const fits: FeolsResult[] = [];
  const notes = [...prepared.notes];
  const controls = spec.controls.map(deparseName);
  lags.forEach((lag, k) => {
    ctx.checkCancelled();
    let data = prepared.data;
    let name = term;
    if (lag > 0) {
      name = freeName(`L${lag}_${term}`, taken);
      taken.add(name);
      data = lagColumn(data, term, { unit: spec.unit, time: spec.time, periods: lag, delta: spec.time_step, into: name }).frame;
    }
    const formula = formulaOf(spec.outcome, [deparseName(name), ...controls], fixedEffects);
    const est = fitFeols(data, { formula, vcov, weights: spec.weights, level: spec.level }, subContext(ctx, k / lags.length, (k + 1) / lags.length));
    const res = est.result;
    const c = res.coefficients[deparseName(name)];
    if (!c) notes.push(`Lag ${lag}: the lagged treatment is collinear with the fixed effects.`);
    rows.push({ lag, term: name, estimate: c?.estimate ?? null, se: c?.se ?? null, t: c?.t ?? null, p: c?.p ?? null, conf_low: c?.conf_low ?? null, conf_high: c?.conf_high ?? null, nobs: res.nobs, r2: res.r2, r2_within: res.r2_within });
    fits.push(res);
  });
  if (rows.every((r) => r.estimate === null)) throw new UserError('did_lags.not_identified', 'No lag of the treatment could be estimated.', { field: 'max_lag' });
  ctx.progress(1, 'did_lags');
  return { model: 'did_lags', rows, fits, treatment: { ...tr.summary, term }, notes };
}
