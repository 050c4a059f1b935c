/**
 * Borusyak, Jaravel & Spiess (2024, REStud) imputation estimator, as R's
 * didimputation::did_imputation with the default first stage (unit + period fixed effects).
 * Field names follow mpdta_extra.json's didimp_* cases (docs/spec-did.md).
 */
import { z } from 'zod';
import { staggeredColumns } from './att-gt';
import { dataRef, subsetExpr } from './common';

export const didImputationSpec = z
  .object({
    model: z.literal('did_imputation'),
    data: dataRef,
    subset: subsetExpr,
    /** A missing gname also means never treated here (didimputation). */
    ...staggeredColumns,
    /**
     * Event-time effects: true = every horizon e >= 0 in the data, or a list of horizons.
     * Absent = the overall (static) ATT only.
     */
    horizon: z.union([z.literal(true), z.array(z.number().int().min(0)).min(1)]).optional(),
    /**
     * Pre-trend coefficients from a fixed-effects regression on the untreated observations:
     * true = every pre-period event time, or an inclusive range [from, to] of negative event
     * times (didimputation's pretrends = from:to).
     */
    pretrends: z.union([z.literal(true), z.tuple([z.number().int(), z.number().int()])]).optional(),
    /** Cluster variable of the standard errors; the unit id when absent. */
    cluster_var: z.string().min(1).optional(),
  })
  .strict();
export type DidImputationSpec = z.infer<typeof didImputationSpec>;

export const didImputationTerm = z.object({
  /** "treat" (static), "0", "1", … (horizons) or "-3", … (pre-trends). */
  term: z.string(),
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  /** estimate ∓ 1.96 · se, as did_imputation computes them. */
  conf_low: z.number().nullable(),
  conf_high: z.number().nullable(),
  /** Treated observations averaged (horizons) or observations with the pre-trend dummy. */
  n: z.number(),
  kind: z.enum(['static', 'horizon', 'pretrend']),
});
export type DidImputationTerm = z.infer<typeof didImputationTerm>;

export const didImputationResult = z.object({
  model: z.literal('did_imputation'),
  terms: z.array(didImputationTerm),
  n_obs: z.number(),
  n_treated_obs: z.number(),
  n_untreated_obs: z.number(),
  n_units: z.number(),
  n_clusters: z.number(),
  conf_int: z.string(),
  /** Joint Wald test that all pre-trend coefficients are 0 (F form, fixest's clustered vcov). */
  pretrend_test: z.object({ stat: z.number(), df1: z.number(), df2: z.number(), p: z.number() }).nullable(),
  notes: z.array(z.string()),
});
export type DidImputationResult = z.infer<typeof didImputationResult>;
