/**
 * The staggered-adoption comparison view (issue 6, point 5): event-time estimates of
 * - TWFE: feols(y ~ i(rel_time, ref = -1) | unit + period), never treated as the reference
 *   group, clustered by unit;
 * - Callaway–Sant'Anna: att_gt + aggte(type = "dynamic");
 * - Sun–Abraham: feols(y ~ sunab(g, t) | unit + period), aggregated by relative period, from
 *   the estimation core (a caller may supply another runner);
 * - imputation (Borusyak, Jaravel & Spiess): horizons e >= 0 and pre-trend coefficients;
 * assembled into one table (a row per event time) and one chart whose series are offset
 * horizontally so markers at the same event time do not overlap.
 */
import type { CompareEstimatorId, CompareSeries, DidCompareResult, DidCompareSpec, DidCompareSpecInput } from '../../../shared/specs/did-compare';
import { didCompareSpec } from '../../../shared/specs/did-compare';
import type { RunContext } from '../context';
import type { Frame } from '../frame';
import { numericColumn, withColumn } from '../frame';
import { runFeols } from '../feols';
import { runAttGt } from './att-gt';
import { runDidImputation } from './imputation';
import { numericColumnOrError } from './panel';
import { estimateEventStudy } from '../policy/event-study';
import { NEVER } from '../policy/common';

export const ESTIMATOR_LABELS: Record<CompareEstimatorId, string> = {
  twfe: 'TWFE event study',
  cs: "Callaway–Sant'Anna",
  sa: 'Sun–Abraham',
  imputation: 'Imputation (BJS)',
};

/** Runs Sun–Abraham for the comparison. */
export type SunabRunner = (frame: Frame, spec: DidCompareSpec, ctx: RunContext) => CompareSeries;

/** `name` as a formula term (backticks when it is not a plain R name). */
function formulaName(name: string): string {
  return /^[A-Za-z.][A-Za-z0-9._]*$/.test(name) ? name : `\`${name}\``;
}

/**
 * Sun & Abraham (2021) interaction-weighted event study through feols' sunab() term, clustered
 * by unit; the overall ATT is fixest's agg = "ATT".
 */
export const sunabSeries: SunabRunner = (frame, spec, ctx) => {
  const formula = `${formulaName(spec.yname)} ~ sunab(${formulaName(spec.gname)}, ${formulaName(spec.tname)}) | ${formulaName(spec.idname)} + ${formulaName(spec.tname)}`;
  const base = { model: 'feols' as const, data: spec.data, formula, vcov: { cluster: [spec.idname] }, level: 1 - spec.alp };
  const byPeriod = runFeols(frame, base, ctx);
  const att = runFeols(frame, { ...base, agg: 'ATT' }, ctx).coefficients.ATT;
  const prefix = `${spec.tname}::`;
  const points = Object.entries(byPeriod.coefficients)
    .filter(([k]) => k.startsWith(prefix))
    .map(([k, c]) => ({ e: Number(k.slice(prefix.length)), estimate: c.estimate, se: c.se, conf_low: c.conf_low ?? null, conf_high: c.conf_high ?? null }))
    .sort((a, b) => a.e - b.e);
  return {
    id: 'sa',
    label: ESTIMATOR_LABELS.sa,
    reference_periods: [-1],
    points,
    overall: att ? { label: 'cohort-share weighted ATT (agg = "ATT")', estimate: att.estimate, se: att.se, conf_low: att.conf_low ?? null, conf_high: att.conf_high ?? null } : null,
    available: true,
    note: null,
  };
};

/** A column name not yet in the frame. */
function freshName(frame: Frame, base: string): string {
  let name = base;
  for (let k = 2; frame.columns.some((c) => c.name === name); k++) name = `${base}${k}`;
  return name;
}

