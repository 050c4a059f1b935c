/**
 * The DID builder's model (`did`): a two-way fixed-effects difference-in-differences
 *
 *   y_it = β · treat_post_it + controls + unit FE + time FE (+ more FE) + ε_it,
 *
 * clustered by unit unless asked otherwise, with the treatment taken from a 0/1 column or
 * built from a treated group and a policy time (common or staggered), and optionally the
 * event study of event-study.ts on the same sample, controls, FE and variance. The sample and
 * specification changes of robustness variants (drop rows, winsorize, unit trends) are part
 * of the spec, so a variant is an ordinary did spec.
 */
import { didSpec, type DidResult, type DidSpec, type DidSpecInput, type EventStudyResult, type ExcludeSpec } from '../../../shared/specs/did';
import type { FeolsResult } from '../../../shared/specs/feols';
import { unitIndex, winsorize } from '../../data/panel';
import type { RunContext } from '../context';
import { UserError } from '../errors';
import { deparseName } from '../formula/parser';
import { formatRNumber } from '../formula/rformat';
import { filterRows, numericColumn, withColumn, type Column, type Frame } from '../frame';
import { getColumnOrUserError, numericColumnOrError } from '../did/panel';
import { builderVcov, fitFeols, fixefColumns, formulaOf, freeName, requireColumns, resolveTreatment, subContext, type ResolvedTreatment } from './common';
import type { VcovSpec } from '../../../shared/specs/common';
import { estimateEventStudy } from './event-study';

/** Above this many units, unit-specific trends (one regressor each) are refused. */
export const MAX_TREND_UNITS = 2000;

/** Column names the spec refers to, so generated columns never replace one of them. */
export function specColumns(spec: Pick<DidSpec, 'outcome' | 'unit' | 'time' | 'controls' | 'fixed_effects' | 'cluster' | 'weights' | 'treatment'>): Set<string> {
  const names = [spec.outcome, spec.unit, spec.time, ...spec.controls, ...fixefColumns(spec.fixed_effects ?? []), ...fixefColumns(spec.cluster ?? []), ...(spec.weights ? [spec.weights] : [])];
  if (spec.treatment.kind !== 'ids') names.push(spec.treatment.column);
  return new Set(names);
}

/** A value as the spec writes it, keyed as the column's values (numbers compare numerically). */
function valueKey(c: Column, v: string | number): string {
  return c.type === 'number' ? String(Number(v)) : String(v);
}

function rowKey(c: Column, i: number): string | null {
  if (c.type === 'number') return Number.isNaN(c.values[i]) ? null : String(c.values[i]);
  return c.codes[i] < 0 ? null : c.levels[c.codes[i]];
}

/** Drops the rows `exclude` names; every listed unit, period and value must exist. */
export function applyExclude(frame: Frame, exclude: ExcludeSpec | undefined, unit: string, time: string): { frame: Frame; removed: number; notes: string[] } {
  if (!exclude) return { frame, removed: 0, notes: [] };
  const drop = new Uint8Array(frame.nrow);
  const rules: { field: string; column: string; values: (string | number)[] }[] = [];
  if (exclude.units) rules.push({ field: 'exclude.units', column: unit, values: exclude.units });
  if (exclude.times) rules.push({ field: 'exclude.times', column: time, values: exclude.times });
  (exclude.values ?? []).forEach((v, k) => rules.push({ field: `exclude.values[${k}]`, column: v.column, values: v.values }));
  const notes: string[] = [];
  for (const rule of rules) {
    const col = getColumnOrUserError(frame, rule.column, rule.field);
    const wanted = new Set(rule.values.map((v) => valueKey(col, v)));
    const seen = new Set<string>();
    let hit = 0;
    for (let i = 0; i < frame.nrow; i++) {
      const k = rowKey(col, i);
      if (k !== null && wanted.has(k)) {
        seen.add(k);
        if (!drop[i]) hit++;
        drop[i] = 1;
      }
    }
    const missing = [...wanted].filter((w) => !seen.has(w));
    if (missing.length)
      throw new UserError('did.exclude_not_found', `${rule.field}: ${missing.slice(0, 20).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not a value of "${rule.column}". Remove ${missing.length > 1 ? 'them' : 'it'} from the list.`, { field: rule.field, column: rule.column, missing: missing.slice(0, 100) });
    notes.push(`Excluded ${hit} observation${hit === 1 ? '' : 's'} with ${rule.column} in {${rule.values.slice(0, 10).join(', ')}${rule.values.length > 10 ? ', …' : ''}}.`);
  }
  let removed = 0;
  for (const d of drop) removed += d;
  if (removed === frame.nrow) throw new UserError('did.exclude_all', 'The exclusions remove every observation.', { field: 'exclude' });
  const keep = drop.map((d) => 1 - d);
  return { frame: filterRows(frame, keep), removed, notes };
}

