/**
 * `causeway table` and `causeway figure` as a user runs them: bin/causeway.mjs spawned on
 * analysis specs over the fixture data, and the files it writes opened and read back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { pngDpi } from '../publish/figures/render';
import { formatNumber } from '../publish/format';
import { dataPath, referenceCase } from '../testing/fixtures';
import { tempDir } from '../store/testing';
import { inProcess, spawned } from './testing';

const tmp = tempDir();
afterAll(() => tmp.remove());
copyFileSync(dataPath('mpdta.csv'), join(tmp.dir, 'mpdta.csv'));
const spec = (name: string, json: unknown): string => {
  writeFileSync(join(tmp.dir, name), JSON.stringify(json));
  return name;
};
// The fixture's r_calls: feols(lemp ~ treat_post | countyreal + year, cluster = ~countyreal) and the same with lpop.
const twfe = spec('twfe.json', { model: 'feols', data: 'mpdta.csv', formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } });
const lpop = spec('lpop.json', { model: 'feols', data: 'mpdta.csv', formula: 'lemp ~ treat_post + lpop | countyreal + year', vcov: { cluster: ['countyreal'] } });
const expected = [referenceCase('mpdta.json', 'twfe').expected, referenceCase('mpdta.json', 'twfe_lpop_collinear').expected] as {
  coefficients: Record<string, { estimate: number; se: number }>;
}[];

describe('causeway table', () => {
  it('writes a two-model .docx whose Word table holds both estimates with stars, SEs and three rules', async () => {
    const r = await spawned(['table', twfe, lpop, '--format', 'docx', '--out', 'table.docx', '--title', 'Table 1'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(join(tmp.dir, 'table.docx'));
    const zip = await JSZip.loadAsync(readFileSync(join(tmp.dir, 'table.docx')));
    const xml = await (zip.file('word/document.xml') as JSZip.JSZipObject).async('string');
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    for (const e of expected) {
      expect(text).toContain(formatNumber(e.coefficients.treat_post.estimate, 3));
      expect(text).toContain(`(${formatNumber(e.coefficients.treat_post.se, 3)})`);
    }
    // p = 0.006 in the baseline model: three stars, set as a superscript run.
    expect(xml).toMatch(/<w:vertAlign w:val="superscript"\/>[\s\S]{0,400}?<w:t[^>]*>\*\*\*<\/w:t>/);
    expect(text).toContain('Table 1');
    expect(text).toContain('(1)');
    expect(text).toContain('(2)');
    expect(xml).toMatch(/w:val="single"[^>]*w:sz="12"/);
    expect(xml).toContain('w:eastAsia="SimSun"');
  });

  it('writes .xlsx that reads back, and booktabs .tex; the format may come from the file name', async () => {
    const x = await inProcess(['table', twfe, lpop, '--out', 'table.xlsx', '--language', 'zh'], tmp.dir);
    expect(x.code, x.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(tmp.dir, 'table.xlsx'));
    const cells: string[] = [];
    book.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain(`${formatNumber(expected[0].coefficients.treat_post.estimate, 3)}***`);
    expect(cells.some((c) => c.includes('固定效应'))).toBe(true);

    const t = await inProcess(['table', twfe, '--format', 'tex', '--out', 'table.tex'], tmp.dir);
    expect(t.code, t.stderr).toBe(0);
    const tex = readFileSync(join(tmp.dir, 'table.tex'), 'utf8');
    expect(tex).toMatch(/\\toprule[\s\S]*\\midrule[\s\S]*\\bottomrule/);
    expect(tex).toContain('\\usepackage{booktabs}');
  });

  it('explains a missing --out, an unknown format and a bad language', async () => {
    expect((await inProcess(['table', twfe], tmp.dir)).stderr).toContain('needs --out FILE');
    const bad = await inProcess(['table', twfe, '--out', 'x.pdf'], tmp.dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('writes docx, tex, xlsx, csv, html');
    expect((await inProcess(['table', twfe, '--out', 'x.csv', '--language', 'fr'], tmp.dir)).stderr).toContain('--language is "zh" or "en"');
    expect((await inProcess(['table', '--out', 'x.csv'], tmp.dir)).stderr).toContain('"table" takes one or more spec files');
    expect(existsSync(join(tmp.dir, 'x.csv'))).toBe(false);
  });
});

describe('causeway figure', () => {
  // The fixture's event_study_i call (rel_time is -1000 for never-treated counties).
  const es = spec('es.json', { model: 'feols', data: 'mpdta.csv', formula: 'lemp ~ i(rel_time, ref = c(-1, -1000)) | countyreal + year', vcov: { cluster: ['countyreal'] } });
  const fig = spec('fig.json', { kind: 'event_study', source: es, title: '事件研究：lemp', language: 'zh' });

  it('renders the event study as SVG with a Chinese title, and as a 300 dpi PNG', async () => {
    const s = await spawned(['figure', fig, '--format', 'svg', '--out', 'es.svg'], tmp.dir);
    expect(s.code, s.stderr).toBe(0);
    const svg = readFileSync(join(tmp.dir, 'es.svg'), 'utf8');
    expect(svg).toContain('事件研究：lemp');
    expect(svg).toContain('相对政策实施的期数');
    const p = await inProcess(['figure', fig, '--out', 'es.png'], tmp.dir);
    expect(p.code, p.stderr).toBe(0);
    const png = readFileSync(join(tmp.dir, 'es.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pngDpi(png)).toBe(300);
    // 720 CSS px at 300 dpi.
    expect(png.readUInt32BE(16)).toBe(Math.round((720 * 300) / 96));
  });

  it('names the figure spec field that is wrong', async () => {
    const bad = spec('badfig.json', { kind: 'pie', source: es });
    const r = await inProcess(['figure', bad, '--out', 'x.svg'], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('badfig.json: kind');
    expect((await inProcess(['figure', fig, '--out', 'x.gif'], tmp.dir)).stderr).toContain('writes svg, png');
  });
});
