/**
 * What each figure draws, read from a stored result: event-time estimates, coefficient rows,
 * placebo draws, rdplot bins and curves, RD density curves, propensity-score densities, the
 * Goodman-Bacon scatter. Each reader names the fields it needs in its error.
 */
import { z } from 'zod';
import { kernelDensity } from '../../engine/policy/distribution';
import { UserError } from '../../engine/errors';
import type { CoefEntry } from '../results';
import { summarizeResult } from '../results';
import type { BaconChartData, CoefPoint, CompareChartData, DensityTestData, EventPoint, PlaceboData, PlaceboPValueData, RdplotData, ScoreDensityData } from '../../../shared/charts/figureData';
import type { MarginalEffectsData } from '../../../shared/charts/mechanisms';
import {
  RD_SENSITIVITY_CHECKS,
  densitySide,
  heterogeneityPoints,
  heterogeneitySplit,
  marginalEffectsData,
  placeboPValueData,
  rdSensitivityCheck,
  rdSensitivityLabels,
  rdSensitivityPoints,
} from '../../../shared/charts/resultFigures';
import type { FigureSpec } from '../../../shared/specs/figure';
import { heterogeneityResult } from '../../../shared/specs/heterogeneity';
import { moderationResult } from '../../../shared/specs/moderation';
import { placeboResult } from '../../../shared/specs/placebo';
import { rdsensitivityResult } from '../../../shared/specs/rdsensitivity';

// The figure data types and polynomialCurve live in shared/charts (the app draws the same figures).
export type { BaconChartData, CompareChartData, Curve, DensitySide, DensityTestData, EventPoint, PlaceboData, RdplotData, ScoreDensityData } from '../../../shared/charts/figureData';
export { polynomialCurve } from '../../../shared/charts/figureData';

/**
 * The event time in a term name: fixest's i() terms "rel_time::-2" or "period::3:treat",
 * did's aggte "e=-2", didimputation's "-2". Null for other terms (x1, the intercept).
 */
export function eventTime(term: string): { factor: string; period: number } | null {
  const fixest = /^([^:]+)::(-?\d+(?:\.\d+)?)(?::.*)?$/.exec(term);
  if (fixest) return { factor: fixest[1], period: Number(fixest[2]) };
  const aggte = /^e=(-?\d+(?:\.\d+)?)$/.exec(term);
  if (aggte) return { factor: 'e', period: Number(aggte[1]) };
  if (/^-?\d+$/.test(term)) return { factor: '', period: Number(term) };
  return null;
}

const storedPoint = z.object({ rel_time: z.number(), estimate: z.number().nullable(), conf_low: z.number().nullable().optional(), conf_high: z.number().nullable().optional(), ref: z.boolean() }).passthrough();
const storedEventStudy = z.object({ points: z.array(storedPoint).min(1) }).passthrough();

/** Points an event-study result already lists (the DID builder's `event_study`, or an event_study result). */
function storedPoints(result: unknown): EventPoint[] | null {
  const r = (result ?? {}) as Record<string, unknown>;
  const parsed = storedEventStudy.safeParse(r.event_study ?? r);
  if (!parsed.success) return null;
  return parsed.data.points
    .filter((p) => p.ref || p.estimate !== null)
    .map((p) => ({ period: p.rel_time, estimate: p.ref ? 0 : (p.estimate as number), conf_low: p.ref ? null : (p.conf_low ?? null), conf_high: p.ref ? null : (p.conf_high ?? null), reference: p.ref }))
    .sort((a, b) => a.period - b.period);
}

export function eventStudyPoints(result: unknown, referencePeriod: number, source: string): EventPoint[] {
  const stored = storedPoints(result);
  if (stored) return stored;
  const s = summarizeResult(result, source);
  const byFactor = new Map<string, { period: number; c: CoefEntry }[]>();
  for (const c of s.coefs) {
    const e = eventTime(c.term);
    if (!e || c.estimate === null) continue;
    byFactor.set(e.factor, [...(byFactor.get(e.factor) ?? []), { period: e.period, c }]);
  }
  // The event-time factor is the one with the most terms (an event study may carry controls).
  const best = [...byFactor.values()].sort((a, b) => b.length - a.length)[0];
  if (!best || best.length < 2) {
    throw new UserError('figure_no_event_time', `${source} has no event-time estimates (terms like rel_time::-2, e=-2 or -2), so it cannot be drawn as an event study. Draw it as a coefficient plot instead.`, {
      source,
      terms: s.coefs.map((c) => c.term),
    });
  }
  const points: EventPoint[] = best.map(({ period, c }) => ({ period, estimate: c.estimate as number, conf_low: c.conf_low, conf_high: c.conf_high, reference: false }));
  // Only a regression omits a period; did and didimputation estimate every period they show.
  const periods = points.map((p) => p.period);
  const inRange = referencePeriod > Math.min(...periods) && referencePeriod < Math.max(...periods);
  if (s.shape === 'coefficients' && !periods.includes(referencePeriod) && inRange) {
    points.push({ period: referencePeriod, estimate: 0, conf_low: null, conf_high: null, reference: true });
  }
  return points.sort((a, b) => a.period - b.period);
}

