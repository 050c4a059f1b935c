/**
 * Pieces every analysis spec shares. A spec is one JSON shape used by the builder form, the
 * project file and the CLI (docs/spec.md).
 */
import { z } from 'zod';

/** CLI: a file path (relative to the spec file); app: the name of a dataset in the project. */
export const dataRef = z.string().min(1).describe('data file (CLI) or dataset name (app)');

/** Optional row filter in the expression language, e.g. "ky == 1 & year >= 2005". */
export const subsetExpr = z.string().min(1).optional();

/**
 * Factor level order per string column, as R's factor(x, levels = c(...)); the first level is
 * the reference category. Without it factors sort their levels as R does.
 */
export const factorLevels = z.record(z.string(), z.array(z.string()).min(1)).optional();

export const vcovSpec = z.union([
  z.enum(['iid', 'hetero', 'HC1', 'HC3']),
  z.object({ cluster: z.array(z.string().min(1)).min(1) }).strict(),
]);
export type VcovSpec = z.infer<typeof vcovSpec>;

/** One coefficient row, named as the reference fixtures name it. */
export const coefRow = z.object({
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  t: z.number().nullable().optional(),
  z: z.number().nullable().optional(),
  p: z.number().nullable(),
  conf_low: z.number().nullable().optional(),
  conf_high: z.number().nullable().optional(),
});
export type CoefRow = z.infer<typeof coefRow>;

export const timing = z.object({ load_s: z.number(), estimate_s: z.number() });
