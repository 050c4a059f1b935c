/**
 * Publication channels (docs/ipc.md, "Publication output"): saved tables, the table preview
 * (the table model as data), clipboard payloads, table / figure / report exports, and the R
 * and Stata code of an analysis. Spread into `channels` by shared/contract.ts. Building a
 * table, rendering a figure and writing a file run in the worker pool.
 *
 * In the app a table spec's sources are analysis ids (regression columns, descriptives and
 * balance) and a correlation table's `data` is a dataset name; a figure spec's `source` is an
 * analysis id.
 */
import { z } from 'zod';
import { downloadInfo } from './contract-data';
import { figureFormat, figureSpec } from './specs/figure';
import { tableFormat, tableLanguage, tableSpec } from './specs/table';

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): { kind: 'call'; request: Req; response: Res } {
  return { kind: 'call', request, response };
}

function job<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): { kind: 'job'; request: Req; response: Res } {
  return { kind: 'job', request, response };
}

const id = z.string().min(1);
/** Electron: where the save dialog put the file; absent in the browser host (it downloads instead). */
const savePath = z.string().min(1).optional();

/** The table model every exporter reads (main/publish/table-model.ts TableModel). */
export const tableModel = z.object({
  title: z.string().nullable(),
  language: tableLanguage,
  style: z.enum(['three-line', 'grid']),
  ncol: z.number().int(),
  header: z.array(z.object({ stub: z.string(), cells: z.array(z.object({ text: z.string(), span: z.number().int() })) })),
  sections: z.array(
    z.array(
      z.object({
        kind: z.enum(['estimate', 'paren', 'indicator', 'stat', 'data']),
        label: z.string(),
        cells: z.array(z.string()),
        marks: z.array(z.string()).optional(),
      }),
    ),
  ),
  notes: z.array(z.string()),
});
export type TableModelView = z.infer<typeof tableModel>;

/** A table kept in the project (the report lists every one). */
export const savedTable = z.object({
  id: z.string(),
  name: z.string(),
  spec: tableSpec,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedTable = z.infer<typeof savedTable>;

/** A written export: with `path` it is on disk there; else the browser host offers `download`. */
export const exportedFile = z.object({
  file: z.string(),
  path: z.string().nullable(),
  download: downloadInfo.nullable(),
  bytes: z.number().int(),
});
export type ExportedFile = z.infer<typeof exportedFile>;

export const generatedCode = z.object({
  script: z.string(),
  /** The estimation statements alone. */
  call: z.string(),
  /** Where the script cannot reproduce Causeway exactly. */
  notes: z.array(z.string()),
});

/** One language's code, or why there is none for this model. */
export const codeOrReason = z.union([z.object({ ok: z.literal(true), code: generatedCode }), z.object({ ok: z.literal(false), reason: z.string() })]);
export type CodeOrReason = z.infer<typeof codeOrReason>;

export const publishChannels = {
  'table.list': call(z.object({}).strict(), z.object({ tables: z.array(savedTable) })),
  /** Stores a table spec (new, or an update of `tableId`). */
  'table.save': call(z.object({ tableId: id.optional(), name: z.string().trim().min(1).max(200), spec: tableSpec }).strict(), savedTable),
  'table.delete': call(z.object({ tableId: id }).strict(), z.object({ tableId: z.string() })),
  /**
   * The table a spec makes from the project's stored results, as data. `terms` lists the rows
   * the sources offer (regression: terms after renaming, in first-seen order; descriptives and
   * correlation: variables), `labels` the data's variable labels, `warnings` sources whose
   * result is stale.
   */
  'table.preview': call(
    z.object({ spec: tableSpec }).strict(),
    z.object({ table: tableModel, terms: z.array(z.string()), labels: z.record(z.string(), z.string()), warnings: z.array(z.string()) }),
  ),
  /** What "copy table" writes: an HTML fragment (Word, WPS) and tab-separated text (Excel). */
  'table.clipboard': call(z.object({ spec: tableSpec }).strict(), z.object({ html: z.string(), text: z.string() })),
  /** Writes one or more tables (one after another; xlsx: a sheet each) as docx, tex, xlsx, csv or html. */
  'table.export': job(z.object({ specs: z.array(tableSpec).min(1), format: tableFormat, name: z.string().trim().min(1).max(200).optional(), path: savePath }).strict(), exportedFile),
  /** Draws a stored result's chart as PNG (at spec.dpi) or SVG. */
  'figure.export': job(z.object({ spec: figureSpec, format: figureFormat, path: savePath }).strict(), exportedFile),
  /** The R and Stata code that reruns an analysis. */
  'analysis.code': call(z.object({ analysisId: id }).strict(), z.object({ analysisId: z.string(), r: codeOrReason, stata: codeOrReason })),
  /** One HTML file: every saved table, each analysis' figures, and per analysis its spec, data fingerprint, seed, engine version and code. */
  'project.report': job(z.object({ language: tableLanguage, title: z.string().trim().min(1).max(200).optional(), path: savePath }).strict(), exportedFile),
} as const;
