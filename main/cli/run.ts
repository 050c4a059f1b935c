/**
 * `causeway run SPEC.json`: the same analysis specs as the app, headless. The spec's `data` is
 * a file path, relative to the spec file's folder, else to the current folder. Prints the
 * result JSON with `timing: {load_s, estimate_s}` to stdout; notes go to stderr.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { silentContext } from '../engine/context';
import { UserError } from '../engine/errors';
import { analysisSpec } from '../../shared/specs/index';
import type { AnalysisResult, AnalysisSpec } from '../../shared/specs/index';
import { estimate, prepareFrame, readDataFile } from '../service/runner';

export interface RunOutput {
  /** The spec as validated (defaults filled in). */
  spec: AnalysisSpec;
  result: AnalysisResult & { timing: { load_s: number; estimate_s: number } };
  notes: string[];
}

function readSpec(specPath: string): unknown {
  const label = basename(specPath);
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch {
    throw new UserError('file_not_found', `Cannot read the spec file "${specPath}".`, { file: specPath });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UserError('invalid_json', `${label} is not valid JSON: ${(e as Error).message}.`, { file: specPath });
  }
}

/** The data file: relative to the spec's folder first, then to the current folder. */
export function resolveDataPath(data: string, specPath: string, cwd: string): string {
  if (isAbsolute(data)) {
    if (existsSync(data)) return data;
    throw new UserError('file_not_found', `The data file "${data}" does not exist.`, { file: data });
  }
  const candidates = [resolve(dirname(specPath), data), resolve(cwd, data)];
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new UserError('file_not_found', `The data file "${data}" was not found; looked for ${candidates.map((c) => `"${c}"`).join(' and ')}.`, {
    file: data,
    tried: candidates,
  });
}

export async function runSpecFile(specFile: string, cwd = process.cwd()): Promise<RunOutput> {
  const specPath = resolve(cwd, specFile);
  const parsed = analysisSpec.safeParse(readSpec(specPath));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(top level)', message: i.message }));
    throw new UserError('invalid_spec', `${basename(specPath)} is not a valid analysis spec:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, {
      file: specPath,
      issues,
    });
  }
  const spec = parsed.data;
  const t0 = performance.now();
  const dataPath = resolveDataPath(spec.data, specPath, cwd);
  const { frame: raw } = await readDataFile(dataPath, {}, silentContext);
  const { frame, notes } = prepareFrame(raw, spec);
  const loadSeconds = (performance.now() - t0) / 1000;
  const { result, seconds } = await estimate(frame, spec, silentContext);
  return { spec, result: { ...result, timing: { load_s: loadSeconds, estimate_s: seconds } }, notes };
}
