/**
 * Data-management work done in worker threads (shared/contract-data.ts): recipe steps, undo
 * and replay, merge and append into new datasets, panel diagnostics, summary and frequency
 * tables, file inspection and export. Plain functions of (task, ctx) like tasks.ts; each opens
 * its own connection to the project and closes it.
 */
import { rename, rm, stat } from 'node:fs/promises';
import type { RunContext } from '../engine/context';
import { UserError } from '../engine/errors';
import type { Frame } from '../engine/frame';
import type { DatasetResolver } from '../data/recipe';
import { applyStep, replay } from '../data/recipe';
import type { PanelDiagnostics } from '../data/panel';
import { panelDiagnostics } from '../data/panel';
import { frequencyTable, summaryTable } from '../data/tables';
import { writeCsv } from '../io/csv-write';
import { detectFormat } from '../io/detect';
import { writeDta } from '../io/dta-write';
import { listXlsxSheets, writeXlsx } from '../io/xlsx';
import { ProjectStore } from '../store/project';
import { commitRecipe, insertDerivedDataset, loadOriginal, readRecipe } from '../store/recipes';
import type { RecipeStep } from '../../shared/recipe';
import { mergeReport } from '../../shared/contract-data';
import type { ExportFormat, PanelDiagnosticsView, RecipeEntry, StepReport } from '../../shared/contract-data';
import type { ParsedRequestOf, ResponseOf } from '../../shared/contract';
import type { DatasetInfo } from '../../shared/domain';

type Req<C extends 'dataset.merge' | 'dataset.append' | 'dataset.export'> = ParsedRequestOf<C>;

export type DataTask =
  | { kind: 'data.transform'; projectPath: string; datasetId: string; step: RecipeStep }
  | { kind: 'data.undo'; projectPath: string; datasetId: string }
  | { kind: 'data.replay'; projectPath: string; datasetId: string }
  | ({ kind: 'data.merge'; projectPath: string } & Req<'dataset.merge'>)
  | ({ kind: 'data.append'; projectPath: string } & Req<'dataset.append'>)
  | { kind: 'data.panel'; projectPath: string; datasetId: string; unit: string; time: string }
  | { kind: 'data.summary'; projectPath: string; datasetId: string; columns?: string[] }
  | { kind: 'data.frequency'; projectPath: string; datasetId: string; column: string; maxRows?: number }
  | ({
      kind: 'data.export';
      projectPath: string;
      /** Where to write, the name the user sees, and the download URL (browser host) or null (a chosen path). */
      path: string;
      file: string;
      downloadUrl: string | null;
    } & Omit<Req<'dataset.export'>, 'path'>)
  | { kind: 'data.inspect'; path: string; label: string };

/** At most this many units get their own heat-map row; larger panels show observation patterns. */
export const MAX_UNIT_ROWS = 200;
/** Observation patterns shown for a large panel, most frequent first. */
export const MAX_PATTERNS = 40;
/** Singletons listed (all are counted). */
const MAX_LISTED = 100;

function withStore<T>(projectPath: string, work: (store: ProjectStore) => T): T {
  const store = ProjectStore.open(projectPath, { migrate: false });
  try {
    return work(store);
  } finally {
    store.close();
  }
}

