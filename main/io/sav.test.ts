import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../data/testing';
import type { NumericColumn, StringColumn } from '../engine/frame';
import { readSav } from './sav';
import { expectMatchesReadstat, testdata } from './testdata/oracle';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-sav-'));


describe('readSav against ReadStat', () => {
  it('reads a bytecode-compressed UTF-8 file: long name, very long string, labels, user-missing', async () => {
    const { frame, info } = await readSav(testdata('survey.sav'));
    expect(info).toMatchObject({ compression: 'bytecode', encoding: 'utf-8', rows: 5, columns: 8 });
    const income = frame.columns[3] as NumericColumn;
    const score = frame.columns[7] as NumericColumn;
    // -8 (income, discrete missing) and -9 (score, range -9…-8) are user-missing: NaN, kind 27.
    expect(Array.from(income.missingKind ?? [])).toEqual([0, 0, 27, 0, 0]);
    expect(Array.from(score.missingKind ?? [])).toEqual([0, 27, 0, 27, 0]);
    expect(income.valueLabels).toEqual({ '-8': '不适用' });
    const note = frame.columns[5] as StringColumn;
    expect(note.levels[note.codes[3]]).toBe(`${'长'.repeat(400)}end`);
    // The oracle prints the user-missing codes themselves: put them back to compare the rest.
    income.values[2] = -8;
    score.values[1] = -9;
    score.values[3] = -8;
    await expectMatchesReadstat(frame, 'survey.sav');
  });

  it('reads the same data from a zlib-compressed .zsav', async () => {
    const z = await readSav(testdata('survey.zsav'));
    const s = await readSav(testdata('survey.sav'));
    expect(z.info.compression).toBe('zlib');
    expect(z.frame).toEqual(s.frame);
    const income = z.frame.columns[3] as NumericColumn;
    const score = z.frame.columns[7] as NumericColumn;
    income.values[2] = -8;
    score.values[1] = -9;
    score.values[3] = -8;
    await expectMatchesReadstat(z.frame, 'survey.zsav', { noMeta: true });
  });

  it('reads an uncompressed GBK file (code page 936, encoding record "GBK")', async () => {
    const { frame, info } = await readSav(testdata('survey_gbk.sav'));
    expect(info).toMatchObject({ compression: 'none', encoding: 'gbk', fileLabel: '中国家庭追踪调查（GBK）' });
    const score = frame.columns[7] as NumericColumn;
    expect(Array.from(score.missingKind ?? [])).toEqual([0, 27, 0, 27, 0]);
    // The fixture wrote user-missing score cells as -9 (see make-fixtures.mts).
    score.values[1] = -9;
    score.values[3] = -9;
    await expectMatchesReadstat(frame, 'survey_gbk.sav');
  });

  it('lets the caller override the declared encoding', async () => {
    const { frame, info } = await readSav(testdata('survey_gbk.sav'), { encoding: 'windows-1252' });
    expect(info.encoding).toBe('windows-1252');
    expect(frame.columns[0].label).not.toBe('个人编号');
  });
});

describe('readSav errors', () => {
  it('names the file and the case where a truncated file ends', async () => {
    const buf = readFileSync(testdata('survey_gbk.sav'));
    const cut = join(tmp, 'cut.sav');
    writeFileSync(cut, buf.subarray(0, buf.length - 100));
    const e = await rejectionOf(readSav(cut));
    expect(e.code).toBe('damaged_file');
    expect(e.message).toMatch(/^"cut\.sav" is damaged or truncated: /);
    const cutC = join(tmp, 'cutc.sav');
    const c = readFileSync(testdata('survey.sav'));
    writeFileSync(cutC, c.subarray(0, c.length - 200));
    expect((await rejectionOf(readSav(cutC))).message).toMatch(/cutc\.sav.*(case|cases)/);
  });

  it('rejects a file that is not a system file, and a dictionary cut short', async () => {
    const p = join(tmp, 'x.sav');
    writeFileSync(p, 'not spss at all');
    expect((await rejectionOf(readSav(p))).code).toBe('unsupported_format');
    const d = join(tmp, 'dict.sav');
    writeFileSync(d, readFileSync(testdata('survey.sav')).subarray(0, 400));
    expect((await rejectionOf(readSav(d))).message).toMatch(/ends while reading/);
  });
});
