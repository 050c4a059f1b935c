/**
 * The staggered-adoption comparison view (issue 6, point 5): event-time estimates of
 * - TWFE: y ~ i(rel_time, ref = -1) | unit + period, never treated as the reference group,
 *   clustered by unit (fixest's default small-sample correction; t(G - 1) intervals);
 * - Callaway–Sant'Anna: att_gt + aggte(type = "dynamic");
 * - Sun–Abraham: supplied by the caller (the feols sunab() term lives in the estimation core);
 * - imputation (Borusyak, Jaravel & Spiess): horizons e >= 0 and pre-trend coefficients;
 * assembled into one table (a row per event time) and one chart whose series are offset
 * horizontally so markers at the same event time do not overlap.
 */
import type { CompareEstimatorId, CompareSeries, DidCompareResult, DidCompareSpec, DidCompareSpecInput } from '../../../shared/specs/did-compare';
import { didCompareSpec } from '../../../shared/specs/did-compare';
import type { RunContext } from '../context';
import { tQuantileFn } from '../dist';
import { UserError } from '../errors';
import type { Frame } from '../frame';
import { runAttGt } from './att-gt';
import { runDidImputation } from './imputation';
import { getColumnOrUserError, numericColumnOrError, rowCodes } from './panel';
import { buildTwoWay, feRegression } from './twoway';

export const ESTIMATOR_LABELS: Record<CompareEstimatorId, string> = {
  twfe: 'TWFE event study',
  cs: "Callaway–Sant'Anna",
  sa: 'Sun–Abraham',
  imputation: 'Imputation (BJS)',
};

/** Runs Sun–Abraham for the comparison (provided by the caller that has feols + sunab()). */
export type SunabRunner = (frame: Frame, spec: DidCompareSpec, ctx: RunContext) => CompareSeries;

function interval(estimate: number, se: number, crit: number): [number, number] {
  return [estimate - crit * se, estimate + crit * se];
}

/**
 * TWFE event study and static TWFE coefficient on the complete rows: relative-period dummies for
 * ever-treated units (reference -1; without never-treated units also the earliest period).
 */
export function twfeEventStudy(frame: Frame, o: { yname: string; tname: string; idname: string; gname: string; alp: number }): CompareSeries & { nObs: number; nUnits: number } {
  const y = numericColumnOrError(frame, o.yname, 'outcome');
  const t = numericColumnOrError(frame, o.tname, 'time');
  const g = numericColumnOrError(frame, o.gname, 'first-treatment');
  const id = getColumnOrUserError(frame, o.idname, 'unit id');
  const rows: number[] = [];
  for (let i = 0; i < frame.nrow; i++) {
    const idOk = id.type === 'number' ? !Number.isNaN(id.values[i]) : id.codes[i] >= 0;
    if (idOk && !Number.isNaN(y[i]) && !Number.isNaN(t[i])) rows.push(i);
  }
  const unit = rowCodes(id, rows);
  const time = rowCodes(getColumnOrUserError(frame, o.tname, 'time'), rows);
  const ever = (i: number): boolean => Number.isFinite(g[i]) && g[i] > 0;
  const rel = rows.map((i) => (ever(i) ? t[i] - g[i] : Number.NaN));
  let periods = [...new Set(rel.filter((r) => Number.isFinite(r)))].sort((a, b) => a - b);
  const reference = [-1];
  const hasNever = rows.some((i) => !ever(i));
  if (!hasNever && periods.length > 1) reference.push(periods[0]);
  periods = periods.filter((p) => !reference.includes(p));
  const sys = buildTwoWay(unit.codes, time.codes, unit.count, time.count);
  const yy = Float64Array.from(rows, (i) => y[i]);
  const xs = periods.map((p) => Float64Array.from(rel, (r) => (r === p ? 1 : 0)));
  const es = feRegression(sys, yy, xs, unit.codes);
  const stat = feRegression(sys, yy, [Float64Array.from(rows, (i) => (ever(i) && t[i] >= g[i] ? 1 : 0))], unit.codes);
  if (!es || !stat) throw new UserError('did_twfe_collinear', 'The TWFE event-study dummies are collinear with the unit and period effects.', {});
  const crit = tQuantileFn(1 - o.alp / 2, es.nClusters - 1);
  const points = periods.map((e, j) => {
    const se = Math.sqrt(es.vcov[j][j]);
    const [lo, hi] = interval(es.beta[j], se, crit);
    return { e, estimate: es.beta[j], se, conf_low: lo, conf_high: hi };
  });
  const sse = Math.sqrt(stat.vcov[0][0]);
  const [slo, shi] = interval(stat.beta[0], sse, crit);
  return {
    id: 'twfe',
    label: ESTIMATOR_LABELS.twfe,
    reference_periods: reference.sort((a, b) => a - b),
    points,
    overall: { label: 'TWFE coefficient on treated × post', estimate: stat.beta[0], se: sse, conf_low: slo, conf_high: shi },
    available: true,
    note: hasNever ? null : `No never-treated units: relative period ${reference[0]} is a second reference.`,
    nObs: rows.length,
    nUnits: unit.count,
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
      const r = twfeEventStudy(frame, { ...cols, alp: spec.alp });
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
    } else if (runners.sunab) series.push(runners.sunab(frame, spec, ctx));
    else {
      series.push({ id, label: ESTIMATOR_LABELS.sa, reference_periods: [], points: [], overall: null, available: false, note: 'Sun–Abraham needs the feols sunab() term, which was not supplied to this run.' });
      notes.push('Sun–Abraham was not computed (no sunab runner).');
    }
  }
  ctx.progress(1, 'compare');
  return { model: 'did_compare', series, ...assembleComparison(series, { min: spec.min_e, max: spec.max_e }), n_units: nUnits, n_obs: nObs, notes };
}
