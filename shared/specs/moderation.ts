/**
 * Moderation: treatment × moderator in a fixed-effects model, the marginal effect of the policy
 * over the moderator's range with delta-method intervals (chart data), the Johnson–Neyman
 * region of significance, the moderator's distribution and a binning check of linearity
 * (Hainmueller, Mummolo & Xu 2019). docs/spec-mechanisms.md.
 */
import { z } from 'zod';
import { coefRow } from './common';
import { feolsFit } from './feols';
import { estimateRow, fTest, linearModelFields } from './mech-model';

export const moderationSpec = z
  .object({
    model: z.literal('moderation'),
    ...linearModelFields,
    /** Numeric moderator column. */
    moderator: z.string().min(1),
    /**
     * Centre of the moderator in the interaction: its mean over the estimation sample (default),
     * "none" (raw values), or a given value. The marginal-effect curve does not depend on it;
     * the treatment coefficient is the effect at the centre.
     */
    center: z.union([z.enum(['mean', 'none']), z.number()]).default('mean'),
    /** Points of the marginal-effect curve, evenly spaced from the moderator's minimum to maximum. */
    grid_points: z.number().int().min(2).max(1000).default(50),
    /** Extra moderator values at which to report the marginal effect. */
    at: z.array(z.number()).default([]),
    /** Bins of the binning estimator (terciles by default); 0 to skip. */
    bins: z.union([z.literal(0), z.number().int().min(2).max(10)]).default(3),
  })
  .strict();
export type ModerationSpec = z.infer<typeof moderationSpec>;
export type ModerationSpecInput = z.input<typeof moderationSpec>;

/** The treatment's marginal effect at one moderator value. */
export const marginalEffect = estimateRow.extend({ moderator: z.number(), label: z.string().optional() });
export type MarginalEffect = z.infer<typeof marginalEffect>;

export const moderationResult = z.object({
  model: z.literal('moderation'),
  outcome: z.string(),
  treatment: z.string(),
  moderator: z.string(),
  /** The value subtracted from the moderator (0 when not centred). */
  center: z.number(),
  formula: z.string(),
  fit: feolsFit,
  /** Coefficient names in the fit; `moderator` is null when absorbed by the fixed effects. */
  terms: z.object({ treatment: z.string(), moderator: z.string().nullable(), interaction: z.string() }),
  coefficients: z.object({ treatment: coefRow, moderator: coefRow.nullable(), interaction: coefRow }),
  moderator_summary: z.object({
    n: z.number(),
    mean: z.number(),
    sd: z.number(),
    min: z.number(),
    max: z.number(),
    p10: z.number(),
    p25: z.number(),
    p50: z.number(),
    p75: z.number(),
    p90: z.number(),
  }),
  /** The curve: effect of the treatment at evenly spaced moderator values. */
  marginal_effects: z.array(marginalEffect),
  /** The effect at mean − SD, mean, mean + SD, the quartiles and the spec's `at` values. */
  at: z.array(marginalEffect),
  /**
   * Johnson–Neyman: moderator values where the effect's t statistic equals the critical value,
   * and the parts of the observed range where the effect is significant.
   */
  johnson_neyman: z.object({
    critical_value: z.number(),
    bounds: z.array(z.number()),
    significant_intervals: z.array(z.tuple([z.number(), z.number()])),
  }),
  /** Histogram of the moderator over the estimation sample, treated and untreated rows apart. */
  distribution: z.object({ breaks: z.array(z.number()), counts: z.array(z.number()), treated_counts: z.array(z.number()) }),
  /**
   * Binning estimator: the treatment effect at the median of each moderator bin from one model
   * with bin-specific intercepts, slopes and effects; compare with the linear curve there.
   */
  binning: z
    .object({
      bins: z.array(
        estimateRow.extend({
          bin: z.number(),
          lower: z.number(),
          upper: z.number(),
          /** The bin's median moderator value, where its effect is evaluated. */
          moderator: z.number(),
          n: z.number(),
          /** The linear model's marginal effect at the same moderator value. */
          linear: z.number(),
        }),
      ),
      /** Wald test that the binned effects equal the linear model's (jointly). */
      linearity_test: fTest,
    })
    .nullable(),
  level: z.number(),
  notes: z.array(z.string()),
});
export type ModerationResult = z.infer<typeof moderationResult>;
