/**
 * Binary logit / probit (R's glm with family binomial), with classical, heteroskedasticity-
 * robust or clustered SEs and average marginal effects. Field names follow
 * ../shared/reference/ordinal_glm.json (docs/spec-glm.md).
 */
import { z } from 'zod';
import { coefRow, dataRef, factorLevels, subsetExpr, vcovSpec } from './common';

export const glmSpec = z
  .object({
    model: z.literal('glm'),
    data: dataRef,
    subset: subsetExpr,
    levels: factorLevels,
    family: z.enum(['logit', 'probit']),
    /**
     * "y ~ x1 + x2 + factor(g) | fe": y is 0/1 (or a two-level factor, first level = 0);
     * fixed effects after "|" enter as dummies (their coefficients are not reported).
     */
    formula: z.string().min(1),
    /** Prior (frequency) weights column. */
    weights: z.string().min(1).optional(),
    /**
     * "iid" = inverse Fisher information (R's vcov), "hetero"/"HC1" = sandwich::vcovHC type
     * HC1, "HC3", or {cluster: [...]} = sandwich::vcovCL type HC1.
     */
    vcov: vcovSpec.default('iid'),
    /**
     * R's glm.control: when either is given, IRLS stops by R's rule
     * |dev - dev_old| / (|dev| + 0.1) < epsilon (defaults 1e-8, 25), reproducing R's printed
     * numbers. Absent: iterate to the exact MLE.
     */
    epsilon: z.number().positive().max(0.1).optional(),
    maxit: z.number().int().min(1).max(1000).optional(),
    /** Average marginal effects with delta-method SEs. */
    ame: z.boolean().default(false),
    conf_level: z.number().gt(0).lt(1).default(0.95),
  })
  .strict();
export type GlmSpec = z.infer<typeof glmSpec>;
export type GlmSpecInput = z.input<typeof glmSpec>;

const matrixRecord = z.record(z.string(), z.record(z.string(), z.number()));

export const glmResult = z.object({
  model: z.literal('glm'),
  family: z.enum(['logit', 'probit']),
  /** term → estimate, se, z, p, conf_low, conf_high; `t` repeats z (the fixtures' column name). */
  coefficients: z.record(z.string(), coefRow),
  nobs: z.number(),
  nobs_original: z.number(),
  /** Rows dropped for missing values in the formula's variables, weights or clusters. */
  obs_removed: z.number(),
  df_residual: z.number(),
  df_null: z.number(),
  deviance: z.number(),
  null_deviance: z.number(),
  loglik: z.number(),
  aic: z.number(),
  bic: z.number(),
  /** McFadden's pseudo R² = 1 - deviance / null deviance. */
  pseudo_r2: z.number(),
  iterations: z.number(),
  converged: z.boolean(),
  /** "exact" (our default) or "glm.control" (R's rule with the spec's epsilon/maxit). */
  stopping: z.enum(['exact', 'glm.control']),
  inference: z.string(),
  vcov_type: z.string(),
  vcov: matrixRecord,
  /** Clusters per dimension when clustered. */
  n_clusters: z.record(z.string(), z.number()).nullable(),
  collinear_dropped: z.array(z.string()),
  /** Fixed effects entered as dummies: name → number of levels. */
  fixef_sizes: z.record(z.string(), z.number()),
  /** Observations with a fitted probability of 0 or 1 to machine precision (separation). */
  fitted_zero_one: z.number(),
  /** Average marginal effects (dy/dx of P(y = 1)); null unless requested. */
  ame: z.record(z.string(), coefRow).nullable(),
  notes: z.array(z.string()),
});
export type GlmResult = z.infer<typeof glmResult>;
