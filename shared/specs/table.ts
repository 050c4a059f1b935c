/**
 * The publication table spec: which stored results become columns and how they are laid out
 * (esttab / modelsummary style). One schema serves the table builder screen, the project file
 * and `causeway table` (docs/publish.md).
 */
import { z } from 'zod';

export const tableLanguage = z.enum(['zh', 'en']);
export type TableLanguage = z.infer<typeof tableLanguage>;

/** A significance mark: `symbol` is shown when p < `p`. */
export const starLevel = z.object({ symbol: z.string().min(1).max(5), p: z.number().gt(0).lt(1) }).strict();
export type StarLevel = z.infer<typeof starLevel>;

export const DEFAULT_STARS: StarLevel[] = [
  { symbol: '*', p: 0.1 },
  { symbol: '**', p: 0.05 },
  { symbol: '***', p: 0.01 },
];

export const tableColumn = z
  .object({
    /** A saved analysis (app: its id) or a spec / result file (CLI: a path). */
    source: z.string().min(1),
    /** Column title shown under the model number, e.g. the dependent variable; default from the spec. */
    title: z.string().optional(),
  })
  .strict();
export type TableColumn = z.infer<typeof tableColumn>;

/** A "Controls: Yes/No" row standing for a group of coefficients that are not shown. */
export const controlsRow = z
  .object({
    label: z.string().min(1),
    terms: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const regressionStat = z.enum(['nobs', 'r2', 'adj_r2', 'r2_within', 'n_clusters', 'loglik', 'aic', 'n_units']);
export type RegressionStat = z.infer<typeof regressionStat>;

export const tableStyle = z.enum(['three-line', 'grid']);

const common = {
  title: z.string().optional(),
  language: tableLanguage.default('en'),
  /** three-line = booktabs: thick top and bottom rules, a thin rule under the header only. */
  style: tableStyle.default('three-line'),
  /** Decimal places; values smaller than 10^-digits keep `digits` significant digits instead. */
  digits: z.number().int().min(0).max(10).default(3),
  /**
   * Variable / term → display label (defaults from the data's variable labels). A fixed-effect
   * row reads "<label> FE" / "<label>固定效应"; the key "FE:<name>" sets that row's whole label.
   */
  labels: z.record(z.string(), z.string()).default({}),
  /** Extra note lines printed after the automatic ones. */
  notes: z.array(z.string()).default([]),
  /** Print the automatic notes (what the parentheses hold, how SEs are clustered, stars). */
  auto_notes: z.boolean().default(true),
};

export const regressionTableSpec = z
  .object({
    kind: z.literal('regression'),
    ...common,
    columns: z.array(tableColumn).min(1),
    /** Terms to show, in this order (after renaming); all terms in first-seen order when absent. */
    keep: z.array(z.string().min(1)).optional(),
    /** Terms to hide (after renaming). */
    drop: z.array(z.string().min(1)).default([]),
    /**
     * Term → new term name before rows are matched across columns, so e.g. `treat_post` in one
     * model and `ATT` in another share one row (esttab's rename()).
     */
    rename: z.record(z.string(), z.string()).default({}),
    /** What the parentheses under each estimate hold. */
    parentheses: z.enum(['se', 't', 'ci']).default('se'),
    stars: z.array(starLevel).max(5).default(DEFAULT_STARS),
    stats: z.array(regressionStat).default(['nobs', 'r2', 'r2_within', 'n_clusters']),
    /** One Yes/No row per fixed effect found in any column. */
    fixed_effects: z.boolean().default(true),
    controls: z.array(controlsRow).default([]),
    /** Model numbers "(1) (2) …" above the column titles. */
    model_numbers: z.boolean().default(true),
  })
  .strict();
export type RegressionTableSpec = z.infer<typeof regressionTableSpec>;

export const descriptiveStat = z.enum(['n', 'missing', 'mean', 'sd', 'min', 'p25', 'median', 'p75', 'max']);
export type DescriptiveStat = z.infer<typeof descriptiveStat>;

export const descriptivesTableSpec = z
  .object({
    kind: z.literal('descriptives'),
    ...common,
    /** A saved describe analysis (or describe spec file). */
    source: z.string().min(1),
    /** Variables to show, in this order; all numeric variables when absent. */
    variables: z.array(z.string().min(1)).optional(),
    stats: z.array(descriptiveStat).min(1).default(['n', 'mean', 'sd', 'min', 'median', 'max']),
    /** When the describe result is split by a column: show each group's statistics side by side. */
    by_groups: z.boolean().default(true),
    /** Labels for the group values, e.g. {"0": "Control", "1": "Treated"}. */
    group_labels: z.record(z.string(), z.string()).default({}),
    /**
     * With exactly two groups: a last column with the difference in means (second group minus
     * first) and stars from Welch's two-sample t test (R's t.test default).
     */
    difference: z.boolean().default(false),
    stars: z.array(starLevel).max(5).default(DEFAULT_STARS),
  })
  .strict();
export type DescriptivesTableSpec = z.infer<typeof descriptivesTableSpec>;

export const correlationTableSpec = z
  .object({
    kind: z.literal('correlation'),
    ...common,
    /** Dataset (app) or data file (CLI). */
    data: z.string().min(1),
    subset: z.string().min(1).optional(),
    variables: z.array(z.string().min(1)).min(2),
    stars: z.array(starLevel).max(5).default(DEFAULT_STARS),
    /** Lower triangle only (the usual journal layout) or the full matrix. */
    triangle: z.enum(['lower', 'full']).default('lower'),
  })
  .strict();
export type CorrelationTableSpec = z.infer<typeof correlationTableSpec>;

export const balanceStat = z.enum(['Means Treated', 'Means Control', 'Std. Mean Diff.', 'Var. Ratio', 'eCDF Mean', 'eCDF Max']);
export type BalanceStat = z.infer<typeof balanceStat>;

export const balanceTableSpec = z
  .object({
    kind: z.literal('balance'),
    ...common,
    /** A saved matching analysis whose result has `balance_before` / `balance_after`. */
    source: z.string().min(1),
    stats: z.array(balanceStat).min(1).default(['Means Treated', 'Means Control', 'Std. Mean Diff.']),
    /** Show the propensity-score row (`distance`). */
    distance: z.boolean().default(true),
  })
  .strict();
export type BalanceTableSpec = z.infer<typeof balanceTableSpec>;

export const tableSpec = z.discriminatedUnion('kind', [regressionTableSpec, descriptivesTableSpec, correlationTableSpec, balanceTableSpec]);
export type TableSpec = z.infer<typeof tableSpec>;
export type TableSpecInput = z.input<typeof tableSpec>;

export const tableFormat = z.enum(['docx', 'tex', 'xlsx', 'csv', 'html']);
export type TableFormat = z.infer<typeof tableFormat>;
