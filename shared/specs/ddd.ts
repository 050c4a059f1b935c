/**
 * Triple differences (DDD): the DID of a treated group × policy time, differenced again
 * between a subgroup the policy should affect (`group` = 1, e.g. high-exposure industries)
 * and one it should not (docs/spec-policy.md). The coefficient of treated × post × group is
 * the effect; the lower-order interactions and fixed effects are chosen so every two-way
 * interaction is either estimated or absorbed.
 */
import { z } from 'zod';
import { coefRow } from './common';
import { didCoreFields, treatmentSummary } from './did';
import { feolsResult } from './feols';

export const dddSpec = z
  .object({
    model: z.literal('ddd'),
    ...didCoreFields,
    /** 0/1 column: the subgroup the policy targets (the third difference). */
    group: z.string().min(1),
    /**
     * "group_time": unit FE + time × group FE, which absorb post × group and any
     * group-specific shock (also for staggered adoption); "twfe": unit + time FE with
     * post × group as a regressor (a common policy date only). `fixed_effects`, when given,
     * replaces the design's fixed effects.
     */
    design: z.enum(['group_time', 'twfe']).default('group_time'),
  })
  .strict();
export type DddSpec = z.infer<typeof dddSpec>;
export type DddSpecInput = z.input<typeof dddSpec>;

export const dddResult = feolsResult.extend({
  model: z.literal('ddd'),
  design: z.enum(['group_time', 'twfe']),
  /** The triple-difference coefficient (treated × post × group). */
  estimate: coefRow,
  /** Names of the generated regressors (null: absorbed by the fixed effects, so not included). */
  terms: z.object({
    ddd: z.string(),
    did: z.string(),
    post_group: z.string().nullable(),
    treat_group: z.string().nullable(),
    group: z.string().nullable(),
  }),
  /** Whether `group` changes within a unit over time. */
  group_varies_within_unit: z.boolean(),
  treatment: treatmentSummary,
  /** Observations per cell of treated unit × group × post. */
  cells: z.array(z.object({ treated: z.number(), group: z.number(), post: z.number(), n_obs: z.number() })),
});
export type DddResult = z.infer<typeof dddResult>;
