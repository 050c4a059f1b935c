import { afterAll, describe, expect, it } from 'vitest';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { dataPath } from '../testing/fixtures';
import { tempDir } from '../store/testing';
import { projectFileName } from './service';
import { harness } from './testing';
import type { Terminal } from './testing';
import { SURVEY_DATASET_NAME } from '../demo/survey';

describe('service', () => {
  const tmp = tempDir();
  const h = harness(tmp.dir);
  afterAll(async () => {
    await h.service.dispose();
    tmp.remove();
  });

  it('answers app.info and keeps settings', async () => {
    expect(await h.ok('app.info', {})).toMatchObject({ shell: 'browser', models: expect.arrayContaining(['describe']) });
    expect(await h.ok('settings.set', { language: 'zh-CN' })).toEqual({ language: 'zh-CN', demoOffered: false });
    expect(await h.ok('settings.get', {})).toEqual({ language: 'zh-CN', demoOffered: false });
  });

  it('rejects unknown channels and invalid requests with the field path', async () => {
    expect(await h.call('dataset.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const r = await h.call('analysis.run', { spec: { model: 'describe', data: 'x', variables: [3] } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { issues: [{ path: 'spec.variables.0' }] } } });
    expect(await h.call('settings.set', { language: 'fr' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('asks for a project before dataset and analysis channels', async () => {
    expect(await h.call('dataset.list', {})).toMatchObject({ ok: false, error: { code: 'no_project' } });
    expect(await h.ok('project.info', {})).toEqual({ project: null });
  });

  let projectPath = '';
  let datasetId = '';

  it('creates a project and imports a CSV in a worker with progress', async () => {
    const info = await h.ok<{ path: string; name: string }>('project.new', { name: '试点 / pilot' });
    expect(info.path).toBe(join(tmp.dir, 'home', 'projects', projectFileName('试点 / pilot')));
    projectPath = info.path;
    const { jobId, end } = await h.job('dataset.import', { source: { kind: 'path', path: dataPath('mpdta.csv') } });
    expect(end.type).toBe('job.done');
    const result = (end as Extract<Terminal, { type: 'job.done' }>).result as { dataset: { id: string; name: string; nrow: number }; report: { encoding: string } };
    expect(result.dataset).toMatchObject({ name: 'mpdta', nrow: 2500 });
    expect(result.report.encoding).toBe('utf-8');
    datasetId = result.dataset.id;
    const fractions = h.progress.get(jobId) ?? [];
    expect(fractions.length).toBeGreaterThan(0);
    expect(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1]))).toBe(true);
    const log = await h.ok<{ entries: { kind: string; target: string; status: string }[] }>('project.log', {});
    expect(log.entries[0]).toMatchObject({ kind: 'import', target: 'mpdta.csv', status: 'ok' });
  });

  it('pages rows and summarises columns', async () => {
    const page = await h.ok<{ nrow: number; columns: string[]; values: unknown[][] }>('dataset.rows', { datasetId, offset: 2498, limit: 10, columns: ['year', 'countyreal'] });
    expect(page).toMatchObject({ nrow: 2500, columns: ['year', 'countyreal'] });
    expect(page.values.map((v) => v.length)).toEqual([2, 2]);
    expect(await h.call('dataset.rows', { datasetId, offset: 0, limit: 10, columns: ['nope'] })).toMatchObject({ ok: false, error: { code: 'column_not_found', details: { column: 'nope' } } });
    const summary = await h.ok<{ variables: { name: string; n: number; min: number; max: number }[] }>('dataset.summary', { datasetId, columns: ['year'] });
    expect(summary.variables).toEqual([expect.objectContaining({ name: 'year', n: 2500, min: 2003, max: 2007 })]);
  });

  it('runs an analysis in a worker, stores it, and shows it again after reopening', async () => {
    const { end } = await h.job('analysis.run', { name: 'Summary', spec: { model: 'describe', data: 'mpdta', variables: ['lemp'], subset: 'year >= 2005' } });
    expect(end.type).toBe('job.done');
    const { analysis, result } = (end as Extract<Terminal, { type: 'job.done' }>).result as {
      analysis: { id: string; name: string };
      result: { result: { nobs: number }; notes: string[]; stale: boolean; timing: { load_s: number; estimate_s: number } };
    };
    expect(analysis.name).toBe('Summary');
    expect(result.result.nobs).toBe(1500);
    expect(result.notes).toEqual(['subset "year >= 2005" kept 1500 of 2500 rows.']);
    expect(result.stale).toBe(false);
    await h.ok('project.close', {});
    await h.ok('project.open', { path: projectPath });
    const again = await h.ok<{ analysis: { id: string }; result: { result: { nobs: number } } }>('analysis.get', { analysisId: analysis.id });
    expect(again.result.result.nobs).toBe(1500);
  });

  it('stores each robustness variant as its own analysis linked to the base, with its result, once; a re-run updates them', async () => {
    type Done = { analysis: { id: string }; result: { result: { coefficients: Record<string, { estimate: number }> } & Record<string, unknown> } };
    const base = { model: 'did', data: 'mpdta', outcome: 'lemp', treatment: { kind: 'column', column: 'treat_post' }, unit: 'countyreal', time: 'year' };
    const baseRun = await h.job('analysis.run', { name: 'Base DID', spec: base });
    const baseId = ((baseRun.end as Extract<Terminal, { type: 'job.done' }>).result as Done).analysis.id;
    const spec = { model: 'did_robustness', data: 'mpdta', base, base_id: baseId, variants: [{ kind: 'drop_times', times: [2007] }, { kind: 'winsorize', lower: 5, upper: 95 }] };
    const variantsOf = async () =>
      (await h.ok<{ analyses: { id: string; name: string; spec: { model: string; base_id?: string; label?: string } }[] }>('analysis.list', {})).analyses.filter((a) => a.spec.model === 'did' && a.spec.base_id === baseId);
    const first = await h.job('analysis.run', { name: 'Robustness', spec });
    expect(first.end.type).toBe('job.done');
    const columns = (((first.end as Extract<Terminal, { type: 'job.done' }>).result as Done).result.result.columns as { kind: string; label: string; estimate: { estimate: number } }[]).filter((c) => c.kind !== 'base');
    const saved = await variantsOf();
    expect(saved.map((a) => a.spec.label).sort()).toEqual(columns.map((c) => c.label).sort());
    for (const a of saved) {
      const { result } = await h.ok<{ result: { result: { coefficients: Record<string, { estimate: number }> } } }>('analysis.get', { analysisId: a.id });
      expect(result.result.coefficients.treat_post.estimate).toBe(columns.find((c) => c.label === a.spec.label)?.estimate.estimate);
      expect(a.name).toBe(a.spec.label);
    }
    await h.job('analysis.run', { name: 'Robustness', spec });
    const again = await variantsOf();
    expect(again.map((a) => a.id).sort()).toEqual(saved.map((a) => a.id).sort());
  });

  it('refuses an analysis on a dataset the project does not have, at once', async () => {
    const r = await h.call('analysis.run', { spec: { model: 'describe', data: 'missing' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'dataset_not_found', details: { dataset: 'missing', available: ['mpdta'] } } });
  });

  it('reports estimator errors as a failed job naming the column', async () => {
    const { end } = await h.job('analysis.run', { spec: { model: 'describe', data: 'mpdta', variables: ['nope'] } });
    expect(end).toMatchObject({ type: 'job.failed', error: { code: 'column_not_found', details: { column: 'nope' } } });
  });

  it('fails a malformed file with file, line and column count, leaving the project as it was', async () => {
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'a,b\n1,2\n3,4,5\n');
    const before = await h.ok<{ datasets: unknown[] }>('dataset.list', {});
    const { end } = await h.job('dataset.import', { source: { kind: 'path', path: bad } });
    expect(end).toMatchObject({ type: 'job.failed', error: { code: 'malformed_csv', details: { file: 'bad.csv', line: 3, expected: 2, found: 3 } } });
    expect(await h.ok('dataset.list', {})).toEqual(before);
  });

  it('cancels a long import: the project is untouched and the log says so', async () => {
    const big = join(tmp.dir, 'big.csv');
    const out = createWriteStream(big);
    out.write('id,x,y,z,w\n');
    for (let i = 0; i < 400_000; i++) out.write(`${i},${i * 0.5},${i % 97},${(i * 7) % 13},text${i % 50}\n`);
    out.end();
    await once(out, 'finish');
    const before = await h.ok('dataset.list', {});
    const { jobId } = await h.ok<{ jobId: string }>('dataset.import', { source: { kind: 'path', path: big } });
    expect(await h.call('project.close', {})).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(await h.ok('job.cancel', { jobId })).toEqual({ cancelled: true });
    expect((await h.end(jobId)).type).toBe('job.cancelled');
    expect(await h.ok('dataset.list', {})).toEqual(before);
    expect(await h.ok('job.cancel', { jobId })).toEqual({ cancelled: false });
    const log = await h.ok<{ entries: { target: string; status: string }[] }>('project.log', { limit: 1 });
    expect(log.entries[0]).toMatchObject({ target: 'big.csv', status: 'cancelled' });
  });

  it('imports an upload under its original name', async () => {
    const up = await h.service.acceptUpload('../evil/城市.csv', Readable.from([Buffer.from('城市,x\n北京,1\n上海,2\n')]));
    expect(up).toMatchObject({ name: '城市.csv', size: 27 });
    const { end } = await h.job('dataset.import', { source: { kind: 'upload', uploadId: up.uploadId } });
    expect(end).toMatchObject({ type: 'job.done', result: { dataset: { name: '城市', nrow: 2 } } });
    expect(await h.call('dataset.import', { source: { kind: 'upload', uploadId: up.uploadId } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('gives two concurrent imports of the same file distinct names', async () => {
    const f = join(tmp.dir, 'twice.csv');
    writeFileSync(f, 'a,b\n1,2\n');
    const [one, two] = await Promise.all([h.job('dataset.import', { source: { kind: 'path', path: f } }), h.job('dataset.import', { source: { kind: 'path', path: f } })]);
    const names = [one.end, two.end].map((e) => (e as Extract<Terminal, { type: 'job.done' }>).result as { dataset: { name: string } }).map((r) => r.dataset.name);
    expect(names.sort()).toEqual(['twice', 'twice_2']);
  });

  it('marks a result stale when its dataset is deleted', async () => {
    const { analyses } = await h.ok<{ analyses: { id: string; lastRun: { stale: boolean } | null }[] }>('analysis.list', {});
    const withRun = analyses.find((a) => a.lastRun);
    expect(withRun?.lastRun?.stale).toBe(false);
    await h.ok('dataset.delete', { datasetId });
    const got = await h.ok<{ result: { stale: boolean; staleReason: string } }>('analysis.get', { analysisId: withRun?.id });
    expect(got.result).toMatchObject({ stale: true, staleReason: 'dataset_missing' });
  });

  it('saves as a new file and continues there; recent lists both', async () => {
    const copy = join(tmp.dir, 'copy');
    const info = await h.ok<{ path: string }>('project.saveAs', { path: copy });
    expect(info.path).toBe(`${copy}.causeway`);
    expect(await h.call('project.saveAs', { path: copy })).toMatchObject({ ok: false, error: { code: 'same_file' } });
    expect(await h.call('project.saveAs', { path: projectPath })).toMatchObject({ ok: false, error: { code: 'file_exists' } });
    const recent = await h.ok<{ projects: { path: string }[] }>('project.recent', {});
    expect(recent.projects.map((p) => p.path).slice(0, 2)).toEqual([`${copy}.causeway`, projectPath]);
  });

  it('keeps the current project when another file cannot be opened', async () => {
    const notProject = join(tmp.dir, 'bad.csv');
    expect(await h.call('project.open', { path: notProject })).toMatchObject({ ok: false, error: { code: 'not_a_project' } });
    expect(await h.ok<{ project: { path: string } }>('project.info', {})).toMatchObject({ project: { path: join(tmp.dir, 'copy.causeway') } });
  });

  it('creates the demo project once and reopens it afterwards', async () => {
    const demo = await h.ok<{ path: string; datasets: number }>('project.createDemo', {});
    // The city panel and the individual survey of the mechanism builders.
    expect(demo.datasets).toBe(2);
    const { datasets } = await h.ok<{ datasets: { name: string; nrow: number; description: string }[] }>('dataset.list', {});
    const panel = datasets.find((d) => d.name === 'demo_city_panel');
    expect(panel).toMatchObject({ nrow: 3640, description: expect.stringContaining('True effect') });
    expect(datasets.map((d) => d.name)).toContain(SURVEY_DATASET_NAME);
    expect(await h.ok('settings.get', {})).toMatchObject({ demoOffered: true });
    expect(await h.ok('project.createDemo', {})).toMatchObject({ path: demo.path, datasets: 2 });
  });
});

describe('project file names', () => {
  it('strips separators and characters Windows forbids', () => {
    expect(projectFileName('a/b\\c:d*e?"f<g>h|')).toBe('a_b_c_d_e__f_g_h_.causeway');
    expect(projectFileName(' .. ')).toBe('project.causeway');
    expect(projectFileName('城市治理')).toBe('城市治理.causeway');
  });
});
