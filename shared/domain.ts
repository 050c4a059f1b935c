/**
 * The objects the app talks about — projects, datasets, analyses, stored results, settings —
 * as zod schemas shared by the IPC contract (shared/contract.ts), the service layer and the
 * renderer. Pure TypeScript: no Node, no DOM.
 */
import { z } from 'zod';
import { analysisSpec } from './specs/index';
import type { AnalysisResult } from './specs/index';
import { timing } from './specs/common';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export const language = z.enum(LANGUAGES);
export type Language = z.infer<typeof language>;

/** Every error that crosses a process or thread boundary: UserError codes pass through unchanged. */
export const errorInfo = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type ErrorInfo = z.infer<typeof errorInfo>;

/** Codes the app layer itself produces (estimators and readers add their own, e.g. "malformed_csv"). */
export const ERROR_CODES = {
  /** A request failed its zod schema; details.issues lists {path, message}. */
  invalidRequest: 'invalid_request',
  unknownChannel: 'unknown_channel',
  /** The request needs an open project. */
  noProject: 'no_project',
  notFound: 'not_found',
  /** The project has running jobs (close / save-as / open wait for them or cancel them). */
  busy: 'busy',
  cancelled: 'cancelled',
  /** The connection to the host was lost before the answer arrived. */
  disconnected: 'disconnected',
  /** A bug: the message is the original one, details.stack has the stack. */
  internal: 'internal',
} as const;

const isoTime = z.string();

export const projectInfo = z.object({
  path: z.string(),
  name: z.string(),
  createdAt: isoTime,
  /** Number of migrations applied to the file. */
  schemaVersion: z.number().int(),
  datasets: z.number().int(),
  analyses: z.number().int(),
});
export type ProjectInfo = z.infer<typeof projectInfo>;

export const recentProject = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: isoTime,
  /** False when the file has been moved or deleted since. */
  exists: z.boolean(),
});
export type RecentProject = z.infer<typeof recentProject>;

export const columnInfo = z.object({
  name: z.string(),
  type: z.enum(['number', 'string']),
  /** Variable label. */
  label: z.string().nullable(),
  /** Numeric column whose non-missing values are all whole numbers. */
  integer: z.boolean(),
  /** "date": numeric days since 1970-01-01 shown as dates. */
  format: z.enum(['date']).nullable(),
  /** Value → label for labelled numeric columns (keys are the codes as strings). */
  valueLabels: z.record(z.string(), z.string()).nullable(),
  /** Number of distinct strings (string columns); null for numbers. */
  nlevels: z.number().int().nullable(),
  /** The levels' order is the analyst's choice, not the default sort. */
  explicitOrder: z.boolean(),
});
export type ColumnInfo = z.infer<typeof columnInfo>;

export const datasetSource = z.object({
  /** Base name of the imported file; null for generated data (the demo). */
  file: z.string().nullable(),
  format: z.string(),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
});

export const datasetInfo = z.object({
  id: z.string(),
  /** Unique in the project; analysis specs refer to the dataset by this name (`data`). */
  name: z.string(),
  description: z.string().nullable(),
  nrow: z.number().int(),
  ncol: z.number().int(),
  columns: z.array(columnInfo),
  source: datasetSource,
  /** SHA-256 over the stored columns: a result computed on other data is stale. */
  fingerprint: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type DatasetInfo = z.infer<typeof datasetInfo>;

/** Where an import reads from: a local path (Electron, CLI) or a file POSTed to the browser host. */
export const dataSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('upload'), uploadId: z.string().min(1) }).strict(),
]);
export type DataSource = z.infer<typeof dataSource>;

