/**
 * Every analysis spec the app, the project file and the CLI accept, discriminated on `model`,
 * with the result schema that goes with it. docs/spec.md describes the format.
 */
import { z } from 'zod';
import { attGtResult, attGtSpec } from './att-gt';
import { baconResult, baconSpec } from './bacon';
import { dddResult, dddSpec } from './ddd';
import { describeResult, describeSpec } from './describe';
import { didResult, didSpec } from './did';
import { didLagsResult, didLagsSpec } from './did-lags';
import { didCompareResult, didCompareSpec } from './did-compare';
import { didImputationResult, didImputationSpec } from './did-imputation';
import { feolsResult, feolsSpec } from './feols';
import { glmResult, glmSpec } from './glm';
import { heterogeneityResult, heterogeneitySpec } from './heterogeneity';
import { indexResult, indexSpec } from './composite-index';
import { matchitResult, matchitSpec } from './matchit';
import { mediationResult, mediationSpec } from './mediation';
import { moderationResult, moderationSpec } from './moderation';
import { placeboResult, placeboSpec } from './placebo';
import { polrResult, polrSpec } from './polr';
import { psmDidResult, psmDidSpec } from './psm-did';
import { rdbwselectResult, rdbwselectSpec } from './rdbwselect';
import { rddensityResult, rddensitySpec } from './rddensity';
import { rdplotResult, rdplotSpec } from './rdplot';
import { rdrobustResult, rdrobustSpec } from './rdrobust';
import { rdsensitivityResult, rdsensitivitySpec } from './rdsensitivity';
import { robustnessResult, robustnessSpec } from './robustness';

export const analysisSpec = z.discriminatedUnion('model', [
  describeSpec,
  feolsSpec,
  didSpec,
  placeboSpec,
  dddSpec,
  didLagsSpec,
  robustnessSpec,
  glmSpec,
  polrSpec,
  matchitSpec,
  psmDidSpec,
  attGtSpec,
  didImputationSpec,
  baconSpec,
  didCompareSpec,
  rdrobustSpec,
  rdbwselectSpec,
  rdplotSpec,
  rddensitySpec,
  rdsensitivitySpec,
  mediationSpec,
  moderationSpec,
  heterogeneitySpec,
  indexSpec,
]);
export type AnalysisSpec = z.infer<typeof analysisSpec>;
export type AnalysisSpecInput = z.input<typeof analysisSpec>;
export type ModelName = AnalysisSpec['model'];

/** The result schema of each model (validated before a result is stored or sent). */
export const resultSchemas = {
  describe: describeResult,
  feols: feolsResult,
  did: didResult,
  placebo: placeboResult,
  ddd: dddResult,
  did_lags: didLagsResult,
  did_robustness: robustnessResult,
  glm: glmResult,
  polr: polrResult,
  matchit: matchitResult,
  psm_did: psmDidResult,
  att_gt: attGtResult,
  did_imputation: didImputationResult,
  bacon: baconResult,
  did_compare: didCompareResult,
  rdrobust: rdrobustResult,
  rdbwselect: rdbwselectResult,
  rdplot: rdplotResult,
  rddensity: rddensityResult,
  rdsensitivity: rdsensitivityResult,
  mediation: mediationResult,
  moderation: moderationResult,
  heterogeneity: heterogeneityResult,
  index: indexResult,
} satisfies Record<ModelName, z.ZodType>;

export type ResultOf<M extends ModelName> = z.infer<(typeof resultSchemas)[M]>;
export type AnalysisResult = { [M in ModelName]: ResultOf<M> }[ModelName];

export const MODEL_NAMES = Object.keys(resultSchemas) as ModelName[];
