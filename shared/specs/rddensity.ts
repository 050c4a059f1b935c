/**
 * Manipulation test of Cattaneo, Jansson & Ma (2020, JASA 115(531)): local polynomial density
 * estimates on each side of the cutoff and a robust bias-corrected test of their difference
 * (R package rddensity with lpdensity), plus the binomial tests near the cutoff and the density
 * curves with confidence intervals that rdplotdensity draws. Field names follow the
 * rddensity_* cases of ../shared/reference/rdrobust_senate.json.
 */
import { z } from 'zod';
import { leftRight, rdBandwidthInput, rdSampleFields, refineRunningVariable } from './rdrobust';

const pos = z.number().positive().finite();
const posPair = z.union([pos, z.tuple([pos, pos])]);

export const rddensitySpec = z
  .object({
    model: z.literal('rddensity'),
    ...rdSampleFields,
    p: z.number().int().min(1).max(7).default(2),
    /** Bias-correction order (default p + 1). */
    q: z.number().int().min(1).max(8).optional(),
    /** unrestricted: separate fits; restricted: equal higher-order derivatives on both sides. */
    fitselect: z.enum(['unrestricted', 'restricted']).default('unrestricted'),
    kernel: z.enum(['triangular', 'epanechnikov', 'uniform']).default('triangular'),
    vce: z.enum(['jackknife', 'plugin']).default('jackknife'),
    massPoints: z.boolean().default(true),
    /** Bandwidth (one, [left, right] or {left, right}); data-driven when absent. */
    h: rdBandwidthInput.optional(),
    /** each side, difference, sum, or comb (median of the three; min(diff, sum) if restricted). */
    bwselect: z.enum(['each', 'diff', 'sum', 'comb']).default('comb'),
    /** Also report the conventional (not bias-corrected) test. */
    all: z.boolean().default(false),
    regularize: z.boolean().default(true),
    nLocalMin: z.number().int().min(0).optional(),
    nUniqueMin: z.number().int().min(0).optional(),
    bino: z.boolean().default(true),
    binoW: posPair.optional(),
    binoN: z.number().int().min(1).optional(),
    binoWStep: posPair.optional(),
    binoNStep: z.number().int().min(1).optional(),
    binoNW: z.number().int().min(1).max(100).default(10),
    binoP: z.number().min(0).max(1).default(0.5),
    /** Grid points per side for the density curve. */
    plot_n: z.number().int().min(2).max(500).default(20),
    /** Plot range [lower, upper]; three bandwidths around the cutoff when absent. */
    plot_range: z.tuple([z.number().finite(), z.number().finite()]).optional(),
    /** Confidence level (percent) of the density bands. */
    level: z.number().gt(0).lt(100).default(95),
  })
  .strict()
  .superRefine((v, ctx) => {
    refineRunningVariable(v, ctx);
    if (v.q !== undefined && v.q < v.p) ctx.addIssue({ code: 'custom', message: 'q cannot be smaller than p.', path: ['q'] });
  });
export type RddensitySpec = z.infer<typeof rddensitySpec>;

const lrd = z.object({ left: z.number().nullable(), right: z.number().nullable(), diff: z.number().nullable() });
const testRow = z.object({ t_jk: z.number().nullable(), p_jk: z.number().nullable(), t_asy: z.number().nullable(), p_asy: z.number().nullable() });

export const rddensityPoint = z.object({
  x: z.number(),
  /** Density estimate of order p (the line). */
  f_p: z.number().nullable(),
  /** Bias-corrected estimate of order q (the centre of the band). */
  f_q: z.number().nullable(),
  se_p: z.number().nullable(),
  se_q: z.number().nullable(),
  ci_lower: z.number().nullable(),
  ci_upper: z.number().nullable(),
  /** Observations within the bandwidth of this point. */
  nh: z.number(),
});
export type RddensityPoint = z.infer<typeof rddensityPoint>;

export const rddensityResult = z.object({
  model: z.literal('rddensity'),
  test: testRow,
  hat: lrd,
  sd_jk: lrd,
  sd_asy: lrd,
  /** Conventional (order p, not bias-corrected) statistics when `all`, else null. */
  conventional: z.object({ test: testRow, hat: lrd, sd_jk: lrd, sd_asy: lrd }).nullable(),
  h: leftRight,
  N: z.object({ full: z.number(), left: z.number(), right: z.number(), eff_left: z.number(), eff_right: z.number() }),
  c: z.number(),
  p: z.number(),
  q: z.number(),
  kernel: z.string(),
  fitselect: z.string(),
  vce: z.string(),
  /** "estimated" or, with a given h, "mannual" (rddensity's spelling). */
  bwselect: z.string(),
  bwmethod: z.string(),
  massPoints: z.boolean(),
  binomial_tests: z.array(z.object({ window_left: z.number(), window_right: z.number(), n_left: z.number(), n_right: z.number(), p: z.number() })),
  /** Density curves with pointwise confidence intervals on a grid each side (rdplotdensity). */
  density: z.object({ left: z.array(rddensityPoint), right: z.array(rddensityPoint) }),
  /** Histogram of x over the plot range on the density scale (count / (N · width)). */
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number(), density: z.number() })),
  notes: z.array(z.string()),
});
export type RddensityResult = z.infer<typeof rddensityResult>;
