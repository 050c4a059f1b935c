/**
 * Goodman-Bacon (2021, J. Econometrics 225(2)) decomposition of the two-way fixed effects DiD
 * coefficient into every 2×2 comparison between timing cohorts, as bacondecomp::bacon 0.1.1
 * without controls. Field names follow mpdta_extra.json's `bacon` case (docs/spec-did.md).
 */
import { z } from 'zod';
import { dataRef, subsetExpr } from './common';

export const baconSpec = z
  .object({
    model: z.literal('bacon'),
    data: dataRef,
    subset: subsetExpr,
    /** "outcome ~ treatment" with a 0/1 treatment that never switches off. */
    formula: z.string().min(3),
    id_var: z.string().min(1),
    time_var: z.string().min(1),
  })
  .strict();
export type BaconSpec = z.infer<typeof baconSpec>;

export const baconType = z.enum(['Earlier vs Later Treated', 'Later vs Earlier Treated', 'Treated vs Untreated', 'Later vs Always Treated']);
export type BaconType = z.infer<typeof baconType>;

export const baconComparison = z.object({
  /** Cohort (first treated period) of the treated group. */
  treated: z.number(),
  /** Cohort of the comparison group; 99999 = never treated (bacondecomp's code). */
  untreated: z.number(),
  estimate: z.number(),
  weight: z.number(),
  type: baconType,
});
export type BaconComparison = z.infer<typeof baconComparison>;

export const baconResult = z.object({
  model: z.literal('bacon'),
  /** In bacondecomp's order. */
  comparisons: z.array(baconComparison),
  n_comparisons: z.number(),
  weight_total: z.number(),
  /** Σ estimate × weight: equals the TWFE coefficient. */
  weighted_sum: z.number(),
  /** The TWFE coefficient of outcome ~ treatment | id + time on the same data. */
  twfe_coefficient: z.number(),
  by_type: z.array(z.object({ type: baconType, n_comparisons: z.number(), weight: z.number(), avg_estimate: z.number() })),
  n_obs: z.number(),
  n_units: z.number(),
  n_periods: z.number(),
  /** Scatter of estimate (y) against weight (x), one series per type, with the TWFE line. */
  chart: z.object({
    x: z.literal('weight'),
    y: z.literal('estimate'),
    series: z.array(z.object({ type: baconType, points: z.array(z.object({ x: z.number(), y: z.number(), label: z.string() })) })),
    reference_y: z.number(),
  }),
  notes: z.array(z.string()),
});
export type BaconResult = z.infer<typeof baconResult>;
