/**
 * Replays a recipe (shared/recipe.ts) on a dataset. Steps are pure functions of the frame
 * (and, for merge/append, of the other datasets the resolver returns), so a replay of the
 * same steps on the same source gives identical data; undo is a replay without the last step.
 */
import type { RunContext } from '../engine/context';
import { silentContext } from '../engine/context';
import { UserError } from '../engine/errors';
import type { Frame } from '../engine/frame';
import type { RecipeStep } from '../../shared/recipe';
import { recipeStep } from '../../shared/recipe';
import { append, merge } from './merge';
import { addTreatmentColumns, dummies, lagColumn, relativeTime, standardize, winsorize } from './panel';
import type { StepReport, TransformResult } from './transforms';
import { changeType, dropColumns, filterFrame, generate, keepColumns, labelColumn, recode, renameColumn } from './transforms';

/** Supplies the other datasets a merge or append step names. */
export type DatasetResolver = (name: string) => Frame | Promise<Frame>;

export interface ReplayResult {
  frame: Frame;
  reports: StepReport[];
}

async function other(resolve: DatasetResolver | undefined, name: string): Promise<Frame> {
  if (!resolve) throw new UserError('dataset_not_found', `The step needs the dataset "${name}", which is not available here.`, { dataset: name });
  return resolve(name);
}

/** Applies one validated step. */
export async function applyStep(frame: Frame, step: RecipeStep, resolve?: DatasetResolver): Promise<TransformResult> {
  switch (step.op) {
    case 'rename':
      return renameColumn(frame, step.from, step.to);
    case 'label':
      return labelColumn(frame, step.column, step.label, step.valueLabels);
    case 'setType':
      return changeType(frame, step.column, step.to, { force: step.force, useValueLabels: step.useValueLabels });
    case 'recode':
      return recode(frame, step.column, step.rules, { into: step.into, otherwise: step.otherwise });
    case 'generate':
      return generate(frame, step.name, step.expr, { if: step.if, label: step.label, replace: step.replace });
    case 'drop':
      return dropColumns(frame, step.columns);
    case 'keep':
      return keepColumns(frame, step.columns);
    case 'filter':
      return filterFrame(frame, step.expr);
    case 'lag':
      return lagColumn(frame, step.column, step);
    case 'winsorize':
      return winsorize(frame, step.columns, step);
    case 'standardize':
      return standardize(frame, step.columns, step);
    case 'dummies':
      return dummies(frame, step.column, step);
    case 'relativeTime':
      return relativeTime(frame, step);
    case 'treatment':
      return addTreatmentColumns(frame, step, step.names);
    case 'merge': {
      const r = merge(frame, await other(resolve, step.using), step);
      return { frame: r.frame, report: r.report };
    }
    case 'append': {
      const frames = [frame];
      for (const d of step.datasets) frames.push(await other(resolve, d));
      return append(frames, { source: step.source });
    }
  }
}

/**
 * Validates and applies every step in order. A failing step is reported as a UserError
 * naming its position (step 3 of 7) and what went wrong.
 */
export async function replay(source: Frame, steps: unknown[], resolve?: DatasetResolver, ctx: RunContext = silentContext): Promise<ReplayResult> {
  let frame = source;
  const reports: StepReport[] = [];
  for (let k = 0; k < steps.length; k++) {
    ctx.checkCancelled();
    const parsed = recipeStep.safeParse(steps[k]);
    if (!parsed.success)
      throw new UserError('bad_recipe_step', `Step ${k + 1} of ${steps.length} is not a valid step: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'step'}: ${i.message}`).join('; ')}.`, { step: k + 1 });
    try {
      const r = await applyStep(frame, parsed.data, resolve);
      frame = r.frame;
      reports.push(r.report);
    } catch (e) {
      if (e instanceof UserError) throw new UserError(e.code, `Step ${k + 1} of ${steps.length} (${parsed.data.op}): ${e.message}`, { ...e.details, step: k + 1 });
      throw e;
    }
    ctx.progress((k + 1) / steps.length, 'recipe');
  }
  return { frame, reports };
}

/** The data without the last step: a replay of all but the last step. */
export function undo(source: Frame, steps: unknown[], resolve?: DatasetResolver, ctx?: RunContext): Promise<ReplayResult & { steps: unknown[] }> {
  const kept = steps.slice(0, -1);
  return replay(source, kept, resolve, ctx).then((r) => ({ ...r, steps: kept }));
}
