/**
 * PSM-DID (Heckman, Ichimura & Todd 1997; the matching-then-DID design common in policy-pilot
 * studies): match treated and control observations on their covariates, then run the
 * difference-in-differences regression on the matched sample with the matching weights.
 * Three ways to match, as applied work does it:
 * - "by_period": a separate score model and matching in every period; the matched samples
 *   are stacked, each observation weighted by its own period's matching;
 * - "pooled": one score model and matching over all unit-period observations;
 * - "baseline": units matched once on their covariates in one (pre-policy) period, every
 *   period of a matched unit kept with the unit's weight.
 */
import type { PsmDidResult, PsmDidSpec } from '../../../shared/specs/psm-did';
import type { FeolsSpec } from '../../../shared/specs/feols';
import type { RunContext } from '../context';
import { UserError, isUserError } from '../errors';
import { runFeols } from '../feols';
import { factorizeColumn } from '../formula/factorize';
import { filterRows, getColumn, numericColumn, withColumn, type Frame } from '../frame';
import { performMatching, type MatchingRun } from './matchit';
import { scaledContext as scaled } from '../glm';

type Matching = PsmDidResult['matchings'][number];

/** Failures that make one period unmatchable without invalidating the others. */
const SKIPPABLE = new Set(['psm_one_group', 'psm_no_matches', 'glm_singular', 'glm_diverged', 'glm_no_rows']);

const WEIGHT = '.psm_weight';

/** Strips the per-row arrays and maps row numbers of a sub-frame back to the analysed data. */
function summarize(run: MatchingRun, rowsOf: Int32Array, period: number | string | null): Matching {
  const s = run.summary;
  const back = (r: number): number => rowsOf[r - 1] + 1;
  return {
    method: s.method,
    distance: s.distance,
    estimand: s.estimand,
    ps_model: s.ps_model,
    caliper: s.caliper,
    n_matched: s.n_matched,
    sample_sizes: s.sample_sizes,
    smd_before: s.smd_before,
    smd_after: s.smd_after,
    balance_before: s.balance_before,
    balance_after: s.balance_after,
    distributions: s.distributions,
    period,
    match_pairs: s.match_pairs.map(([t, c]) => [back(t), back(c)] as [number, number]),
    unmatched_treated: s.unmatched_treated.map(back),
    discarded: s.discarded.map(back),
  };
}

