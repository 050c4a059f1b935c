/**
 * Every analysis spec the app, the project file and the CLI accept, discriminated on `model`,
 * with the result schema that goes with it.
 */
import { z } from 'zod';
import { describeResult, describeSpec } from './describe';

export const analysisSpec = z.discriminatedUnion('model', [describeSpec]);
export type AnalysisSpec = z.infer<typeof analysisSpec>;
export type ModelName = AnalysisSpec['model'];

/** The result schema of each model (validated before a result is stored or sent). */
export const resultSchemas = {
  describe: describeResult,
} satisfies Record<ModelName, z.ZodType>;

export type ResultOf<M extends ModelName> = z.infer<(typeof resultSchemas)[M]>;
export type AnalysisResult = { [M in ModelName]: ResultOf<M> }[ModelName];

export const MODEL_NAMES = Object.keys(resultSchemas) as ModelName[];
