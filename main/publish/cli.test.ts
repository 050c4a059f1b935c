import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it, vi } from 'vitest';
import { silentContext } from '../engine/context';
import { runDescribe } from '../engine/describe';
import { loadData, referenceCase } from '../testing/fixtures';
import type { RunSpecFile } from './cli';
import { renderFigure, renderTableFromSpecFiles } from './cli';
import { formatNumber } from './format';

const dir = mkdtempSync(join(tmpdir(), 'causeway-publish-'));
const write = (name: string, json: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(json));
  return p;
};

/** Stands in for the service: each spec file's name says which fixture result it produces. */
const FIXTURE_OF: Record<string, [string, string]> = {
  'twfe.json': ['mpdta.json', 'twfe'],
  'collinear.json': ['mpdta.json', 'twfe_lpop_collinear'],
  'es.json': ['mpdta.json', 'event_study_i'],
};
const run: RunSpecFile = async (path) => {
  const spec = JSON.parse(readFileSync(path, 'utf8')) as { model: string; variables?: string[]; by?: string };
  if (spec.model === 'describe') return { spec, result: runDescribe(await loadData('mpdta.csv'), { model: 'describe', data: 'mpdta.csv', variables: spec.variables, by: spec.by }, silentContext) };
  const [file, id] = FIXTURE_OF[basename(path)];
  return { spec, result: referenceCase(file, id).expected };
};

const twfe = write('twfe.json', { model: 'feols', data: 'mpdta.csv', formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } });
const collinear = write('collinear.json', { model: 'feols', data: 'mpdta.csv', formula: 'lemp ~ treat_post + lpop | countyreal + year', vcov: { cluster: ['countyreal'] } });
write('es.json', { model: 'feols', data: 'mpdta.csv', formula: 'lemp ~ i(rel_time, ref = c(-1, -1000)) | countyreal + year', vcov: { cluster: ['countyreal'] } });

describe('causeway table', () => {
  it('builds a two-model docx table from two analysis spec files', async () => {
    const out = join(dir, 't.docx');
    const { tables } = await renderTableFromSpecFiles([twfe, collinear], { format: 'docx', out, table: { language: 'zh', title: '表 1' } }, run);
    expect(tables).toHaveLength(1);
    expect(tables[0].ncol).toBe(2);
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')?.async('string');
    const est = formatNumber((referenceCase('mpdta.json', 'twfe').expected.coefficients as Record<string, { estimate: number }>).treat_post.estimate, 3);
    expect(xml?.match(new RegExp(`>${est}<`, 'g'))?.length).toBe(2);
    expect(xml).toContain('表 1');
    expect(xml).toContain('countyreal固定效应');
  });

  it('reads a table spec whose columns name spec files relative to it', async () => {
    const spec = write('table.json', { kind: 'regression', columns: [{ source: 'twfe.json', title: 'TWFE' }, { source: 'es.json' }], keep: ['treat_post'] });
    const out = join(dir, 't.tex');
    await renderTableFromSpecFiles([spec], { format: 'tex', out }, run);
    const tex = readFileSync(out, 'utf8');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('TWFE & lemp');
  });

  it('uses a saved result file as is, without running it', async () => {
    const saved = write('saved.json', { spec: { model: 'feols', formula: 'lemp ~ treat_post | countyreal + year' }, result: referenceCase('mpdta.json', 'twfe').expected });
    const spy = vi.fn(run);
    const out = join(dir, 't.csv');
    await renderTableFromSpecFiles([saved], { format: 'csv', out }, spy);
    expect(spy).not.toHaveBeenCalled();
    expect(readFileSync(out, 'utf8')).toContain('treat_post,-0.037***');
  });

  it('makes a descriptives table from a describe spec and a correlation table from its data', async () => {
    const desc = write('desc.json', { model: 'describe', data: 'mpdta.csv', variables: ['lemp', 'lpop'], by: 'treat' });
    const corr = write('corr.json', { kind: 'correlation', data: 'mpdta.csv', variables: ['lemp', 'lpop'] });
    const out = join(dir, 'd.xlsx');
    const loadFrame = vi.fn(async () => loadData('mpdta.csv'));
    const { tables } = await renderTableFromSpecFiles([desc, corr], { format: 'xlsx', out, loadFrame }, run);
    expect(tables.map((t) => t.header[t.header.length - 1].stub)).toEqual(['Variable', 'Variable']);
    expect(tables[0].header[0].cells.map((c) => c.text)).toEqual(['treat = 0', 'treat = 1']);
    expect(loadFrame).toHaveBeenCalledWith(join(dir, 'mpdta.csv'), undefined);
  });

  it('reports unreadable files, bad JSON, bad table specs and a mixed table', async () => {
    const out = join(dir, 'x.html');
    await expect(renderTableFromSpecFiles([], { format: 'html', out }, run)).rejects.toThrow(/at least one spec file/);
    await expect(renderTableFromSpecFiles([join(dir, 'missing.json')], { format: 'html', out }, run)).rejects.toThrow(/Cannot read .*missing\.json/);
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    await expect(renderTableFromSpecFiles([join(dir, 'bad.json')], { format: 'html', out }, run)).rejects.toThrow(/bad\.json is not valid JSON/);
    const badSpec = write('badtable.json', { kind: 'regression', columns: [] });
    await expect(renderTableFromSpecFiles([badSpec], { format: 'html', out }, run)).rejects.toThrow(/badtable\.json: columns/);
    const desc = write('desc2.json', { model: 'describe', data: 'mpdta.csv', variables: ['lemp'] });
    await expect(renderTableFromSpecFiles([desc, desc], { format: 'html', out }, run)).rejects.toThrow(/a descriptives table takes one result/);
  });
});

describe('causeway figure', () => {
  it('renders a figure spec file to PNG and an in-memory spec to SVG', async () => {
    const spec = write('fig.json', { kind: 'event_study', source: 'es.json', title: '事件研究', language: 'zh', dpi: 96 });
    const png = join(dir, 'f.png');
    const r = await renderFigure(spec, { format: 'png', out: png }, run);
    expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(r.bytes).toBeGreaterThan(1000);
    const svg = join(dir, 'f.svg');
    await renderFigure({ kind: 'coefficients', source: 'twfe.json', language: 'en', width: 600, height: 300, dpi: 300, labels: {}, reference_period: -1 }, { format: 'svg', out: svg, baseDir: dir }, run);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]*width="600"/);
  });

  it('names the field of an invalid figure spec', async () => {
    const spec = write('badfig.json', { kind: 'pie', source: 'es.json' });
    await expect(renderFigure(spec, { format: 'svg', out: join(dir, 'x.svg') }, run)).rejects.toThrow(/badfig\.json: kind/);
  });
});
