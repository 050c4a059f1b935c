/**
 * Model name → estimator. The runner (main/service) loads the data, applies `levels` and
 * `subset`, then calls `runAnalysis`.
 */
import type { AnalysisSpec, ModelName, ResultOf } from '../../shared/specs/index';
import type { RunContext } from './context';
import type { Frame } from './frame';
import { runDescribe } from './describe';

type Estimator<M extends ModelName> = (frame: Frame, spec: Extract<AnalysisSpec, { model: M }>, ctx: RunContext) => ResultOf<M> | Promise<ResultOf<M>>;

const estimators: { [M in ModelName]: Estimator<M> } = {
  describe: runDescribe,
};

export async function runAnalysis<S extends AnalysisSpec>(frame: Frame, spec: S, ctx: RunContext): Promise<ResultOf<S['model']>> {
  const run = estimators[spec.model] as Estimator<S['model']>;
  return run(frame, spec as Extract<AnalysisSpec, { model: S['model'] }>, ctx);
}
