import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { tempDir } from '../store/testing';
import type { ResponseOf } from '../../shared/contract';
import { exportFileName } from './data';
import { harness } from './testing';

const testdata = (f: string): string => join(import.meta.dirname, '..', 'io', 'testdata', f);

describe('data-management channels', () => {
  const tmp = tempDir();
  const saved: string[] = [];
  const h = harness(tmp.dir, {
    chooseSavePath: (name) => {
      saved.push(name);
      return Promise.resolve(join(tmp.dir, `chosen-${name}`));
    },
  });
  afterAll(async () => {
    await h.service.dispose();
    tmp.remove();
  });

  let survey = '';
  let cities = '';

  it('imports a Stata file with its value labels, and names a damaged one clearly', async () => {
    await h.ok('project.new', { name: 'data' });
    const r = await h.done<ResponseOf<'dataset.import'>>('dataset.import', { source: { kind: 'path', path: testdata('survey118.dta') }, name: 'survey' });
    expect(r.report).toMatchObject({ format: 'dta', encoding: 'utf-8', rows: 5, sheet: null });
    expect(r.dataset.columns.find((c) => c.name === 'urban')).toMatchObject({ label: '城乡', valueLabels: { '1': '城镇', '2': '农村' } });
    survey = r.dataset.id;

    const damaged = join(tmp.dir, 'damaged.dta');
    writeFileSync(damaged, readFileSync(testdata('survey118.dta')).subarray(0, 300));
    const { end } = await h.job('dataset.import', { source: { kind: 'path', path: damaged } });
    expect(end).toMatchObject({ type: 'job.failed', error: { details: { file: 'damaged.dta' } } });
    const notDta = join(tmp.dir, 'text.dta');
    writeFileSync(notDta, 'a,b\n1,2\n');
    expect((await h.job('dataset.import', { source: { kind: 'path', path: notDta } })).end).toMatchObject({ type: 'job.failed', error: { code: 'damaged_file', details: { file: 'text.dta' } } });
  });

  it('inspects an uploaded workbook and imports the chosen sheet and header row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['示例']);
    const ws = wb.addWorksheet('城市');
    ws.addRow(['2024年城市统计']);
    ws.addRow(['provcd', '城市', '试点']);
    ws.addRow([11, '北京', 1]);
    ws.addRow([31, '上海', 0]);
    const book = join(tmp.dir, 'book.xlsx');
    await wb.xlsx.writeFile(book);
    const up = await h.service.acceptUpload('城市统计.xlsx', Readable.from([readFileSync(book)]));
    expect(await h.ok('file.inspect', { source: { kind: 'upload', uploadId: up.uploadId } })).toEqual({ file: '城市统计.xlsx', format: 'xlsx', sheets: ['说明', '城市'] });
    const r = await h.done<ResponseOf<'dataset.import'>>('dataset.import', { source: { kind: 'upload', uploadId: up.uploadId }, options: { sheet: '城市', headerRow: 2 } });
    expect(r.report).toMatchObject({ format: 'xlsx', sheet: '城市', rows: 2, columns: 3, encoding: null });
    expect(r.dataset).toMatchObject({ name: '城市统计', source: { file: '城市统计.xlsx', format: 'xlsx' } });
    cities = r.dataset.id;
  });

  it('refuses an encoding a text file cannot have', async () => {
    const f = join(tmp.dir, 'x.csv');
    writeFileSync(f, 'a\n1\n');
    const { end } = await h.job('dataset.import', { source: { kind: 'path', path: f }, options: { encoding: 'big5' } });
    expect(end).toMatchObject({ type: 'job.failed', error: { code: 'unsupported_encoding', details: { file: 'x.csv' } } });
  });

  it('applies, lists, undoes and replays recipe steps, logging them as data work', async () => {
    const t = await h.done<ResponseOf<'dataset.transform'>>('dataset.transform', { datasetId: survey, step: { op: 'generate', name: 'rural', expr: 'urban == "农村"' } });
    expect(t.report.message).toMatch(/^generated rural/);
    expect(t.dataset.columns.map((c) => c.name)).toContain('rural');
    const rows = await h.ok<ResponseOf<'dataset.rows'>>('dataset.rows', { datasetId: survey, offset: 0, limit: 5, columns: ['rural'] });
    expect(rows.values[0]).toEqual([0, 1, 0, null, 1]);
    expect(await h.ok('dataset.recipe', { datasetId: survey })).toMatchObject({ steps: [{ step: { op: 'generate', name: 'rural' } }], original: { nrow: 5, ncol: 8 }, panel: null });
    const replayed = await h.done<ResponseOf<'dataset.replay'>>('dataset.replay', { datasetId: survey });
    expect(replayed.dataset.fingerprint).toBe(t.dataset.fingerprint);
    const u = await h.done<ResponseOf<'dataset.undo'>>('dataset.undo', { datasetId: survey });
    expect(u.dataset.ncol).toBe(8);
    const log = await h.ok<ResponseOf<'project.log'>>('project.log', { limit: 1 });
    expect(log.entries[0]).toMatchObject({ kind: 'data', target: 'survey: undo', status: 'ok' });
    expect(await h.call('dataset.transform', { datasetId: survey, step: { op: 'generate', name: 'x' } })).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { issues: [{ path: 'step.expr' }] } } });
  });

  it('declares the panel and reports its diagnostics', async () => {
    expect(await h.ok('dataset.setPanel', { datasetId: survey, panel: { unit: 'pid', time: 'provcd' } })).toMatchObject({ panel: { unit: 'pid', time: 'provcd' } });
    const d = await h.ok<ResponseOf<'dataset.panelDiagnostics'>>('dataset.panelDiagnostics', { datasetId: survey, unit: 'provcd', time: 'gender' });
    expect(d).toMatchObject({ nUnits: 3, heatmap: { mode: 'units' } });
    expect(d.heatmap.rows.map((r) => r.label)).toEqual(['11 = 北京市', '31 = 上海市', '42 = 湖北省']);
    expect(await h.call('dataset.panelDiagnostics', { datasetId: survey, unit: 'nope', time: 'gender' })).toMatchObject({ ok: false, error: { code: 'column_not_found', details: { column: 'nope' } } });
  });

  it('gives frequency tables with value labels and a row per kind of missing', async () => {
    const f = await h.ok<ResponseOf<'dataset.frequency'>>('dataset.frequency', { datasetId: survey, column: 'urban' });
    expect(f.rows.map((r) => [r.value, r.label, r.count, r.missing])).toEqual([
      [1, '城镇', 2, false],
      [2, '农村', 2, false],
      [null, '.', 1, true],
    ]);
    const s = await h.ok<ResponseOf<'dataset.summaryTable'>>('dataset.summaryTable', { datasetId: survey, columns: ['score'] });
    expect(s.rows[0]).toMatchObject({ name: 'score', n: 2, missing: 3 });
  });

  it('merges m:1 into a new dataset and reports the _merge counts', async () => {
    const r = await h.done<ResponseOf<'dataset.merge'>>('dataset.merge', { datasetId: survey, using: cities, keys: ['provcd'], relationship: 'm:1', name: 'survey_cities' });
    // provcd 11 ×2 and 31 ×1 match; 42 ×2 has no city row; no city is left over.
    expect(r.report).toMatchObject({ matched: 3, masterOnly: 2, usingOnly: 0, total: 5 });
    expect(r.dataset.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['城市', '试点', '_merge']));
    expect(await h.call('dataset.merge', { datasetId: survey, using: cities, keys: ['provcd'], relationship: 'm:1', name: 'survey_cities' })).toMatchObject({
      ok: false,
      error: { code: 'dataset_exists' },
    });
  });

  it('exports for download in the browser host, and to the chosen path in Electron', async () => {
    const r = await h.done<ResponseOf<'dataset.export'>>('dataset.export', { datasetId: survey, format: 'dta' });
    expect(r).toMatchObject({ file: 'survey.dta', path: null, download: { name: 'survey.dta', url: expect.stringMatching(/^\/download\/[\w-]+$/) } });
    const id = (r.download?.url ?? '').split('/').pop() ?? '';
    const file = h.service.download(id);
    expect(file?.name).toBe('survey.dta');
    expect(readFileSync(file?.path ?? '').subarray(0, 11).toString('latin1')).toBe('<stata_dta>');
    expect(h.service.download('unknown')).toBeNull();

    const { path } = await h.ok<ResponseOf<'file.chooseSavePath'>>('file.chooseSavePath', { suggestedName: 'survey.csv', extensions: ['csv'] });
    expect(saved).toEqual(['survey.csv']);
    const toPath = await h.done<ResponseOf<'dataset.export'>>('dataset.export', { datasetId: survey, format: 'csv', encoding: 'utf-8-bom', path });
    expect(toPath).toMatchObject({ path, download: null, file: 'chosen-survey.csv' });
    expect([...readFileSync(path ?? '').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('exportFileName', () => {
  it('keeps Chinese names and strips characters file systems refuse', () => {
    expect(exportFileName('城市 / 面板', 'dta')).toBe('城市 _ 面板.dta');
    expect(exportFileName(' .. ', 'csv')).toBe('data.csv');
  });
});
