import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../engine/errors';
import type { Frame, NumericColumn } from '../engine/frame';
import { numericColumn, stringColumn } from '../engine/frame';
import { readDta } from './dta';
import { writeDta } from './dta-write';
import { readSav } from './sav';
import { testdata } from './testdata/oracle';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-dtaw-'));
const hasReadstat = existsSync('/usr/bin/readstat');
const NA = Number.NaN;

function sample(): Frame {
  return {
    nrow: 4,
    columns: [
      numericColumn('city_id', [1, 2, 3, 4], { label: '城市编号' }),
      numericColumn('pilot', [1, 0, NA, 1], { label: '试点城市', valueLabels: { '0': '非试点', '1': '试点', '.a': '不适用' }, missingKind: new Uint8Array([0, 0, 1, 0]) }),
      numericColumn('gdp', [1.5, -2.25, NA, 1e12]),
      stringColumn('省份', ['北京', '上海', null, '湖北']),
      numericColumn('first.treat', [2004, 0, 2006, NA]),
      numericColumn('d', [18262, NA, 0, -1], { format: 'date' }),
    ],
  };
}

describe('writeDta', () => {
  it('round-trips values, labels, value labels, extended missing and dates through our reader', async () => {
    const f = sample();
    const path = join(tmp, 'rt.dta');
    const rep = await writeDta(f, path, { dataLabel: '试点名单' });
    expect(rep.renamed).toEqual({ 'first.treat': 'first_treat' });
    expect(rep.notes.join(' ')).toMatch(/first\.treat → first_treat/);
    const back = await readDta(path);
    expect(back.info.dataLabel).toBe('试点名单');
    expect(back.frame.columns.map((c) => c.name)).toEqual(['city_id', 'pilot', 'gdp', '省份', 'first_treat', 'd']);
    back.frame.columns.forEach((c, j) => {
      const o = f.columns[j];
      expect(c.label).toEqual(o.label);
      expect(c.valueLabels).toEqual(o.valueLabels);
      if (c.type === 'number' && o.type === 'number') {
        expect(Array.from(c.values)).toEqual(Array.from(o.values));
        expect(c.format).toEqual(o.format);
      } else if (c.type === 'string' && o.type === 'string') expect(Array.from(c.codes, (k) => c.levels[k] ?? null)).toEqual(Array.from(o.codes, (k) => o.levels[k] ?? null));
    });
    expect(Array.from((back.frame.columns[1] as NumericColumn).missingKind ?? [])).toEqual([0, 0, 1, 0]);
  });

  it.skipIf(!hasReadstat)('writes a file ReadStat reads back with the same values and labels', async () => {
    const path = join(tmp, 'rs.dta');
    await writeDta(sample(), path);
    const csv = execFileSync('readstat', [path, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(csv.trim().split('\n')).toEqual([
      '"city_id","pilot","gdp","省份","first_treat","d"',
      '1,1,1.500000,"北京",2004,21915',
      '2,0,-2.250000,"上海",0,',
      '3,,,"",2006,3653',
      '4,1,1000000000000.000000,"湖北",,3652',
    ]);
    const metaPath = join(tmp, 'rs.json');
    execFileSync('extract_metadata', [path, metaPath], { stdio: 'ignore' });
    const meta = JSON.parse((await import('node:fs')).readFileSync(metaPath, 'utf8')) as { variables: { name: string; label?: string; categories?: unknown[] }[] };
    expect(meta.variables[1]).toMatchObject({ name: 'pilot', label: '试点城市', categories: [{ code: 0, label: '非试点' }, { code: 1, label: '试点' }, { code: '.a', label: '不适用' }] });
  });

  it('exports a .sav-read frame (user-missing) and a readstat .dta unchanged in values', async () => {
    const src = (await readSav(testdata('survey.sav'))).frame;
    const path = join(tmp, 'fromsav.dta');
    await writeDta(src, path);
    const back = (await readDta(path)).frame;
    src.columns.forEach((c, j) => {
      const b = back.columns[j];
      if (c.type === 'number' && b.type === 'number') expect(Array.from(b.values)).toEqual(Array.from(c.values));
    });
  });

  it('refuses what Stata cannot hold, naming the column', async () => {
    const inf: Frame = { nrow: 2, columns: [numericColumn('x', [1, Infinity])] };
    await expect(writeDta(inf, join(tmp, 'inf.dta'))).rejects.toThrow(/Column "x" holds an infinite value in row 2/);
    const long: Frame = { nrow: 1, columns: [stringColumn('s', ['a'.repeat(300)])] };
    const e = await writeDta(long, join(tmp, 'long.dta'), { version: 114 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toMatch(/Column "s" has text longer than 244 bytes/);
    await expect(writeDta({ nrow: 1, columns: [numericColumn('x', [1.5])] }, join(tmp, 'b.dta'), { storage: { x: 'int' } })).rejects.toThrow(/does not fit Stata's int/);
  });

  it('writes strL for text over 2045 bytes and keeps it in 117', async () => {
    const f: Frame = { nrow: 3, columns: [stringColumn('t', ['x'.repeat(5000), null, 'x'.repeat(5000)])] };
    for (const version of [117, 118, 119] as const) {
      const path = join(tmp, `strl${version}.dta`);
      await writeDta(f, path, { version });
      const back = (await readDta(path)).frame.columns[0];
      expect(back.type === 'string' && Array.from(back.codes, (k) => back.levels[k] ?? null)).toEqual(['x'.repeat(5000), null, 'x'.repeat(5000)]);
    }
  });
});
