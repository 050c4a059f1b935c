/**
 * PSM-DID: propensity-score matching on pre-policy covariates, then difference-in-differences
 * (feols) on the matched sample with the matching weights (docs/spec-psm.md).
 */
import { z } from 'zod';
import { dataRef, factorLevels, subsetExpr, vcovSpec } from './common';
import { feolsResult } from './feols';
import { matchingOptions, matchingSummary } from './matchit';

export const psmDidSpec = z
  .object({
    model: z.literal('psm_did'),
    data: dataRef,
    subset: subsetExpr,
    levels: factorLevels,
    /** Score model: treatment-group indicator on the (pre-policy) covariates, "treat ~ x1 + x2". */
    formula: z.string().min(1),
    /** Panel identifiers. */
    unit: z.string().min(1),
    time: z.string().min(1),
    /**
     * "by_period": match within each period and stack the matched samples (逐期匹配);
     * "pooled": match all unit-period observations at once (混合匹配);
     * "baseline": match units on their covariates in `baseline_period` and keep every period
     * of the matched units.
     */
    matching: z.enum(['by_period', 'pooled', 'baseline']).default('by_period'),
    /** Period whose covariates "baseline" matching uses; default the first period. */
    baseline_period: z.union([z.number(), z.string()]).optional(),
    ...matchingOptions,
    /** The DID on the matched sample, fixest syntax, e.g. "lny ~ did + x1 | id + year". */
    did_formula: z.string().min(1),
    /** Default: clustered by `unit`. */
    vcov: vcovSpec.optional(),
    /** Weight the DID by the matching weights (true) or only keep the matched observations. */
    use_weights: z.boolean().default(true),
  })
  .strict();
export type PsmDidSpec = z.infer<typeof psmDidSpec>;
export type PsmDidSpecInput = z.input<typeof psmDidSpec>;

/** One matching (per period for "by_period"), without the per-row arrays. */
export const psmDidMatching = matchingSummary
  .omit({ pscore: true, weights: true, subclass: true, matching_order: true })
  .extend({
    /** Period matched (null for "pooled"); match_pairs, unmatched_treated and discarded use rows of the analysed data. */
    period: z.union([z.number(), z.string()]).nullable(),
  });

export const psmDidResult = z.object({
  model: z.literal('psm_did'),
  matching_mode: z.enum(['by_period', 'pooled', 'baseline']),
  matchings: z.array(psmDidMatching),
  /** Periods skipped in "by_period" (no treated or no control units, or no match), with the reason. */
  skipped_periods: z.array(z.object({ period: z.union([z.number(), z.string()]), reason: z.string() })),
  /** Per row of the analysed data: matching weight used by the DID (0 = not in the matched sample). */
  weights: z.array(z.number()),
  /** Per row: propensity score from the matching that row took part in (null if none). */
  pscore: z.array(z.number().nullable()),
  nobs_matched: z.number(),
  n_units_matched: z.number(),
  /** DID on the matched sample and, for comparison, on the full sample. */
  did_matched: feolsResult,
  did_full: feolsResult,
  notes: z.array(z.string()),
});
export type PsmDidResult = z.infer<typeof psmDidResult>;
