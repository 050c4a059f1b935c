/**
 * Propensity-score matching (MatchIt's matchit() for nearest-neighbour matching; psmatch2's
 * kernel and radius matching), balance before/after, the ATT with its SE, and the score
 * distributions for the plots. Field names follow ../shared/reference/lalonde.json
 * (docs/spec-psm.md).
 */
import { z } from 'zod';
import { coefRow, dataRef, factorLevels, subsetExpr } from './common';

/** Matching settings shared by matchit and psm_did. */
export const matchingOptions = {
  /** "nearest" (greedy nearest neighbour, MatchIt), "kernel" or "radius" (psmatch2). */
  method: z.enum(['nearest', 'kernel', 'radius']).default('nearest'),
  /** Link of the propensity-score glm. */
  distance: z.enum(['logit', 'probit']).default('logit'),
  /**
   * "glm": the score glm stops by R's default rule, as MatchIt fits it (reproduces its
   * matches); "exact": converged to the MLE.
   */
  ps_fit: z.enum(['glm', 'exact']).default('glm'),
  /** Nearest neighbour: reuse controls. */
  replace: z.boolean().default(false),
  /** Nearest neighbour: controls per treated unit (k:1). */
  ratio: z.number().int().min(1).max(100).default(1),
  /** Maximum score distance (nearest, radius); in SDs of the score when std_caliper. */
  caliper: z.number().positive().optional(),
  std_caliper: z.boolean().default(true),
  /** Order in which treated units are matched (nearest without replacement). */
  m_order: z.enum(['largest', 'smallest', 'random', 'data']).default('largest'),
  /** Common support: drop units whose score is outside the other group's range. */
  discard: z.enum(['none', 'both', 'treated', 'control']).default('none'),
  /** Kernel matching: kernel and bandwidth (psmatch2's defaults). */
  kernel: z.enum(['epanechnikov', 'gaussian', 'biweight', 'uniform', 'tricube']).default('epanechnikov'),
  bandwidth: z.number().positive().default(0.06),
  /** Seed for m_order = "random" (Mersenne Twister). */
  seed: z.number().int().min(0).max(4294967295).optional(),
};

export const matchitSpec = z
  .object({
    model: z.literal('matchit'),
    data: dataRef,
    subset: subsetExpr,
    levels: factorLevels,
    /** "treat ~ age + educ + race + …": treatment (0/1 or two categories) on the covariates. */
    formula: z.string().min(1),
    ...matchingOptions,
    /** Outcome for the ATT; absent = matching and balance only. */
    outcome: z.string().min(1).optional(),
    /** Add the score model's covariates to the outcome regression (regression adjustment). */
    att_covariates: z.boolean().default(false),
    /**
     * SE of the ATT: "auto" = by pair without replacement, by pair and unit with replacement,
     * HC3 for kernel/radius (MatchIt's vignette); or "pair", "pair_id", "HC3", "iid".
     */
    att_vcov: z.enum(['auto', 'pair', 'pair_id', 'HC3', 'iid']).default('auto'),
    conf_level: z.number().gt(0).lt(1).default(0.95),
  })
  .strict();
export type MatchitSpec = z.infer<typeof matchitSpec>;
export type MatchitSpecInput = z.input<typeof matchitSpec>;

const groupCount = z.object({ Control: z.number(), Treated: z.number() });

export const balanceRow = z.object({
  'Means Treated': z.number(),
  'Means Control': z.number(),
  'Std. Mean Diff.': z.number(),
  'Var. Ratio': z.number().nullable(),
  'eCDF Mean': z.number(),
  'eCDF Max': z.number(),
  'Std. Pair Dist.': z.number().nullable(),
  /** t test of the mean difference (weighted regression on the treatment, classical SE). */
  t: z.number().nullable(),
  p: z.number().nullable(),
});

const curves = z.object({ treated: z.array(z.number()), control: z.array(z.number()) });

