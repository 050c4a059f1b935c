/**
 * Regression discontinuity with rdrobust's estimator (Calonico, Cattaneo & Titiunik 2014;
 * rdrobust 4.0 defaults). Result field names follow ../shared/reference/rdrobust_senate.json.
 * The shared RD pieces (kernel, bandwidth input, RD in time, left/right pairs) live here and
 * are reused by rdbwselect, rdplot, rddensity and rdsensitivity.
 */
import { z } from 'zod';
import { dataRef, factorLevels, subsetExpr } from './common';

export const rdKernel = z.enum(['triangular', 'epanechnikov', 'uniform', 'tri', 'epa', 'uni']);

export const rdBwselect = z.enum(['mserd', 'msetwo', 'msesum', 'msecomb1', 'msecomb2', 'cerrd', 'certwo', 'cersum', 'cercomb1', 'cercomb2']);

const positive = z.number().positive().finite();

/** One bandwidth for both sides, or [left, right], or {left, right}. */
export const rdBandwidthInput = z.union([positive, z.tuple([positive, positive]), z.object({ left: positive, right: positive }).strict()]);
export type RdBandwidthInput = z.infer<typeof rdBandwidthInput>;

/**
 * RD in time: the running variable is the time of each row relative to a policy date
 * (docs/spec-rd.md lists the cautions). Use instead of `x`.
 */
export const rdTimeSpec = z
  .object({
    /** Date column, or a numeric period column (year, month index …). */
    column: z.string().min(1),
    /** Policy date "YYYY-MM-DD" (date column) or policy period (numeric column). */
    policy: z.union([z.string().min(1), z.number()]).optional(),
    /** Column holding each row's policy date (panel with unit-specific dates). */
    policy_column: z.string().min(1).optional(),
    /** Unit of the running variable; the unit containing the policy date is 0 (treated side). */
    unit: z.enum(['day', 'week', 'month', 'quarter', 'year', 'period']).default('day'),
  })
  .strict();
export type RdTimeSpec = z.infer<typeof rdTimeSpec>;

export const leftRight = z.object({ left: z.number(), right: z.number() });

/** Kernel and variance names as rdrobust prints them. */
export const rdKernelLabel = z.enum(['Triangular', 'Epanechnikov', 'Uniform']);
export const rdVceLabel = z.enum(['NN', 'HC0', 'HC1', 'HC2', 'HC3', 'CR1']);
export type LeftRight = z.infer<typeof leftRight>;

export const rdCoefRow = z.object({
  estimate: z.number(),
  se: z.number(),
  z: z.number().nullable(),
  p: z.number().nullable(),
  ci_lower: z.number(),
  ci_upper: z.number(),
});
export type RdCoefRow = z.infer<typeof rdCoefRow>;

export const rdCoefficients = z.object({
  Conventional: rdCoefRow,
  'Bias-Corrected': rdCoefRow,
  Robust: rdCoefRow,
});
export type RdCoefficients = z.infer<typeof rdCoefficients>;

/** Data, running variable and cutoff: the fields every RD spec starts with. */
export const rdSampleFields = {
  data: dataRef,
  subset: subsetExpr,
  levels: factorLevels,
  /** Running variable; or build it with `time`. */
  x: z.string().min(1).optional(),
  time: rdTimeSpec.optional(),
  /** Cutoff. */
  c: z.number().finite().default(0),
};

/** The options rdrobust and rdbwselect share. */
export const rdDesignFields = {
  ...rdSampleFields,
  /** Outcome. */
  y: z.string().min(1),
  /** Treatment-received column for a fuzzy design. */
  fuzzy: z.string().min(1).optional(),
  /** Order of the local polynomial. */
  p: z.number().int().min(0).max(4).default(1),
  /** Order of the bias-correction polynomial (default p + 1; must exceed p). */
  q: z.number().int().min(1).max(8).optional(),
  kernel: rdKernel.default('triangular'),
  bwselect: rdBwselect.default('mserd'),
  covs: z.array(z.string().min(1)).default([]),
  /** Drop covariates that are collinear (rdrobust's covs_drop). */
  covs_drop: z.boolean().default(true),
  cluster: z.string().min(1).optional(),
  /** nn (3 nearest neighbours), hc0–hc3; with a cluster, cr1 (rdrobust 4 switches nn to cr1). */
  vce: z.enum(['nn', 'hc0', 'hc1', 'hc2', 'hc3', 'cr1']).default('nn'),
  nnmatch: z.number().int().min(1).max(50).default(3),
  masspoints: z.enum(['adjust', 'check', 'off']).default('adjust'),
  /** Minimum number of unique x values on each side inside the bandwidth. */
  bwcheck: z.number().int().min(1).optional(),
  /** Cap bandwidths at the range of x on each side. */
  bwrestrict: z.boolean().default(true),
  scaleregul: z.number().min(0).finite().default(1),
  /** Fuzzy designs: select bandwidths as for the sharp design of the outcome. */
  sharpbw: z.boolean().default(false),
  weights: z.string().min(1).optional(),
};