export const importOptions = z
  .object({
    /**
     * "auto" detects UTF-8 (with or without BOM), UTF-16 with BOM, else GBK/GB18030. Stata
     * files before format 118 and SPSS files without a code page may also be Big5 or
     * Windows-1252 (Western European); CSV files accept the first six.
     */
    encoding: z.enum(['auto', 'utf-8', 'gbk', 'gb18030', 'utf-16le', 'utf-16be', 'big5', 'windows-1252']).optional(),
    delimiter: z.enum([',', '\t', ';', '|']).optional(),
    /** Text markers read as missing (after trimming). Default: "", "NA", ".". */
    missing: z.array(z.string()).optional(),
    /** Numeric codes read as missing, e.g. -9 or 99999. */
    missingCodes: z.array(z.number()).optional(),
    /** Excel: sheet name, or 1-based position in tab order (default the first). */
    sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
    /** Excel: 1-based row of the (first) header row (default 1). */
    headerRow: z.number().int().min(1).optional(),
    /** Excel: header rows to join with "_" (merged header cells fill their range); 0 = no header. */
    headerRows: z.number().int().min(0).max(10).optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof importOptions>;

export const importReport = z.object({
  file: z.string(),
  format: z.string(),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  rows: z.number().int(),
  columns: z.number().int(),
  seconds: z.number(),
  /** Excel: the sheet read. */
  sheet: z.string().nullable().optional(),
  /** What the reader wants the user to know (date-time formats kept as numbers, …). */
  notes: z.array(z.string()).optional(),
});
export type ImportReport = z.infer<typeof importReport>;

/**
 * A model's result as stored and sent. Each result was validated against its model's schema
 * (shared/specs/index.ts resultSchemas) before it was stored, so the contract only checks that
 * it is an object and keeps the precise TypeScript type.
 */
export const analysisResult = z.custom<AnalysisResult>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
  message: 'expected a result object',
});

export const storedResult = z.object({
  id: z.string(),
  analysisId: z.string(),
  spec: analysisSpec,
  result: analysisResult,
  /** Fingerprint of the dataset the result was computed on. */
  dataFingerprint: z.string(),
  engineVersion: z.string(),
  createdAt: isoTime,
  timing: timing,
  /** What the runner did to the data before estimating (rows dropped by `subset` or `levels`). */
  notes: z.array(z.string()),
  /** The dataset has changed or been removed since the run; the reason says which. */
  stale: z.boolean(),
  staleReason: z.enum(['dataset_changed', 'dataset_missing']).nullable(),
});
export type StoredResult = z.infer<typeof storedResult>;

export const analysisInfo = z.object({
  id: z.string(),
  name: z.string(),
  model: z.string(),
  /** Dataset name (the spec's `data`). */
  dataset: z.string(),
  spec: analysisSpec,
  createdAt: isoTime,
  updatedAt: isoTime,
  lastRun: z.object({ resultId: z.string(), createdAt: isoTime, stale: z.boolean() }).nullable(),
});
export type AnalysisInfo = z.infer<typeof analysisInfo>;

export const runLogEntry = z.object({
  id: z.number().int(),
  at: isoTime,
  /** "data": a recipe step, undo, replay, merge, append or export. */
  kind: z.enum(['import', 'analysis', 'data']),
  /** Dataset name or analysis name. */
  target: z.string(),
  status: z.enum(['ok', 'error', 'cancelled']),
  message: z.string().nullable(),
  seconds: z.number(),
});
export type RunLogEntry = z.infer<typeof runLogEntry>;

export const settings = z.object({
  /** null until the user picks one (the renderer then follows the system language). */
  language: language.nullable(),
  /** The first-start demo offer has been shown (accepted or dismissed). */
  demoOffered: z.boolean(),
});
export type Settings = z.infer<typeof settings>;

export const appInfo = z.object({
  version: z.string(),
  engineVersion: z.string(),
  shell: z.enum(['electron', 'browser']),
  /** Folder where new projects go when no path is given. */
  projectsDir: z.string(),
  /** Analysis models this build can run. */
  models: z.array(z.string()),
});
export type AppInfo = z.infer<typeof appInfo>;
