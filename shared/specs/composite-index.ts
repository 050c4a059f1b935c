/**
 * Composite indices (the `index` model): entropy weights, TOPSIS and principal components over
 * a set of indicator columns, producing a new column with its weights table and the recipe
 * steps that recreate it (docs/spec-mechanisms.md).
 */
import { z } from 'zod';
import { dataRef, factorLevels, subsetExpr } from './common';
import { recipeStep } from '../recipe';

export const indicatorSpec = z
  .object({
    column: z.string().min(1),
    /** positive: more is better; negative: less is better (reversed before weighting). */
    direction: z.enum(['positive', 'negative']).default('positive'),
  })
  .strict();
export type IndicatorSpec = z.infer<typeof indicatorSpec>;

export const indexSpec = z
  .object({
    model: z.literal('index'),
    data: dataRef,
    subset: subsetExpr,
    levels: factorLevels,
    /** Name of the new column. */
    name: z.string().min(1),
    method: z.enum(['entropy', 'topsis', 'pca']),
    indicators: z.array(indicatorSpec).min(2),
    /**
     * Entropy and TOPSIS: "minmax" (x − min) / (max − min), reversed for negative indicators,
     * or "zscore" (x − mean) / sd, sign-flipped for negative indicators and moved to start at 0.
     * `shift` is then added so no value is 0 (the entropy's log). TOPSIS also offers "vector":
     * x / √Σx² with the ideal solutions chosen by direction. PCA always uses z-scores.
     */
    standardization: z.enum(['minmax', 'zscore', 'vector']).default('minmax'),
    shift: z.number().min(0).default(0.0001),
    /** Entropy and TOPSIS: standardise and weight within each value of this column (e.g. year); pooled when absent. */
    by: z.string().min(1).optional(),
    /** TOPSIS weights: entropy weights (default), equal, or given per indicator column. */
    weights: z.union([z.enum(['entropy', 'equal']), z.record(z.string(), z.number().positive())]).default('entropy'),
    /**
     * PCA: how many components form the index: a number, "kaiser" (eigenvalues above 1,
     * default) or {cumulative: 0.85} (the fewest reaching that share of the variance).
     */
    components: z.union([z.number().int().min(1), z.literal('kaiser'), z.object({ cumulative: z.number().gt(0).max(1) }).strict()]).default('kaiser'),
  })
  .strict();
export type IndexSpec = z.infer<typeof indexSpec>;
export type IndexSpecInput = z.input<typeof indexSpec>;

export const indexWeight = z.object({
  indicator: z.string(),
  direction: z.enum(['positive', 'negative']),
  /** The `by` value these weights belong to; null when pooled. */
  group: z.string().nullable(),
  weight: z.number(),
  /** Entropy e_j and divergence d_j = 1 − e_j (entropy weights only). */
  entropy: z.number().nullable(),
  divergence: z.number().nullable(),
});
export type IndexWeight = z.infer<typeof indexWeight>;

const summaryStats = z.object({ n: z.number(), mean: z.number().nullable(), sd: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable() });

export const indexResult = z.object({
  model: z.literal('index'),
  method: z.enum(['entropy', 'topsis', 'pca']),
  name: z.string(),
  /** The index for every row of the analysed data (null where an indicator is missing). */
  values: z.array(z.number().nullable()),
  nobs: z.number(),
  n_missing: z.number(),
  standardization: z.enum(['minmax', 'zscore', 'vector']),
  shift: z.number(),
  by: z.string().nullable(),
  /** The weights table (one row per indicator, per group when `by` is set). */
  weights: z.array(indexWeight),
  /** Per indicator and group: the constants of the standardisation. */
  standardization_constants: z.array(z.object({ indicator: z.string(), group: z.string().nullable(), center: z.number(), scale: z.number() })),
  topsis: z
    .object({
      ideal_best: z.array(z.object({ indicator: z.string(), group: z.string().nullable(), value: z.number() })),
      ideal_worst: z.array(z.object({ indicator: z.string(), group: z.string().nullable(), value: z.number() })),
    })
    .nullable(),
  pca: z
    .object({
      /** Eigenvalues of the indicators' correlation matrix, largest first, and their shares. */
      eigenvalues: z.array(z.number()),
      variance_share: z.array(z.number()),
      cumulative_share: z.array(z.number()),
      components_used: z.number(),
      /** Unit eigenvectors (signed so their elements sum to a positive number), one per component used. */
      eigenvectors: z.array(z.array(z.number())),
      /** Loadings = eigenvector × √eigenvalue (correlation of indicator and component). */
      loadings: z.array(z.array(z.number())),
      /** The index is Σ_j coefficient_j · z_j over the standardised indicators. */
      score_coefficients: z.array(z.number()),
    })
    .nullable(),
  summary: summaryStats,
  by_group: z.array(summaryStats.extend({ group: z.string() })).nullable(),
  /** generate steps that recreate the column in the dataset's recipe (constants inlined). */
  recipe_steps: z.array(recipeStep),
  notes: z.array(z.string()),
});
export type IndexResult = z.infer<typeof indexResult>;
