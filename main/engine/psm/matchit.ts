/**
 * matchit: propensity score → common support → matching → weights → balance → ATT.
 * Nearest-neighbour matching follows MatchIt (>= 4.5.4; lalonde.json's documented rule);
 * kernel and radius matching follow psmatch2. `performMatching` is shared with PSM-DID.
 */
import type { MatchitResult, MatchitSpec } from '../../../shared/specs/matchit';
import type { CoefRow } from '../../../shared/specs/common';
import type { RunContext } from '../context';
import { UserError } from '../errors';
import type { Frame } from '../frame';
import { normalQuantile, normalTwoSided } from '../dist';
import { estimateAtt, type AttVcov } from './att';
import { scaledContext } from '../glm';
import { balanceTables, sampleSizes } from './balance';
import { scoreDistributions } from './density';
import { kernelMatch, radiusMatch, type KernelName } from './kernel';
import { nearestNeighborMatch, seededUniform, type MatchOrder } from './nearest';
import { balanceColumns, estimatePropensity, type PropensityModel } from './pscore';
import { discardUnits, type DiscardRule } from './support';
import { matchedPairs, matchWeights, normalizeControlWeights, pairIds, type MatchList } from './weights';

export interface MatchingOptions {
  method: 'nearest' | 'kernel' | 'radius';
  distance: 'logit' | 'probit';
  ps_fit: 'glm' | 'exact';
  replace: boolean;
  ratio: number;
  caliper?: number;
  std_caliper: boolean;
  m_order: MatchOrder;
  discard: DiscardRule;
  kernel: KernelName;
  bandwidth: number;
  seed?: number;
}

export type MatchingSummary = Omit<MatchitResult, 'model' | 'att' | 'att_regression' | 'notes'>;

export interface MatchingRun {
  summary: MatchingSummary;
  pm: PropensityModel;
  /** Matching weight per unit (propensity design row). */
  weights: Float64Array;
  pairs: MatchList | null;
  subclass: Int32Array | null;
  notes: string[];
}

function sampleSd(x: Float64Array, keep: (i: number) => boolean): number {
  let n = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++)
    if (keep(i)) {
      n++;
      m += x[i];
    }
  m /= n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (keep(i)) ss += (x[i] - m) * (x[i] - m);
  return Math.sqrt(ss / (n - 1));
}

