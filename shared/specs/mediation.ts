/**
 * Mediation inside a fixed-effects (DID) model: the three stepwise equations of Baron & Kenny
 * (1986), Sobel-type tests of the indirect effect, a seeded cluster bootstrap with percentile
 * and bias-corrected intervals, the share mediated, and the two-step "policy → mechanism"
 * report (docs/spec-mechanisms.md).
 */
import { z } from 'zod';
import { coefRow } from './common';
import { feolsFit } from './feols';
import { estimateRow, linearModelFields, seedField } from './mech-model';

export const SOBEL_VARIANTS = ['sobel', 'aroian', 'goodman'] as const;

export const mediationSpec = z
  .object({
    model: z.literal('mediation'),
    ...linearModelFields,
    /** Numeric mechanism column (e.g. Internet use). */
    mediator: z.string().min(1),
    /**
     * Normal-theory tests of a·b: "sobel" (first-order delta method), "aroian" (adds the
     * second-order term se_a²se_b²) and "goodman" (subtracts it).
     */
    sobel: z.array(z.enum(SOBEL_VARIANTS)).min(1).default(['sobel']),
    /**
     * Bootstrap of the indirect effect, resampling whole clusters (observations when the
     * variance is not clustered). Absent or null: no bootstrap.
     */
    bootstrap: z
      .object({
        draws: z.number().int().min(20).max(100000).default(1000),
        seed: seedField.default(20240601),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type MediationSpec = z.infer<typeof mediationSpec>;
export type MediationSpecInput = z.input<typeof mediationSpec>;

export const mediationStep = z.object({
  /** 1: outcome on treatment (total effect c); 2: mediator on treatment (a); 3: outcome on treatment and mediator (c', b). */
  step: z.number().int(),
  role: z.enum(['total', 'mechanism', 'direct']),
  formula: z.string(),
  fit: feolsFit,
});
export type MediationStep = z.infer<typeof mediationStep>;

export const interval = z.object({ conf_low: z.number().nullable(), conf_high: z.number().nullable() });

export const mediationResult = z.object({
  model: z.literal('mediation'),
  outcome: z.string(),
  treatment: z.string(),
  mediator: z.string(),
  /** Coefficient names of the treatment and the mediator in the fits. */
  terms: z.object({ treatment: z.string(), mediator: z.string() }),
  /** The common estimation sample of the three equations. */
  nobs: z.number(),
  nobs_original: z.number(),
  obs_removed: z.number(),
  vcov_type: z.string(),
  level: z.number(),
  steps: z.array(mediationStep),
  /** The paths: c (total), a (treatment → mediator), b (mediator → outcome), c_prime (direct). */
  paths: z.object({ c: coefRow, a: coefRow, b: coefRow, c_prime: coefRow }),
  /** a·b; equals c − c' exactly because the three equations share sample, controls and fixed effects. */
  indirect: z.number(),
  sobel: z.array(estimateRow.extend({ variant: z.enum(SOBEL_VARIANTS) })),
  bootstrap: z
    .object({
      draws: z.number(),
      seed: z.number(),
      /** Draws in which a and b were both estimable. */
      draws_used: z.number(),
      failed: z.number(),
      /** What was resampled: whole clusters of `cluster_var`, or observations. */
      resampled: z.enum(['clusters', 'observations']),
      cluster_var: z.string().nullable(),
      n_clusters: z.number().nullable(),
      mean: z.number(),
      se: z.number(),
      percentile: interval,
      bias_corrected: interval.extend({ z0: z.number().nullable(), reason: z.string().optional() }),
      /** Share of draws with a·b on the other side of 0 from the estimate, doubled (a two-sided bootstrap p). */
      p: z.number(),
      /** Percentile interval of the share mediated a·b / c over the draws. */
      share_mediated: interval,
      /** Histogram of the draws (for the chart). */
      histogram: z.object({ breaks: z.array(z.number()), counts: z.array(z.number()) }),
    })
    .nullable(),
  /** a·b / c; null (with a reason) when c is 0 or the two have opposite signs. */
  share_mediated: z.object({ estimate: z.number().nullable(), reason: z.string().optional() }),
  /**
   * The stepwise reading (Wen & Ye 2014): the indirect effect is established when a and b are
   * both significant, or else by the bootstrap (or the first Sobel test without bootstrap);
   * then full mediation when c' is not significant, partial when it is and has the sign of
   * a·b, suppression when the signs differ.
   */
  stepwise: z.object({
    total_significant: z.boolean(),
    a_significant: z.boolean(),
    b_significant: z.boolean(),
    c_prime_significant: z.boolean(),
    indirect_significant: z.boolean(),
    /** Which test established (or failed to establish) the indirect effect. */
    basis: z.enum(['a_and_b', 'bootstrap', 'sobel']),
    conclusion: z.enum(['full', 'partial', 'suppression', 'none']),
  }),
  /**
   * The two-step report (Jiang 2022): the policy's effect on the outcome and on the mechanism,
   * both with the same controls, fixed effects and clustering; the mechanism → outcome link is
   * argued, not estimated, because the mediator is not randomly assigned.
   */
  two_step: z.object({ policy_outcome: coefRow, policy_mechanism: coefRow }),
  /** One table of the three steps: a row per coefficient, a cell per step (null when absent). */
  table: z.object({
    columns: z.array(z.object({ step: z.number(), depvar: z.string() })),
    rows: z.array(z.object({ term: z.string(), cells: z.array(coefRow.nullable()) })),
  }),
  notes: z.array(z.string()),
});
export type MediationResult = z.infer<typeof mediationResult>;
