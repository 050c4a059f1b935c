/**
 * What a worker does, as plain functions of (task, ctx) so tests and the CLI can run them in
 * process. Each opens its own connection to the project file and closes it when done; every
 * write is one transaction.
 */
import { basename, extname } from 'node:path';
import type { RunContext } from '../engine/context';
import { UserError } from '../engine/errors';
import { runDescribe } from '../engine/describe';
import { ProjectStore } from '../store/project';
import { estimateWithCompanions, prepareFrame, readDataFile, type CompanionResult } from '../service/runner';
import { ENGINE_VERSION } from '../service/version';
import type { DatasetInfo, ResponseOf } from '../../shared/contract';
import type { WorkerTask } from './protocol';
import { runDataTask } from './data-tasks';
import { runPublishTask } from './publish-tasks';

/** Dataset name from a file name: its stem, trimmed; "data" if nothing is left. */
function datasetNameFor(label: string): string {
  const stem = basename(label, extname(label)).trim();
  return stem || 'data';
}

export async function importTask(task: Extract<WorkerTask, { kind: 'import' }>, ctx: RunContext): Promise<ResponseOf<'dataset.import'>> {
  const t0 = performance.now();
  // Read first (most of the time, cancellable, touches nothing), then write in one transaction.
  const readCtx: RunContext = { checkCancelled: () => ctx.checkCancelled(), progress: (f, m) => ctx.progress(0.9 * f, m ?? 'read') };
  const { frame, report } = await readDataFile(task.file.path, task.options, readCtx, task.file.label);
  ctx.checkCancelled();
  const store = ProjectStore.open(task.projectPath, { migrate: false });
  try {
    const writeCtx: RunContext = { checkCancelled: () => ctx.checkCancelled(), progress: (f) => ctx.progress(0.9 + 0.1 * f, 'write') };
    const source = { file: task.file.label, format: report.format, encoding: report.encoding, delimiter: report.delimiter };
    const insert = (name: string): DatasetInfo => store.insertDataset(frame, { name, source }, writeCtx);
    let dataset: DatasetInfo;
    if (task.name !== undefined) dataset = insert(task.name);
    else {
      // An automatic name can be taken by an import that finished meanwhile: pick the next one.
      for (let attempt = 0; ; attempt++) {
        try {
          dataset = insert(store.uniqueDatasetName(datasetNameFor(task.file.label)));
          break;
        } catch (e) {
          if (!(e instanceof UserError && e.code === 'dataset_exists') || attempt >= 3) throw e;
        }
      }
    }
    return {
      dataset,
      report: { file: task.file.label, ...report, rows: frame.nrow, columns: frame.columns.length, seconds: (performance.now() - t0) / 1000 },
    };
  } finally {
    store.close();
  }
}

export async function analysisTask(task: Extract<WorkerTask, { kind: 'analysis' }>, ctx: RunContext): Promise<ResponseOf<'analysis.run'>> {
  const store = ProjectStore.open(task.projectPath, { migrate: false });
  try {
    const t0 = performance.now();
    const dataset = store.datasetByName(task.spec.data);
    const { frame, notes } = prepareFrame(store.loadFrame(dataset.id), task.spec);
    const loadSeconds = (performance.now() - t0) / 1000;
    ctx.checkCancelled();
    const { result, seconds, companions } = await estimateWithCompanions(frame, task.spec, ctx);
    ctx.checkCancelled();
    const timing = { load_s: loadSeconds, estimate_s: seconds };
    return store.inTransaction(() => {
      const analysis = store.saveAnalysis({ id: task.analysisId, name: task.name, spec: task.spec });
      const stored = store.insertResult({ analysisId: analysis.id, spec: task.spec, result, dataFingerprint: dataset.fingerprint, engineVersion: ENGINE_VERSION, timing, notes });
      storeCompanions(store, companions, dataset.fingerprint, loadSeconds, notes);
      return { analysis: store.getAnalysis(analysis.id), result: stored };
    });
  } finally {
    store.close();
  }
}

/**
 * Robustness variants as analyses of their own, linked to the base DID by `base_id`: a variant
 * already saved for the same base under the same label gets the new spec and result (a re-run
 * updates, it does not duplicate); variants of a spec without a base are not stored.
 */
function storeCompanions(store: ProjectStore, companions: CompanionResult[], dataFingerprint: string, loadSeconds: number, notes: string[]): void {
  const linked = (spec: unknown): { baseId: string; label: string } | null => {
    const s = spec as { model?: string; base_id?: string; label?: string };
    return s.model === 'did' && s.base_id && s.label ? { baseId: s.base_id, label: s.label } : null;
  };
  const saved = store.listAnalyses();
  for (const c of companions) {
    const key = linked(c.spec);
    if (!key) continue;
    const existing = saved.find((a) => {
      const k = linked(a.spec);
      return k !== null && k.baseId === key.baseId && k.label === key.label;
    });
    const analysis = store.saveAnalysis({ id: existing?.id, name: existing ? undefined : c.label, spec: c.spec });
    store.insertResult({ analysisId: analysis.id, spec: c.spec, result: c.result, dataFingerprint, engineVersion: ENGINE_VERSION, timing: { load_s: loadSeconds, estimate_s: c.seconds }, notes });
  }
}

export function summaryTask(task: Extract<WorkerTask, { kind: 'summary' }>, ctx: RunContext): ResponseOf<'dataset.summary'> {
  const store = ProjectStore.open(task.projectPath, { migrate: false });
  try {
    const frame = store.loadFrame(task.datasetId, task.columns);
    const { variables } = runDescribe(frame, { model: 'describe', data: task.datasetId }, ctx);
    return { datasetId: task.datasetId, nrow: frame.nrow, variables };
  } finally {
    store.close();
  }
}

// async: a task that throws before its first await still ends as a rejected promise (a failed task), not an exception in the worker.
export async function runTask(task: WorkerTask, ctx: RunContext): Promise<unknown> {
  switch (task.kind) {
    case 'import':
      return importTask(task, ctx);
    case 'analysis':
      return analysisTask(task, ctx);
    case 'summary':
      return Promise.resolve(summaryTask(task, ctx));
    case 'publish.preview':
    case 'publish.clipboard':
    case 'publish.tables':
    case 'publish.figure':
    case 'publish.report':
      return runPublishTask(task, ctx);
    default:
      return runDataTask(task, ctx);
  }
}