export function performMatching(frame: Frame, formula: string, o: MatchingOptions, ctx: RunContext): MatchingRun {
  ctx.progress(0, 'propensity');
  const pm = estimatePropensity(frame, formula, o.distance, o.ps_fit, scaledContext(ctx, 0, 0.2));
  const { score, treat } = pm;
  const n = score.length;
  const rows = pm.design.rows;
  const notes = pm.design.notes.slice();
  if (!pm.fit.converged) notes.push(`The propensity-score model did not converge in ${pm.fit.iterations} iterations.`);
  if (pm.fit.fittedZeroOrOne > 0) notes.push(`${pm.fit.fittedZeroOrOne} unit(s) have a propensity score of 0 or 1 to machine precision (separation): no overlap for them.`);
  const discarded = discardUnits(score, treat, o.discard);

  let caliper: MatchingSummary['caliper'] = null;
  if (o.caliper !== undefined) {
    // MatchIt: caliper × sd(score) over the units not discarded (n - 1 denominator).
    const sd = o.std_caliper ? sampleSd(score, (i) => !discarded[i]) : null;
    caliper = { sd_units: o.std_caliper ? o.caliper : null, sd_of_distance: sd, distance_units: sd !== null ? o.caliper * sd : o.caliper };
  }
  const mctx = scaledContext(ctx, 0.2, 0.6);

  let weights: Float64Array;
  let pairs: MatchList | null = null;
  let subclass: Int32Array | null = null;
  let order: number[] = [];
  let unmatched: number[];
  if (o.method === 'nearest') {
    let n1 = 0;
    let n0 = 0;
    for (let i = 0; i < n; i++) if (!discarded[i]) (treat[i] === 1 ? n1++ : n0++);
    if (!o.replace && o.ratio * n1 > n0) notes.push(`Fewer control units (${n0}) than ${o.ratio} × ${n1} treated units: matching without replacement leaves some treated units with fewer than ${o.ratio} control(s).`);
    const r = nearestNeighborMatch(score, treat, {
      ratio: o.ratio,
      replace: o.replace,
      caliper: caliper ? caliper.distance_units : null,
      order: o.m_order,
      discarded,
      random: o.seed !== undefined ? seededUniform(o.seed) : undefined,
      ctx: mctx,
    });
    pairs = { treated: r.treated, matches: r.matches };
    weights = matchWeights(n, treat, pairs);
    if (!o.replace) subclass = pairIds(n, pairs);
    order = r.order;
    unmatched = r.unmatched;
  } else if (o.method === 'radius') {
    if (!caliper) throw new UserError('psm_radius_needs_caliper', 'Radius matching needs a caliper (the radius): set "caliper".', { method: 'radius' });
    const r = radiusMatch(score, treat, { caliper: caliper.distance_units, discarded, ctx: mctx });
    weights = r.weights;
    unmatched = r.unmatched;
  } else {
    const r = kernelMatch(score, treat, { kernel: o.kernel, bandwidth: o.bandwidth, discarded, ctx: mctx });
    weights = r.weights;
    unmatched = r.unmatched;
  }
  // Same normalisation as MatchIt's: control weights sum to the number of controls used.
  if (o.method !== 'nearest') normalizeControlWeights(weights, treat);
  let matchedT = 0;
  let matchedC = 0;
  for (let i = 0; i < n; i++) {
    if (!(weights[i] > 0)) continue;
    if (treat[i] === 1) matchedT++;
    else matchedC++;
  }
  if (matchedT === 0 || matchedC === 0) {
    throw new UserError('psm_no_matches', 'No treated unit found a control' + (caliper ? ' within the caliper; widen the caliper' : '') + (o.discard !== 'none' ? ' or relax the common-support rule' : '') + '.', {
      caliper: caliper?.distance_units ?? null,
    });
  }
  if (unmatched.length) notes.push(`${unmatched.length} treated unit(s) found no control${caliper ? ' within the caliper' : ''} and are not in the matched sample.`);
  ctx.progress(0.6, 'balance');

  const pairList = pairs ? matchedPairs(pairs) : [];
  const tables = balanceTables({ columns: balanceColumns(frame, pm), treat, weights, pairs: pairList });
  const row1 = (u: number): number => rows[u] + 1;
  const perRow = <T>(fill: T, value: (u: number) => T): T[] => {
    const out = new Array<T>(frame.nrow).fill(fill);
    for (let u = 0; u < n; u++) out[rows[u]] = value(u);
    return out;
  };
  const coefficients: Record<string, CoefRow> = {};
  const z = normalQuantile(0.975);
  pm.fit.kept.forEach((j, a) => {
    if (j >= pm.reported) return;
    const est = pm.fit.coefficients[a];
    const se = Math.sqrt(pm.fit.covUnscaled[a][a]);
    coefficients[pm.names[j]] = { estimate: est, se, z: est / se, t: est / se, p: normalTwoSided(est / se), conf_low: est - z * se, conf_high: est + z * se };
  });
  const summary: MatchingSummary = {
    method: o.method,
    distance: o.distance,
    estimand: 'ATT',
    ps_model: {
      link: o.distance,
      coefficients,
      nobs: pm.fit.nobs,
      deviance: pm.fit.deviance,
      null_deviance: pm.fit.nullDeviance,
      loglik: pm.fit.loglik,
      aic: pm.fit.aic,
      iterations: pm.fit.iterations,
      converged: pm.fit.converged,
      collinear_dropped: pm.fit.dropped.filter((j) => j < pm.reported).map((j) => pm.names[j]),
    },
    caliper,
    n_matched: { control: matchedC, treated: matchedT },
    match_pairs: pairList.map(([t, c]) => [row1(t), row1(c)] as [number, number]),
    matching_order: order.filter((u) => !discarded[u]).map(row1),
    unmatched_treated: unmatched.map(row1),
    discarded: Array.from({ length: n }, (_, u) => u).filter((u) => discarded[u]).map(row1),
    sample_sizes: sampleSizes(treat, weights, discarded),
    ...tables,
    distributions: scoreDistributions(score, treat, weights),
    pscore: perRow<number | null>(null, (u) => score[u]),
    weights: perRow(0, (u) => weights[u]),
    subclass: subclass ? perRow(0, (u) => (subclass as Int32Array)[u]) : null,
  };
  ctx.progress(1, 'balance');
  return { summary, pm, weights, pairs, subclass, notes };
}

/** The ATT standard error MatchIt's vignette recommends for the matching that was done. */
export function defaultAttVcov(method: MatchingOptions['method'], replace: boolean): AttVcov {
  if (method !== 'nearest') return 'HC3';
  return replace ? 'pair_id' : 'pair';
}

/** Right-hand side of a two-sided formula (the covariates of the score model). */
export function formulaRhs(formula: string): string {
  const i = formula.indexOf('~');
  return formula.slice(i + 1).split('|')[0].trim();
}

export function runMatchit(frame: Frame, spec: MatchitSpec, ctx: RunContext): MatchitResult {
  const run = performMatching(frame, spec.formula, spec, scaledContext(ctx, 0, spec.outcome ? 0.85 : 1));
  let att: MatchitResult['att'] = null;
  let attRegression: MatchitResult['att_regression'] = null;
  if (spec.outcome) {
    const vcov = spec.att_vcov === 'auto' ? defaultAttVcov(spec.method, spec.replace) : spec.att_vcov;
    const res = estimateAtt(
      {
        frame,
        rows: run.pm.design.rows,
        treat: run.pm.treat,
        treatName: run.pm.design.responseColumn?.name ?? 'treat',
        outcome: spec.outcome,
        covariates: spec.att_covariates ? formulaRhs(spec.formula) : null,
        weights: run.weights,
        pairs: run.pairs,
        subclass: run.subclass,
        vcov,
        confLevel: spec.conf_level,
      },
      scaledContext(ctx, 0.85, 1),
    );
    att = res.att;
    attRegression = res.regression;
  }
  ctx.progress(1, 'done');
  return { model: 'matchit', ...run.summary, att, att_regression: attRegression, notes: run.notes };
}
