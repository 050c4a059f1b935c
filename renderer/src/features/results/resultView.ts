/**
 * Reads a stored estimation result into what the results screen draws. The renderer computes
 * no statistics: every number shown comes from the result as the engine stored it, named as
 * the reference fixtures name them (coefficients term → estimate, se, t|z, p, conf_low,
 * conf_high; nobs; r2; r2_within; fixef_vars / fixef_sizes; n_clusters; vcov_type). A value
 * the engine did not report stays null and is shown as "n/a".
 *
 * Two shapes carry an event study: a `did` result, whose `event_study` fit lists its chart rows
 * (`points`, reference periods included) and its pre-trend test, and a feols result whose i()
 * terms are listed in `event_terms` (fixest's iplot of the same fit).
 */
import { z } from 'zod';
import type { EventStudyPoint } from '../../charts/eventStudyOption';

const num = z.number().nullable();

const coefRow = z.object({
  estimate: num,
  se: num,
  t: num.optional(),
  z: num.optional(),
  p: num,
  conf_low: num.optional(),
  conf_high: num.optional(),
});

const eventTerms = z.array(
  z.looseObject({
    factor: z.string(),
    references: z.array(z.string()),
    coefficients: z.array(z.string()),
  }),
);

/** The engine's own chart rows of a did event study (shared/specs/did.ts eventStudyPoint). */
const chartPoints = z.array(
  z.looseObject({
    rel_time: z.number(),
    estimate: num,
    conf_low: num.optional(),
    conf_high: num.optional(),
    ref: z.boolean(),
    binned: z.boolean().optional(),
  }),
);

const pretrendTest = z.looseObject({
  stat: num,
  p: num,
  df1: z.number(),
  df2: z.number(),
  reason: z.string().optional(),
});

const treatmentSummary = z.looseObject({
  n_units: z.number(),
  n_treated_units: z.number(),
  n_never_treated_units: z.number(),
  n_treated_obs: z.number(),
  staggered: z.boolean(),
});

/** A feols-like fit: the fields a coefficient table needs, anything else passes through. */
const fit = z.looseObject({
  coefficients: z.record(z.string(), coefRow),
  depvar: z.string().optional(),
  nobs: z.number().optional(),
  r2: num.optional(),
  r2_within: num.optional(),
  vcov_type: z.string().optional(),
  n_clusters: z.record(z.string(), z.number()).nullable().optional(),
  fixef_vars: z.array(z.string()).optional(),
  fixef_sizes: z.record(z.string(), z.number()).optional(),
  collinear_dropped: z.array(z.string()).optional(),
  event_terms: eventTerms.optional(),
});
type Fit = z.infer<typeof fit>;

const eventStudyFit = fit.extend({
  points: chartPoints.optional(),
  pretrend_test: pretrendTest.optional(),
});
type EventStudyFit = z.infer<typeof eventStudyFit>;

/** fixest's Sun–Abraham block: the aggregation shown and the periods normalised to zero. */
const sunabShape = z.looseObject({ agg: z.union([z.string(), z.literal(false)]), reference_periods: z.array(z.number()) });

const resultShape = fit.extend({
  model: z.string().optional(),
  sunab: sunabShape.nullable().optional(),
  treatment: treatmentSummary.optional(),
  event_study: eventStudyFit.nullable().optional(),
});

/** The parts of the spec the view needs (the spec is stored with the result). */
const specShape = z.looseObject({
  model: z.string(),
  outcome: z.string().optional(),
  unit: z.string().optional(),
  time: z.string().optional(),
  fixed_effects: z.array(z.string()).optional(),
  cluster: z.array(z.string()).optional(),
  /** A did spec names iid/hetero here; a feols spec may name a cluster object. */
  vcov: z.unknown().optional(),
  event_study: z.looseObject({ ref: z.number().optional() }).nullable().optional(),
});
type SpecShape = z.infer<typeof specShape>;

