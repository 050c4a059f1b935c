/**
 * TWFE event study (dynamic DID) as applied papers estimate it:
 *
 *   y_it = Σ_{k ≠ ref} β_k · 1[t − g_i = k] + controls + unit FE + time FE + ε_it
 *
 * with g_i the unit's first treated period. Relative periods outside the window [−leads, lags]
 * are pooled into the end bins ("bin", e.g. Schmidheiny & Siegloch 2023) or their
 * observations dropped ("trim"). Never-treated units get relative time −1000 (lower if the
 * window reaches it) and that value is a second reference, fixest's
 * `i(rel_time, ref = c(-1, -1000))` device, so they only identify the time effects. Without never-treated units the earliest relative period is
 * also a reference: with only unit and time effects one linear trend in relative time is not
 * identified (Borusyak, Jaravel & Spiess 2024, sec. 3.3).
 *
 * The joint pre-trend test is the Wald F of all pre-period coefficients with the estimation's
 * variance (clustered when the standard errors are), F = b'V⁻¹b / q.
 */
import type { EventStudyPoint, EventStudyResult, EventStudySpec } from '../../../shared/specs/did';
import type { VcovSpec } from '../../../shared/specs/common';
import type { RunContext } from '../context';
import { UserError } from '../errors';
import { numericColumn, withColumn, type Frame } from '../frame';
import { formatRNumber } from '../formula/rformat';
import { waldTest } from '../wald';
import { unitIndex } from '../../data/panel';
import { fitFeols, formulaOf, NEVER } from './common';

/** fixest's value for the relative time of never-treated units. */
export const NEVER_TREATED_REL = -1000;

export interface EventStudyInput {
  outcome: string;
  unit: string;
  time: string;
  /** Per row: the unit's first treated period; NEVER for never-treated units, NaN if unknown. */
  firstTreat: Float64Array;
  /** Extra right-hand-side terms in formula syntax (controls, trends). */
  terms?: string[];
  /** Fixed effects as in the formula's last part ("unit", "province^year"). */
  fixedEffects: string[];
  vcov: VcovSpec;
  weights?: string;
  level?: number;
  window: EventStudySpec;
  /** Name of the relative-time variable; coefficients are named `<name>::k`. Default "rel_time". */
  relName?: string;
}

function fail(code: string, message: string, details: Record<string, unknown>): never {
  throw new UserError(code, message, details);
}

