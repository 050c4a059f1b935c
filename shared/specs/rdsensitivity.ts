/**
 * Sensitivity checks for an RD design (Cattaneo, Idrobo & Titiunik 2020, "A Practical
 * Introduction to Regression Discontinuity Designs", sections 5.2–5.5): the estimate and robust
 * confidence interval over a grid of bandwidths, placebo cutoffs on each side, donut-hole
 * estimates that drop the observations closest to the cutoff, and covariate balance (each
 * covariate as the outcome). Every row is an rdrobust fit.
 */
import { z } from 'zod';
import { rdDesignFields, refineRdDesign } from './rdrobust';

const positiveList = z.array(z.number().positive().finite()).min(1).max(100);

export const rdsensitivitySpec = z
  .object({
    model: z.literal('rdsensitivity'),
    ...rdDesignFields,
    level: z.number().gt(0).lt(100).default(95),
    /** Bias bandwidth ratio h/b in the bandwidth grid (b = h when absent, as rdrobust with h). */
    rho: z.number().positive().finite().optional(),
    /** Which checks to run. */
    checks: z.array(z.enum(['bandwidth', 'placebo', 'donut', 'balance'])).min(1).default(['bandwidth', 'placebo', 'donut', 'balance']),
    /** Bandwidths to try; default: 0.5 to 2 times the data-driven h. */
    h_grid: positiveList.optional(),
    /** Placebo cutoffs (each estimated with the observations on its own side of the true cutoff only); default: quartiles of x on each side. */
    placebo_cutoffs: z.array(z.number().finite()).min(1).max(100).optional(),
    /** Donut radii: observations with |x - c| < radius are dropped; default: radii that drop 1%, 2.5%, 5% and 10% of the observations. */
    donut_radii: positiveList.optional(),
    /** Covariates tested for balance; default: the design's covs. */
    balance_covs: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .superRefine(refineRdDesign);
export type RdsensitivitySpec = z.infer<typeof rdsensitivitySpec>;

export const rdSensitivityRow = z.object({
  /** Bandwidth grid: h; placebo: the cutoff; donut: the radius. Null for balance rows. */
  value: z.number().nullable(),
  /** Balance: the covariate; placebo: "left"/"right"; "selected" marks the data-driven bandwidth row. */
  label: z.string(),
  estimate: z.number().nullable(),
  /** Robust bias-corrected inference. */
  se_robust: z.number().nullable(),
  ci_lower: z.number().nullable(),
  ci_upper: z.number().nullable(),
  p_robust: z.number().nullable(),
  h_left: z.number().nullable(),
  h_right: z.number().nullable(),
  N_h_left: z.number().nullable(),
  N_h_right: z.number().nullable(),
  /** Observations left out (donut), or null. */
  n_excluded: z.number().nullable(),
  /** Why this row has no estimate. */
  error: z.string().nullable(),
});
export type RdSensitivityRow = z.infer<typeof rdSensitivityRow>;

export const rdsensitivityResult = z.object({
  model: z.literal('rdsensitivity'),
  /** The design as specified (data-driven bandwidth). */
  main: rdSensitivityRow,
  bandwidth: z.array(rdSensitivityRow),
  placebo: z.array(rdSensitivityRow),
  donut: z.array(rdSensitivityRow),
  balance: z.array(rdSensitivityRow),
  level: z.number(),
  notes: z.array(z.string()),
});
export type RdsensitivityResult = z.infer<typeof rdsensitivityResult>;