export function coefficientRows(result: unknown, terms: string[] | undefined, source: string): CoefEntry[] {
  const s = summarizeResult(result, source);
  if (!terms) return s.coefs.filter((c) => c.term !== '(Intercept)' && c.estimate !== null);
  return terms.map((t) => {
    const c = s.coefs.find((x) => x.term === t);
    if (!c) throw new UserError('figure_unknown_term', `Term "${t}" is not in ${source}. Terms available: ${s.coefs.map((x) => x.term).join(', ')}.`, { term: t, source });
    return c;
  });
}

const numbers = z.array(z.number());
const placeboCharts = z.object({
  actual: z.number(),
  density: z.object({ x: numbers, y: numbers }).passthrough().nullable(),
  histogram: z.object({ breaks: numbers, density: numbers }).passthrough().nullable(),
});

/**
 * The placebo result's own chart data (charts.density / histogram / actual, p_value_ri); or,
 * for other producers, draws under `estimates` / `placebo_estimates` and the real estimate
 * under `actual`, with the density computed here (R's density() defaults).
 */
export function placeboData(result: unknown, source: string): PlaceboData {
  const r = (result ?? {}) as Record<string, unknown>;
  const p = typeof r.p_value_ri === 'number' ? r.p_value_ri : typeof r.p === 'number' ? r.p : null;
  const charts = placeboCharts.safeParse(r.charts);
  if (charts.success && charts.data.density) {
    return { density: charts.data.density, histogram: charts.data.histogram, actual: charts.data.actual, p };
  }
  const est = numbers.safeParse(r.estimates ?? r.placebo_estimates);
  if (!est.success || est.data.length < 2) {
    throw new UserError('figure_result_shape', `${source} has no placebo distribution (a placebo result, or a numeric array "estimates" with at least two draws).`, { source });
  }
  const actual = typeof r.actual === 'number' ? r.actual : null;
  return { density: kernelDensity(est.data, 512), histogram: null, actual, p };
}

const curveShape = z.object({ x: numbers, y: numbers });
const rdplotShape = z.object({
  c: z.number(),
  bins: z.array(z.object({ mean_bin: z.number(), mean_y: z.number(), side: z.enum(['left', 'right']).optional() }).passthrough()),
  curve: z.object({ left: curveShape, right: curveShape }).optional(),
  global_poly_coef: z.object({ left: numbers, right: numbers }).passthrough().optional(),
});

export function rdplotData(result: unknown, source: string): RdplotData {
  const r = rdplotShape.safeParse(result);
  if (!r.success) throw new UserError('figure_result_shape', `${source} is not an RD plot result (it needs c and bins with mean_bin and mean_y).`, { source });
  return r.data;
}

const densityPoint = z.object({ x: z.number(), f_p: z.number().nullable(), ci_lower: z.number().nullable(), ci_upper: z.number().nullable() }).passthrough();
const densityTestShape = z.object({
  c: z.number(),
  density: z.object({ left: z.array(densityPoint), right: z.array(densityPoint) }),
  histogram: z.array(z.object({ from: z.number(), to: z.number(), density: z.number() }).passthrough()).optional(),
  test: z.object({ p_jk: z.number().nullable().optional() }).passthrough().optional(),
});

/** The rddensity result's density curves (rdplotdensity), histogram and jackknife p-value. */
export function densityTestData(result: unknown, source: string): DensityTestData {
  const r = densityTestShape.safeParse(result);
  if (!r.success) {
    throw new UserError('figure_result_shape', `${source} has no density curves for an RD density plot (an rddensity result with density.left/right and c).`, { source });
  }
  return { c: r.data.c, left: densitySide(r.data.density.left), right: densitySide(r.data.density.right), histogram: r.data.histogram ?? [], p: r.data.test?.p_jk ?? null };
}

const groupCurves = z.object({ treated: numbers, control: numbers });
const scoreShape = z.object({ grid: numbers, density_before: groupCurves, density_after: groupCurves });

/**
 * Propensity-score densities: the result itself or any of its fields with grid +
 * density_before/after; of a PSM-DID, the matching at position `panel` (0 when absent).
 */