/** Removes the i(unit, time) slopes from a result (nuisance parameters, like fixed effects). */
function withoutTrends<T extends Pick<FeolsResult, 'coefficients' | 'vcov' | 'collinear_dropped' | 'event_terms' | 'notes'>>(res: T, unit: string, time: string): { result: T; count: number } {
  const info = res.event_terms.find((e) => e.factor === deparseName(unit) && e.var === deparseName(time));
  if (!info) return { result: res, count: 0 };
  const trend = new Set(info.values.map((v) => `${info.factor}::${v}:${info.var}`));
  const keep = (rec: Record<string, unknown>): string[] => Object.keys(rec).filter((k) => !trend.has(k));
  const coefficients = Object.fromEntries(keep(res.coefficients).map((k) => [k, res.coefficients[k]]));
  const vcov = Object.fromEntries(keep(res.vcov).map((k) => [k, Object.fromEntries(keep(res.vcov[k]).map((j) => [j, res.vcov[k][j]]))]));
  const collinear = res.collinear_dropped.filter((c) => !trend.has(c));
  // The collinearity note lists every dropped name; say it again without the slopes.
  const notes = res.notes.filter((m) => !m.includes('removed because of collinearity'));
  if (collinear.length) notes.push(`The variable${collinear.length > 1 ? 's' : ''} ${collinear.map((c) => `'${c}'`).join(', ')} ${collinear.length > 1 ? 'have' : 'has'} been removed because of collinearity.`);
  return {
    result: { ...res, coefficients, vcov, collinear_dropped: collinear, event_terms: res.event_terms.filter((e) => e !== info), notes },
    count: info.coefficients.length,
  };
}

/**
 * `i(unit, time)`: one time slope per unit. When a fixed effect determines the period (time,
 * or an interaction containing it), the slopes sum to a function of the period, so one unit's
 * slope is redundant; it is left out explicitly (the first unit in the data) rather than left
 * to the collinearity check, which rounding can defeat.
 */
function trendTerm(frame: Frame, unit: string, time: string, fixedEffects: string[]): string {
  const absorbed = fixedEffects.some((fe) => fixefColumns([fe]).includes(time));
  if (!absorbed) return `i(${deparseName(unit)}, ${deparseName(time)})`;
  const first = unitIndex(frame, unit).values[0];
  const lit = typeof first === 'number' ? formatRNumber(first, Number.isInteger(first)) : JSON.stringify(first);
  return `i(${deparseName(unit)}, ${deparseName(time)}, ref = ${lit})`;
}

/** The fields of a DID-family spec (did, ddd, did_lags) that prepareDidData reads. */
export type DidCore = Pick<DidSpec, 'outcome' | 'treatment' | 'unit' | 'time' | 'controls' | 'fixed_effects' | 'cluster' | 'vcov' | 'weights'>;

export interface DidData {
  /** The frame with the treated × post column added when the spec builds it. */
  data: Frame;
  treatment: ResolvedTreatment;
  /** Name of the treated × post column (the spec's column, or the built one). */
  term: string;
  /** Column names in use, so further generated columns can avoid them. */
  taken: Set<string>;
  fixedEffects: string[];
  vcov: VcovSpec;
  notes: string[];
}

