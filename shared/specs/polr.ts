/**
 * Ordered logit / probit (MASS::polr). Field names follow ../shared/reference/ordinal_glm.json
 * (docs/spec-glm.md).
 */
import { z } from 'zod';
import { coefRow, dataRef, factorLevels, subsetExpr } from './common';

export const polrSpec = z
  .object({
    model: z.literal('polr'),
    data: dataRef,
    subset: subsetExpr,
    /** Give the outcome's category order here, e.g. {"Sat": ["Low", "Medium", "High"]}. */
    levels: factorLevels,
    method: z.enum(['logistic', 'probit']).default('logistic'),
    /**
     * "y ~ x1 + factor(g) | fe": y is an ordered factor (a text column in `levels` order, or a
     * numeric column whose sorted distinct values are the categories); no intercept is
     * estimated (the cutpoints take its place); fixed effects enter as dummies.
     */
    formula: z.string().min(1),
    /** Frequency weights column (polr's `weights`, e.g. housing's Freq). */
    weights: z.string().min(1).optional(),
    conf_level: z.number().gt(0).lt(1).default(0.95),
  })
  .strict();
export type PolrSpec = z.infer<typeof polrSpec>;
export type PolrSpecInput = z.input<typeof polrSpec>;

export const polrResult = z.object({
  model: z.literal('polr'),
  method: z.enum(['logistic', 'probit']),
  /** Slopes: term → estimate, se, t (= z, as MASS labels it), z, p (normal), conf_low, conf_high. */
  coefficients: z.record(z.string(), coefRow),
  /** Cutpoints named "Low|Medium" as MASS names them. */
  cutpoints: z.record(z.string(), coefRow),
  /** Outcome categories in order. */
  categories: z.array(z.string()),
  /** Sum of the weights (polr's n). */
  nobs_weighted: z.number(),
  /** Data rows used. */
  rows: z.number(),
  nobs_original: z.number(),
  obs_removed: z.number(),
  loglik: z.number(),
  deviance: z.number(),
  aic: z.number(),
  iterations: z.number(),
  converged: z.boolean(),
  /** 0 when converged, 1 otherwise (the code optim reports in the fixtures). */
  convergence: z.number(),
  /** Largest absolute score component at the solution. */
  max_gradient: z.number(),
  vcov: z.record(z.string(), z.record(z.string(), z.number())),
  collinear_dropped: z.array(z.string()),
  fixef_sizes: z.record(z.string(), z.number()),
  /** Observed count and share of each category (weighted). */
  category_counts: z.array(z.object({ category: z.string(), count: z.number(), share: z.number() })),
  notes: z.array(z.string()),
});
export type PolrResult = z.infer<typeof polrResult>;