export function scoreDensityData(result: unknown, source: string, panel?: string): ScoreDensityData {
  const direct = scoreShape.safeParse(result);
  if (direct.success) return direct.data;
  const matchings = z.object({ matchings: z.array(z.object({ distributions: scoreShape }).passthrough()).min(1) }).safeParse(result);
  if (matchings.success) {
    const at = matchings.data.matchings[Number(panel ?? 0)];
    if (!at) throw new UserError('figure_no_panel', `${source} has no matching "${panel}": it has ${matchings.data.matchings.length} (0 to ${matchings.data.matchings.length - 1}).`, { source, panel });
    return at.distributions;
  }
  if (result && typeof result === 'object') {
    for (const v of Object.values(result)) {
      const nested = scoreShape.safeParse(v);
      if (nested.success) return nested.data;
    }
  }
  throw new UserError('figure_result_shape', `${source} has no propensity-score densities (grid, density_before and density_after for treated and control).`, { source });
}

const baconChart = z.object({
  series: z.array(z.object({ type: z.string(), points: z.array(z.object({ x: z.number(), y: z.number(), label: z.string() })) })),
  reference_y: z.number(),
});

export function baconData(result: unknown, source: string): BaconChartData {
  const r = z.object({ chart: baconChart }).safeParse(result);
  if (!r.success) throw new UserError('figure_result_shape', `${source} is not a Goodman-Bacon decomposition result (it needs chart.series and chart.reference_y).`, { source });
  return r.data.chart;
}

const compareChart = z.object({
  series: z.array(z.object({ id: z.string().optional(), label: z.string(), points: z.array(z.object({ x: z.number(), e: z.number(), y: z.number(), low: z.number().nullable(), high: z.number().nullable() })) })).min(1),
  treatment_x: z.number(),
});

/** did_compare's chart: one event-study series per estimator, markers offset around each e. */
export function compareData(result: unknown): CompareChartData | null {
  const r = z.object({ chart: compareChart }).safeParse(result);
  return r.success ? r.data.chart : null;
}

/** The placebo draws' estimates against their p-values. */
export function placeboPValuesData(result: unknown, source: string): PlaceboPValueData {
  const r = placeboResult.pick({ charts: true }).safeParse(result);
  const data = r.success ? placeboPValueData(r.data) : null;
  if (!data) throw new UserError('figure_result_shape', `${source} has no placebo p-values (a placebo result with charts.p_values of at least one draw).`, { source });
  return data;
}

/** The coefficient plot of one rdsensitivity check (`panel`), labelled by the spec or by default. */
export function rdSensitivityFigure(result: unknown, spec: FigureSpec): { spec: FigureSpec; points: CoefPoint[] } {
  const r = rdsensitivityResult.safeParse(result);
  if (!r.success) throw new UserError('figure_result_shape', `${spec.source} is not an RD sensitivity result (it needs main, bandwidth, placebo, donut and balance rows).`, { source: spec.source });
  const check = rdSensitivityCheck(r.data, spec.panel);
  if (!check) {
    throw new UserError('figure_no_panel', `${spec.source} has no check "${spec.panel ?? ''}" with estimates. Checks: ${RD_SENSITIVITY_CHECKS.filter((c) => r.data[c].length > 0).join(', ') || 'none'}.`, { source: spec.source, panel: spec.panel ?? null });
  }
  return { spec: { ...spec, labels: { ...rdSensitivityLabels(r.data, check, spec.language), ...spec.labels } }, points: rdSensitivityPoints(r.data, check) };
}

/** A moderation's marginal effects over the moderator. */
export function marginalEffectsFigureData(result: unknown, source: string): MarginalEffectsData {
  const r = moderationResult.safeParse(result);
  if (!r.success) throw new UserError('figure_result_shape', `${source} is not a moderation result (it needs marginal_effects, johnson_neyman and distribution).`, { source });
  return marginalEffectsData(r.data);
}

/** One heterogeneity split's subgroup estimates (`panel`: the split column). */
export function heterogeneityFigurePoints(result: unknown, source: string, panel: string | undefined): CoefPoint[] {
  const r = heterogeneityResult.pick({ splits: true }).safeParse(result);
  if (!r.success) throw new UserError('figure_result_shape', `${source} is not a heterogeneity result (it needs splits with their groups).`, { source });
  const split = heterogeneitySplit(r.data, panel);
  if (!split) throw new UserError('figure_no_panel', `${source} has no split by "${panel ?? ''}". Splits: ${r.data.splits.map((s) => s.column).join(', ')}.`, { source, panel: panel ?? null });
  return heterogeneityPoints(split);
}
