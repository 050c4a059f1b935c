/**
 * Access to the shared reference fixtures and datasets for tests (see sharedDir).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../io/csv';
import type { Frame } from '../engine/frame';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The folder with the public datasets (data/) and R reference numbers (reference/):
 * `$CAUSEWAY_SHARED`, else a `shared/` folder beside the repository or beside any of its
 * parent folders (the checkout may sit deeper than the workspace root).
 */
export function sharedDir(): string {
  const candidates: string[] = [];
  if (process.env.CAUSEWAY_SHARED) candidates.push(process.env.CAUSEWAY_SHARED);
  for (let dir = dirname(repoRoot); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'shared'));
    if (dirname(dir) === dir) break;
  }
  for (const c of candidates) if (existsSync(join(c, 'reference')) && existsSync(join(c, 'data'))) return c;
  throw new Error(`Reference fixtures not found; looked in ${candidates.join(', ')}. Set CAUSEWAY_SHARED to the folder holding data/ and reference/.`);
}

export function dataPath(file: string): string {
  return join(sharedDir(), 'data', file);
}

export interface ReferenceCase<E = Record<string, unknown>> {
  id: string;
  description: string;
  r_call: string;
  r_notes?: unknown;
  expected: E;
}

export interface ReferenceFile {
  dataset: string;
  source: string;
  data_prep: string;
  notes?: string;
  tolerance_hint?: string;
  cases: ReferenceCase[];
}

const refCache = new Map<string, ReferenceFile>();
export function loadReference(file: string): ReferenceFile {
  let r = refCache.get(file);
  if (!r) {
    r = JSON.parse(readFileSync(join(sharedDir(), 'reference', file), 'utf8')) as ReferenceFile;
    refCache.set(file, r);
  }
  return r;
}

export function referenceCase(file: string, id: string): ReferenceCase {
  const c = loadReference(file).cases.find((x) => x.id === id);
  if (!c) throw new Error(`No case ${id} in ${file}`);
  return c;
}

const dataCache = new Map<string, Promise<Frame>>();
/** Loads a shared dataset (cached per test process; callers must not mutate it). */
export function loadData(file: string): Promise<Frame> {
  let p = dataCache.get(file);
  if (!p) {
    p = readCsv(dataPath(file)).then((r) => r.frame);
    dataCache.set(file, p);
  }
  return p;
}

/** |a - e| <= tol * max(|e|, tiny): relative comparison that survives e = 0. */
export function relClose(actual: number | null | undefined, expected: number | null | undefined, tol: number, floor = 1e-300): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined || Number.isNaN(actual);
  if (actual === null || actual === undefined) return false;
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol * Math.max(Math.abs(expected), floor);
}

/**
 * Throws with a readable diff unless actual is within tol (relative) of expected. For
 * p-values that underflow, R prints magnitudes only: pass `floor` to compare absolutely below it.
 */
export function expectClose(actual: number | null | undefined, expected: number | null | undefined, tol: number, what: string, floor = 1e-300): void {
  if (!relClose(actual, expected, tol, floor)) {
    const rel = actual != null && expected != null ? Math.abs(actual - expected) / Math.max(Math.abs(expected), floor) : NaN;
    throw new Error(`${what}: got ${actual}, expected ${expected} (relative difference ${rel.toExponential(2)} > ${tol})`);
  }
}
