/**
 * Publication work done in worker threads (shared/contract-publish.ts): a table spec resolved
 * against the project's stored results and built into a table model, its clipboard payload,
 * table / figure files, and the project report. Plain functions of (task, ctx) like tasks.ts;
 * each opens its own connection to the project and closes it.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import type { RunContext } from '../engine/context';
import { UserError } from '../engine/errors';
import { correlationMatrix } from '../publish/correlation';
import { tableToClipboard, type ClipboardPayload } from '../publish/clipboard';
import { figureOption, renderFigureBuffer, renderSvg } from '../publish/figures/render';
import { buildReport, type ReportItem, type ReportSource } from '../publish/report';
import { summarizeResult } from '../publish/results';
import type { ResolvedColumn, TableModel } from '../publish/table-model';
import { buildTable, exportTables, type TableInputs } from '../publish/tables';
import { prepareFrame } from '../service/runner';
import { ENGINE_VERSION } from '../service/version';
import { ProjectStore } from '../store/project';
import { listTables } from '../store/tables';
import type { ExportedFile } from '../../shared/contract-publish';
import type { AnalysisInfo, StoredResult } from '../../shared/domain';
import type { FigureFormat, FigureKind, FigureSpec } from '../../shared/specs/figure';
import { figureSpec } from '../../shared/specs/figure';
import type { TableFormat, TableLanguage, TableSpec } from '../../shared/specs/table';
import { tableSpec } from '../../shared/specs/table';

/** Where an export goes: a chosen path (downloadUrl null), or a reserved file the browser host hands out. */
export interface ExportTarget {
  path: string;
  /** The file name the user sees. */
  file: string;
  downloadUrl: string | null;
}

export type PublishTask =
  | { kind: 'publish.preview'; projectPath: string; spec: TableSpec }
  | { kind: 'publish.clipboard'; projectPath: string; spec: TableSpec }
  | { kind: 'publish.tables'; projectPath: string; specs: TableSpec[]; format: TableFormat; target: ExportTarget }
  | { kind: 'publish.figure'; projectPath: string; spec: FigureSpec; format: FigureFormat; target: ExportTarget }
  | { kind: 'publish.report'; projectPath: string; language: TableLanguage; title: string; target: ExportTarget };

export interface TablePreview {
  table: TableModel;
  terms: string[];
  labels: Record<string, string>;
  warnings: string[];
}

function withStore<T>(projectPath: string, work: (store: ProjectStore) => Promise<T> | T): Promise<T> {
  const store = ProjectStore.open(projectPath, { migrate: false });
  return Promise.resolve()
    .then(() => work(store))
    .finally(() => store.close());
}

/** Writes next to the target first, so a cancelled or failed export never leaves half a file. */
async function writeExport(target: ExportTarget, bytes: Buffer): Promise<ExportedFile> {
  const partial = `${target.path}.partial`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, target.path);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
  const n = bytes.length;
  return {
    file: target.file,
    path: target.downloadUrl ? null : target.path,
    download: target.downloadUrl ? { url: target.downloadUrl, name: target.file, bytes: n } : null,
    bytes: n,
  };
}

/** A saved analysis and its latest result; `what` says where the id came from, for messages. */
function analysisResult(store: ProjectStore, analysisId: string, what: string): { analysis: AnalysisInfo; stored: StoredResult } {
  let analysis: AnalysisInfo;
  try {
    analysis = store.getAnalysis(analysisId);
  } catch {
    throw new UserError('publish_source_missing', `${what} uses an analysis that is not in this project (it may have been deleted). Pick another analysis.`, { source: analysisId });
  }
  const stored = store.latestResult(analysisId);
  if (!stored) throw new UserError('publish_source_not_run', `${what}: the analysis "${analysis.name}" has not been run yet. Run it, then use it here.`, { source: analysisId, analysis: analysis.name });
  return { analysis, stored };
}

function staleWarning(analysis: AnalysisInfo, stored: StoredResult): string | null {
  if (!stored.stale) return null;
  return stored.staleReason === 'dataset_missing'
    ? `"${analysis.name}": its dataset was deleted after the run.`
    : `"${analysis.name}": its dataset changed after the run; run it again before publishing.`;
}

