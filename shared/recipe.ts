/**
 * A dataset's recipe: the ordered data-management steps that turn its source file into the
 * working data. Each step is one JSON object validated here; main/data/recipe.ts replays
 * them. Undo = replay without the last step. Docs: docs/data.md.
 */
import { z } from 'zod';

const name = z.string().min(1);
const scalar = z.union([z.number(), z.string()]);
const recodeFrom = z.union([z.number(), z.string(), z.object({ min: z.number().optional(), max: z.number().optional() }).strict()]);

const panel = { unit: name, time: name };

export const recipeStep = z.discriminatedUnion('op', [
  z.object({ op: z.literal('rename'), from: name, to: name }).strict(),
  z.object({ op: z.literal('label'), column: name, label: z.string().nullable().optional(), valueLabels: z.record(z.string(), z.string()).nullable().optional() }).strict(),
  z.object({ op: z.literal('setType'), column: name, to: z.enum(['number', 'string', 'date']), force: z.boolean().optional(), useValueLabels: z.boolean().optional() }).strict(),
  z
    .object({
      op: z.literal('recode'),
      column: name,
      rules: z.array(z.object({ from: z.union([recodeFrom, z.array(recodeFrom).min(1)]), to: z.union([z.number(), z.string(), z.null()]), label: z.string().optional() }).strict()).min(1),
      into: name.optional(),
      otherwise: z.enum(['keep', 'missing']).optional(),
    })
    .strict(),
  z.object({ op: z.literal('generate'), name, expr: z.string().min(1), if: z.string().min(1).optional(), label: z.string().optional(), replace: z.boolean().optional() }).strict(),
  z.object({ op: z.literal('drop'), columns: z.array(name).min(1) }).strict(),
  z.object({ op: z.literal('keep'), columns: z.array(name).min(1) }).strict(),
  z.object({ op: z.literal('filter'), expr: z.string().min(1) }).strict(),
  z.object({ op: z.literal('lag'), column: name, ...panel, periods: z.number().int(), delta: z.number().positive().optional(), kind: z.enum(['level', 'diff']).optional(), into: name.optional() }).strict(),
  z.object({ op: z.literal('winsorize'), columns: z.array(name).min(1), lower: z.number().min(0).max(100), upper: z.number().min(0).max(100), by: name.optional(), mode: z.enum(['winsorize', 'trim']).optional(), suffix: z.string().optional() }).strict(),
  z.object({ op: z.literal('standardize'), columns: z.array(name).min(1), by: name.optional(), suffix: z.string().optional() }).strict(),
  z.object({ op: z.literal('dummies'), column: name, prefix: name.optional(), dropFirst: z.boolean().optional() }).strict(),
  z.object({ op: z.literal('relativeTime'), time: name, event: name, into: name.optional(), never: z.array(z.number()).optional(), min: z.number().optional(), max: z.number().optional(), delta: z.number().positive().optional() }).strict(),
  z
    .object({
      op: z.literal('treatment'),
      ...panel,
      treatedIds: z.array(scalar).optional(),
      treatedColumn: name.optional(),
      policyTime: z.number().optional(),
      firstTreatColumn: name.optional(),
      names: z.object({ treated: name.optional(), post: name.optional(), treatPost: name.optional(), firstTreat: name.optional() }).strict().optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('merge'),
      /** Dataset name in the project (or file path in the CLI). */
      using: name,
      keys: z.array(z.union([name, z.object({ master: name, using: name }).strict()])).min(1),
      relationship: z.enum(['1:1', 'm:1', '1:m']),
      keep: z.array(z.enum(['master', 'using', 'matched'])).min(1).optional(),
      indicator: z.string().min(1).nullable().optional(),
    })
    .strict(),
  z.object({ op: z.literal('append'), datasets: z.array(name).min(1), source: name.optional() }).strict(),
]);
export type RecipeStep = z.infer<typeof recipeStep>;

export const recipe = z.object({ steps: z.array(recipeStep) }).strict();
export type Recipe = z.infer<typeof recipe>;
