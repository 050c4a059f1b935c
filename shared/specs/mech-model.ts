/**
 * The linear fixed-effects model that the mechanism builders (mediation, moderation,
 * heterogeneity) share: an outcome, a policy variable, controls, fixed effects and the
 * variance, estimated by feols (docs/spec-mechanisms.md).
 */
import { z } from 'zod';
import { dataRef, factorLevels, subsetExpr } from './common';
import { sscSpec } from './feols';

/** The 32-bit seed of the Mersenne Twister; stored with the result so a run can be repeated. */
export const seedField = z.number().int().min(0).max(4294967295);

export const linearModelFields = {
  data: dataRef,
  subset: subsetExpr,
  levels: factorLevels,
  /** Numeric outcome column. */
  outcome: z.string().min(1),
  /** Numeric policy column, e.g. the 0/1 treated × post indicator of a DID. */
  treatment: z.string().min(1),
  /** Control terms in feols syntax: column names, `factor(edu)`, `log(gdp)`. */
  controls: z.array(z.string().min(1)).default([]),
  /** Fixed effects, e.g. ["city_id", "year"]; interactions as in fixest: "province^year". */
  fixed_effects: z.array(z.string().min(1)).default([]),
  /**
   * Cluster variables of the standard errors. Absent: fixest's default (the first fixed
   * effect, iid without fixed effects). An empty list: no clustering, `vcov` decides.
   */
  cluster: z.array(z.string().min(1)).optional(),
  /** Variance without clusters (default iid, as fixest). */
  vcov: z.enum(['iid', 'hetero']).optional(),
  /** Small-sample corrections (fixest's by default). */
  ssc: sscSpec.optional(),
  /** Confidence level of every interval (default 0.95). */
  level: z.number().gt(0).lt(1).default(0.95),
};

/** A t or normal test of one quantity (an indirect effect, a difference of coefficients). */
export const estimateRow = z.object({
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  /** t or z statistic (see `dist`). */
  stat: z.number().nullable(),
  p: z.number().nullable(),
  conf_low: z.number().nullable(),
  conf_high: z.number().nullable(),
  /** Reference distribution: Student t with `df` degrees of freedom, or standard normal. */
  dist: z.enum(['t', 'normal']),
  df: z.number().nullable(),
  /** Why a statistic is null. */
  reason: z.string().optional(),
});
export type EstimateRow = z.infer<typeof estimateRow>;

/** A Wald F test of several restrictions. */
export const fTest = z.object({
  stat: z.number().nullable(),
  p: z.number().nullable(),
  df1: z.number(),
  df2: z.number(),
  /** The variance the test uses. */
  vcov: z.string(),
  reason: z.string().optional(),
});
export type FTest = z.infer<typeof fTest>;
