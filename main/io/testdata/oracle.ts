/**
 * Test helper: compares a Frame our reader produced with ReadStat's view of the same file
 * (`X.readstat.csv` and `X.meta.json`, made by make-fixtures.mts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { expect } from 'vitest';
import { readCsv } from '../csv';
import type { Frame } from '../../engine/frame';
import { cellValue } from '../../engine/frame';

export const testdata = (f: string): string => join(dirname(fileURLToPath(import.meta.url)), f);

interface MetaVar {
  name: string;
  label?: string;
  categories?: { code: number | string; label: string }[];
}

export interface OracleOptions {
  /** ReadStat decodes legacy .dta text as Windows-1252: undo that and decode as GBK. */
  legacyGbk?: boolean;
  /** ReadStat prints %td dates as days since 1960; ours are days since 1970. */
  dtaDates?: boolean;
  /** Skip the labels check (no meta.json for this file). */
  noMeta?: boolean;
}

export async function expectMatchesReadstat(frame: Frame, file: string, opts: OracleOptions = {}): Promise<void> {
  const fix = (s: string): string => (opts.legacyGbk ? iconv.decode(iconv.encode(s, 'windows-1252'), 'gbk') : s);
  const oracle = (await readCsv(testdata(`${file}.readstat.csv`), { missing: [''] })).frame;
  expect(frame.columns.map((c) => c.name)).toEqual(oracle.columns.map((c) => c.name));
  expect(frame.nrow).toBe(oracle.nrow);
  frame.columns.forEach((col, j) => {
    const o = oracle.columns[j];
    for (let i = 0; i < frame.nrow; i++) {
      const got = cellValue(col, i);
      let want = cellValue(o, i);
      if (typeof want === 'string') want = fix(want);
      if (col.type === 'number' && col.format === 'date' && typeof want === 'number' && opts.dtaDates) want -= 3653;
      const where = `${file} ${col.name} row ${i + 1}`;
      if (typeof got === 'number' && typeof want === 'number') {
        // ReadStat prints six decimals (%f) or 15 significant digits.
        expect(Math.abs(got - want), where).toBeLessThanOrEqual(Math.max(5e-7, Math.abs(want) * 1e-14));
      } else if (typeof got === 'number' && typeof want === 'string') expect(String(got), where).toBe(want);
      else expect(got, where).toEqual(want);
    }
  });
  if (opts.noMeta) return;
  const meta = JSON.parse(readFileSync(testdata(`${file}.meta.json`), 'utf8')) as { variables: MetaVar[] };
  meta.variables.forEach((v, j) => {
    const col = frame.columns[j];
    expect(col.name).toBe(v.name);
    expect(col.label ?? '', `label of ${v.name}`).toBe(fix(v.label ?? ''));
    const want: Record<string, string> = {};
    for (const c of v.categories ?? []) want[typeof c.code === 'number' ? String(c.code) : c.code] = fix(c.label);
    expect(col.valueLabels ?? {}, `value labels of ${v.name}`).toEqual(want);
  });
}
