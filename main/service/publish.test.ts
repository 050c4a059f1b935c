/**
 * The publication channels over a real project: mpdta imported, the fixture's TWFE models and
 * event study run in workers, then tables previewed, copied and exported, figures rendered,
 * code generated and the report written, each file opened and read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { ExportedFile, SavedTable, TableModelView } from '../../shared/contract-publish';
import { normalizeR } from '../publish/codegen/normalize';
import { pngDpi } from '../publish/figures/render';
import { formatNumber } from '../publish/format';
import { dataPath, referenceCase } from '../testing/fixtures';
import { tempDir } from '../store/testing';
import { harness } from './testing';

type Coefs = { coefficients: Record<string, { estimate: number; se: number }> };

describe('publication channels', () => {
  const tmp = tempDir();
  const h = harness(tmp.dir);
  const twfe = referenceCase('mpdta.json', 'twfe');
  const lpop = referenceCase('mpdta.json', 'twfe_lpop_collinear');
  const ids: Record<string, string> = {};

  const run = async (name: string, spec: Record<string, unknown>): Promise<string> => {
    const r = await h.done<{ analysis: { id: string } }>('analysis.run', { name, spec: { data: 'mpdta', ...spec } });
    return r.analysis.id;
  };

  beforeAll(async () => {
    await h.ok('project.new', { name: 'pub' });
    await h.done('dataset.import', { source: { kind: 'path', path: dataPath('mpdta.csv') } });
    ids.twfe = await run('Baseline', { model: 'feols', formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } });
    ids.lpop = await run('With lpop', { model: 'feols', formula: 'lemp ~ treat_post + lpop | countyreal + year', vcov: { cluster: ['countyreal'] } });
    ids.es = await run('Event study', { model: 'feols', formula: 'lemp ~ i(rel_time, ref = c(-1, -1000)) | countyreal + year', vcov: { cluster: ['countyreal'] } });
    ids.describe = await run('Descriptives', { model: 'describe', variables: ['lemp', 'lpop'], by: 'treat' });
    ids.unrun = (await h.ok<{ id: string }>('analysis.save', { name: 'Not run', spec: { model: 'describe', data: 'mpdta' } })).id;
  }, 600_000);

  afterAll(async () => {
    await h.service.dispose();
    tmp.remove();
  });

  const regression = (extra: Record<string, unknown> = {}) => ({ kind: 'regression', columns: [{ source: ids.twfe }, { source: ids.lpop }], ...extra });

  it('previews a two-model table as data: estimates with stars, SEs, FE rows, N and clusters', async () => {
    const p = await h.ok<{ table: TableModelView; terms: string[]; warnings: string[] }>('table.preview', { spec: regression({ labels: { treat_post: '政策' }, language: 'zh' }) });
    expect(p.terms).toEqual(['treat_post']);
    expect(p.warnings).toEqual([]);
    const rows = p.table.sections.flat();
    const est = rows.find((r) => r.kind === 'estimate');
    expect(est?.label).toBe('政策');
    expect(est?.cells).toEqual([twfe, lpop].map((c) => formatNumber((c.expected as Coefs).coefficients.treat_post.estimate, 3)));
    expect(est?.marks).toEqual(['***', '***']);
    expect(rows.find((r) => r.kind === 'paren')?.cells).toEqual([twfe, lpop].map((c) => `(${formatNumber((c.expected as Coefs).coefficients.treat_post.se, 3)})`));
    expect(rows.filter((r) => r.kind === 'indicator').map((r) => r.label)).toEqual(['countyreal固定效应', 'year固定效应']);
    expect(rows.find((r) => r.label === '观测值')?.cells).toEqual(['2,500', '2,500']);
    expect(p.table.header.at(-1)?.cells.map((c) => c.text)).toEqual(['(1)', '(2)']);
    expect(p.table.notes.join(' ')).toContain('lpop');
  });

  it('names a missing or unrun source', async () => {
    expect(await h.call('table.preview', { spec: regression({ columns: [{ source: 'gone' }] }) })).toMatchObject({ ok: false, error: { code: 'publish_source_missing' } });
    const r = await h.call('table.preview', { spec: { kind: 'descriptives', source: ids.unrun } });
    expect(r).toMatchObject({ ok: false, error: { code: 'publish_source_not_run', details: { analysis: 'Not run' } } });
  });

  it('builds descriptives by treatment group and a correlation matrix from the dataset', async () => {
    const d = await h.ok<{ table: TableModelView; terms: string[] }>('table.preview', { spec: { kind: 'descriptives', source: ids.describe, difference: true, group_labels: { '0': 'Control', '1': 'Treated' } } });
    expect(d.terms).toEqual(['lemp', 'lpop']);
    expect(d.table.header.flatMap((h) => h.cells.map((c) => c.text))).toEqual(expect.arrayContaining(['Control', 'Treated']));
    const c = await h.ok<{ table: TableModelView; terms: string[] }>('table.preview', { spec: { kind: 'correlation', data: 'mpdta', variables: ['lemp', 'lpop'], subset: 'year == 2003' } });
    expect(c.terms).toEqual(expect.arrayContaining(['lemp', 'lpop', 'year']));
    expect(c.table.sections.flat().map((r) => r.label)).toEqual(['(1) lemp', '(2) lpop']);
  });

  it('gives clipboard payloads as HTML and tab-separated text', async () => {
    const clip = await h.ok<{ html: string; text: string }>('table.clipboard', { spec: regression() });
    expect(clip.html).toContain('<table');
    expect(clip.text.split('\n').some((l) => l.startsWith('treat_post\t'))).toBe(true);
  });

  it('saves, lists, updates and deletes tables', async () => {
    const saved = await h.ok<SavedTable>('table.save', { name: 'Table 1', spec: regression() });
    expect(saved.spec).toMatchObject({ kind: 'regression', parentheses: 'se' });
    const renamed = await h.ok<SavedTable>('table.save', { tableId: saved.id, name: 'Table 1: baseline', spec: regression({ parentheses: 't' }) });
    expect(renamed).toMatchObject({ id: saved.id, name: 'Table 1: baseline', spec: { parentheses: 't' } });
    expect((await h.ok<{ tables: SavedTable[] }>('table.list', {})).tables.map((t) => t.name)).toEqual(['Table 1: baseline']);
    const other = await h.ok<SavedTable>('table.save', { name: 'tmp', spec: regression() });
    expect(await h.ok('table.delete', { tableId: other.id })).toEqual({ tableId: other.id });
    expect(await h.call('table.delete', { tableId: other.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('exports a .docx as a browser download, and to a chosen path', async () => {
    const f = await h.done<ExportedFile>('table.export', { specs: [regression({ title: 'Table 1' })], format: 'docx' });
    expect(f).toMatchObject({ file: 'Table 1.docx', path: null, download: { name: 'Table 1.docx' } });
    const id = (f.download?.url ?? '').split('/').at(-1) ?? '';
    const file = h.service.download(id);
    expect(file?.name).toBe('Table 1.docx');
    const zip = await JSZip.loadAsync(readFileSync(file?.path ?? ''));
    const xml = await (zip.file('word/document.xml') as JSZip.JSZipObject).async('string');
    expect(xml).toContain(formatNumber((twfe.expected as Coefs).coefficients.treat_post.estimate, 3));

    const out = join(tmp.dir, 'tables.xlsx');
    const g = await h.done<ExportedFile>('table.export', { specs: [regression(), regression({ parentheses: 't' })], format: 'xlsx', path: out });
    expect(g).toMatchObject({ file: 'tables.xlsx', path: out, download: null });
    expect(g.bytes).toBe(readFileSync(out).length);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('renders a stored event study as SVG and as a 300 dpi PNG', async () => {
    const spec = { kind: 'event_study', source: ids.es, title: 'Event study: lemp' };
    const svg = await h.done<ExportedFile>('figure.export', { spec, format: 'svg', path: join(tmp.dir, 'es.svg') });
    const text = readFileSync(join(tmp.dir, 'es.svg'), 'utf8');
    expect(svg.file).toBe('es.svg');
    expect(text).toContain('Event study: lemp');
    expect(text).toContain('Periods relative to treatment');
    await h.done('figure.export', { spec, format: 'png', path: join(tmp.dir, 'es.png') });
    expect(pngDpi(readFileSync(join(tmp.dir, 'es.png')))).toBe(300);
    const bad = await h.job('figure.export', { spec: { ...spec, source: ids.twfe }, format: 'svg', path: join(tmp.dir, 'x.svg') });
    expect(bad.end).toMatchObject({ type: 'job.failed', error: { code: 'figure_no_event_time' } });
  });

  it('generates the R call of the fixture and Stata code for an analysis', async () => {
    const code = await h.ok<{ r: { ok: boolean; code: { call: string; script: string } }; stata: { ok: boolean; code: { script: string } } }>('analysis.code', { analysisId: ids.twfe });
    expect(code.r.ok).toBe(true);
    expect(normalizeR(code.r.code.call, ['mpdta'])).toEqual(normalizeR(twfe.r_call ?? '', ['mpdta']));
    expect(code.r.code.script).toContain('read.csv("mpdta.csv")');
    expect(code.stata.ok).toBe(true);
    expect(code.stata.code.script).toContain('reghdfe');
  });

  it('writes the project report with the saved table, the figures and each analysis with its code', async () => {
    const f = await h.done<ExportedFile>('project.report', { language: 'en', path: join(tmp.dir, 'report.html') });
    expect(f.file).toBe('report.html');
    const html = readFileSync(join(tmp.dir, 'report.html'), 'utf8');
    expect(html).toContain('Table 1: baseline');
    expect(html).toContain('data:image/svg+xml;base64,');
    expect(html).toContain('feols(lemp ~ treat_post | countyreal + year');
    const analyses = await h.ok<{ analyses: { id: string }[] }>('analysis.list', {});
    expect(analyses.analyses.length).toBe(5);
    const stored = await h.ok<{ result: { dataFingerprint: string } }>('analysis.get', { analysisId: ids.es });
    expect(html).toContain(stored.result.dataFingerprint);
  });
});
