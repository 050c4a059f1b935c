/**
 * Engines of `causeway table` and `causeway figure`. They get results through a
 * `runSpecFile(path)` supplied by the caller (main/service), so this module has no service,
 * store or worker import. A path may name an analysis spec (run), a saved result file
 * ({spec, result}: read as is) or, for tables, a table spec whose columns name such files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FigureFormat, FigureSpec } from '../../shared/specs/figure';
import { figureSpec } from '../../shared/specs/figure';
import type { TableFormat, TableSpec, TableSpecInput } from '../../shared/specs/table';
import { tableSpec } from '../../shared/specs/table';
import { UserError } from '../engine/errors';
import type { Frame } from '../engine/frame';
import { correlationMatrix } from './correlation';
import { renderFigureBuffer } from './figures/render';
import type { ResolvedColumn, TableModel } from './table-model';
import { buildTable, exportTables } from './tables';

export interface SpecRun {
  spec: unknown;
  result: unknown;
}

/** Runs the analysis spec file at `path` (the service's job runner) and returns its result. */
export type RunSpecFile = (path: string) => Promise<SpecRun>;

/** Loads a data file with the spec's row filter applied (correlation tables only). */
export type LoadFrame = (dataPath: string, subset?: string) => Promise<Frame>;

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError('cli_file_not_found', `Cannot read ${path}. Check the path.`, { path });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UserError('cli_bad_json', `${path} is not valid JSON: ${(e as Error).message}`, { path });
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

/** A saved result file ({spec, result}) is read; anything else is run as an analysis spec. */
async function resolveSource(path: string, run: RunSpecFile): Promise<SpecRun> {
  const json = await readJson(path);
  if (isObject(json) && 'result' in json && 'spec' in json) return { spec: json.spec, result: json.result };
  return run(path);
}

/** The table kind that fits a result: describe → descriptives, balance statistics → balance, else regression. */
function kindFor(result: unknown): 'descriptives' | 'balance' | 'regression' {
  if (isObject(result) && result.model === 'describe') return 'descriptives';
  if (isObject(result) && 'balance_before' in result && 'balance_after' in result) return 'balance';
  return 'regression';
}

export interface TableCliOptions {
  format: TableFormat;
  out: string;
  /** Table options for the default table built from analysis specs (language, title, stars …). */
  table?: Record<string, unknown>;
  loadFrame?: LoadFrame;
}

function parseTableSpec(input: unknown, where: string): TableSpec {
  const parsed = tableSpec.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError('cli_bad_table_spec', `${where}: ${issue.path.join('.') || 'table spec'}: ${issue.message}`, { path: where, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  return parsed.data;
}

async function modelFromTableSpec(spec: TableSpec, baseDir: string, run: RunSpecFile, loadFrame: LoadFrame | undefined, where: string): Promise<TableModel> {
  const at = (p: string): string => resolve(baseDir, p);
  if (spec.kind === 'regression') {
    const columns: ResolvedColumn[] = [];
    for (const c of spec.columns) columns.push(await resolveSource(at(c.source), run));
    return buildTable(spec, { columns });
  }
  if (spec.kind === 'correlation') {
    if (!loadFrame) throw new UserError('cli_no_data_loader', `${where}: a correlation table reads its data file, and no data loader was given.`, { path: where });
    const frame = await loadFrame(at(spec.data), spec.subset);
    return buildTable(spec, { correlation: correlationMatrix(frame, spec.variables) });
  }
  return buildTable(spec, { columns: [await resolveSource(at(spec.source), run)] });
}

/**
 * `causeway table SPEC1.json SPEC2.json … --format F --out FILE`: table spec files give one
 * table each; consecutive analysis specs / result files become one table with a column each
 * (a regression table, or a descriptives / balance table for a single such result).
 */
export async function renderTableFromSpecFiles(specPaths: string[], opts: TableCliOptions, runSpecFile: RunSpecFile): Promise<{ out: string; tables: TableModel[] }> {
  if (specPaths.length === 0) throw new UserError('cli_no_specs', 'Give at least one spec file: causeway table SPEC1.json [SPEC2.json …] --format docx --out table.docx', {});
  const tables: TableModel[] = [];
  let pending: { path: string; run: SpecRun }[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const kinds = pending.map((p) => kindFor(p.run.result));
    const kind = kinds.every((k) => k === kinds[0]) ? kinds[0] : 'regression';
    if (kind !== 'regression' && pending.length > 1) {
      throw new UserError('cli_mixed_table', `${pending.map((p) => p.path).join(', ')}: a ${kind} table takes one result; give each its own table spec or run them separately.`, { paths: pending.map((p) => p.path) });
    }
    const base = { ...(opts.table ?? {}) };
    const input: TableSpecInput =
      kind === 'regression'
        ? ({ ...base, kind, columns: pending.map((p) => ({ source: p.path })) } as TableSpecInput)
        : ({ ...base, kind, source: pending[0].path } as TableSpecInput);
    tables.push(buildTable(parseTableSpec(input, 'table options'), { columns: pending.map((p) => p.run) }));
    pending = [];
  };
  for (const path of specPaths) {
    const json = await readJson(path);
    if (isObject(json) && typeof json.kind === 'string' && !('model' in json)) {
      flush();
      tables.push(await modelFromTableSpec(parseTableSpec(json, path), dirname(resolve(path)), runSpecFile, opts.loadFrame, path));
    } else {
      pending.push({ path, run: isObject(json) && 'result' in json && 'spec' in json ? { spec: json.spec, result: json.result } : await runSpecFile(path) });
    }
  }
  flush();
  await writeFile(opts.out, await exportTables(tables, opts.format));
  return { out: opts.out, tables };
}

export interface FigureCliOptions {
  format: FigureFormat;
  out: string;
  /** Folder that a relative `source` is resolved against (the figure spec file's folder). */
  baseDir?: string;
}

/** `causeway figure SPEC.json --format svg|png --out FILE`: a figure spec (object or file path) → file. */
export async function renderFigure(specOrPath: FigureSpec | string, opts: FigureCliOptions, runSpecFile: RunSpecFile): Promise<{ out: string; bytes: number }> {
  let spec: FigureSpec;
  let baseDir = opts.baseDir ?? process.cwd();
  if (typeof specOrPath === 'string') {
    const parsed = figureSpec.safeParse(await readJson(specOrPath));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError('cli_bad_figure_spec', `${specOrPath}: ${issue.path.join('.') || 'figure spec'}: ${issue.message}`, { path: specOrPath });
    }
    spec = parsed.data;
    baseDir = opts.baseDir ?? dirname(resolve(specOrPath));
  } else {
    spec = specOrPath;
  }
  const { result } = await resolveSource(resolve(baseDir, spec.source), runSpecFile);
  const buf = renderFigureBuffer(spec, result, opts.format);
  await writeFile(opts.out, buf);
  return { out: opts.out, bytes: buf.length };
}