export const scoreDistributions = z.object({
  grid: z.array(z.number()),
  bandwidth: z.object({ treated: z.number(), control: z.number() }),
  density_before: curves,
  density_after: curves,
  breaks: z.array(z.number()),
  histogram_before: curves,
  histogram_after: curves,
});

export const attEstimate = z.object({
  estimate: z.number(),
  se: z.number(),
  t: z.number(),
  p: z.number().nullable(),
  conf_low: z.number().nullable(),
  conf_high: z.number().nullable(),
  df: z.number(),
  vcov_type: z.string(),
  layout: z.enum(['match_data', 'get_matches']),
  nobs: z.number(),
  n_clusters: z.record(z.string(), z.number()).nullable(),
});

/** The outcome regression as an lm case of the fixtures. */
export const attRegression = z.object({
  coefficients: z.record(z.string(), coefRow),
  nobs: z.number(),
  r2: z.number().nullable(),
  adj_r2: z.number().nullable(),
  sigma: z.number(),
  df_residual: z.number(),
  /** Unweighted sum of squared residuals (R's sum(residuals(fit)^2), as the fixtures report it). */
  ssr: z.number(),
  /** sum of w × residual² (R's deviance(fit)). */
  weighted_ssr: z.number(),
  fstat: z.number().nullable(),
  fstat_df: z.tuple([z.number(), z.number()]),
  vcov_type: z.string(),
  vcov: z.record(z.string(), z.record(z.string(), z.number())),
  collinear_dropped: z.array(z.string()),
  n_clusters: z.record(z.string(), z.number()).nullable(),
});

export const psModelSummary = z.object({
  link: z.enum(['logit', 'probit']),
  coefficients: z.record(z.string(), coefRow),
  nobs: z.number(),
  deviance: z.number(),
  null_deviance: z.number(),
  loglik: z.number(),
  aic: z.number(),
  iterations: z.number(),
  converged: z.boolean(),
  collinear_dropped: z.array(z.string()),
});

export const matchingSummary = z.object({
  method: z.enum(['nearest', 'kernel', 'radius']),
  distance: z.enum(['logit', 'probit']),
  estimand: z.literal('ATT'),
  ps_model: psModelSummary,
  /** Caliper in SD units, the SD used (over non-discarded units, n - 1) and in score units. */
  caliper: z.object({ sd_units: z.number().nullable(), sd_of_distance: z.number().nullable(), distance_units: z.number() }).nullable(),
  n_matched: z.object({ control: z.number(), treated: z.number() }),
  /** [treated_row, control_row], 1-based rows of the analysed data, by treated row (nearest only). */
  match_pairs: z.array(z.tuple([z.number(), z.number()])),
  /** Treated rows in the order they were matched (nearest only). */
  matching_order: z.array(z.number()),
  unmatched_treated: z.array(z.number()),
  /** Rows dropped by the common-support rule. */
  discarded: z.array(z.number()),
  sample_sizes: z.object({
    'All (ESS)': groupCount,
    All: groupCount,
    'Matched (ESS)': groupCount,
    Matched: groupCount,
    Unmatched: groupCount,
    Discarded: groupCount,
  }),
  smd_before: z.record(z.string(), z.number()),
  smd_after: z.record(z.string(), z.number()),
  balance_before: z.record(z.string(), balanceRow),
  balance_after: z.record(z.string(), balanceRow),
  distributions: scoreDistributions,
  /** Per row of the analysed data: propensity score (null where a variable is missing), matching weight, pair id (0 = none). */
  pscore: z.array(z.number().nullable()),
  weights: z.array(z.number()),
  subclass: z.array(z.number()).nullable(),
});

export const matchitResult = matchingSummary.extend({
  model: z.literal('matchit'),
  att: attEstimate.nullable(),
  att_regression: attRegression.nullable(),
  notes: z.array(z.string()),
});
export type MatchitResult = z.infer<typeof matchitResult>;