/** Either x or time gives the running variable. */
export function refineRunningVariable(v: { x?: string; time?: unknown }, ctx: z.RefinementCtx): void {
  if (!v.x && !v.time) ctx.addIssue({ code: 'custom', message: 'Give the running variable x, or time to build it from a date column.', path: ['x'] });
  if (v.x && v.time) ctx.addIssue({ code: 'custom', message: 'Give either x or time, not both.', path: ['time'] });
}

/** x or time, and q > p. */
export function refineRdDesign(v: { x?: string; time?: unknown; p: number; q?: number }, ctx: z.RefinementCtx): void {
  refineRunningVariable(v, ctx);
  if (v.q !== undefined && v.q <= v.p) ctx.addIssue({ code: 'custom', message: 'q (bias-correction order) must be larger than p.', path: ['q'] });
}

export const rdrobustSpec = z
  .object({
    model: z.literal('rdrobust'),
    ...rdDesignFields,
    /** Estimation bandwidth; data-driven (bwselect) when absent. */
    h: rdBandwidthInput.optional(),
    /** Bias bandwidth; h (or h/rho) when absent and h is given. */
    b: rdBandwidthInput.optional(),
    /** h/b ratio: b = h/rho. */
    rho: positive.optional(),
    /** Confidence level in percent. */
    level: z.number().gt(0).lt(100).default(95),
  })
  .strict()
  .superRefine(refineRdDesign);
export type RdrobustSpec = z.infer<typeof rdrobustSpec>;
export type RdrobustSpecInput = z.input<typeof rdrobustSpec>;

export const rdCurve = z.object({ x: z.array(z.number()), y: z.array(z.number()) });

/** The design as rdrobust and rdbwselect report it. */
export const rdDesignEcho = {
  c: z.number(),
  p: z.number(),
  q: z.number(),
  kernel: rdKernelLabel,
  vce: rdVceLabel,
  /** Selector name, "Manual" for a given h, "All" for rdbwselect with all. */
  bwselect: z.string(),
  masspoints: z.enum(['adjust', 'check', 'off']),
};

export const rdrobustResult = z.object({
  model: z.literal('rdrobust'),
  coefficients: rdCoefficients,
  /** Fuzzy designs: the first stage (jump in the treatment), same rows. */
  first_stage: rdCoefficients.nullable(),
  h: leftRight,
  b: leftRight,
  rho: leftRight,
  N: leftRight,
  N_h: leftRight,
  N_b: leftRight,
  /** Unique values of x on each side. */
  M_unique: leftRight,
  /** Intercepts (conventional, bias-corrected) of each side's fit and their difference (bias). */
  tau_cl: leftRight,
  tau_bc: leftRight,
  bias: leftRight,
  /** Coefficients of (x - c)^0..p on each side (outcome, net of covariates). */
  beta_p_left: z.array(z.number()),
  beta_p_right: z.array(z.number()),
  ...rdDesignEcho,
  level: z.number(),
  /** Covariate coefficients (covs_names order) or null without covariates. */
  coef_covs: z.array(z.number()).nullable(),
  covs_names: z.array(z.string()),
  covs_dropped: z.array(z.string()),
  /** Clusters on each side, or null. */
  n_clust: leftRight.nullable(),
  /** Each side's fitted polynomial over [c - h, c) and [c, c + h], for plotting. */
  fit_curve: z.object({ left: rdCurve, right: rdCurve }),
  notes: z.array(z.string()),
});
export type RdrobustResult = z.infer<typeof rdrobustResult>;
