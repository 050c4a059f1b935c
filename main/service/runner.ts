/**
 * The analysis runner shared by the workers (app) and the CLI: read a data file, prepare the
 * frame as the spec says (factor `levels`, then `subset`), estimate, and check the result
 * against its model's schema before anyone stores or prints it.
 */
import { basename } from 'node:path';
import type { RunContext } from '../engine/context';
import { UserError } from '../engine/errors';
import type { Column, Frame, StringColumn } from '../engine/frame';
import { filterRows, findColumn, setLevelOrder, withColumn } from '../engine/frame';
import { filterMask } from '../data/expr';
import type { CsvOptions } from '../io/csv';
import { detectFormat, readDataFile as readAny } from '../io/detect';
import { resultSchemas } from '../../shared/specs/index';
import type { AnalysisResult, AnalysisSpec } from '../../shared/specs/index';
import type { ImportOptions } from '../../shared/domain';

export interface ReadReport {
  format: string;
  encoding: string | null;
  delimiter: string | null;
  /** Excel: the sheet read. */
  sheet: string | null;
  /** What the reader wants the user to know (e.g. date-time formats kept as numbers). */
  notes: string[];
}

/** Encodings the CSV reader takes; Stata and SPSS files also take Big5 and Windows-1252. */
const CSV_ENCODINGS = new Set(['utf-8', 'gbk', 'gb18030', 'utf-16le', 'utf-16be']);

/**
 * Reads a data file of any supported format, recognised by its first bytes (else its
 * extension, io/detect.ts); `label` is the name errors show (the user's file name).
 */
export async function readDataFile(path: string, options: ImportOptions, ctx: RunContext, label = basename(path)): Promise<{ frame: Frame; report: ReadReport }> {
  const encoding = options.encoding === 'auto' ? undefined : options.encoding;
  const format = await detectFormat(path);
  if (format === 'csv' && encoding !== undefined && !CSV_ENCODINGS.has(encoding))
    throw new UserError('unsupported_encoding', `"${label}" is a text file; read it as UTF-8, GBK/GB18030 or UTF-16, not ${encoding}.`, { file: label, encoding });
  const { frame, info } = await readAny(path, {
    format,
    csv: { delimiter: options.delimiter, missing: options.missing, missingCodes: options.missingCodes, encoding: encoding as CsvOptions['encoding'], fileLabel: label },
    dta: { encoding, fileLabel: label },
    sav: { encoding, fileLabel: label },
    xlsx: { sheet: options.sheet, headerRow: options.headerRow, headerRows: options.headerRows, missing: options.missing, fileLabel: label },
  }, ctx);
  const text = (k: string): string | null => (typeof info[k] === 'string' ? (info[k] as string) : null);
  const notes = Array.isArray(info.notes) ? info.notes.filter((n): n is string => typeof n === 'string') : [];
  const delimiter = format === 'csv' ? text('delimiter') : null;
  return {
    frame,
    report: { format: delimiter === '\t' ? 'tsv' : format, encoding: format === 'xlsx' ? null : text('encoding'), delimiter, sheet: format === 'xlsx' ? text('sheet') : null, notes },
  };
}

/**
 * A numeric column given a level order becomes a factor whose levels are the given strings;
 * each value matches the level with the same numeric value ("2004" matches 2004.0).
 */
function numericToFactor(col: Column & { type: 'number' }, order: string[]): { column: StringColumn; dropped: number } {
  const index = new Map<number, number>();
  order.forEach((lvl, k) => {
    const v = Number(lvl.trim());
    if (lvl.trim() === '' || Number.isNaN(v))
      throw new UserError('invalid_levels', `Column "${col.name}" is numeric, so its levels must be numbers; "${lvl}" is not.`, { column: col.name, level: lvl });
    if (!index.has(v)) index.set(v, k);
  });
  const codes = new Int32Array(col.values.length);
  let dropped = 0;
  for (let i = 0; i < codes.length; i++) {
    const v = col.values[i];
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    const k = index.get(v);
    if (k === undefined) dropped++;
    codes[i] = k ?? -1;
  }
  // The variable label stays; value labels keyed by number do not apply to the factor's levels.
  const column: StringColumn = { type: 'string', name: col.name, codes, levels: order.slice(), explicitOrder: true };
  if (col.label !== undefined) column.label = col.label;
  return { column, dropped };
}

