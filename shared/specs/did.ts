/**
 * The DID builder's spec: a TWFE difference-in-differences with an optional event study, as a
 * policy-pilot paper runs it. The treatment is an existing 0/1 column or is built from a
 * treated group and a policy time (one date, or a column of first-treatment times for
 * staggered adoption). The engine turns this into feols specs (docs/spec-policy.md).
 *
 * The optional sample and specification changes (`exclude`, `winsorize`, `unit_trends`) are
 * what robustness variants set: each variant is a full did spec of its own, linked to the
 * analysis it reruns by `base_id` (shared/specs/robustness.ts).
 */
import { z } from 'zod';
import { coefRow, dataRef, factorLevels, subsetExpr } from './common';
import { feolsResult, testStat } from './feols';

export const unitId = z.union([z.string(), z.number()]);

export const treatmentSpec = z.discriminatedUnion('kind', [
  /** An existing 0/1 treated-and-post column (e.g. treat_post). */
  z.object({ kind: z.literal('column'), column: z.string().min(1) }).strict(),
  /** Units listed by id (e.g. the pilot cities) are treated from `policy_time` on. */
  z.object({ kind: z.literal('ids'), ids: z.array(unitId).min(1), policy_time: z.number() }).strict(),
  /** A 0/1 column marks the treated group; treated from `policy_time` on. */
  z.object({ kind: z.literal('group'), column: z.string().min(1), policy_time: z.number() }).strict(),
  /** A column holds each unit's first treatment time; 0 or missing = never treated (staggered). */
  z.object({ kind: z.literal('first_treat'), column: z.string().min(1) }).strict(),
]);
export type TreatmentSpec = z.infer<typeof treatmentSpec>;

export const eventStudySpec = z
  .object({
    /** Number of pre-treatment periods shown (leads), e.g. 4 → -4 … -1. */
    leads: z.number().int().min(1).max(50).default(4),
    /** Number of post-treatment periods shown (lags), e.g. 3 → 0 … 3. */
    lags: z.number().int().min(0).max(50).default(3),
    /** Reference (omitted) relative period. */
    ref: z.number().int().default(-1),
    /** Periods beyond the window: pooled into the end bins, or dropped from the sample. */
    endpoints: z.enum(['bin', 'trim']).default('bin'),
    /**
     * Denominator df of the joint pre-trend F test: the t df of the coefficients ("t": G - 1
     * when clustered, as Stata's test after a clustered regression) or nobs - nparams
     * ("residual": fixest's wald()).
     */
    wald_df2: z.enum(['t', 'residual']).default('t'),
  })
  .strict();
export type EventStudySpec = z.infer<typeof eventStudySpec>;

/** Rows left out of the estimation (a robustness variant's "drop samples"). */
export const excludeSpec = z
  .object({
    /** Units (values of the unit column) to drop entirely. */
    units: z.array(unitId).min(1).optional(),
    /** Periods (values of the time column) to drop. */
    times: z.array(z.number()).min(1).optional(),
    /** Rows whose `column` takes one of `values`, e.g. a region or a province. */
    values: z.array(z.object({ column: z.string().min(1), values: z.array(z.union([z.string(), z.number()])).min(1) }).strict()).min(1).optional(),
  })
  .strict();
export type ExcludeSpec = z.infer<typeof excludeSpec>;

/** Winsorize at the p-th and (100 - p)-th percentiles (Stata's percentile rule, as winsor2). */
export const winsorizeSpec = z
  .object({
    /** Columns to winsorize; the outcome when absent. */
    columns: z.array(z.string().min(1)).min(1).optional(),
    lower: z.number().min(0).max(50).default(1),
    upper: z.number().min(50).max(100).default(99),
    /** Cut within each period instead of over the pooled sample. */
    by_time: z.boolean().default(false),
  })
  .strict();
export type WinsorizeSpec = z.infer<typeof winsorizeSpec>;

