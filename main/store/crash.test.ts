/**
 * Crash safety with real processes: a child is SIGKILLed in the middle of an import and in the
 * middle of a save-as; the files must be exactly as they were before.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numericColumn } from '../engine/frame';
import { ProjectStore } from './project';
import { sampleFrame, tempDir } from './testing';

const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const source = { file: null, format: 'test', encoding: null, delimiter: null };

/** Runs the child until it says it is mid-write, then kills it. */
function killMidWrite(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('in-write')) p.kill('SIGKILL');
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(out) : reject(new Error(`child exited ${code} before it was killed: ${out} ${err}`))));
  });
}

function integrity(path: string): string {
  const s = ProjectStore.open(path);
  const r = s.db.pragma('integrity_check', { simple: true }) as string;
  s.close();
  return r;
}

describe('crash safety', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('a process killed in the middle of an import leaves the project as it was', async () => {
    const path = join(tmp.dir, 'p.causeway');
    const store = ProjectStore.create(path, 'P');
    const before = store.insertDataset(sampleFrame(), { name: 'kept', source });
    store.close();

    const out = await killMidWrite(['import', path]);
    expect(out).not.toContain('finished');

    expect(integrity(path)).toBe('ok');
    const after = ProjectStore.open(path);
    expect(after.listDatasets().map((d) => [d.name, d.fingerprint])).toEqual([['kept', before.fingerprint]]);
    expect(after.db.prepare('SELECT count(*) AS n FROM dataset_columns').get()).toEqual({ n: 5 });
    // The project stays writable after the killed writer.
    after.insertDataset(sampleFrame(), { name: 'next', source });
    after.close();
  });

  it('a process killed in the middle of a save-as leaves the source and the old target intact', async () => {
    const path = join(tmp.dir, 'big.causeway');
    const big = ProjectStore.create(path, 'Big');
    const values = Float64Array.from({ length: 3_000_000 }, (_v, i) => i / 7);
    const bigInfo = big.insertDataset({ nrow: values.length, columns: [numericColumn('x', values)] }, { name: 'big', source });
    big.close();
    const target = join(tmp.dir, 'target.causeway');
    const old = ProjectStore.create(target, 'Old target');
    const oldInfo = old.insertDataset(sampleFrame(), { name: 'old', source });
    old.close();

    const out = await killMidWrite(['saveAs', path, target]);
    expect(out).not.toContain('finished');

    expect(integrity(target)).toBe('ok');
    const t = ProjectStore.open(target);
    expect(t.info().name).toBe('Old target');
    expect(t.listDatasets().map((d) => [d.name, d.fingerprint])).toEqual([['old', oldInfo.fingerprint]]);
    t.close();
    const s = ProjectStore.open(path);
    expect(s.listDatasets().map((d) => d.fingerprint)).toEqual([bigInfo.fingerprint]);

    // The killed process's temp file is left behind; the next save-as removes it and succeeds.
    expect(readdirSync(tmp.dir).some((n) => n.endsWith('.causeway-tmp'))).toBe(true);
    await s.saveCopy(target, { overwrite: true });
    s.close();
    expect(readdirSync(tmp.dir).some((n) => n.includes('.causeway-tmp'))).toBe(false);
    const saved = ProjectStore.open(target);
    expect(saved.info().name).toBe('Big');
    expect(saved.listDatasets().map((d) => d.fingerprint)).toEqual([bigInfo.fingerprint]);
    saved.close();
  });
});
