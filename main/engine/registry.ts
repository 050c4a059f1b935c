/**
 * Model name → estimator. The runner (main/service) loads the data, applies `levels` and
 * `subset`, then calls `runAnalysis`.
 */
import type { AnalysisSpec, ModelName, ResultOf } from '../../shared/specs/index';
import type { RunContext } from './context';
import type { Frame } from './frame';
import { runDescribe } from './describe';
import { runFeols } from './feols';
import { runDid } from './policy/did';
import { runPlacebo } from './policy/placebo';
import { runDdd } from './policy/ddd';
import { runDidLags } from './policy/lags';
import { runRobustness } from './policy/robustness';
import { runGlm } from './glm';
import { runPolr } from './polr';
import { runMatchit } from './psm/matchit';
import { runPsmDid } from './psm/psm-did';
import { runAttGt } from './did/att-gt';
import { runDidImputation } from './did/imputation';
import { runBacon } from './did/bacon';
import { runDidCompare } from './did/compare';
import { runRdbwselect, runRdrobust } from './rd/rdrobust';
import { runRdplot } from './rd/rdplot';
import { runRddensity } from './rd/rddensity';
import { runRdsensitivity } from './rd/sensitivity';
import { runMediation } from './mech/mediation';
import { runModeration } from './mech/moderation';
import { runHeterogeneity } from './mech/heterogeneity';
import { runIndex } from './index/index';

type Estimator<M extends ModelName> = (frame: Frame, spec: Extract<AnalysisSpec, { model: M }>, ctx: RunContext) => ResultOf<M> | Promise<ResultOf<M>>;

const estimators: { [M in ModelName]: Estimator<M> } = {
  describe: runDescribe,
  feols: runFeols,
  did: runDid,
  placebo: runPlacebo,
  ddd: runDdd,
  did_lags: runDidLags,
  did_robustness: runRobustness,
  glm: runGlm,
  polr: runPolr,
  matchit: runMatchit,
  psm_did: runPsmDid,
  att_gt: runAttGt,
  did_imputation: runDidImputation,
  bacon: runBacon,
  did_compare: (frame, spec, ctx) => runDidCompare(frame, spec, ctx),
  rdrobust: runRdrobust,
  rdbwselect: runRdbwselect,
  rdplot: runRdplot,
  rddensity: runRddensity,
  rdsensitivity: runRdsensitivity,
  mediation: runMediation,
  moderation: runModeration,
  heterogeneity: runHeterogeneity,
  index: runIndex,
};

export async function runAnalysis<M extends ModelName>(frame: Frame, spec: Extract<AnalysisSpec, { model: M }>, ctx: RunContext): Promise<ResultOf<M>> {
  const run = estimators[spec.model as M];
  return run(frame, spec, ctx);
}