async function withStoreAsync<T>(projectPath: string, work: (store: ProjectStore) => Promise<T>): Promise<T> {
  const store = ProjectStore.open(projectPath, { migrate: false });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/** Merge and append steps name other datasets of the project: their current data. */
function resolver(store: ProjectStore): DatasetResolver {
  return (name) => store.loadFrame(store.datasetByName(name).id);
}

function entry(step: RecipeStep, message: string): RecipeEntry {
  return { step, message, at: new Date().toISOString() };
}

/** Progress of a phase mapped into [from, to] of the whole job. */
function phase(ctx: RunContext, from: number, to: number, message: string): RunContext {
  return { checkCancelled: () => ctx.checkCancelled(), progress: (f) => ctx.progress(from + (to - from) * f, message) };
}

async function transform(task: Extract<DataTask, { kind: 'data.transform' }>, ctx: RunContext): Promise<ResponseOf<'dataset.transform'>> {
  if (task.step.op === 'merge' || task.step.op === 'append')
    throw new UserError('bad_option', `A ${task.step.op} creates a new dataset: use the merge or append dialog.`, { step: task.step.op });
  return withStoreAsync(task.projectPath, async (store) => {
    const dataset = store.getDataset(task.datasetId);
    const { steps } = readRecipe(store, dataset.id);
    ctx.progress(0.05, 'read');
    const r = await applyStep(store.loadFrame(dataset.id), task.step);
    ctx.checkCancelled();
    const saved = commitRecipe(store, dataset.id, r.frame, [...steps, entry(task.step, r.report.message)], dataset.fingerprint, phase(ctx, 0.6, 1, 'write'));
    return { dataset: saved, report: r.report };
  });
}

/** Replays the first `keep` steps on the original import and stores the result. */
async function replayFirst(store: ProjectStore, dataset: DatasetInfo, steps: RecipeEntry[], keep: number, ctx: RunContext): Promise<{ dataset: DatasetInfo; reports: StepReport[] }> {
  const kept = steps.slice(0, keep);
  const r = await replay(loadOriginal(store, dataset.id), kept.map((s) => s.step), resolver(store), phase(ctx, 0, 0.6, 'recipe'));
  ctx.checkCancelled();
  // Each step's message now describes what it did on this replay.
  const entries = kept.map((s, k) => ({ ...s, message: r.reports[k].message }));
  return { dataset: commitRecipe(store, dataset.id, r.frame, entries, dataset.fingerprint, phase(ctx, 0.6, 1, 'write')), reports: r.reports };
}

function undo(task: Extract<DataTask, { kind: 'data.undo' }>, ctx: RunContext): Promise<ResponseOf<'dataset.undo'>> {
  return withStoreAsync(task.projectPath, async (store) => {
    const dataset = store.getDataset(task.datasetId);
    const { steps } = readRecipe(store, dataset.id);
    const removed = steps[steps.length - 1];
    if (!removed) throw new UserError('nothing_to_undo', `Dataset "${dataset.name}" is as it was imported: there is no step to undo.`, { dataset: dataset.name });
    const r = await replayFirst(store, dataset, steps, steps.length - 1, ctx);
    return { dataset: r.dataset, removed };
  });
}

function replayAll(task: Extract<DataTask, { kind: 'data.replay' }>, ctx: RunContext): Promise<ResponseOf<'dataset.replay'>> {
  return withStoreAsync(task.projectPath, async (store) => {
    const dataset = store.getDataset(task.datasetId);
    const { steps } = readRecipe(store, dataset.id);
    return replayFirst(store, dataset, steps, steps.length, ctx);
  });
}

/**
 * Merge and append make a new dataset whose original is the first dataset's current data and
 * whose recipe is the one step, so the new dataset can be replayed or taken back like any other.
 */
function derive(
  projectPath: string,
  first: string,
  name: string,
  describe: (store: ProjectStore, first: DatasetInfo) => { step: RecipeStep; description: string },
  ctx: RunContext,
): Promise<{ dataset: DatasetInfo; report: StepReport }> {
  return withStoreAsync(projectPath, async (store) => {
    const master = store.getDataset(first);
    if (store.findDataset({ name })) throw new UserError('dataset_exists', `The project already has a dataset named "${name}". Choose another name.`, { dataset: name });
    const { step, description } = describe(store, master);
    const original = store.loadFrame(master.id);
    ctx.progress(0.1, 'read');
    const r = await applyStep(original, step, resolver(store));
    ctx.checkCancelled();
    const dataset = insertDerivedDataset(
      store,
      { name, description, source: { file: null, format: step.op, encoding: null, delimiter: null } },
      original,
      r.frame,
      [entry(step, r.report.message)],
      phase(ctx, 0.5, 1, 'write'),
    );
    return { dataset, report: r.report };
  });
}

async function mergeTask(task: Extract<DataTask, { kind: 'data.merge' }>, ctx: RunContext): Promise<ResponseOf<'dataset.merge'>> {
  const r = await derive(
    task.projectPath,
    task.datasetId,
    task.name,
    (store, master) => {
      const using = store.getDataset(task.using);
      const step: RecipeStep = {
        op: 'merge',
        using: using.name,
        keys: task.keys,
        relationship: task.relationship,
        ...(task.keep ? { keep: task.keep } : {}),
        ...(task.indicator !== undefined ? { indicator: task.indicator } : {}),
      };
      return { step, description: `${master.name} ${task.relationship} merge with ${using.name}` };
    },
    ctx,
  );
  // The merge step's report carries Stata's _merge counts.
  return { dataset: r.dataset, report: mergeReport.parse(r.report) };
}

function appendTask(task: Extract<DataTask, { kind: 'data.append' }>, ctx: RunContext): Promise<ResponseOf<'dataset.append'>> {
  return derive(
    task.projectPath,
    task.datasetId,
    task.name,
    (store, first) => {
      const others = task.others.map((id) => store.getDataset(id).name);
      const step: RecipeStep = { op: 'append', datasets: others, ...(task.source ? { source: task.source } : {}) };
      return { step, description: `${[first.name, ...others].join(' + ')} appended` };
    },
    ctx,
  );
}

/** A unit's value as shown: its value label beside the code where there is one. */
function unitText(value: string | number, labels: Record<string, string> | undefined): string {
  const label = typeof value === 'number' ? labels?.[String(value)] : undefined;
  return label === undefined ? String(value) : `${value} = ${label}`;
}

/**
 * The heat-map rows: one per unit for a panel of up to MAX_UNIT_ROWS units, else one per
 * observation pattern (which periods a unit is observed in, and how often), most frequent
 * first, as Stata's xtdescribe lists them.
 */
export function heatmapRows(d: PanelDiagnostics, unitLabels?: Record<string, string>): PanelDiagnosticsView['heatmap'] {
  const P = d.periods.length;
  const cells = (u: number): number[] => Array.from(d.observed.counts.subarray(u * P, (u + 1) * P));
  if (d.observed.units.length <= MAX_UNIT_ROWS)
    return { mode: 'units', rows: d.observed.units.map((v, u) => ({ label: unitText(v, unitLabels), units: 1, cells: cells(u) })), hiddenRows: 0, hiddenUnits: 0 };
  const patterns = new Map<string, { cells: number[]; units: number }>();
  for (let u = 0; u < d.observed.units.length; u++) {
    const c = cells(u);
    const key = c.join(',');
    const p = patterns.get(key);
    if (p) p.units++;
    else patterns.set(key, { cells: c, units: 1 });
  }
  const sorted = [...patterns.values()].sort((a, b) => b.units - a.units);
  const shown = sorted.slice(0, MAX_PATTERNS);
  const hidden = sorted.slice(MAX_PATTERNS);
  return {
    mode: 'patterns',
    rows: shown.map((p) => ({ label: p.cells.map((c) => (c === 0 ? '.' : c === 1 ? '1' : '+')).join(''), units: p.units, cells: p.cells })),
    hiddenRows: hidden.length,
    hiddenUnits: hidden.reduce((s, p) => s + p.units, 0),
  };
}

function panelTask(task: Extract<DataTask, { kind: 'data.panel' }>, ctx: RunContext): PanelDiagnosticsView {
  return withStore(task.projectPath, (store) => {
    const frame = store.loadFrame(task.datasetId, [task.unit, task.time]);
    ctx.checkCancelled();
    const d = panelDiagnostics(frame, task.unit, task.time, { maxListed: MAX_LISTED });
    return {
      datasetId: task.datasetId,
      unit: task.unit,
      time: task.time,
      nObs: d.nObs,
      nUnits: d.nUnits,
      nPeriods: d.nPeriods,
      balanced: d.balanced,
      rowsMissingKey: d.rowsMissingKey,
      periods: d.periods,
      duplicates: d.duplicates,
      duplicateCount: d.duplicateCount,
      gaps: d.gaps,
      unitsWithGaps: d.unitsWithGaps,
      singletons: d.singletons.slice(0, MAX_LISTED),
      singletonCount: d.singletons.length,
      heatmap: heatmapRows(d, frame.columns[0].valueLabels),
    };
  });
}

const EXPORT_WRITERS: Record<ExportFormat, (frame: Frame, path: string, task: Extract<DataTask, { kind: 'data.export' }>, ctx: RunContext) => Promise<string[]>> = {
  csv: async (frame, path, task, ctx) => {
    await writeCsv(frame, path, { encoding: task.encoding ?? 'utf-8', useValueLabels: task.useValueLabels }, ctx);
    return [];
  },
  xlsx: async (frame, path, task, ctx) => {
    await writeXlsx(frame, path, { useValueLabels: task.useValueLabels }, ctx);
    return [];
  },
  dta: async (frame, path, _task, ctx) => {
    const report = await writeDta(frame, path, { version: 118 }, ctx);
    const renamed = Object.entries(report.renamed).map(([from, to]) => `Renamed for Stata: ${from} → ${to}.`);
    return [...renamed, ...report.notes];
  },
};

/** Writes beside the target and renames at the end, so a cancelled export leaves no half file. */
async function exportTask(task: Extract<DataTask, { kind: 'data.export' }>, ctx: RunContext): Promise<ResponseOf<'dataset.export'>> {
  const frame = withStore(task.projectPath, (store) => store.loadFrame(task.datasetId));
  const partial = `${task.path}.partial`;
  try {
    const notes = await EXPORT_WRITERS[task.format](frame, partial, task, ctx);
    ctx.checkCancelled();
    await rename(partial, task.path);
    const bytes = (await stat(task.path)).size;
    return {
      file: task.file,
      path: task.downloadUrl === null ? task.path : null,
      download: task.downloadUrl === null ? null : { url: task.downloadUrl, name: task.file, bytes },
      bytes,
      notes,
    };
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}

async function inspectTask(task: Extract<DataTask, { kind: 'data.inspect' }>): Promise<ResponseOf<'file.inspect'>> {
  const format = await detectFormat(task.path);
  return { file: task.label, format, sheets: format === 'xlsx' ? await listXlsxSheets(task.path) : null };
}

export async function runDataTask(task: DataTask, ctx: RunContext): Promise<unknown> {
  switch (task.kind) {
    case 'data.transform':
      return transform(task, ctx);
    case 'data.undo':
      return undo(task, ctx);
    case 'data.replay':
      return replayAll(task, ctx);
    case 'data.merge':
      return mergeTask(task, ctx);
    case 'data.append':
      return appendTask(task, ctx);
    case 'data.panel':
      return panelTask(task, ctx);
    case 'data.summary':
      return withStore(task.projectPath, (store) => ({ datasetId: task.datasetId, rows: summaryTable(store.loadFrame(task.datasetId, task.columns)) }));
    case 'data.frequency':
      return withStore(task.projectPath, (store) => ({ datasetId: task.datasetId, column: task.column, ...frequencyTable(store.loadFrame(task.datasetId, [task.column]), task.column, { maxRows: task.maxRows }) }));
    case 'data.export':
      return exportTask(task, ctx);
    case 'data.inspect':
      return inspectTask(task);
  }
}
