import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../data/testing';
import { CancelledError } from '../engine/errors';
import type { NumericColumn, StringColumn } from '../engine/frame';
import { readDta } from './dta';
import { expectMatchesReadstat, testdata } from './testdata/oracle';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-dta-'));


describe('readDta against ReadStat', () => {
  it('reads a format-118 file written by readstat: values, Chinese labels, value labels, .a/.b', async () => {
    const { frame, info } = await readDta(testdata('survey118.dta'));
    expect(info).toMatchObject({ version: 118, byteOrder: 'LSF', encoding: 'utf-8', rows: 5, columns: 8 });
    await expectMatchesReadstat(frame, 'survey118.dta');
    const urban = frame.columns[2] as NumericColumn;
    expect(urban.valueLabels).toEqual({ '1': '城镇', '2': '农村' });
    // -8 / -9 were declared missing: readstat stores them as .a / .b.
    const income = frame.columns[3] as NumericColumn;
    expect(Array.from(income.missingKind ?? [])).toEqual([0, 0, 1, 0, 0]);
    expect(income.valueLabels).toEqual({ '.a': '不适用' });
    const score = frame.columns[7] as NumericColumn;
    expect(Array.from(score.missingKind ?? [])).toEqual([0, 1, 0, 2, 0]);
    const note = frame.columns[5] as StringColumn;
    expect(note.levels[note.codes[3]]).toBe(`${'长'.repeat(400)}end`);
    expect(note.codes[1]).toBe(-1);
  });

  it('reads formats 114 and 117 with GBK text (detected, or named)', async () => {
    for (const file of ['survey114_gbk.dta', 'survey117_gbk.dta']) {
      const auto = await readDta(testdata(file));
      expect(auto.info.encoding).toBe('gb18030');
      await expectMatchesReadstat(auto.frame, file, { legacyGbk: true });
      const named = await readDta(testdata(file), { encoding: 'gbk' });
      expect(named.frame.columns[0].label).toBe('个人编号');
    }
    const { info } = await readDta(testdata('survey114_gbk.dta'));
    expect(info.version).toBe(114);
    expect(info.dataLabel).toBe('中国家庭追踪调查（示例）');
  });

  it('reads format 119', async () => {
    const { frame, info } = await readDta(testdata('survey119.dta'));
    expect(info.version).toBe(119);
    await expectMatchesReadstat(frame, 'survey119.dta');
  });

  it('reads every storage type, their missing codes, strL and %td dates', async () => {
    const { frame } = await readDta(testdata('types118.dta'));
    await expectMatchesReadstat(frame, 'types118.dta', { dtaDates: true });
    const b = frame.columns[0] as NumericColumn;
    expect(Array.from(b.missingKind ?? [])).toEqual([0, 0, 1, 26, 0, 0]);
    expect(b.valueLabels).toEqual({ '1': 'one', '.a': 'refused', '.z': 'skip' });
    const f = frame.columns[3] as NumericColumn;
    expect(f.values[5]).toBe(Math.fround(0.1));
    expect(f.missingKind?.[2]).toBe(2);
    const d = frame.columns[4] as NumericColumn;
    expect(d.values[4]).toBe(5e-324);
    expect(d.missingKind?.[2]).toBe(3);
    const day = frame.columns[7] as NumericColumn;
    expect(day.format).toBe('date');
    expect(Array.from(day.values)).toEqual([0, 18262, Number.NaN, -3653, 1, 2]);
  });
});

describe('readDta errors and progress', () => {
  it('names the file and the row where a truncated file ends', async () => {
    const buf = readFileSync(testdata('survey114_gbk.dta'));
    const cut = join(tmp, 'cut.dta');
    writeFileSync(cut, buf.subarray(0, buf.length - 900));
    const e = await rejectionOf(readDta(cut));
    expect(e.code).toBe('damaged_file');
    expect(e.message).toMatch(/^"cut\.dta" is damaged or truncated: the file ends inside the data after \d of 5 rows/);
  });

  it('reports a damaged 118 section map', async () => {
    const buf = Buffer.from(readFileSync(testdata('survey118.dta')));
    const at = buf.indexOf('<map>') + 5 + 10 * 8;
    buf.writeBigUInt64LE(BigInt(buf.length + 100), at);
    const bad = join(tmp, 'badmap.dta');
    writeFileSync(bad, buf);
    const e = await rejectionOf(readDta(bad));
    expect(e.code).toBe('damaged_file');
    expect(e.message).toContain('badmap.dta');
  });

  it('rejects files that are not .dta and unsupported versions', async () => {
    const notDta = join(tmp, 'x.dta');
    writeFileSync(notDta, 'hello');
    expect((await rejectionOf(readDta(notDta))).code).toBe('unsupported_format');
    const v = join(tmp, 'v.dta');
    copyFileSync(testdata('survey118.dta'), v);
    const buf = readFileSync(v);
    buf.write('116', buf.indexOf('<release>') + 9, 'latin1');
    writeFileSync(v, buf);
    expect((await rejectionOf(readDta(v))).message).toMatch(/is Stata format 116; Causeway reads \.dta formats 113–119/);
    expect((await rejectionOf(readDta(join(tmp, 'missing.dta')))).code).toBe('file_not_found');
    writeFileSync(join(tmp, 'empty.dta'), '');
    expect((await rejectionOf(readDta(join(tmp, 'empty.dta')))).code).toBe('empty_file');
  });

  it('reports progress up to 1 and stops when cancelled', async () => {
    const seen: number[] = [];
    await readDta(testdata('types118.dta'), {}, { progress: (f) => seen.push(f), checkCancelled: () => undefined });
    expect(seen[seen.length - 1]).toBe(1);
    await expect(
      readDta(testdata('types118.dta'), {}, {
        progress: () => undefined,
        checkCancelled: () => {
          throw new CancelledError();
        },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
  });
});