export interface CoefficientView {
  term: string;
  estimate: number | null;
  se: number | null;
  /** The t or z statistic, whichever the engine reported. */
  stat: number | null;
  p: number | null;
  confLow: number | null;
  confHigh: number | null;
}

export type SeKind =
  | { kind: 'cluster'; clusters: { name: string; count: number | null }[] }
  | { kind: 'hetero' }
  | { kind: 'iid' }
  | { kind: 'other'; label: string };

export interface TableView {
  outcome: string | null;
  statName: 't' | 'z';
  rows: CoefficientView[];
  nobs: number | null;
  r2: number | null;
  r2Within: number | null;
  fixedEffects: string[];
  se: SeKind;
  collinearDropped: string[];
}

/** One point of the chart, as the chart draws it. */
export type EventStudyPointView = EventStudyPoint;

export interface PretrendView {
  stat: number | null;
  p: number | null;
  df1: number;
  df2: number;
  /** Why the test is not available, when stat is null. */
  reason: string | null;
}

export interface TreatmentView {
  units: number;
  treatedUnits: number;
  neverTreatedUnits: number;
  treatedObs: number;
  staggered: boolean;
}

export interface ResultView {
  model: string;
  table: TableView;
  treatment: TreatmentView | null;
  eventStudy: EventStudyPointView[] | null;
  pretrend: PretrendView | null;
}

export class ResultShapeError extends Error {
  constructor(readonly issues: string[]) {
    super(`The result does not have the expected shape: ${issues.join('; ')}`);
  }
}