/** Applies `levels` then `subset` (R's factor(x, levels = …), then subset()). */
export function prepareFrame(frame: Frame, spec: { levels?: Record<string, string[]>; subset?: string }): { frame: Frame; notes: string[] } {
  const notes: string[] = [];
  let out = frame;
  for (const [name, order] of Object.entries(spec.levels ?? {})) {
    const col = findColumn(out, name);
    if (!col)
      throw new UserError('column_not_found', `"levels" names column "${name}", which is not in the data.`, { column: name, field: 'levels' });
    if (new Set(order).size !== order.length)
      throw new UserError('invalid_levels', `The levels given for "${name}" repeat a value; list each level once.`, { column: name });
    const { column, dropped } = col.type === 'string' ? setLevelOrder(col, order) : numericToFactor(col, order);
    if (dropped > 0) notes.push(`levels: ${dropped} row(s) of "${name}" have a value not in its level list and were set to missing (as R's factor()).`);
    out = withColumn(out, column);
  }
  if (spec.subset) {
    const keep = filterMask(out, spec.subset);
    out = filterRows(out, keep);
    notes.push(`subset "${spec.subset}" kept ${out.nrow} of ${frame.nrow} rows.`);
    if (out.nrow === 0)
      throw new UserError('empty_subset', `The subset "${spec.subset}" keeps no rows. Loosen the condition.`, { subset: spec.subset, rows: frame.nrow });
  }
  return { frame: out, notes };
}

/**
 * Runs the model and validates its result; a result that breaks its schema is a bug (internal).
 * The estimators load on first use: imports and summaries never wait for them.
 */
export async function estimate(frame: Frame, spec: AnalysisSpec, ctx: RunContext): Promise<{ result: AnalysisResult; seconds: number }> {
  const { runAnalysis } = await import('../engine/registry');
  const t0 = performance.now();
  const raw = await runAnalysis(frame, spec, ctx);
  const seconds = (performance.now() - t0) / 1000;
  return { result: checkedResult(spec.model, raw), seconds };
}

function checkedResult(model: AnalysisSpec['model'], raw: unknown): AnalysisResult {
  const parsed = resultSchemas[model].safeParse(raw);
  if (!parsed.success)
    throw new Error(`The ${model} estimator returned a result that does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as AnalysisResult;
}

/** A did result computed along with another analysis (a robustness variant), to store as its own. */
export interface CompanionResult {
  label: string;
  spec: AnalysisSpec;
  result: AnalysisResult;
  seconds: number;
}

/**
 * estimate() for the app's worker: robustness variants come back with their own did results
 * (companions), which the worker stores as linked analyses instead of running them again.
 */
export async function estimateWithCompanions(frame: Frame, spec: AnalysisSpec, ctx: RunContext): Promise<{ result: AnalysisResult; seconds: number; companions: CompanionResult[] }> {
  if (spec.model !== 'did_robustness') return { ...(await estimate(frame, spec, ctx)), companions: [] };
  const { runRobustnessWithVariants } = await import('../engine/policy/robustness');
  const t0 = performance.now();
  const { result, variants } = runRobustnessWithVariants(frame, spec, ctx);
  const seconds = (performance.now() - t0) / 1000;
  return {
    result: checkedResult(spec.model, result),
    seconds,
    companions: variants.map((v) => ({ label: v.label, spec: v.spec, result: checkedResult('did', v.result), seconds: v.seconds })),
  };
}