export function runPsmDid(frame: Frame, spec: PsmDidSpec, ctx: RunContext): PsmDidResult {
  const n = frame.nrow;
  const timeCol = getColumn(frame, spec.time);
  const unitCol = getColumn(frame, spec.unit);
  const time = factorizeColumn(timeCol, null);
  const periodValue = (l: number): number | string => (time.numericLevels ? time.numericLevels[l] : time.labels[l]);
  const weights = new Float64Array(n);
  const pscore: (number | null)[] = new Array<number | null>(n).fill(null);
  const matchings: Matching[] = [];
  const skipped: PsmDidResult['skipped_periods'] = [];
  const notes: string[] = [];

  const match = (rowsOf: Int32Array, period: number | string | null, c: RunContext): MatchingRun | null => {
    const keep = new Uint8Array(n);
    for (const r of rowsOf) keep[r] = 1;
    const sub = filterRows(frame, keep);
    try {
      const run = performMatching(sub, spec.formula, spec, c);
      matchings.push(summarize(run, rowsOf, period));
      notes.push(...run.notes.map((m) => (period === null ? m : `Period ${period}: ${m}`)));
      return run;
    } catch (e) {
      if (period !== null && isUserError(e) && SKIPPABLE.has(e.code)) {
        skipped.push({ period, reason: e.message });
        return null;
      }
      throw e;
    }
  };
  const rowsWhere = (pred: (i: number) => boolean): Int32Array => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (pred(i)) out.push(i);
    return Int32Array.from(out);
  };
  /** Copies a matching's per-unit weights and scores to the analysed rows it covers. */
  const assign = (run: MatchingRun, rowsOf: Int32Array): void => {
    run.pm.design.rows.forEach((r, u) => {
      weights[rowsOf[r]] = run.weights[u];
      pscore[rowsOf[r]] = run.pm.score[u];
    });
  };

  if (spec.matching === 'pooled') {
    const all = rowsWhere(() => true);
    const run = match(all, null, scaled(ctx, 0, 0.6)) as MatchingRun;
    assign(run, all);
  } else if (spec.matching === 'by_period') {
    const nper = time.labels.length;
    for (let l = 0; l < nper; l++) {
      ctx.checkCancelled();
      const rowsOf = rowsWhere((i) => time.codes[i] === l);
      const run = match(rowsOf, periodValue(l), scaled(ctx, (0.6 * l) / nper, (0.6 * (l + 1)) / nper));
      if (run) assign(run, rowsOf);
    }
    if (matchings.length === 0) throw new UserError('psm_did_no_period', 'No period could be matched: each lacks treated or control units, or found no match.', { skipped });
  } else {
    const baseLevel = spec.baseline_period === undefined ? 0 : time.labels.findIndex((_, l) => String(periodValue(l)) === String(spec.baseline_period));
    if (baseLevel < 0) {
      throw new UserError('psm_did_bad_baseline', `Baseline period ${spec.baseline_period} does not occur in "${spec.time}".`, { column: spec.time, value: spec.baseline_period, periods: time.labels });
    }
    const rowsOf = rowsWhere((i) => time.codes[i] === baseLevel);
    const units = factorizeColumn(unitCol, rowsOf);
    const seen = new Set<number>();
    units.codes.forEach((c, k) => {
      if (c >= 0 && seen.has(c)) {
        throw new UserError('psm_did_duplicate_unit', `Unit ${units.labels[c]} has more than one row in baseline period ${periodValue(baseLevel)}; "${spec.unit}" and "${spec.time}" must identify rows.`, { row: rowsOf[k] + 1 });
      }
      seen.add(c);
    });
    const run = match(rowsOf, periodValue(baseLevel), scaled(ctx, 0, 0.6)) as MatchingRun;
    // Every row of a unit takes the unit's baseline weight.
    const allUnits = factorizeColumn(unitCol, null);
    const labelWeight = new Map<string, number>();
    run.pm.design.rows.forEach((r, u) => labelWeight.set(units.labels[units.codes[r]], run.weights[u]));
    for (let i = 0; i < n; i++) {
      const c = allUnits.codes[i];
      weights[i] = c >= 0 ? (labelWeight.get(allUnits.labels[c]) ?? 0) : 0;
    }
    run.pm.design.rows.forEach((r, u) => (pscore[rowsOf[r]] = run.pm.score[u]));
  }
  for (const s of skipped) notes.push(`Period ${s.period} was not matched: ${s.reason}`);

  const keep = new Uint8Array(n);
  let nobsMatched = 0;
  for (let i = 0; i < n; i++)
    if (weights[i] > 0) {
      keep[i] = 1;
      nobsMatched++;
    }
  const matchedUnits = new Set<number>();
  const unitCodes = factorizeColumn(unitCol, null).codes;
  for (let i = 0; i < n; i++) if (keep[i]) matchedUnits.add(unitCodes[i]);

  ctx.progress(0.7, 'did');
  const vcov = spec.vcov ?? { cluster: [spec.unit] };
  const matchedFrame = filterRows(withColumn(frame, numericColumn(WEIGHT, weights)), keep);
  const didSpec = (weighted: boolean): FeolsSpec => ({ model: 'feols', data: spec.data, formula: spec.did_formula, vcov, ...(weighted ? { weights: WEIGHT } : {}) });
  const didMatched = runFeols(matchedFrame, didSpec(spec.use_weights), scaled(ctx, 0.7, 0.85));
  const didFull = runFeols(frame, didSpec(false), scaled(ctx, 0.85, 1));
  ctx.progress(1, 'done');
  return {
    model: 'psm_did',
    matching_mode: spec.matching,
    matchings,
    skipped_periods: skipped,
    weights: Array.from(weights),
    pscore,
    nobs_matched: nobsMatched,
    n_units_matched: matchedUnits.size,
    did_matched: didMatched,
    did_full: didFull,
    notes,
  };
}
