/**
 * The publication figure spec: which stored result to draw, as what, and how large. One schema
 * for the app's export dialog, the project report and `causeway figure` (docs/publish.md).
 */
import { z } from 'zod';
import { tableLanguage } from './table';

/**
 * event_study: estimates with 95% CIs by event time (fixest i() terms, did's dynamic aggte,
 * didimputation horizons); coefficients: a coefficient plot; placebo: the density of placebo
 * estimates with the actual estimate marked; rd_plot: rdplot bins and global polynomial;
 * density_test: the density on each side of an RD cutoff (rddensity); psm_density:
 * propensity-score densities of treated and controls before and after matching; bacon: the
 * Goodman-Bacon scatter of 2×2 estimates against their weights; placebo_pvalues: placebo
 * estimates against their p-values; rd_sensitivity: one check of an rdsensitivity result
 * (`panel`) as a coefficient plot; marginal_effects: a moderation's marginal effect over the
 * moderator; heterogeneity: one split's subgroup estimates (`panel`) as a coefficient plot.
 */
export const figureKind = z.enum([
  'event_study',
  'coefficients',
  'placebo',
  'rd_plot',
  'density_test',
  'psm_density',
  'bacon',
  'placebo_pvalues',
  'rd_sensitivity',
  'marginal_effects',
  'heterogeneity',
]);
export type FigureKind = z.infer<typeof figureKind>;

export const figureSpec = z
  .object({
    kind: figureKind,
    /** A saved analysis (app: its id) or a spec / result file (CLI: a path relative to this spec). */
    source: z.string().min(1),
    title: z.string().optional(),
    x_label: z.string().optional(),
    y_label: z.string().optional(),
    language: tableLanguage.default('en'),
    /** Size in CSS pixels (1/96 inch); the PNG is drawn at `dpi` from it. */
    width: z.number().int().min(200).max(4000).default(720),
    height: z.number().int().min(150).max(4000).default(450),
    dpi: z.number().int().min(72).max(1200).default(300),
    /** Coefficient plot: terms to draw, in this order; all but the intercept when absent. */
    terms: z.array(z.string().min(1)).optional(),
    /** Term or variable → label on the axis. */
    labels: z.record(z.string(), z.string()).default({}),
    /** Event study: the omitted period, drawn at zero when the result has no estimate for it. */
    reference_period: z.number().default(-1),
    /**
     * Which of a result's charts of this kind: the check of rd_sensitivity (bandwidth, placebo,
     * donut, balance), the split column of heterogeneity. The first one with estimates when absent.
     */
    panel: z.string().min(1).optional(),
    /** RD plot: draw each bin's confidence interval (rdplot's `ci`); absent or false draws none, as R does by default. */
    show_ci: z.boolean().optional(),
  })
  .strict();
export type FigureSpec = z.infer<typeof figureSpec>;
export type FigureSpecInput = z.input<typeof figureSpec>;

export const figureFormat = z.enum(['svg', 'png']);
export type FigureFormat = z.infer<typeof figureFormat>;
