/**
 * Descriptive statistics: per variable N, missing, mean, SD, min, quartiles, max, distinct
 * values; optionally by the groups of one column (e.g. treated / control). Also feeds the data
 * grid's column summaries.
 */
import { z } from 'zod';
import { dataRef, factorLevels, subsetExpr } from './common';

export const describeSpec = z
  .object({
    model: z.literal('describe'),
    data: dataRef,
    subset: subsetExpr,
    levels: factorLevels,
    /** Columns to describe; all columns when absent. */
    variables: z.array(z.string().min(1)).optional(),
    /** Column whose values split the sample (each group gets its own statistics). */
    by: z.string().min(1).optional(),
  })
  .strict();
export type DescribeSpec = z.infer<typeof describeSpec>;

export const variableSummary = z.object({
  name: z.string(),
  label: z.string().nullable(),
  type: z.enum(['number', 'string']),
  n: z.number(),
  missing: z.number(),
  distinct: z.number(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  min: z.number().nullable(),
  p25: z.number().nullable(),
  median: z.number().nullable(),
  p75: z.number().nullable(),
  max: z.number().nullable(),
  /** For string columns (and labelled numbers): the most frequent values with counts. */
  top: z.array(z.object({ value: z.string(), count: z.number() })),
});
export type VariableSummary = z.infer<typeof variableSummary>;

export const describeResult = z.object({
  model: z.literal('describe'),
  nobs: z.number(),
  variables: z.array(variableSummary),
  groups: z
    .array(z.object({ by: z.string(), value: z.string(), nobs: z.number(), variables: z.array(variableSummary) }))
    .nullable(),
});
export type DescribeResult = z.infer<typeof describeResult>;
