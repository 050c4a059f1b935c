import { describe, expect, it } from 'vitest';
import type { Column, Frame } from '../engine/frame';
import { getColumn } from '../engine/frame';
import { FIRST_YEAR, LAST_YEAR, N_CITIES, N_PILOTS, POLICY_YEAR, generateDemoPanel } from './generate';

function nums(frame: Frame, name: string): Float64Array {
  const c = getColumn(frame, name);
  if (c.type !== 'number') throw new Error(`${name} is not numeric`);
  return c.values;
}

function sameColumn(a: Column, b: Column): boolean {
  if (a.type === 'number' && b.type === 'number') return a.values.every((v, i) => Object.is(v, b.values[i]));
  if (a.type === 'string' && b.type === 'string') return a.codes.every((v, i) => v === b.codes[i]) && a.levels.join('\n') === b.levels.join('\n');
  return false;
}

describe('demo panel', () => {
  const frame = generateDemoPanel();

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDemoPanel();
    expect(again.columns.map((c) => c.name)).toEqual(frame.columns.map((c) => c.name));
    frame.columns.forEach((c, j) => expect(sameColumn(c, again.columns[j]), c.name).toBe(true));
    expect(sameColumn(getColumn(generateDemoPanel(1), 'sgi'), getColumn(frame, 'sgi'))).toBe(false);
  });

  it('is a balanced city × year panel with 80 pilots treated from 2014', () => {
    const years = LAST_YEAR - FIRST_YEAR + 1;
    expect(frame.nrow).toBe(N_CITIES * years);
    const city = nums(frame, 'city_id');
    const year = nums(frame, 'year');
    const seen = new Set<string>();
    for (let i = 0; i < frame.nrow; i++) seen.add(`${city[i]}:${year[i]}`);
    expect(seen.size).toBe(frame.nrow);
    const pilot = nums(frame, 'pilot');
    const treatPost = nums(frame, 'treat_post');
    const firstTreat = nums(frame, 'first_treat');
    const pilotCities = new Set<number>();
    for (let i = 0; i < frame.nrow; i++) {
      if (pilot[i]) pilotCities.add(city[i]);
      expect(treatPost[i]).toBe(pilot[i] && year[i] >= POLICY_YEAR ? 1 : 0);
      expect(firstTreat[i]).toBe(pilot[i] ? POLICY_YEAR : 0);
    }
    expect(pilotCities.size).toBe(N_PILOTS);
  });

  it('has distinct Chinese and English city names, labels, and no missing values', () => {
    const zh = getColumn(frame, 'city');
    const en = getColumn(frame, 'city_en');
    expect(zh.type === 'string' && zh.levels.length).toBe(N_CITIES);
    expect(en.type === 'string' && en.levels.length).toBe(N_CITIES);
    expect(zh.type === 'string' && zh.levels.every((l) => /^[\u4e00-\u9fff]{2}市$/.test(l))).toBe(true);
    for (const c of frame.columns) {
      expect(c.label, c.name).toBeTruthy();
      if (c.type === 'number') expect(c.values.some(Number.isNaN), c.name).toBe(false);
      else expect(c.codes.some((k) => k < 0), c.name).toBe(false);
    }
    for (const v of nums(frame, 'internet')) expect(v >= 0 && v <= 100).toBe(true);
  });
});
