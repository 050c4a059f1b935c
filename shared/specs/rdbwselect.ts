/**
 * Bandwidth selection alone (rdrobust's rdbwselect): one selector, or all ten with `all`.
 * Field names follow the rdbwselect_all case of ../shared/reference/rdrobust_senate.json.
 */
import { z } from 'zod';
import { leftRight, rdDesignEcho, rdDesignFields, refineRdDesign } from './rdrobust';

export const rdbwselectSpec = z
  .object({
    model: z.literal('rdbwselect'),
    ...rdDesignFields,
    /** Report every selector. */
    all: z.boolean().default(false),
  })
  .strict()
  .superRefine(refineRdDesign);
export type RdbwselectSpec = z.infer<typeof rdbwselectSpec>;

export const rdBandwidthRow = z.object({ h_left: z.number(), h_right: z.number(), b_left: z.number(), b_right: z.number() });

export const rdbwselectResult = z.object({
  model: z.literal('rdbwselect'),
  /** Selector name → bandwidths. */
  bws: z.record(z.string(), rdBandwidthRow),
  N: leftRight,
  /** Observations within h of the first selector listed. */
  N_h: leftRight,
  M_unique: leftRight,
  ...rdDesignEcho,
  notes: z.array(z.string()),
});
export type RdbwselectResult = z.infer<typeof rdbwselectResult>;
