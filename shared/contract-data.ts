/**
 * Data-management channels (docs/ipc.md, "Data management"): recipe steps on a dataset with
 * undo and replay, merge and append into a new dataset, panel diagnostics, summary and
 * frequency tables, file inspection before an import, and export to CSV / .xlsx / .dta.
 * Spread into `channels` by shared/contract.ts; every job runs in the worker pool.
 */
import { z } from 'zod';
import { recipeStep } from './recipe';
import { dataSource, datasetInfo } from './domain';

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): { kind: 'call'; request: Req; response: Res } {
  return { kind: 'call', request, response };
}

function job<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): { kind: 'job'; request: Req; response: Res } {
  return { kind: 'job', request, response };
}

const id = z.string().min(1);
const column = z.string().min(1);
const datasetName = z.string().trim().min(1).max(200);
/** A unit or key value as it appears in the data (codes and text). */
const keyValue = z.union([z.number(), z.string()]);

/** One line of a step's outcome, e.g. "generated lny = log(y) (2,500 rows)". */
export const stepReport = z.object({ message: z.string(), rows: z.number().int().optional() });
export type StepReport = z.infer<typeof stepReport>;

/** A recipe step as stored with its dataset: the step, what it did, and when. */
export const recipeEntry = z.object({ step: recipeStep, message: z.string(), at: z.string() });
export type RecipeEntry = z.infer<typeof recipeEntry>;

export const panelDeclaration = z.object({ unit: column, time: column }).strict();
export type PanelDeclaration = z.infer<typeof panelDeclaration>;

export const recipeInfo = z.object({
  datasetId: z.string(),
  steps: z.array(recipeEntry),
  /** Size of the data as imported (before any step). */
  original: z.object({ nrow: z.number().int(), ncol: z.number().int() }),
  /** Unit and time declared for the panel tools, if any. */
  panel: panelDeclaration.nullable(),
});
export type RecipeInfo = z.infer<typeof recipeInfo>;

/** Stata's `_merge` counts: 1 master only, 2 using only, 3 matched. */
export const mergeReport = stepReport.extend({
  masterOnly: z.number().int(),
  usingOnly: z.number().int(),
  matched: z.number().int(),
  total: z.number().int(),
  /** Non-key columns in both datasets; the master's values are kept. */
  conflicts: z.array(z.string()),
});
export type MergeReport = z.infer<typeof mergeReport>;

const mergeKey = z.union([column, z.object({ master: column, using: column }).strict()]);

/** One row of the observed unit × period heat-map: a unit, or (large panels) a pattern shared by `units` units. */
export const heatmapRow = z.object({ label: z.string(), units: z.number().int(), cells: z.array(z.number().int()) });

export const panelDiagnosticsView = z.object({
  datasetId: z.string(),
  unit: z.string(),
  time: z.string(),
  nObs: z.number().int(),
  nUnits: z.number().int(),
  nPeriods: z.number().int(),
  balanced: z.boolean(),
  rowsMissingKey: z.number().int(),
  periods: z.array(z.number()),
  duplicates: z.array(z.object({ unit: keyValue, time: z.number(), rows: z.array(z.number().int()) })),
  duplicateCount: z.number().int(),
  gaps: z.array(z.object({ unit: keyValue, missing: z.array(z.number()) })),
  unitsWithGaps: z.number().int(),
  singletons: z.array(keyValue),
  singletonCount: z.number().int(),
  heatmap: z.object({
    /** "units": one row per unit; "patterns": one row per observation pattern (as Stata's xtdescribe). */
    mode: z.enum(['units', 'patterns']),
    rows: z.array(heatmapRow),
    /** Rows left out (rare patterns beyond the ones shown). */
    hiddenRows: z.number().int(),
    hiddenUnits: z.number().int(),
  }),
});
export type PanelDiagnosticsView = z.infer<typeof panelDiagnosticsView>;

export const summaryRow = z.object({
  name: z.string(),
  label: z.string().nullable(),
  type: z.enum(['number', 'date', 'string']),
  n: z.number().int(),
  missing: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  min: z.number().nullable(),
  p25: z.number().nullable(),
  median: z.number().nullable(),
  p75: z.number().nullable(),
  max: z.number().nullable(),
  distinct: z.number().int(),
});
export type SummaryRowView = z.infer<typeof summaryRow>;

export const frequencyRow = z.object({
  value: z.union([z.number(), z.string(), z.null()]),
  label: z.string().nullable(),
  missing: z.boolean(),
  count: z.number().int(),
  percent: z.number(),
  validPercent: z.number().nullable(),
  cumulativePercent: z.number().nullable(),
});
export type FrequencyRowView = z.infer<typeof frequencyRow>;

