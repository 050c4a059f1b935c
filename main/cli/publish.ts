/**
 * `causeway table` and `causeway figure`: the publication engines (main/publish/cli.ts) fed by
 * the same runner as `causeway run`. Analysis specs are run as they come (their data paths
 * relative to the spec file); saved result files ({spec, result}) and table / figure spec files
 * are read as main/publish/cli.ts describes.
 */
import { extname, resolve } from 'node:path';
import { silentContext } from '../engine/context';
import { UserError } from '../engine/errors';
import type { RunSpecFile } from '../publish/cli';
import { renderFigure, renderTableFromSpecFiles } from '../publish/cli';
import { prepareFrame, readDataFile } from '../service/runner';
import { figureFormat, type FigureFormat } from '../../shared/specs/figure';
import { tableFormat, tableLanguage, type TableFormat } from '../../shared/specs/table';
import { runSpecFile } from './run';

export interface PublishOptions {
  format?: string;
  out?: string;
  language?: string;
  title?: string;
}

/** The output format: --format, else the extension of --out. */
function pickFormat<F extends string>(opts: PublishOptions, allowed: readonly F[], command: string): { format: F; out: string } {
  if (!opts.out) throw new UserError('usage', `"${command}" needs --out FILE (the file to write).`, {});
  const given = opts.format ?? extname(opts.out).slice(1).toLowerCase();
  const format = allowed.find((f) => f === given);
  if (!format) {
    const what = opts.format ? `--format ${opts.format}` : `the extension of "${opts.out}"`;
    throw new UserError('usage', `"${command}" writes ${allowed.join(', ')}; ${what} is none of them. Give --format.`, { format: given });
  }
  return { format, out: opts.out };
}

/** Runs analysis specs for the publication engines; notes go to `note` (stderr). */
function specRunner(cwd: string, note: (text: string) => void): RunSpecFile {
  return async (path) => {
    const { spec, result, notes } = await runSpecFile(path, cwd);
    for (const n of notes) note(n);
    return { spec, result };
  };
}

export async function tableCommand(paths: string[], opts: PublishOptions, cwd: string, note: (text: string) => void): Promise<string> {
  const { format, out } = pickFormat<TableFormat>(opts, tableFormat.options, 'table');
  const table: Record<string, unknown> = {};
  if (opts.language !== undefined) {
    const lang = tableLanguage.safeParse(opts.language);
    if (!lang.success) throw new UserError('usage', `--language is "zh" or "en", not "${opts.language}".`, { language: opts.language });
    table.language = lang.data;
  }
  if (opts.title !== undefined) table.title = opts.title;
  const target = resolve(cwd, out);
  await renderTableFromSpecFiles(
    paths.map((p) => resolve(cwd, p)),
    {
      format,
      out: target,
      table,
      // Correlation tables read their data file with the spec's row filter.
      loadFrame: async (dataPath, subset) => prepareFrame((await readDataFile(dataPath, {}, silentContext)).frame, { subset }).frame,
    },
    specRunner(cwd, note),
  );
  return target;
}

export async function figureCommand(path: string, opts: PublishOptions, cwd: string, note: (text: string) => void): Promise<string> {
  const { format, out } = pickFormat<FigureFormat>(opts, figureFormat.options, 'figure');
  const target = resolve(cwd, out);
  await renderFigure(resolve(cwd, path), { format, out: target }, specRunner(cwd, note));
  return target;
}
