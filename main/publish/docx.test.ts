import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { referenceCase } from '../testing/fixtures';
import { tableToDocx, tablesToDocx } from './docx';
import { formatNumber } from './format';
import { sampleTable } from './test-tables';

interface Cell {
  text: string;
  superscript: string;
  top: string | null;
  bottom: string | null;
  left: string | null;
  span: number;
  fonts: string[];
}

/** The first table of document.xml as rows of cells (text, borders as "val:size", run fonts). */
async function readTable(buf: Buffer): Promise<{ rows: Cell[][]; tblBorders: string; xml: string }> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await (zip.file('word/document.xml') as JSZip.JSZipObject).async('string');
  const tbl = /<w:tbl>([\s\S]*?)<\/w:tbl>/.exec(xml)?.[1] ?? '';
  const border = (tc: string, side: string): string | null => {
    const m = new RegExp(`<w:${side} w:val="(\\w+)"[^>]*w:sz="(\\d+)"`).exec(/<w:tcBorders>([\s\S]*?)<\/w:tcBorders>/.exec(tc)?.[1] ?? '');
    return m ? (m[1] === 'none' ? 'none' : `${m[1]}:${m[2]}`) : null;
  };
  const rows = [...tbl.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((tr) =>
    [...tr[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => {
      const runs = [...tc[1].matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((r) => r[1]);
      const text = (r: string): string => /<w:t[^>]*>([^<]*)<\/w:t>/.exec(r)?.[1] ?? '';
      return {
        text: runs.filter((r) => !r.includes('superscript')).map(text).join(''),
        superscript: runs.filter((r) => r.includes('w:vertAlign w:val="superscript"')).map(text).join(''),
        top: border(tc[1], 'top'),
        bottom: border(tc[1], 'bottom'),
        left: border(tc[1], 'left'),
        span: Number(/<w:gridSpan w:val="(\d+)"/.exec(tc[1])?.[1] ?? 1),
        fonts: runs.map((r) => /<w:rFonts ([^/]*)\/>/.exec(r)?.[1] ?? ''),
      };
    }),
  );
  return { rows, tblBorders: /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(tbl)?.[1] ?? '', xml };
}

const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('docx export', () => {
  it('writes the numbers, stars (superscript) and SEs of the table', async () => {
    const { rows } = await readTable(await tableToDocx(sampleTable()));
    const c = (referenceCase('mpdta.json', 'twfe').expected.coefficients as Record<string, { estimate: number; se: number }>).treat_post;
    const coefRow = rows.find((r) => decode(r[0].text) === 'Treat & post <b>_x%');
    expect(coefRow?.map((x) => x.text)).toEqual(['Treat &amp; post &lt;b&gt;_x%', formatNumber(c.estimate, 3), formatNumber(c.estimate, 3)]);
    expect(coefRow?.[1].superscript).toBe('***');
    const seRow = rows[rows.indexOf(coefRow as Cell[]) + 1];
    expect(seRow[1].text).toBe(`(${formatNumber(c.se, 3)})`);
    expect(rows.find((r) => r[0].text === 'Observations')?.map((x) => x.text)).toEqual(['Observations', '2,500', '2,500']);
  });

  it('draws three-line rules: thick top and bottom, thin under the header, nothing else', async () => {
    const model = sampleTable();
    const { rows, tblBorders } = await readTable(await tableToDocx(model));
    expect(tblBorders).not.toMatch(/w:val="single"/);
    const nHeader = model.header.length;
    expect(rows[0].every((c) => c.top === 'single:12')).toBe(true);
    expect(rows[nHeader - 1].every((c) => c.bottom === 'single:6')).toBe(true);
    expect(rows[rows.length - 1].every((c) => c.bottom === 'single:12')).toBe(true);
    for (const r of rows.slice(nHeader, -1)) for (const c of r) expect([c.top, c.bottom]).toEqual(['none', 'none']);
    for (const r of rows) for (const c of r) expect(c.left).toBe('none');
    // The spanning dependent-variable cell has its own short rule (booktabs \cmidrule).
    const span = rows[0].find((c) => c.span === 2);
    expect(span?.text).toBe('lemp');
    expect(span?.bottom).toBe('single:6');
  });

  it('sets Times New Roman for Latin text and SimSun for Chinese in every run', async () => {
    const { rows, xml } = await readTable(await tableToDocx(sampleTable('zh', '表 1 基准回归')));
    expect(rows.find((r) => r[0].text === '政策虚拟变量')).toBeDefined();
    for (const r of rows)
      for (const c of r)
        for (const f of c.fonts) {
          expect(f).toContain('w:ascii="Times New Roman"');
          expect(f).toContain('w:hAnsi="Times New Roman"');
          expect(f).toContain('w:eastAsia="SimSun"');
        }
    expect(xml).toContain('表 1 基准回归');
    expect(xml).toContain('括号内为标准误');
  });

  it('puts several tables in one document', async () => {
    const zip = await JSZip.loadAsync(await tablesToDocx([sampleTable(), sampleTable('zh')]));
    const xml = await (zip.file('word/document.xml') as JSZip.JSZipObject).async('string');
    expect(xml.match(/<w:tbl>/g)?.length).toBe(2);
  });
});
