/**
 * Policy-lag effects: the DID re-estimated with the treatment lagged 0, 1, …, k periods
 * within each unit (Stata's L.treat_post; the first periods of each unit drop out), one
 * regression per lag, reported as one table (docs/spec-policy.md).
 */
import { z } from 'zod';
import { coefRow } from './common';
import { didCoreFields, treatmentSummary } from './did';
import { feolsResult } from './feols';

export const didLagsSpec = z
  .object({
    model: z.literal('did_lags'),
    ...didCoreFields,
    /** Largest lag k (periods). */
    max_lag: z.number().int().min(1).max(10).default(3),
    /** Also report lag 0 (the contemporaneous DID) as the first row. */
    include_current: z.boolean().default(true),
    /** Distance between consecutive periods in the time column (2 for biennial waves). */
    time_step: z.number().positive().default(1),
  })
  .strict();
export type DidLagsSpec = z.infer<typeof didLagsSpec>;
export type DidLagsSpecInput = z.input<typeof didLagsSpec>;

export const didLagRow = coefRow.extend({
  lag: z.number(),
  /** The lagged regressor as named in its regression. */
  term: z.string(),
  nobs: z.number(),
  r2: z.number().nullable(),
  r2_within: z.number().nullable(),
});
export type DidLagRow = z.infer<typeof didLagRow>;

export const didLagsResult = z.object({
  model: z.literal('did_lags'),
  rows: z.array(didLagRow),
  /** The full regression behind each row, in the same order. */
  fits: z.array(feolsResult),
  treatment: treatmentSummary,
  notes: z.array(z.string()),
});
export type DidLagsResult = z.infer<typeof didLagsResult>;
