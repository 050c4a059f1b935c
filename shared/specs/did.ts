/**
 * The DID builder's spec: a TWFE difference-in-differences with an optional event study, as a
 * policy-pilot paper runs it. The treatment is an existing 0/1 column or is built from a
 * treated group and a policy time (one date, or a column of first-treatment times for
 * staggered adoption). The engine turns this into feols specs (docs/spec.md).
 */
import { z } from 'zod';
import { dataRef, factorLevels, subsetExpr } from './common';

const unitId = z.union([z.string(), z.number()]);

export const treatmentSpec = z.discriminatedUnion('kind', [
  /** An existing 0/1 treated-and-post column (e.g. treat_post). */
  z.object({ kind: z.literal('column'), column: z.string().min(1) }).strict(),
  /** Units listed by id (e.g. the pilot cities) are treated from `policy_time` on. */
  z.object({ kind: z.literal('ids'), ids: z.array(unitId).min(1), policy_time: z.number() }).strict(),
  /** A 0/1 column marks the treated group; treated from `policy_time` on. */
  z.object({ kind: z.literal('group'), column: z.string().min(1), policy_time: z.number() }).strict(),
  /** A column holds each unit's first treatment time; 0 or missing = never treated (staggered). */
  z.object({ kind: z.literal('first_treat'), column: z.string().min(1) }).strict(),
]);
export type TreatmentSpec = z.infer<typeof treatmentSpec>;

export const eventStudySpec = z
  .object({
    /** Number of pre-treatment periods shown (leads), e.g. 4 → -4 … -1. */
    leads: z.number().int().min(1).max(50).default(4),
    /** Number of post-treatment periods shown (lags), e.g. 3 → 0 … 3. */
    lags: z.number().int().min(0).max(50).default(3),
    /** Reference (omitted) relative period. */
    ref: z.number().int().default(-1),
    /** Periods beyond the window: pooled into the end bins, or dropped from the sample. */
    endpoints: z.enum(['bin', 'trim']).default('bin'),
  })
  .strict();
export type EventStudySpec = z.infer<typeof eventStudySpec>;

export const didSpec = z
  .object({
    model: z.literal('did'),
    data: dataRef,
    subset: subsetExpr,
    levels: factorLevels,
    outcome: z.string().min(1),
    treatment: treatmentSpec,
    unit: z.string().min(1),
    time: z.string().min(1),
    controls: z.array(z.string().min(1)).default([]),
    /** Fixed effects; unit and time when absent. Interactions as in fixest: "province^year". */
    fixed_effects: z.array(z.string().min(1)).optional(),
    /** Cluster variables; the unit when absent. An empty list means no clustering (see `vcov`). */
    cluster: z.array(z.string().min(1)).optional(),
    /** Used only when `cluster` is an empty list. */
    vcov: z.enum(['iid', 'hetero']).optional(),
    weights: z.string().min(1).optional(),
    /** Event study alongside the TWFE estimate; null to skip. */
    event_study: eventStudySpec.nullable().optional(),
  })
  .strict();
export type DidSpec = z.infer<typeof didSpec>;
