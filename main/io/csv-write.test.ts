import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../engine/frame';
import { numericColumn, stringColumn } from '../engine/frame';
import { readCsv } from './csv';
import { writeCsv } from './csv-write';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-csvw-'));

const frame: Frame = {
  nrow: 3,
  columns: [
    stringColumn('城市', ['北京', 'a,"b"', null]),
    numericColumn('x', [0.1 + 0.2, -1e-300, Number.NaN], { valueLabels: { '1': 'one' } }),
    numericColumn('d', [0, 19000, Number.NaN], { format: 'date' }),
    stringColumn('s', [' lead', 'two\nlines', '𠀀']),
  ],
};

describe('writeCsv', () => {
  it('writes UTF-8 that our reader reads back exactly', async () => {
    const p = join(tmp, 'u.csv');
    await writeCsv(frame, p);
    const text = readFileSync(p, 'utf8');
    expect(text.split('\n')[0]).toBe('城市,x,d,s');
    expect(text).toContain('"a,""b"""');
    const back = (await readCsv(p)).frame;
    expect(back.columns[1].type === 'number' && Array.from(back.columns[1].values)).toEqual([0.30000000000000004, -1e-300, Number.NaN]);
    expect(back.columns[2].type === 'number' && back.columns[2].format).toBe('date');
    expect(back.columns[3].type === 'string' && back.columns[3].levels).toEqual([' lead', 'two\nlines', '𠀀']);
  });

  it('writes a BOM when asked, and GBK bytes for Chinese text', async () => {
    const b = join(tmp, 'bom.csv');
    await writeCsv(frame, b, { encoding: 'utf-8-bom' });
    expect(Array.from(readFileSync(b).subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const g = join(tmp, 'g.csv');
    await writeCsv(frame, g, { encoding: 'gbk' });
    const bytes = readFileSync(g);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0xb3, 0xc7, 0xca, 0xd0]);
    const back = await readCsv(g);
    expect(back.info.encoding).toBe('gb18030');
    expect(back.frame.columns[0].type === 'string' && back.frame.columns[0].levels[0]).toBe('北京');
    expect(back.frame.columns[3].type === 'string' && back.frame.columns[3].levels[2]).toBe('𠀀');
  });

  it('writes value labels, a missing marker and another delimiter on request', async () => {
    const p = join(tmp, 'l.tsv');
    const f: Frame = { nrow: 2, columns: [numericColumn('x', [1, Number.NaN], { valueLabels: { '1': '一' } })] };
    await writeCsv(f, p, { useValueLabels: true, missing: 'NA', delimiter: '\t', eol: '\r\n' });
    expect(readFileSync(p, 'utf8')).toBe('x\r\n一\r\nNA\r\n');
  });
});
