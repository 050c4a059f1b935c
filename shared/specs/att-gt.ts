/**
 * Callaway & Sant'Anna (2021) group-time average treatment effects, as R's did::att_gt, with
 * one aggregation as did::aggte. Field names follow ../shared/reference/mpdta.json (docs/spec-did.md).
 */
import { z } from 'zod';
import { dataRef, subsetExpr } from './common';

/** The panel columns every staggered-adoption spec names (did's argument names). */
export const staggeredColumns = {
  /** Outcome column. */
  yname: z.string().min(1),
  /** Numeric time column. */
  tname: z.string().min(1),
  /** Unit id column (numeric or text). */
  idname: z.string().min(1),
  /** First treatment period of each unit; 0 (or a value after the last period) = never treated. */
  gname: z.string().min(1),
};

export const attGtSpec = z
  .object({
    model: z.literal('att_gt'),
    data: dataRef,
    subset: subsetExpr,
    ...staggeredColumns,
    /** Covariates as a one-sided formula, e.g. "~ lpop + x2"; absent or "~1" = unconditional. */
    xformla: z.string().min(1).optional(),
    control_group: z.enum(['nevertreated', 'notyettreated']).default('nevertreated'),
    est_method: z.enum(['dr', 'ipw', 'reg']).default('dr'),
    /** Periods before treatment in which units may already react. */
    anticipation: z.number().int().min(0).default(0),
    base_period: z.enum(['varying', 'universal']).default('varying'),
    /** Aggregation of the ATT(g,t); null or absent = none. */
    aggte: z.enum(['simple', 'dynamic', 'group', 'calendar']).nullable().optional(),
    /** Event-time window of the dynamic aggregation (did's min_e / max_e). */
    min_e: z.number().optional(),
    max_e: z.number().optional(),
    /** Dynamic aggregation on the cohorts observed for at least balance_e periods after treatment. */
    balance_e: z.number().int().min(0).optional(),
    /** Drop ATT(g,t) that could not be estimated before aggregating (did's na.rm). */
    na_rm: z.boolean().default(false),
    /** Multiplier bootstrap instead of analytic influence-function SEs. */
    bstrap: z.boolean().default(false),
    biters: z.number().int().min(10).max(100_000).default(1000),
    /** Uniform (sup-t) confidence bands; needs bstrap. */
    cband: z.boolean().default(false),
    /** Bootstrap multipliers: Rademacher (did/BMisc) or Mammen (DRDID's mboot.did). */
    boot_weights: z.enum(['rademacher', 'mammen']).default('rademacher'),
    /** Seed of the bootstrap draws (Mersenne Twister); 1 when absent. */
    seed: z.number().int().min(0).max(4294967295).optional(),
    alp: z.number().gt(0).lt(1).default(0.05),
  })
  .strict();
export type AttGtSpec = z.infer<typeof attGtSpec>;
export type AttGtSpecInput = z.input<typeof attGtSpec>;

export const attGtRow = z.object({
  group: z.number(),
  time: z.number(),
  /** null when the ATT(g,t) could not be estimated (see notes). */
  att: z.number().nullable(),
  /** null for the normalised base period (universal) or a degenerate influence function. */
  se: z.number().nullable(),
  conf_low: z.number().nullable(),
  conf_high: z.number().nullable(),
  /** 1 for post-treatment cells (group <= time). */
  post: z.number(),
});
export type AttGtRow = z.infer<typeof attGtRow>;

export const aggteRow = z.object({
  e: z.number().optional(),
  g: z.number().optional(),
  t: z.number().optional(),
  att: z.number().nullable(),
  se: z.number().nullable(),
  conf_low: z.number().nullable(),
  conf_high: z.number().nullable(),
});
export type AggteRow = z.infer<typeof aggteRow>;

export const aggteResult = z.object({
  type: z.enum(['simple', 'dynamic', 'group', 'calendar']),
  overall_att: z.number().nullable(),
  overall_se: z.number().nullable(),
  overall_conf_low: z.number().nullable(),
  overall_conf_high: z.number().nullable(),
  /** Empty for "simple". */
  by: z.array(aggteRow),
  /** Critical value of the bands around `by` (normal quantile, or sup-t with cband). */
  crit_val: z.number().nullable(),
  min_e: z.number().nullable(),
  max_e: z.number().nullable(),
  balance_e: z.number().nullable(),
});
export type AggteResult = z.infer<typeof aggteResult>;

export const attGtResult = z.object({
  model: z.literal('att_gt'),
  att_gt: z.array(attGtRow),
  aggte: aggteResult.nullable(),
  n_units: z.number(),
  n_obs: z.number(),
  n_periods: z.number(),
  groups: z.array(z.object({ group: z.number(), n_units: z.number() })),
  n_never_treated: z.number(),
  /** Critical value of the ATT(g,t) bands. */
  crit_val: z.number(),
  /** Wald pre-test that every pre-treatment ATT(g,t) is zero; null with a reason in notes. */
  pretest_W: z.number().nullable(),
  pretest_df: z.number().nullable(),
  pretest_Wpval: z.number().nullable(),
  /** As did prints it (rounded to 5 decimals). */
  pretest_Wpval_rounded5: z.number().nullable(),
  est_method: z.enum(['dr', 'ipw', 'reg']),
  control_group: z.enum(['nevertreated', 'notyettreated']),
  base_period: z.enum(['varying', 'universal']),
  anticipation: z.number(),
  covariates: z.array(z.string()),
  se_method: z.string(),
  bootstrap: z.object({ biters: z.number(), seed: z.number(), weights: z.enum(['rademacher', 'mammen']), cband: z.boolean() }).nullable(),
  alp: z.number(),
  notes: z.array(z.string()),
});
export type AttGtResult = z.infer<typeof attGtResult>;
