/**
 * The RD plot (rdrobust's rdplot): binned means with confidence intervals and a global
 * polynomial on each side of the cutoff, with the IMSE-optimal or mimicking-variance number of
 * evenly spaced or quantile-spaced bins (Calonico, Cattaneo & Titiunik 2015, JASA 110(512)).
 * Field names follow the rdplot_default case of ../shared/reference/rdrobust_senate.json;
 * `bins` and `curve` are ready for a chart.
 */
import { z } from 'zod';
import { leftRight, rdBandwidthInput, rdCurve, rdKernel, rdKernelLabel, rdSampleFields, refineRunningVariable } from './rdrobust';

const count = z.number().int().min(1).max(10_000);

export const rdplotSpec = z
  .object({
    model: z.literal('rdplot'),
    ...rdSampleFields,
    y: z.string().min(1),
    /** Order of the global polynomial on each side. */
    p: z.number().int().min(0).max(8).default(4),
    /** Number of bins (both sides, or [left, right]); data-driven when absent. */
    nbins: z.union([count, z.tuple([count, count])]).optional(),
    /** es/qs: evenly/quantile spaced; mv: mimicking variance; pr: polynomial-regression variance. */
    binselect: z.enum(['es', 'espr', 'esmv', 'esmvpr', 'qs', 'qspr', 'qsmv', 'qsmvpr']).default('esmv'),
    /** Multiplies the selected number of bins (rounded up to a whole number). */
    scale: z.union([z.number().positive(), z.tuple([z.number().positive(), z.number().positive()])]).optional(),
    kernel: rdKernel.default('uniform'),
    /** Bandwidth of the polynomial fit; the whole range of each side when absent. */
    h: rdBandwidthInput.optional(),
    /** Extends the plotted support [lower, upper] beyond the data. */
    support: z.tuple([z.number().finite(), z.number().finite()]).optional(),
    weights: z.string().min(1).optional(),
    masspoints: z.enum(['adjust', 'check', 'off']).default('adjust'),
    /** Confidence level (percent) of the bin intervals. */
    ci: z.number().gt(0).lt(100).default(95),
  })
  .strict()
  .superRefine(refineRunningVariable);
export type RdplotSpec = z.infer<typeof rdplotSpec>;

export const rdplotBin = z.object({
  /** Bin midpoint (where rdplot draws the dot). */
  mean_bin: z.number(),
  mean_x: z.number(),
  mean_y: z.number(),
  min_bin: z.number(),
  max_bin: z.number(),
  n: z.number(),
  se_y: z.number(),
  ci_lower: z.number(),
  ci_upper: z.number(),
  side: z.enum(['left', 'right']),
});
export type RdplotBin = z.infer<typeof rdplotBin>;

export const rdplotResult = z.object({
  model: z.literal('rdplot'),
  J: leftRight,
  J_IMSE: leftRight,
  J_MV: leftRight,
  binselect: z.string(),
  scale: leftRight,
  rscale: leftRight,
  bin_width_avg: leftRight,
  bin_width_med: leftRight,
  p: z.number(),
  c: z.number(),
  h: leftRight,
  N: leftRight,
  N_h: leftRight,
  kernel: rdKernelLabel,
  global_poly_coef: z.object({ left: z.array(z.number()), right: z.array(z.number()) }),
  /** Non-empty bins, left to right. */
  bins: z.array(rdplotBin),
  /** The fitted global polynomial on a grid of 500 points per side. */
  curve: z.object({ left: rdCurve, right: rdCurve }),
  notes: z.array(z.string()),
});
export type RdplotResult = z.infer<typeof rdplotResult>;