/** Variable labels of the named datasets (columns without a label are left out). */
function variableLabels(store: ProjectStore, datasetNames: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const name of new Set(datasetNames)) {
    const d = store.findDataset({ name });
    for (const c of d?.columns ?? []) if (c.label && labels[c.name] === undefined) labels[c.name] = c.label;
  }
  return labels;
}

function unionInOrder(lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

interface Resolved {
  inputs: TableInputs;
  terms: string[];
  sources: { analysis: AnalysisInfo; stored: StoredResult }[];
  warnings: string[];
}

/** The results (or, for a correlation table, the data) a table spec names, from the project. */
function resolveTable(store: ProjectStore, spec: TableSpec, ctx: RunContext): Resolved {
  if (spec.kind === 'correlation') {
    const dataset = store.datasetByName(spec.data);
    const { frame } = prepareFrame(store.loadFrame(dataset.id, spec.subset ? undefined : spec.variables), { subset: spec.subset });
    const numeric = dataset.columns.filter((c) => c.type === 'number').map((c) => c.name);
    return {
      inputs: { correlation: correlationMatrix(frame, spec.variables, ctx), variableLabels: variableLabels(store, [dataset.name]) },
      terms: numeric,
      sources: [],
      warnings: [],
    };
  }
  const ids = spec.kind === 'regression' ? spec.columns.map((c) => c.source) : [spec.source];
  const sources = ids.map((id, i) => analysisResult(store, id, spec.kind === 'regression' ? `Column (${i + 1})` : 'The table'));
  const columns: ResolvedColumn[] = sources.map((s) => ({ spec: s.stored.spec, result: s.stored.result }));
  const warnings = sources.map((s) => staleWarning(s.analysis, s.stored)).filter((w): w is string => w !== null);
  let terms: string[] = [];
  if (spec.kind === 'regression') {
    terms = unionInOrder(
      sources.map((s) => {
        try {
          return summarizeResult(s.stored.result, s.analysis.name).coefs.map((c) => spec.rename[c.term] ?? c.term);
        } catch {
          return [];
        }
      }),
    );
  } else if (spec.kind === 'descriptives') {
    const vars = (sources[0].stored.result as { variables?: { name?: unknown }[] }).variables ?? [];
    terms = unionInOrder([vars.map((v) => (typeof v.name === 'string' ? v.name : '')).filter((n) => n !== '')]);
  }
  return { inputs: { columns, variableLabels: variableLabels(store, sources.map((s) => s.analysis.dataset)) }, terms, sources, warnings };
}

export function previewTask(task: Extract<PublishTask, { kind: 'publish.preview' }>, ctx: RunContext): Promise<TablePreview> {
  return withStore(task.projectPath, (store) => {
    const r = resolveTable(store, task.spec, ctx);
    return { table: buildTable(task.spec, r.inputs), terms: r.terms, labels: r.inputs.variableLabels ?? {}, warnings: r.warnings };
  });
}

export function clipboardTask(task: Extract<PublishTask, { kind: 'publish.clipboard' }>, ctx: RunContext): Promise<ClipboardPayload> {
  return withStore(task.projectPath, (store) => tableToClipboard(buildTable(task.spec, resolveTable(store, task.spec, ctx).inputs)));
}

export function tablesTask(task: Extract<PublishTask, { kind: 'publish.tables' }>, ctx: RunContext): Promise<ExportedFile> {
  return withStore(task.projectPath, async (store) => {
    const models = task.specs.map((spec, i) => {
      ctx.checkCancelled();
      ctx.progress(i / (task.specs.length + 1));
      return buildTable(spec, resolveTable(store, spec, ctx).inputs);
    });
    const bytes = await exportTables(models, task.format);
    ctx.checkCancelled();
    return writeExport(task.target, bytes);
  });
}

export function figureTask(task: Extract<PublishTask, { kind: 'publish.figure' }>, ctx: RunContext): Promise<ExportedFile> {
  return withStore(task.projectPath, async (store) => {
    const { stored } = analysisResult(store, task.spec.source, 'The figure');
    ctx.progress(0.2);
    const bytes = renderFigureBuffer(task.spec, stored.result, task.format);
    ctx.checkCancelled();
    return writeExport(task.target, bytes);
  });
}

/** Figures tried for every analysis in the report; a kind that does not fit the result is skipped. */
const REPORT_FIGURES: FigureKind[] = ['event_study', 'placebo', 'rd_plot', 'density_test', 'psm_density', 'bacon'];

/** The table kind that shows one analysis on its own. */
function ownTableSpec(analysis: AnalysisInfo, stored: StoredResult, language: TableLanguage): TableSpec | null {
  const r = stored.result as Record<string, unknown>;
  if (r.model === 'describe') return tableSpec.parse({ kind: 'descriptives', source: analysis.id, language, title: analysis.name });
  if ('balance_before' in r && 'balance_after' in r) return tableSpec.parse({ kind: 'balance', source: analysis.id, language, title: analysis.name });
  try {
    summarizeResult(r, analysis.name);
  } catch {
    return null;
  }
  return tableSpec.parse({ kind: 'regression', columns: [{ source: analysis.id }], language, title: analysis.name });
}

export function reportTask(task: Extract<PublishTask, { kind: 'publish.report' }>, ctx: RunContext): Promise<ExportedFile> {
  return withStore(task.projectPath, async (store) => {
    const analyses = store.listAnalyses();
    const results = new Map(analyses.map((a) => [a.id, store.latestResult(a.id)]));
    const source = (a: AnalysisInfo, stored: StoredResult): ReportSource => {
      const dataset = store.findDataset({ name: a.dataset });
      // The code reads the file the dataset was imported from.
      const spec = dataset?.source.file ? { ...(stored.spec as object), data: dataset.source.file } : stored.spec;
      return { name: a.name, spec, data_fingerprint: stored.dataFingerprint, engine_version: stored.engineVersion };
    };
    const items: ReportItem[] = [];
    // Analyses in a saved table are shown there; every other one gets a table of its own.
    const inTables = new Set<string>();
    const tables = listTables(store);
    const steps = tables.length + analyses.length;
    tables.forEach((t, i) => {
      ctx.checkCancelled();
      ctx.progress(i / steps);
      const r = resolveTable(store, t.spec, ctx);
      for (const s of r.sources) inTables.add(s.analysis.id);
      items.push({ kind: 'table', title: t.name, table: buildTable(t.spec, r.inputs), sources: r.sources.map((s) => source(s.analysis, s.stored)) });
    });
    analyses.forEach((a, i) => {
      ctx.checkCancelled();
      ctx.progress((tables.length + i) / steps);
      const stored = results.get(a.id);
      if (!stored) return;
      const own = inTables.has(a.id) ? null : ownTableSpec(a, stored, task.language);
      if (own) items.push({ kind: 'table', title: a.name, table: buildTable(own, resolveTable(store, own, ctx).inputs), sources: [source(a, stored)] });
      for (const kind of REPORT_FIGURES) {
        const spec = figureSpec.parse({ kind, source: a.id, title: a.name, language: task.language });
        let svg: string;
        try {
          svg = renderSvg(figureOption(spec, stored.result), spec.width, spec.height);
        } catch (e) {
          if (e instanceof UserError) continue;
          throw e;
        }
        items.push({ kind: 'figure', title: a.name, svg, sources: [source(a, stored)] });
      }
    });
    const html = buildReport(items, { title: task.title, language: task.language, engine_version: ENGINE_VERSION, created_at: new Date().toISOString() });
    return writeExport(task.target, Buffer.from(html, 'utf8'));
  });
}

export function runPublishTask(task: PublishTask, ctx: RunContext): Promise<unknown> {
  switch (task.kind) {
    case 'publish.preview':
      return previewTask(task, ctx);
    case 'publish.clipboard':
      return clipboardTask(task, ctx);
    case 'publish.tables':
      return tablesTask(task, ctx);
    case 'publish.figure':
      return figureTask(task, ctx);
    case 'publish.report':
      return reportTask(task, ctx);
  }
}
