/**
 * One-click robustness variants of a base DID (docs/spec-policy.md). Each variant is turned
 * into a full did spec of its own, linked to its base by `base_id` and named by `label`, so
 * the app can save it as its own analysis; the `did_robustness` model runs the base and every
 * variant and returns them side by side.
 */
import { z } from 'zod';
import { coefRow, dataRef, factorLevels, subsetExpr } from './common';
import { didSpec, unitId } from './did';

const label = z.string().min(1).optional();

export const robustnessVariant = z.discriminatedUnion('kind', [
  /** Winsorize the outcome (or `columns`) at lower / upper percentiles, pooled or by period. */
  z.object({ kind: z.literal('winsorize'), label, columns: z.array(z.string().min(1)).min(1).optional(), lower: z.number().min(0).max(50).default(1), upper: z.number().min(50).max(100).default(99), by_time: z.boolean().default(false) }).strict(),
  /** Drop a list of units (e.g. municipalities or provincial capitals). */
  z.object({ kind: z.literal('drop_units'), label, ids: z.array(unitId).min(1) }).strict(),
  /** Drop the rows where `column` takes one of `values` (e.g. a region). */
  z.object({ kind: z.literal('drop_values'), label, column: z.string().min(1), values: z.array(z.union([z.string(), z.number()])).min(1) }).strict(),
  /** Drop periods (e.g. a crisis year). */
  z.object({ kind: z.literal('drop_times'), label, times: z.array(z.number()).min(1) }).strict(),
  /** Add dummies of concurrent policies as controls. */
  z.object({ kind: z.literal('concurrent_policies'), label, columns: z.array(z.string().min(1)).min(1) }).strict(),
  /** Unit-specific linear time trends. */
  z.object({ kind: z.literal('unit_trends'), label }).strict(),
  /** Group × time fixed effects, e.g. province × year. */
  z.object({ kind: z.literal('group_time_fe'), label, column: z.string().min(1) }).strict(),
  /** Another outcome variable. */
  z.object({ kind: z.literal('alt_outcome'), label, outcome: z.string().min(1) }).strict(),
]);
export type RobustnessVariant = z.infer<typeof robustnessVariant>;
export type RobustnessVariantInput = z.input<typeof robustnessVariant>;

export const robustnessSpec = z
  .object({
    model: z.literal('did_robustness'),
    data: dataRef,
    subset: subsetExpr,
    levels: factorLevels,
    /** The base DID; its data, subset and levels are replaced by this spec's own. */
    base: didSpec,
    /** The saved analysis of the base, copied into each variant's `base_id`. */
    base_id: z.string().min(1).optional(),
    variants: z.array(robustnessVariant).min(1).max(30),
    /** Put the base estimate in the first column. */
    include_base: z.boolean().default(true),
  })
  .strict();
export type RobustnessSpec = z.infer<typeof robustnessSpec>;
export type RobustnessSpecInput = z.input<typeof robustnessSpec>;

/** One column of the side-by-side table. */
export const robustnessColumn = z.object({
  label: z.string(),
  kind: z.enum(['base', 'winsorize', 'drop_units', 'drop_values', 'drop_times', 'concurrent_policies', 'unit_trends', 'group_time_fe', 'alt_outcome']),
  /** The full did spec of this column (save it as its own analysis). */
  spec: didSpec,
  /** The DID coefficient; null when the variant failed (see `error`). */
  estimate: coefRow.nullable(),
  outcome: z.string(),
  nobs: z.number().nullable(),
  r2: z.number().nullable(),
  r2_within: z.number().nullable(),
  n_clusters: z.record(z.string(), z.number()).nullable(),
  fixed_effects: z.array(z.string()),
  controls: z.array(z.string()),
  unit_trends: z.boolean(),
  excluded_obs: z.number(),
  winsorized: z.array(z.string()),
  error: z.string().nullable(),
});
export type RobustnessColumn = z.infer<typeof robustnessColumn>;

export const robustnessResult = z.object({
  model: z.literal('did_robustness'),
  /** The DID regressor whose estimate each column shows. */
  term: z.string(),
  columns: z.array(robustnessColumn),
  notes: z.array(z.string()),
});
export type RobustnessResult = z.infer<typeof robustnessResult>;