function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => `${prefix}${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

function coefficientRows(coefficients: Fit['coefficients']): CoefficientView[] {
  return Object.entries(coefficients).map(([term, row]) => ({
    term,
    estimate: row.estimate,
    se: row.se,
    stat: row.t ?? row.z ?? null,
    p: row.p,
    confLow: row.conf_low ?? null,
    confHigh: row.conf_high ?? null,
  }));
}

function seKind(f: Fit, spec: SpecShape): SeKind {
  if (f.n_clusters && Object.keys(f.n_clusters).length > 0) {
    return { kind: 'cluster', clusters: Object.entries(f.n_clusters).map(([name, count]) => ({ name, count })) };
  }
  if (spec.cluster && spec.cluster.length > 0) {
    return { kind: 'cluster', clusters: spec.cluster.map((name) => ({ name, count: null })) };
  }
  if (spec.vcov === 'hetero' || spec.vcov === 'HC1') return { kind: 'hetero' };
  if (spec.vcov === 'iid') return { kind: 'iid' };
  // A DID without a cluster list clusters by the unit (shared/specs/did.ts).
  if (spec.model === 'did' && spec.cluster === undefined && spec.unit) {
    return { kind: 'cluster', clusters: [{ name: spec.unit, count: null }] };
  }
  return { kind: 'other', label: f.vcov_type ?? '' };
}

function fixedEffectNames(f: Fit, spec: SpecShape): string[] {
  if (f.fixef_vars) return f.fixef_vars;
  if (f.fixef_sizes) return Object.keys(f.fixef_sizes);
  if (spec.fixed_effects) return spec.fixed_effects;
  if (spec.model === 'did' && spec.unit && spec.time) return [spec.unit, spec.time];
  return [];
}

/** Event-time coefficients are named as fixest names them: `rel_time::-2`, `year::3`. */
const EVENT_TERM = /::(-?\d+)$/;

/**
 * The points of an event-study plot: the event-time coefficients of `es` (those of its first
 * i() term when it lists them), and the reference periods, which are normalised to zero by
 * construction (the omitted dummies) and drawn at zero without an interval, as fixest's iplot
 * does. A reference far outside the window (fixest's -1000 for never-treated units) is not a
 * period of the plot and is left out.
 */
function eventStudyPoints(es: Fit, refs: number[]): EventStudyPointView[] {
  const listed = es.event_terms?.[0]?.coefficients;
  const points: EventStudyPointView[] = [];
  for (const row of coefficientRows(es.coefficients)) {
    if (listed && !listed.includes(row.term)) continue;
    const m = EVENT_TERM.exec(row.term);
    if (!m) continue;
    points.push({
      period: Number(m[1]),
      estimate: row.estimate,
      confLow: row.confLow,
      confHigh: row.confHigh,
      isReference: false,
      binned: false,
    });
  }
  if (points.length === 0) return points;
  const lo = Math.min(...points.map((p) => p.period)) - 1;
  const hi = Math.max(...points.map((p) => p.period)) + 1;
  for (const ref of refs) {
    if (ref < lo || ref > hi || points.some((p) => p.period === ref)) continue;
    points.push({ period: ref, estimate: 0, confLow: null, confHigh: null, isReference: true, binned: false });
  }
  return points.sort((a, b) => a.period - b.period);
}

/** A did event study lists its chart rows itself, reference periods included. */
function pointsOfEngine(es: EventStudyFit): EventStudyPointView[] | null {
  if (!es.points) return null;
  return es.points
    .map((p) => ({
      period: p.rel_time,
      estimate: p.estimate,
      confLow: p.conf_low ?? null,
      confHigh: p.conf_high ?? null,
      isReference: p.ref,
      binned: p.binned ?? false,
    }))
    .sort((a, b) => a.period - b.period);
}

function numericReferences(es: Fit): number[] {
  return (es.event_terms?.[0]?.references ?? []).map(Number).filter((x) => Number.isInteger(x));
}

export function toResultView(spec: unknown, result: unknown): ResultView {
  const s = specShape.safeParse(spec);
  if (!s.success) throw new ResultShapeError(describeIssues(s.error, 'spec.'));
  const r = resultShape.safeParse(result);
  if (!r.success) throw new ResultShapeError(describeIssues(r.error));
  const f = r.data;
  const anyZ = Object.values(f.coefficients).some((c) => c.z !== undefined && c.t === undefined);

  let eventStudy: EventStudyPointView[] | null = null;
  const es = f.event_study;
  if (es) {
    const ref = s.data.event_study?.ref;
    eventStudy = pointsOfEngine(es) ?? eventStudyPoints(es, ref === undefined ? numericReferences(es) : [ref]);
  } else if (f.event_terms && f.event_terms.length > 0) {
    eventStudy = eventStudyPoints(f, numericReferences(f));
  } else if (f.sunab && f.sunab.agg === 'period') {
    // sunab(cohort, period) by relative period: fixest's iplot of the aggregated terms.
    eventStudy = eventStudyPoints(f, f.sunab.reference_periods);
  }
  const pre = es?.pretrend_test;
  const tr = f.treatment;

  return {
    model: f.model ?? s.data.model,
    table: {
      outcome: s.data.outcome ?? f.depvar ?? null,
      statName: anyZ ? 'z' : 't',
      rows: coefficientRows(f.coefficients),
      nobs: f.nobs ?? null,
      r2: f.r2 ?? null,
      r2Within: f.r2_within ?? null,
      fixedEffects: fixedEffectNames(f, s.data),
      se: seKind(f, s.data),
      collinearDropped: f.collinear_dropped ?? [],
    },
    treatment: tr
      ? {
          units: tr.n_units,
          treatedUnits: tr.n_treated_units,
          neverTreatedUnits: tr.n_never_treated_units,
          treatedObs: tr.n_treated_obs,
          staggered: tr.staggered,
        }
      : null,
    eventStudy: eventStudy && eventStudy.length > 0 ? eventStudy : null,
    pretrend: pre ? { stat: pre.stat, p: pre.p, df1: pre.df1, df2: pre.df2, reason: pre.reason ?? null } : null,
  };
}

/** Significance stars as economics journals print them (*** 1%, ** 5%, * 10%). */
export function stars(p: number | null): string {
  if (p === null || Number.isNaN(p)) return '';
  if (p < 0.01) return '***';
  if (p < 0.05) return '**';
  if (p < 0.1) return '*';
  return '';
}