/** The fields every DID-family spec shares (did, ddd, did_lags). */
export const didCoreFields = {
  data: dataRef,
  subset: subsetExpr,
  levels: factorLevels,
  outcome: z.string().min(1),
  treatment: treatmentSpec,
  unit: z.string().min(1),
  time: z.string().min(1),
  controls: z.array(z.string().min(1)).default([]),
  /** Fixed effects; unit and time when absent. Interactions as in fixest: "province^year". */
  fixed_effects: z.array(z.string().min(1)).optional(),
  /** Cluster variables; the unit when absent. An empty list means no clustering (see `vcov`). */
  cluster: z.array(z.string().min(1)).optional(),
  /** Used only when `cluster` is an empty list; "hetero" when absent. */
  vcov: z.enum(['iid', 'hetero']).optional(),
  weights: z.string().min(1).optional(),
  /** Confidence level of the intervals (default 0.95). */
  level: z.number().gt(0).lt(1).optional(),
};

export const didSpec = z
  .object({
    model: z.literal('did'),
    ...didCoreFields,
    /** Event study alongside the TWFE estimate; null to skip. */
    event_study: eventStudySpec.nullable().optional(),
    /** Rows to leave out (applied after `subset`). */
    exclude: excludeSpec.optional(),
    /** Winsorize the outcome (or other columns) on the estimation sample. */
    winsorize: winsorizeSpec.optional(),
    /** Unit-specific linear time trends (one slope per unit, not shown in the table). */
    unit_trends: z.boolean().optional(),
    /** The analysis this spec is a robustness variant of, and the variant's label. */
    base_id: z.string().min(1).optional(),
    label: z.string().min(1).optional(),
  })
  .strict();
export type DidSpec = z.infer<typeof didSpec>;
export type DidSpecInput = z.input<typeof didSpec>;

/** How the treatment came out of the spec. */
export const treatmentSummary = z.object({
  kind: z.enum(['column', 'ids', 'group', 'first_treat']),
  /** The 0/1 treated × post regressor as named in the coefficient table. */
  term: z.string(),
  n_units: z.number(),
  n_treated_units: z.number(),
  /** Units never treated in the sample. */
  n_never_treated_units: z.number(),
  /** Observations with treated × post = 1. */
  n_treated_obs: z.number(),
  /** Treated units by first treated period (one row for a common policy date). */
  cohorts: z.array(z.object({ time: z.number(), n_units: z.number() })),
  staggered: z.boolean(),
});
export type TreatmentSummary = z.infer<typeof treatmentSummary>;

/** One point of the event-study chart (the reference period is a 0 row marked `ref`). */
export const eventStudyPoint = coefRow.extend({
  rel_time: z.number(),
  /** Coefficient name (`rel_time::-2`), null for a reference period. */
  term: z.string().nullable(),
  ref: z.boolean(),
  /** Endpoint bin pooling every period beyond the window on that side. */
  binned: z.boolean(),
  /** Observations of treated units at this relative period (after binning). */
  n_obs: z.number(),
});
export type EventStudyPoint = z.infer<typeof eventStudyPoint>;

export const eventStudyResult = feolsResult.extend({
  model: z.literal('event_study'),
  window: z.object({ leads: z.number(), lags: z.number(), ref: z.number(), endpoints: z.enum(['bin', 'trim']) }),
  /** Relative periods without a coefficient: `ref`, plus the earliest one without never-treated units. */
  reference_periods: z.array(z.number()),
  /** fixest's device: never-treated units get this relative time and serve as a reference. */
  never_treated_value: z.number().nullable(),
  points: z.array(eventStudyPoint),
  /** Joint Wald test that every pre-period coefficient is zero. */
  pretrend_test: testStat.extend({ rel_times: z.array(z.number()) }),
  n_treated_units: z.number(),
  n_never_treated_units: z.number(),
  /** Observations pooled into the lower / upper end bin, or dropped by trimming. */
  binned_obs: z.object({ lower: z.number(), upper: z.number() }),
  trimmed_obs: z.number(),
});
export type EventStudyResult = z.infer<typeof eventStudyResult>;

export const didResult = feolsResult.extend({
  model: z.literal('did'),
  treatment: treatmentSummary,
  event_study: eventStudyResult.nullable(),
  /** Rows removed by `exclude`, and the winsorized columns. */
  excluded_obs: z.number(),
  winsorized: z.array(z.string()),
  /** Number of unit-specific trend slopes estimated (not in `coefficients`). */
  unit_trends: z.number(),
});
export type DidResult = z.infer<typeof didResult>;
