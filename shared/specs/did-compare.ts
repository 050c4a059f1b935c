/**
 * One view of event-time estimates from TWFE, Callaway–Sant'Anna, Sun–Abraham and the
 * imputation estimator on the same staggered panel: a table (one row per event time) and a
 * chart with offset markers on a shared axis (docs/spec-did.md).
 */
import { z } from 'zod';
import { staggeredColumns } from './att-gt';
import { dataRef, subsetExpr } from './common';

export const compareEstimatorId = z.enum(['twfe', 'cs', 'sa', 'imputation']);
export type CompareEstimatorId = z.infer<typeof compareEstimatorId>;

export const didCompareSpec = z
  .object({
    model: z.literal('did_compare'),
    data: dataRef,
    subset: subsetExpr,
    ...staggeredColumns,
    estimators: z.array(compareEstimatorId).min(1).default(['twfe', 'cs', 'sa', 'imputation']),
    /** Comparison group of Callaway–Sant'Anna. */
    control_group: z.enum(['nevertreated', 'notyettreated']).default('nevertreated'),
    /**
     * Base period of Callaway–Sant'Anna. "universal" (default here) makes its pre-period
     * estimates long differences relative to g - 1, like the TWFE event study.
     */
    base_period: z.enum(['varying', 'universal']).default('universal'),
    /** Event-time window shown (estimation uses all periods). */
    min_e: z.number().int().optional(),
    max_e: z.number().int().optional(),
    alp: z.number().gt(0).lt(1).default(0.05),
  })
  .strict();
export type DidCompareSpec = z.infer<typeof didCompareSpec>;
export type DidCompareSpecInput = z.input<typeof didCompareSpec>;

export const eventEstimate = z.object({
  e: z.number(),
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  conf_low: z.number().nullable(),
  conf_high: z.number().nullable(),
});
export type EventEstimate = z.infer<typeof eventEstimate>;

export const compareSeries = z.object({
  id: compareEstimatorId,
  label: z.string(),
  /** Event times normalised to zero (not estimated). */
  reference_periods: z.array(z.number()),
  points: z.array(eventEstimate),
  /** The estimator's single summary ATT (TWFE coefficient, CS dynamic average, …). */
  overall: z.object({ label: z.string(), estimate: z.number().nullable(), se: z.number().nullable(), conf_low: z.number().nullable(), conf_high: z.number().nullable() }).nullable(),
  /** False when the estimator could not be run; `note` says why. */
  available: z.boolean(),
  note: z.string().nullable(),
});
export type CompareSeries = z.infer<typeof compareSeries>;

export const didCompareResult = z.object({
  model: z.literal('did_compare'),
  series: z.array(compareSeries),
  /** One row per event time present in any series; a cell is null where that estimator has none. */
  table: z.array(z.object({ e: z.number(), cells: z.record(z.string(), eventEstimate.nullable()) })),
  chart: z.object({
    /** Horizontal position of each marker = e + offset of its series. */
    offsets: z.record(z.string(), z.number()),
    series: z.array(
      z.object({
        id: compareEstimatorId,
        label: z.string(),
        points: z.array(z.object({ x: z.number(), e: z.number(), y: z.number(), low: z.number().nullable(), high: z.number().nullable() })),
      }),
    ),
    /** Vertical line between the last pre-period and the first treated period. */
    treatment_x: z.number(),
  }),
  n_units: z.number(),
  n_obs: z.number(),
  notes: z.array(z.string()),
});
export type DidCompareResult = z.infer<typeof didCompareResult>;
