/**
 * Heterogeneity: the same fixed-effects model by subgroup (a categorical column or quantile
 * groups of a continuous one), side by side, with three tests that the treatment coefficients
 * differ: an interaction test in the pooled model, a seemingly-unrelated test on the stacked
 * subgroup models with a common cluster variance, and a seeded Fisher permutation test of the
 * differences (docs/spec-mechanisms.md).
 */
import { z } from 'zod';
import { coefRow } from './common';
import { feolsFit } from './feols';
import { estimateRow, fTest, linearModelFields, seedField } from './mech-model';

export const splitSpec = z.discriminatedUnion('kind', [
  /** One group per value of the column (text or numeric codes); `values` picks and orders them. */
  z.object({ kind: z.literal('categorical'), column: z.string().min(1), values: z.array(z.union([z.string(), z.number()])).min(2).optional() }).strict(),
  /** `groups` quantile groups of a numeric column (Stata's xtile: x ≤ first cut point is group 1). */
  z.object({ kind: z.literal('quantiles'), column: z.string().min(1), groups: z.number().int().min(2).max(10).default(2) }).strict(),
]);
export type SplitSpec = z.infer<typeof splitSpec>;

export const heterogeneitySpec = z
  .object({
    model: z.literal('heterogeneity'),
    ...linearModelFields,
    /** One block of results per split. */
    splits: z.array(splitSpec).min(1),
    /**
     * Fisher permutation test: group labels are shuffled across `unit`s (a column within which
     * the split is constant, e.g. the respondent id) and the models re-estimated. Default unit:
     * the first cluster or fixed-effect variable within which every split is constant, else rows.
     * Null or absent: no permutation test.
     */
    permutation: z
      .object({
        draws: z.number().int().min(20).max(100000).default(500),
        seed: seedField.default(20240601),
        unit: z.string().min(1).optional(),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type HeterogeneitySpec = z.infer<typeof heterogeneitySpec>;
export type HeterogeneitySpecInput = z.input<typeof heterogeneitySpec>;

export const heterogeneityGroup = z.object({
  /** The group's key: the value, or "Q1", "Q2", … for quantile groups. */
  key: z.string(),
  /** Display label (a value label when the column has one). */
  label: z.string(),
  /** Human-readable membership rule, e.g. "age ≤ 47" or "urban = 1". */
  rule: z.string(),
  nobs: z.number(),
  /** The treatment coefficient in the group's own model (null with `reason` when not estimable). */
  estimate: coefRow.nullable(),
  fit: feolsFit.nullable(),
  reason: z.string().optional(),
});
export type HeterogeneityGroup = z.infer<typeof heterogeneityGroup>;

/** A difference of treatment coefficients: `group` minus the first group. */
export const groupDifference = estimateRow.extend({ group: z.string(), reference: z.string() });

export const heterogeneitySplit = z.object({
  column: z.string(),
  kind: z.enum(['categorical', 'quantiles']),
  /** Cut points of quantile groups (empty for categorical splits). */
  cut_points: z.array(z.number()),
  groups: z.array(heterogeneityGroup),
  /**
   * Pooled model with treatment × group dummies (and group dummies) added, controls and fixed
   * effects common: joint Wald test that the interactions are 0.
   */
  interaction_test: z.object({
    test: fTest,
    terms: z.array(coefRow.extend({ group: z.string(), term: z.string() })),
    nobs: z.number(),
  }),
  /**
   * The subgroup models stacked (every coefficient and fixed effect group-specific), with one
   * clustered variance: differences from the first group and their joint test.
   */
  sur_test: z.object({ test: fTest, differences: z.array(groupDifference), nobs: z.number() }),
  permutation: z
    .object({
      draws: z.number(),
      seed: z.number(),
      /** The column whose units carry the shuffled labels, or "(rows)". */
      unit: z.string(),
      n_units: z.number(),
      draws_used: z.number(),
      failed: z.number(),
      differences: z.array(
        z.object({
          group: z.string(),
          reference: z.string(),
          estimate: z.number(),
          /** (1 + #{|d*| ≥ |d|}) / (1 + draws used). */
          p_two_sided: z.number(),
          /** (1 + #{d* ≥ d}) / (1 + draws used) when d ≥ 0, with ≤ when d < 0 (the one-sided empirical p of Stata's bdiff). */
          p_one_sided: z.number(),
        }),
      ),
    })
    .nullable(),
  notes: z.array(z.string()),
});
export type HeterogeneitySplit = z.infer<typeof heterogeneitySplit>;

export const heterogeneityResult = z.object({
  model: z.literal('heterogeneity'),
  outcome: z.string(),
  treatment: z.string(),
  /** Coefficient name of the treatment in the fits. */
  term: z.string(),
  level: z.number(),
  /** The full-sample model, for reference. */
  pooled: feolsFit,
  splits: z.array(heterogeneitySplit),
  notes: z.array(z.string()),
});
export type HeterogeneityResult = z.infer<typeof heterogeneityResult>;