export const EXPORT_FORMATS = ['csv', 'xlsx', 'dta'] as const;
export const exportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormat>;

/** A file the browser host keeps for one download (GET `url`, same token as the page). */
export const downloadInfo = z.object({ url: z.string(), name: z.string(), bytes: z.number().int() });
export type DownloadInfo = z.infer<typeof downloadInfo>;

export const dataChannels = {
  /** What an import would read: the detected format and, for .xlsx, the sheets. */
  'file.inspect': call(
    z.object({ source: dataSource }).strict(),
    z.object({ file: z.string(), format: z.enum(['csv', 'dta', 'sav', 'xlsx']), sheets: z.array(z.string()).nullable() }),
  ),
  /** Electron: a native save dialog; the browser host answers `{path: null}` (it downloads instead). */
  'file.chooseSavePath': call(
    z.object({ suggestedName: z.string().min(1).max(255), extensions: z.array(z.string().min(1)).min(1) }).strict(),
    z.object({ path: z.string().nullable() }),
  ),

  'dataset.recipe': call(z.object({ datasetId: id }).strict(), recipeInfo),
  /** Declares (or, with null, forgets) the panel's unit and time columns for the panel tools. */
  'dataset.setPanel': call(z.object({ datasetId: id, panel: panelDeclaration.nullable() }).strict(), recipeInfo),
  /** Applies one step to the dataset and appends it to its recipe (merge and append: use their channels). */
  'dataset.transform': job(z.object({ datasetId: id, step: recipeStep }).strict(), z.object({ dataset: datasetInfo, report: stepReport })),
  /** The data without the last step: the original import replayed through all other steps. */
  'dataset.undo': job(z.object({ datasetId: id }).strict(), z.object({ dataset: datasetInfo, removed: recipeEntry })),
  /** Replays the whole recipe on the original import (picks up changes in merged datasets). */
  'dataset.replay': job(z.object({ datasetId: id }).strict(), z.object({ dataset: datasetInfo, reports: z.array(stepReport) })),
  /** Joins `using` onto `datasetId` by keys into a new dataset named `name`. */
  'dataset.merge': job(
    z
      .object({
        datasetId: id,
        using: id,
        keys: z.array(mergeKey).min(1),
        relationship: z.enum(['1:1', 'm:1', '1:m']),
        keep: z.array(z.enum(['master', 'using', 'matched'])).min(1).optional(),
        indicator: z.string().min(1).nullable().optional(),
        name: datasetName,
      })
      .strict(),
    z.object({ dataset: datasetInfo, report: mergeReport }),
  ),
  /** Stacks `others` under `datasetId` (columns matched by name) into a new dataset. */
  'dataset.append': job(
    z.object({ datasetId: id, others: z.array(id).min(1), source: column.optional(), name: datasetName }).strict(),
    z.object({ dataset: datasetInfo, report: stepReport }),
  ),
  'dataset.panelDiagnostics': call(z.object({ datasetId: id, unit: column, time: column }).strict(), panelDiagnosticsView),
  /** R's summary() per column, with variable labels. */
  'dataset.summaryTable': call(z.object({ datasetId: id, columns: z.array(column).optional() }).strict(), z.object({ datasetId: z.string(), rows: z.array(summaryRow) })),
  /** Counts and percents of one column's values with their value labels; each kind of missing on its own row. */
  'dataset.frequency': call(
    z.object({ datasetId: id, column, maxRows: z.number().int().min(1).max(1000).optional() }).strict(),
    z.object({ datasetId: z.string(), column: z.string(), rows: z.array(frequencyRow), truncated: z.boolean() }),
  ),
  /**
   * Writes the dataset as CSV (UTF-8, UTF-8 with BOM for Excel, or GBK), .xlsx or Stata .dta
   * 118. With `path` (Electron's save dialog) the file goes there; without, the browser host
   * keeps it for one download at `download.url`.
   */
  'dataset.export': job(
    z
      .object({
        datasetId: id,
        format: exportFormat,
        encoding: z.enum(['utf-8', 'utf-8-bom', 'gbk']).optional(),
        /** CSV and .xlsx: value labels instead of codes. */
        useValueLabels: z.boolean().optional(),
        path: z.string().min(1).optional(),
      })
      .strict(),
    z.object({ file: z.string(), path: z.string().nullable(), download: downloadInfo.nullable(), bytes: z.number().int(), notes: z.array(z.string()) }),
  ),
} as const;