/**
 * TWFE event study (policy/event-study.ts, the one the DID builder uses: relative-period
 * dummies with reference -1, never treated as fixest's c(-1, -1000) reference group, without
 * never-treated units also the earliest relative period; the window spans every relative
 * period, so nothing is binned) and the static TWFE coefficient, clustered by unit.
 */
export function twfeEventStudy(frame: Frame, o: { data: string; yname: string; tname: string; idname: string; gname: string; alp: number }, ctx: RunContext): CompareSeries & { nObs: number; nUnits: number } {
  const t = numericColumnOrError(frame, o.tname, 'time');
  const g = numericColumnOrError(frame, o.gname, 'first-treatment');
  const ever = (i: number): boolean => Number.isFinite(g[i]) && g[i] > 0;
  const treatPost = new Float64Array(frame.nrow);
  let minRel = Number.POSITIVE_INFINITY;
  let maxRel = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < frame.nrow; i++) {
    if (!ever(i) || Number.isNaN(t[i])) continue;
    minRel = Math.min(minRel, t[i] - g[i]);
    maxRel = Math.max(maxRel, t[i] - g[i]);
    treatPost[i] = t[i] >= g[i] ? 1 : 0;
  }
  const es = estimateEventStudy(
    frame,
    {
      outcome: o.yname,
      unit: o.idname,
      time: o.tname,
      firstTreat: Float64Array.from(g, (x) => (Number.isFinite(x) && x > 0 ? x : NEVER)),
      fixedEffects: [o.idname, o.tname],
      vcov: { cluster: [o.idname] },
      level: 1 - o.alp,
      window: { leads: Math.max(1, -minRel), lags: Math.max(0, maxRel), ref: -1, endpoints: 'bin', wald_df2: 't' },
      relName: freshName(frame, 'rel_time_cw'),
    },
    ctx,
  );
  const postName = freshName(frame, 'treat_post_cw');
  const fe = `| ${formulaName(o.idname)} + ${formulaName(o.tname)}`;
  const st = runFeols(withColumn(frame, numericColumn(postName, treatPost)), { model: 'feols', data: o.data, vcov: { cluster: [o.idname] }, level: 1 - o.alp, formula: `${formulaName(o.yname)} ~ ${postName} ${fe}` }, ctx);
  const points = es.points.filter((p) => !p.ref && p.estimate !== null).map((p) => ({ e: p.rel_time, estimate: p.estimate, se: p.se, conf_low: p.conf_low ?? null, conf_high: p.conf_high ?? null }));
  const s = st.coefficients[postName];
  const hasNever = es.never_treated_value !== null;
  return {
    id: 'twfe',
    label: ESTIMATOR_LABELS.twfe,
    reference_periods: es.reference_periods,
    points,
    overall: s ? { label: 'TWFE coefficient on treated × post', estimate: s.estimate, se: s.se, conf_low: s.conf_low ?? null, conf_high: s.conf_high ?? null } : null,
    available: true,
    note: hasNever ? null : `No never-treated units: relative period ${es.reference_periods[0]} is a second reference.`,
    nObs: es.nobs,
    nUnits: es.fixef_sizes[o.idname] ?? 0,
  };
}

/** Builds the table and the offset chart from any set of series. */
export function assembleComparison(series: ReadonlyArray<CompareSeries>, window: { min?: number; max?: number } = {}): Pick<DidCompareResult, 'table' | 'chart'> {
  const inWindow = (e: number): boolean => (window.min === undefined || e >= window.min) && (window.max === undefined || e <= window.max);
  const shown = series.filter((s) => s.available);
  const es = [...new Set(shown.flatMap((s) => s.points.map((p) => p.e)).filter(inWindow))].sort((a, b) => a - b);
  const table = es.map((e) => ({
    e,
    cells: Object.fromEntries(shown.map((s) => [s.id, s.points.find((p) => p.e === e) ?? null])),
  }));
  // Markers spread over ±0.3 of an event-time unit, in series order.
  const step = shown.length > 1 ? 0.6 / (shown.length - 1) : 0;
  const offsets = Object.fromEntries(shown.map((s, i) => [s.id, shown.length > 1 ? -0.3 + i * step : 0]));
  const chart = {
    offsets,
    series: shown.map((s) => ({
      id: s.id,
      label: s.label,
      points: s.points
        .filter((p) => inWindow(p.e) && p.estimate !== null)
        .map((p) => ({ x: p.e + offsets[s.id], e: p.e, y: p.estimate as number, low: p.conf_low, high: p.conf_high })),
    })),
    treatment_x: -0.5,
  };
  return { table, chart };
}

