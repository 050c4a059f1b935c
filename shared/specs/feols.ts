/**
 * Linear models with multi-way fixed effects, clustered/robust standard errors and 2SLS, in
 * fixest syntax (`y ~ x | fe1 + fe2 | endo ~ inst`). Field names of the result are the ones
 * the reference fixtures use, so a result compares field by field with fixest's numbers.
 * See docs/spec-feols.md.
 */
import { z } from 'zod';
import { coefRow, dataRef, factorLevels, subsetExpr, timing, vcovSpec } from './common';

/** Small-sample corrections: a preset or fixest's ssc() arguments. */
export const sscSpec = z.union([
  z.enum(['fixest', 'reghdfe']),
  z
    .object({
      /** (n - 1) / (n - K) adjustment. */
      adj: z.boolean().optional(),
      /** How fixed effects count in K: not at all, all, or all but those nested in a cluster. */
      fixef_K: z.enum(['nested', 'full', 'none']).optional(),
      /** Count exactly the redundant fixed-effect coefficients (connected components). */
      fixef_force_exact: z.boolean().optional(),
      /** G / (G - 1) adjustment for clustered (and n / (n - 1) for robust) variances. */
      cluster_adj: z.boolean().optional(),
      /** Multiway clustering: one G_min / (G_min - 1) factor, or G_j / (G_j - 1) per term. */
      cluster_df: z.enum(['min', 'conventional']).optional(),
      /** t degrees of freedom: G_min - 1 when clustered, n - K, or a given number. */
      t_df: z.union([z.enum(['min', 'conventional']), z.number().int().positive()]).optional(),
    })
    .strict(),
]);
export type SscSpec = z.infer<typeof sscSpec>;

export const feolsSpec = z
  .object({
    model: z.literal('feols'),
    data: dataRef,
    subset: subsetExpr,
    levels: factorLevels,
    /** fixest formula: `y ~ x1 + i(t, treat, ref = -1) | unit + year | endo ~ inst`. */
    formula: z.string().min(1),
    /** Default as fixest: clustered by the first fixed effect when there is one, else iid. */
    vcov: vcovSpec.optional(),
    /** Column of analytic weights (rows with weight 0 are dropped). */
    weights: z.string().min(1).optional(),
    ssc: sscSpec.optional(),
    /** Demeaning convergence tolerance (fixest fixef.tol, default 1e-6). */
    fixef_tol: z.number().positive().max(0.1).optional(),
    /** Maximum demeaning iterations (fixest fixef.iter, default 10000). */
    fixef_iter: z.number().int().positive().optional(),
    /** Remove observations alone in a fixed-effect level (default "none", as fixest). */
    fixef_rm: z.enum(['none', 'singleton']).optional(),
    /** Collinearity tolerance on the Cholesky pivots of X'X (fixest collin.tol, 1e-10). */
    collin_tol: z.number().positive().max(0.1).optional(),
    /** Confidence level of conf_low / conf_high (default 0.95). */
    level: z.number().gt(0).lt(1).optional(),
    /** Reference distribution of t statistics: Student t with df_t (default) or normal. */
    p_dist: z.enum(['t', 'normal']).optional(),
    /** Sun–Abraham display: per relative period (default), one ATT, per cohort, or false for every cohort x period coefficient. */
    agg: z.union([z.enum(['period', 'ATT', 'cohort']), z.literal(false)]).optional(),
  })
  .strict();
export type FeolsSpec = z.infer<typeof feolsSpec>;

export const testStat = z.object({
  stat: z.number().nullable(),
  p: z.number().nullable(),
  df1: z.number(),
  df2: z.number(),
  /** The variance used (Wald tests only). */
  vcov: z.string().optional(),
  /** Why the statistic is not available, when stat is null. */
  reason: z.string().optional(),
});
export type TestStat = z.infer<typeof testStat>;

/** The statistics of one estimated equation (also each IV first stage). */
export const feolsFit = z.object({
  depvar: z.string(),
  coefficients: z.record(z.string(), coefRow),
  nobs: z.number(),
  nobs_original: z.number(),
  obs_removed: z.number(),
  r2: z.number().nullable(),
  adj_r2: z.number().nullable(),
  r2_within: z.number().nullable(),
  adj_r2_within: z.number().nullable(),
  ssr: z.number(),
  rmse: z.number(),
  sigma: z.number(),
  vcov_type: z.string(),
  /** Variables the standard errors are clustered by (null when not clustered). */
  cluster_vars: z.array(z.string()).nullable(),
  n_clusters: z.record(z.string(), z.number()).nullable(),
  /** The G used for the small-sample adjustment and the t df. */
  n_clusters_min: z.number().nullable(),
  df_t: z.number(),
  /** K in the (n - 1) / (n - K) adjustment. */
  dof_K: z.number(),
  /** Coefficients + fixed-effect parameters (fixest nparams). */
  nparams: z.number(),
  ssc: z.string(),
  fixef_vars: z.array(z.string()),
  fixef_sizes: z.record(z.string(), z.number()),
  singletons_removed: z.number(),
  singleton_obs_in_sample: z.number(),
  fixef_removed: z.record(z.string(), z.array(z.string())),
  fixef_tol: z.number(),
  fixef_demean_iterations: z.array(z.number()),
  fixef_converged: z.boolean(),
  collinear_dropped: z.array(z.string()),
  vcov: z.record(z.string(), z.record(z.string(), z.number())),
  level: z.number(),
  p_dist: z.enum(['t', 'normal']),
});
export type FeolsFit = z.infer<typeof feolsFit>;

export const sunabInfo = z.object({
  agg: z.union([z.enum(['period', 'ATT', 'cohort']), z.literal(false)]),
  period_name: z.string(),
  never_treated_cohorts: z.array(z.string()),
  always_treated_cohorts: z.array(z.string()),
  reference_periods: z.array(z.number()),
  /** The cohort x relative-period coefficients behind the aggregated table. */
  cohort_coefficients: z.record(z.string(), coefRow),
  /** Weights (cell shares) of each aggregated coefficient. */
  aggregation: z.array(z.object({ name: z.string(), components: z.array(z.string()), weights: z.array(z.number()) })),
});

export const feolsResult = feolsFit.extend({
  model: z.literal('feols'),
  formula: z.string(),
  /** Messages for the user: dropped observations, collinearity, notes of the design. */
  notes: z.array(z.string()),
  /** Event-study metadata of i() terms: factor name, values with a coefficient, references. */
  event_terms: z.array(z.object({ factor: z.string(), var: z.string().nullable(), values: z.array(z.string()), references: z.array(z.string()), coefficients: z.array(z.string()) })),
  iv_endogenous: z.array(z.string()).optional(),
  iv_instruments: z.array(z.string()).optional(),
  iv: z
    .object({
      first_stage: z.record(z.string(), feolsFit),
      /** fixest fitstat names: `ivf1::endo`, `ivwald1::endo`, `ivf2`, `ivwald2`, `wh`, `sargan`. */
      stats: z.record(z.string(), testStat),
    })
    .nullable(),
  sunab: sunabInfo.nullable(),
  timing: timing.optional(),
});
export type FeolsResult = z.infer<typeof feolsResult>;