export function estimateEventStudy(frame: Frame, input: EventStudyInput, ctx: RunContext): EventStudyResult {
  const { window } = input;
  const { leads, lags, ref } = window;
  const relName = input.relName ?? 'rel_time';
  const timeCol = frame.columns.find((c) => c.name === input.time);
  if (!timeCol || timeCol.type !== 'number') throw new UserError('event_study.bad_time', `The time column "${input.time}" must be numeric.`, { field: 'time', column: input.time });
  const t = timeCol.values;
  const g = input.firstTreat;
  const n = frame.nrow;
  if (ref < -leads || ref > lags)
    fail('event_study.bad_ref', `The reference period ${ref} lies outside the window −${leads} … ${lags}; choose a reference inside it (usually −1).`, { field: 'event_study.ref', ref, leads, lags });

  // Below every relative period of the window (fixest's -1000 unless the window reaches it).
  const neverValue = Math.min(NEVER_TREATED_REL, -leads - 1);
  const rel = new Float64Array(n);
  let lower = 0;
  let upper = 0;
  let trimmed = 0;
  let anyPre = false;
  let anyNever = false;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(t[i]) || Number.isNaN(g[i])) {
      rel[i] = Number.NaN;
      continue;
    }
    if (g[i] === NEVER) {
      rel[i] = neverValue;
      anyNever = true;
      continue;
    }
    let r = t[i] - g[i];
    if (r < 0) anyPre = true;
    if (r < -leads) {
      if (window.endpoints === 'bin') {
        r = -leads;
        lower++;
      } else {
        r = Number.NaN;
        trimmed++;
      }
    } else if (r > lags) {
      if (window.endpoints === 'bin') {
        r = lags;
        upper++;
      } else {
        r = Number.NaN;
        trimmed++;
      }
    }
    rel[i] = r;
  }
  if (!anyPre)
    fail('event_study.no_pre_periods', 'No treated unit is observed before its treatment, so the event study has no pre-periods (and no reference period). Use data that start before the policy.', { field: 'event_study' });

  // Relative periods of treated units, and whether the reference is among them.
  const present = new Map<number, number>();
  for (let i = 0; i < n; i++) if (!Number.isNaN(rel[i]) && rel[i] !== neverValue) present.set(rel[i], (present.get(rel[i]) ?? 0) + 1);
  if (!present.has(ref))
    fail('event_study.ref_not_observed', `No treated unit is observed at relative period ${ref}, so it cannot be the reference. Choose an observed period (${[...present.keys()].sort((a, b) => a - b).join(', ')}).`, { field: 'event_study.ref', ref });
  const relValues = [...present.keys()].sort((a, b) => a - b);
  const references = [ref];
  const notes: string[] = [];
  if (!anyNever) {
    const cohorts = new Set<number>();
    for (let i = 0; i < n; i++) if (Number.isFinite(g[i])) cohorts.add(g[i]);
    if (cohorts.size < 2)
      fail('event_study.no_controls', 'Every unit is treated at the same time and none is never treated: relative time equals calendar time, so the event-study coefficients are not identified.', { field: 'treatment' });
    const earliest = relValues.find((r) => r !== ref);
    if (earliest !== undefined && earliest < 0) {
      references.push(earliest);
      notes.push(`No never-treated units: relative period ${earliest} is a second reference (the unit and time effects leave one linear trend in relative time unidentified).`);
    }
  }
  const refList = [...references, ...(anyNever ? [neverValue] : [])];
  const relColumn = numericColumn(relName, rel, { label: `periods relative to first treatment (${neverValue} = never treated)` });
  // Coefficient names use R's formatting of the values, as i() does.
  const fmt = (x: number): string => formatRNumber(x, relColumn.integer === true);
  const term = `i(${relName}, ref = c(${refList.map(fmt).join(', ')}))`;
  const formula = formulaOf(input.outcome, [term, ...(input.terms ?? [])], input.fixedEffects);
  const work = withColumn(frame, relColumn);
  const est = fitFeols(work, { formula, vcov: input.vcov, weights: input.weights, level: input.level }, ctx);
  const res = est.result;

  // Counts on the estimation rows.
  const { ids } = unitIndex(frame, input.unit);
  const nObs = new Map<number, number>();
  const treatedUnits = new Set<number>();
  const neverUnits = new Set<number>();
  for (const i of est.rows) {
    if (rel[i] === neverValue) neverUnits.add(ids[i]);
    else {
      treatedUnits.add(ids[i]);
      nObs.set(rel[i], (nObs.get(rel[i]) ?? 0) + 1);
    }
  }

  const info = res.event_terms.find((e) => e.factor === relName);
  const estimated = new Set(info?.coefficients ?? []);
  const points: EventStudyPoint[] = relValues.map((r) => {
    const binned = (window.endpoints === 'bin' && r === -leads && lower > 0) || (window.endpoints === 'bin' && r === lags && upper > 0);
    const base = { rel_time: r, binned, n_obs: nObs.get(r) ?? 0 };
    if (references.includes(r)) return { ...base, term: null, ref: true, estimate: 0, se: null, t: null, p: null, conf_low: null, conf_high: null };
    const name = `${relName}::${fmt(r)}`;
    const c = estimated.has(name) ? res.coefficients[name] : undefined;
    return { ...base, term: name, ref: false, estimate: c?.estimate ?? null, se: c?.se ?? null, t: c?.t ?? null, p: c?.p ?? null, conf_low: c?.conf_low ?? null, conf_high: c?.conf_high ?? null };
  });
  const dropped = points.filter((p) => !p.ref && p.estimate === null).map((p) => p.rel_time);
  if (dropped.length) notes.push(`No coefficient for relative period${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} (collinear with the fixed effects).`);

  const preNames = points.filter((p) => p.rel_time < 0 && !p.ref && p.estimate !== null).map((p) => p.term as string);
  const preRel = points.filter((p) => p.rel_time < 0 && !p.ref && p.estimate !== null).map((p) => p.rel_time);
  const df2 = window.wald_df2 === 't' ? res.df_t : res.nobs - res.nparams;
  const pretrend = preNames.length
    ? { ...waldTest(res, preNames, df2), rel_times: preRel }
    : { stat: null, p: null, df1: 0, df2, vcov: res.vcov_type, reason: 'no pre-period coefficient besides the reference period(s)', rel_times: [] };
  if (lower || upper) notes.push(`Endpoint bins: ${lower} observation${lower === 1 ? '' : 's'} before −${leads} pooled into −${leads}, ${upper} after ${lags} pooled into ${lags}.`);
  if (trimmed) notes.push(`${trimmed} observation${trimmed === 1 ? '' : 's'} of treated units outside the window −${leads} … ${lags} dropped.`);
  return {
    ...res,
    model: 'event_study',
    notes: [...res.notes, ...notes],
    window: { leads, lags, ref, endpoints: window.endpoints },
    reference_periods: references.sort((a, b) => a - b),
    never_treated_value: anyNever ? neverValue : null,
    points,
    pretrend_test: pretrend,
    n_treated_units: treatedUnits.size,
    n_never_treated_units: neverUnits.size,
    binned_obs: { lower, upper },
    trimmed_obs: trimmed,
  };
}
