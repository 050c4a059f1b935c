/**
 * The `causeway` command: most cases call `main` in process (fast); the exit codes, streams and
 * `serve` are checked by spawning bin/causeway.mjs as a user runs it (from source).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataPath } from '../testing/fixtures';
import { tempDir } from '../store/testing';
import { resolveDataPath } from './run';
import { bin, inProcess, spawned } from './testing';

describe('causeway run', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  const specDir = join(tmp.dir, 'specs');
  mkdirSync(specDir);

  it('prints the result JSON with timing; data is relative to the spec file', async () => {
    // An empty decoy in the current folder: the copy next to the spec must win.
    writeFileSync(join(tmp.dir, 'mpdta.csv'), '');
    copyFileSync(dataPath('mpdta.csv'), join(specDir, 'mpdta.csv'));
    const spec = join(specDir, 'describe.json');
    writeFileSync(spec, JSON.stringify({ model: 'describe', data: 'mpdta.csv', variables: ['lemp'], subset: 'year == 2004' }));
    const r = await spawned(['run', 'specs/describe.json'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { model: string; nobs: number; timing: { load_s: number; estimate_s: number } };
    expect(out).toMatchObject({ model: 'describe', nobs: 500 });
    expect(out.timing.load_s).toBeGreaterThan(0);
    expect(out.timing.estimate_s).toBeGreaterThanOrEqual(0);
    expect(r.stderr).toContain('note: subset "year == 2004" kept 500 of 2500 rows.');
  });

  it('exits quietly when the reader closes the pipe early (causeway run spec.json | head)', async () => {
    const spec = join(specDir, 'many.json');
    copyFileSync(dataPath('mpdta.csv'), join(specDir, 'mpdta.csv'));
    writeFileSync(spec, JSON.stringify({ model: 'placebo', data: 'mpdta.csv', base: { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } }, treatment: 'treat_post', unit: 'countyreal', time: 'year', draws: 2000, seed: 1 }));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [bin, 'run', spec], { cwd: tmp.dir, env: { ...process.env, CAUSEWAY_FROM_SOURCE: '1' } });
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.stdout.once('data', () => p.stdout.destroy());
      p.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.code).toBe(0);
  });

  it('lists every invalid field of a spec and exits 1', async () => {
    const spec = join(specDir, 'bad.json');
    writeFileSync(spec, JSON.stringify({ model: 'describe', data: 'x.csv', variables: 'lemp', extra: 1 }));
    const r = await inProcess(['run', spec], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.json is not a valid analysis spec');
    expect(r.stderr).toMatch(/variables: /);
    expect(r.stderr).toMatch(/extra/);
  });

  it('names the model field when the model is unknown, and bad JSON by position', async () => {
    writeFileSync(join(specDir, 'unknown.json'), JSON.stringify({ model: 'magic', data: 'x.csv' }));
    const r = await inProcess(['run', join(specDir, 'unknown.json')], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/model: /);
    writeFileSync(join(specDir, 'broken.json'), '{"model": "describe",');
    const b = await inProcess(['run', join(specDir, 'broken.json')], tmp.dir);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('broken.json is not valid JSON');
  });

  it('says where it looked for a missing data file', async () => {
    writeFileSync(join(specDir, 'nodata.json'), JSON.stringify({ model: 'describe', data: 'nowhere.csv' }));
    const r = await inProcess(['run', join(specDir, 'nodata.json')], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`"${join(specDir, 'nowhere.csv')}" and "${join(tmp.dir, 'nowhere.csv')}"`);
  });

  it('reports an estimator error on stderr naming the column', async () => {
    writeFileSync(join(specDir, 'col.json'), JSON.stringify({ model: 'describe', data: dataPath('mpdta.csv'), variables: ['nope'] }));
    const r = await spawned(['run', join(specDir, 'col.json')], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^causeway: Column "nope" is not in the data/);
  });

  it('explains usage errors', async () => {
    const r = await inProcess(['frobnicate'], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unknown command "frobnicate"');
    expect((await inProcess(['serve', '--port', 'abc'], tmp.dir)).stderr).toContain('--port must be a number');
    expect((await inProcess(['--version'], tmp.dir)).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('data path resolution', () => {
  it('prefers the spec folder, then the current folder', () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, 's'));
      writeFileSync(join(tmp.dir, 'd.csv'), 'x\n1\n');
      expect(resolveDataPath('d.csv', join(tmp.dir, 's', 'spec.json'), tmp.dir)).toBe(join(tmp.dir, 'd.csv'));
      writeFileSync(join(tmp.dir, 's', 'd.csv'), 'x\n1\n');
      expect(resolveDataPath('d.csv', join(tmp.dir, 's', 'spec.json'), tmp.dir)).toBe(join(tmp.dir, 's', 'd.csv'));
      expect(() => resolveDataPath(join(tmp.dir, 'none.csv'), join(tmp.dir, 'spec.json'), tmp.dir)).toThrow(expect.objectContaining({ code: 'file_not_found' }));
    } finally {
      tmp.remove();
    }
  });
});

describe('causeway serve', () => {
  it('prints its URL with the token, serves it, and stops on SIGTERM', async () => {
    const tmp = tempDir();
    const p = spawn(process.execPath, [bin, 'serve', '--no-open'], { env: { ...process.env, CAUSEWAY_FROM_SOURCE: '1', CAUSEWAY_HOME: tmp.dir } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        p.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Causeway is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        p.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const res = await fetch(url);
      // 200 with a built renderer, 503 (with build instructions) without one.
      expect([200, 503]).toContain(res.status);
      expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(401);
      const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
      p.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      p.kill('SIGKILL');
      tmp.remove();
    }
  });
});