/** Checks a DID-family spec's columns and builds its treatment (the shared first steps). */
export function prepareDidData(frame: Frame, spec: DidCore, extra: [field: string, column: string][] = []): DidData {
  const fixedEffects = spec.fixed_effects ?? [spec.unit, spec.time];
  requireColumns(frame, [
    ['outcome', spec.outcome],
    ['unit', spec.unit],
    ['time', spec.time],
    ['weights', spec.weights],
    ...spec.controls.map((c): [string, string] => ['controls', c]),
    ...fixefColumns(fixedEffects).map((c): [string, string] => ['fixed_effects', c]),
    ...fixefColumns(spec.cluster ?? []).map((c): [string, string] => ['cluster', c]),
    ...extra,
  ]);
  numericColumnOrError(frame, spec.outcome, 'outcome');
  const treatment = resolveTreatment(frame, spec.treatment, spec.unit, spec.time);
  const taken = specColumns(spec);
  for (const [, c] of extra) taken.add(c);
  const term = spec.treatment.kind === 'column' ? spec.treatment.column : freeName('treat_post', taken);
  taken.add(term);
  const data = spec.treatment.kind === 'column' ? frame : withColumn(frame, numericColumn(term, treatment.treatPost, { label: 'treated × post (built from the treatment spec)' }));
  return { data, treatment, term, taken, fixedEffects, vcov: builderVcov(spec), notes: [...treatment.notes] };
}

export function runDid(frame: Frame, specInput: DidSpec | DidSpecInput, ctx: RunContext): DidResult {
  const spec = didSpec.parse(specInput);
  requireColumns(frame, [
    ['unit', spec.unit],
    ['time', spec.time],
    ...(spec.winsorize?.columns ?? []).map((c): [string, string] => ['winsorize.columns', c]),
  ]);
  ctx.progress(0, 'did');
  const excluded = applyExclude(frame, spec.exclude, spec.unit, spec.time);
  let data = excluded.frame;
  const notes = [...excluded.notes];
  let winsorized: string[] = [];
  if (spec.winsorize) {
    winsorized = spec.winsorize.columns ?? [spec.outcome];
    requireColumns(data, [['outcome', spec.outcome]]);
    const w = winsorize(data, winsorized, { lower: spec.winsorize.lower, upper: spec.winsorize.upper, by: spec.winsorize.by_time ? spec.time : undefined, suffix: '' });
    data = w.frame;
    notes.push(`Winsorized ${w.report.message.replace(/^winsorized /, '')}.`);
  }
  const prepared = prepareDidData(data, spec);
  const { term, taken, fixedEffects, vcov, treatment: tr } = prepared;
  data = prepared.data;
  notes.push(...prepared.notes);

  const extra = spec.controls.map(deparseName);
  if (spec.unit_trends) {
    const nUnits = unitIndex(data, spec.unit).values.length;
    if (nUnits > MAX_TREND_UNITS)
      throw new UserError('did.unit_trends_too_many_units', `Unit-specific trends add one regressor per unit; ${nUnits} units are more than ${MAX_TREND_UNITS}. Use group × time fixed effects (e.g. province^year) instead.`, { field: 'unit_trends', units: nUnits });
    extra.push(trendTerm(data, spec.unit, spec.time, fixedEffects));
  }
  const formula = formulaOf(spec.outcome, [deparseName(term), ...extra], fixedEffects);
  const withEs = !!spec.event_study;
  const est = fitFeols(data, { formula, vcov, weights: spec.weights, level: spec.level }, subContext(ctx, 0, withEs ? 0.5 : 1));
  const main = withoutTrends(est.result, spec.unit, spec.time);
  if (main.count) notes.push(`Unit-specific linear trends in ${spec.time}: ${main.count} slopes estimated (not shown).`);

  let eventStudy: EventStudyResult | null = null;
  if (spec.event_study) {
    const es = estimateEventStudy(
      data,
      { outcome: spec.outcome, unit: spec.unit, time: spec.time, firstTreat: tr.firstTreat, terms: extra, fixedEffects, vcov, weights: spec.weights, level: spec.level, window: spec.event_study, relName: freeName('rel_time', taken) },
      subContext(ctx, 0.5, 1),
    );
    eventStudy = withoutTrends(es, spec.unit, spec.time).result;
  }
  ctx.progress(1, 'did');
  return {
    ...main.result,
    model: 'did',
    notes: [...notes, ...main.result.notes],
    treatment: { ...tr.summary, term },
    event_study: eventStudy,
    excluded_obs: excluded.removed,
    winsorized,
    unit_trends: main.count,
  };
}
