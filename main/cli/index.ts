/**
 * The `causeway` command (bin/causeway.mjs):
 *   causeway run SPEC.json            run an analysis spec, print the result JSON
 *   causeway serve [--port N] [--no-open]   the browser host
 *   causeway start                    Electron if installed, else the browser host
 *   causeway table SPEC… --format F --out FILE    publication table (docx, tex, xlsx, csv, html)
 *   causeway figure SPEC --format F --out FILE    publication figure (svg, png)
 */
import { parseArgs } from 'node:util';
import { UserError } from '../engine/errors';
import { APP_VERSION } from '../service/version';
import { toErrorInfo } from '../workers/protocol';

const USAGE = `Usage:
  causeway run SPEC.json                 run an analysis spec; prints the result as JSON
  causeway serve [--port N] [--no-open]  start the workbench in the browser
  causeway start                         open the workbench (Electron, else the browser)
  causeway table SPEC.json [SPEC2.json …] --format docx|tex|xlsx|csv|html --out FILE
                                         [--language zh|en] [--title TEXT]
                                         a publication table: analysis specs become its columns;
                                         table specs and saved {spec, result} files are read as given
  causeway figure SPEC.json --format svg|png --out FILE
                                         a publication figure from a figure spec
  causeway --version`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

function fail(io: Io, e: unknown): number {
  const info = toErrorInfo(e);
  if (info.code !== 'internal') io.err(`causeway: ${info.message}\n`);
  else io.err(`causeway: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 1;
}

/**
 * Runs the command; resolves to the exit code. Commands load their modules on demand, so
 * `run` does not load the host and `serve` does not load the estimators up front.
 */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        'no-open': { type: 'boolean' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        format: { type: 'string' },
        out: { type: 'string' },
        language: { type: 'string' },
        title: { type: 'string' },
      },
    });
  } catch (e) {
    io.err(`causeway: ${(e as Error).message}\n${USAGE}\n`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    io.out(`${APP_VERSION}\n`);
    return 0;
  }
  if (values.help || command === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'run': {
        if (rest.length !== 1) throw new UserError('usage', `"run" takes one spec file.\n${USAGE}`);
        const { runSpecFile } = await import('./run');
        const { result, notes } = await runSpecFile(rest[0], io.cwd);
        for (const n of notes) io.err(`note: ${n}\n`);
        io.out(`${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      case 'table': {
        if (rest.length === 0) throw new UserError('usage', `"table" takes one or more spec files.\n${USAGE}`);
        const { tableCommand } = await import('./publish');
        const out = await tableCommand(rest, values, io.cwd, (n) => io.err(`note: ${n}\n`));
        io.out(`${out}\n`);
        return 0;
      }
      case 'figure': {
        if (rest.length !== 1) throw new UserError('usage', `"figure" takes one figure spec file.\n${USAGE}`);
        const { figureCommand } = await import('./publish');
        const out = await figureCommand(rest[0], values, io.cwd, (n) => io.err(`note: ${n}\n`));
        io.out(`${out}\n`);
        return 0;
      }
      case 'serve': {
        let port: number | undefined;
        if (values.port !== undefined) {
          port = Number(values.port);
          if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError('usage', `--port must be a number from 0 to 65535, not "${values.port}".`);
        }
        const { serve } = await import('./serve');
        await serve({ port, open: !values['no-open'], print: (line) => io.out(`${line}\n`) });
        return 0;
      }
      case 'start':
      case undefined: {
        const { start } = await import('./start');
        return await start((line) => io.out(`${line}\n`));
      }
      default:
        throw new UserError('usage', `Unknown command "${command}".\n${USAGE}`);
    }
  } catch (e) {
    return fail(io, e);
  }
}
