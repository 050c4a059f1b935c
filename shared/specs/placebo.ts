/**
 * Placebo and permutation tests of a DID regression (docs/spec-policy.md): the base feols
 * model is re-estimated with the 0/1 treatment replaced by pseudo treatments
 * - in_space: as many pseudo-treated units as real ones, drawn at random, taking the real
 *   units' adoption times (the k-th real treated unit in id order hands its first treated
 *   period to the k-th pseudo unit in id order, so cohort sizes are kept);
 * - in_time: the real treated units with the policy moved k periods earlier, on pre-policy
 *   observations only (one estimate per shift);
 * - mixed: random units as in_space, each with a random adoption period;
 * and the randomization-inference p-value is the share of draws with |placebo| ≥ |actual|.
 * Draws follow R: `set.seed(seed); sort(sample(unique(unit), m))` is the first in_space draw.
 */
import { z } from 'zod';
import { coefRow, dataRef, factorLevels, subsetExpr } from './common';
import { feolsSpec } from './feols';
import { unitId } from './did';

/** The model being tested: a feols spec whose formula contains the treatment as a plain term. */
export const placeboBase = feolsSpec
  .omit({ model: true, data: true, subset: true, levels: true, agg: true })
  .extend({
    model: z.literal('feols').optional(),
    /** Ignored: the placebo's own `data` is used (accepted so a saved feols spec can be pasted). */
    data: dataRef.optional(),
  })
  .strict();

export const placeboSpec = z
  .object({
    model: z.literal('placebo'),
    data: dataRef,
    subset: subsetExpr,
    levels: factorLevels,
    base: placeboBase,
    /** The 0/1 treated × post column of the base formula. */
    treatment: z.string().min(1),
    unit: z.string().min(1),
    time: z.string().min(1),
    kind: z.enum(['in_space', 'in_time', 'mixed']).default('in_space'),
    draws: z.number().int().min(100).max(10000).default(500),
    /** R's set.seed() value; stored with the result. */
    seed: z.number().int().min(-2147483647).max(2147483647).default(1),
    /** in_time: periods by which the policy is moved earlier; every feasible shift up to 3 when absent. */
    shifts: z.array(z.number().int().min(1).max(50)).min(1).optional(),
    /**
     * Explicit pseudo-treated sets instead of random draws (in_space / mixed): unit ids, and
     * optionally each unit's adoption period in the same order (else the real timing rule).
     */
    pseudo_treated: z
      .array(z.object({ units: z.array(unitId).min(1), first_treat: z.array(z.number()).optional() }).strict())
      .min(1)
      .max(10000)
      .optional(),
    /** Points of the kernel-density curve. */
    density_points: z.number().int().min(32).max(4096).default(512),
  })
  .strict();
export type PlaceboSpec = z.infer<typeof placeboSpec>;
export type PlaceboSpecInput = z.input<typeof placeboSpec>;

export const placeboDraw = z.object({
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  t: z.number().nullable(),
  p: z.number().nullable(),
  /** Units with a pseudo treatment and observations with pseudo treated × post = 1. */
  n_treated_units: z.number(),
  n_treated_obs: z.number(),
  /** Pseudo-treated units that are really treated. */
  n_overlap: z.number(),
  /** in_time: periods the policy was moved earlier; null otherwise. */
  shift: z.number().nullable(),
});
export type PlaceboDraw = z.infer<typeof placeboDraw>;

export const placeboResult = z.object({
  model: z.literal('placebo'),
  kind: z.enum(['in_space', 'in_time', 'mixed']),
  treatment: z.string(),
  /** How draws were estimated: exact two-way FWL, FWL with iterative demeaning, or a refit per draw. */
  method: z.enum(['fwl_two_way', 'fwl_demean', 'refit']),
  /** The actual estimate of the base model. */
  estimate: z.number(),
  actual: coefRow,
  nobs: z.number(),
  n_units: z.number(),
  n_treated_units: z.number(),
  /** Real treated units by first treated period (kept by in_space draws). */
  cohort_sizes: z.record(z.string(), z.number()),
  draws: z.array(placeboDraw),
  draws_requested: z.number(),
  /** Draws whose pseudo treatment was collinear with the fixed effects (estimate null). */
  draws_failed: z.number(),
  seed: z.number().nullable(),
  rng: z.string(),
  /** Share of draws with |placebo| ≥ |actual| (null for in_time, with the reason). */
  p_value_ri: z.number().nullable(),
  p_value_ri_reason: z.string().nullable(),
  n_extreme: z.number().nullable(),
  summary: z
    .object({
      mean: z.number(),
      sd: z.number().nullable(),
      min: z.number(),
      max: z.number(),
      q025: z.number(),
      q975: z.number(),
      /** Shares of draws significant at 5% and 10%. */
      share_p_05: z.number(),
      share_p_10: z.number(),
    })
    .nullable(),
  charts: z.object({
    /** The actual estimate, marked on the density and histogram. */
    actual: z.number(),
    density: z.object({ x: z.array(z.number()), y: z.array(z.number()), bandwidth: z.number(), kernel: z.literal('gaussian') }).nullable(),
    histogram: z.object({ breaks: z.array(z.number()), counts: z.array(z.number()), density: z.array(z.number()) }).nullable(),
    /** One point per draw: placebo estimate and its p-value. */
    p_values: z.object({ estimate: z.array(z.number()), p: z.array(z.number()) }),
  }),
  vcov_type: z.string(),
  df_t: z.number(),
  notes: z.array(z.string()),
});
export type PlaceboResult = z.infer<typeof placeboResult>;