export function runDidCompare(frame: Frame, specInput: DidCompareSpec | DidCompareSpecInput, ctx: RunContext, runners: { sunab?: SunabRunner } = {}): DidCompareResult {
  const spec = didCompareSpec.parse(specInput);
  const notes: string[] = [];
  const series: CompareSeries[] = [];
  let nObs = 0;
  let nUnits = 0;
  const cols = { yname: spec.yname, tname: spec.tname, idname: spec.idname, gname: spec.gname };
  for (const id of spec.estimators) {
    ctx.checkCancelled();
    if (id === 'twfe') {
      const r = twfeEventStudy(frame, { data: spec.data, ...cols, alp: spec.alp }, ctx);
      nObs = r.nObs;
      nUnits = r.nUnits;
      const { nObs: _o, nUnits: _u, ...s } = r;
      series.push(s);
    } else if (id === 'cs') {
      const r = runAttGt(frame, { model: 'att_gt', data: spec.data, ...cols, control_group: spec.control_group, base_period: spec.base_period, aggte: 'dynamic', alp: spec.alp }, ctx);
      const a = r.aggte;
      if (nObs === 0) {
        nObs = r.n_obs;
        nUnits = r.n_units;
      }
      const ref = spec.base_period === 'universal' ? [-1 - r.anticipation] : [];
      series.push({
        id,
        label: ESTIMATOR_LABELS.cs,
        reference_periods: ref,
        points: (a?.by ?? []).filter((b) => !ref.includes(b.e as number)).map((b) => ({ e: b.e as number, estimate: b.att, se: b.se, conf_low: b.conf_low, conf_high: b.conf_high })),
        overall: a ? { label: 'average of event-time ATTs, e >= 0', estimate: a.overall_att, se: a.overall_se, conf_low: a.overall_conf_low, conf_high: a.overall_conf_high } : null,
        available: true,
        note: spec.base_period === 'varying' ? 'Varying base period: pre-period estimates are one-period changes, not comparable to the TWFE leads.' : null,
      });
    } else if (id === 'imputation') {
      const r = runDidImputation(frame, { model: 'did_imputation', data: spec.data, ...cols, horizon: true, pretrends: true }, ctx);
      const st = runDidImputation(frame, { model: 'did_imputation', data: spec.data, ...cols }, ctx);
      const treat = st.terms[0];
      const pre = r.terms.filter((x) => x.kind === 'pretrend').map((x) => Number(x.term));
      const allPre = [...new Set(pre)];
      series.push({
        id,
        label: ESTIMATOR_LABELS.imputation,
        reference_periods: [],
        points: r.terms.map((x) => ({ e: Number(x.term), estimate: x.estimate, se: x.se, conf_low: x.conf_low, conf_high: x.conf_high })),
        overall: { label: 'average over all treated observations', estimate: treat.estimate, se: treat.se, conf_low: treat.conf_low, conf_high: treat.conf_high },
        available: true,
        note: allPre.length ? 'Pre-period points are the pre-trend regression on untreated observations (the earliest pre-period is the reference).' : null,
      });
    } else series.push((runners.sunab ?? sunabSeries)(frame, spec, ctx));
  }
  ctx.progress(1, 'compare');
  return { model: 'did_compare', series, ...assembleComparison(series, { min: spec.min_e, max: spec.max_e }), n_units: nUnits, n_obs: nObs, notes };
}
