import { describe, expect, it } from 'vitest';
import type { Frame } from '../engine/frame';
import { numericColumn } from '../engine/frame';
import { loadData } from '../testing/fixtures';
import { replay, undo } from './recipe';

const steps = [
  { op: 'generate', name: 'emp', expr: 'exp(lemp)', label: '就业' },
  { op: 'rename', from: 'first.treat', to: 'first_treat' },
  { op: 'lag', column: 'lemp', unit: 'countyreal', time: 'year', periods: 1 },
  { op: 'winsorize', columns: ['lpop'], lower: 1, upper: 99, by: 'year' },
  { op: 'treatment', unit: 'countyreal', time: 'year', firstTreatColumn: 'first_treat', names: { treatPost: 'D', treated: 'ever', post: 'after', firstTreat: 'g' } },
  { op: 'merge', using: 'regions', keys: ['countyreal'], relationship: 'm:1', keep: ['master', 'matched'] },
  { op: 'filter', expr: 'year >= 2004' },
  { op: 'recode', column: 'D', rules: [{ from: 1, to: 1, label: '处理后' }], into: 'D_lab' },
];

const regions: Frame = { nrow: 2, columns: [numericColumn('countyreal', [8001, 8019]), numericColumn('region', [1, 2])] };

describe('recipe replay', () => {
  it('replays to identical data, and undo equals replaying all but the last step', async () => {
    const src = await loadData('mpdta.csv');
    const resolve = (name: string): Frame => {
      if (name !== 'regions') throw new Error(name);
      return regions;
    };
    const a = await replay(src, steps, resolve);
    const b = await replay(src, structuredClone(steps), resolve);
    expect(a.frame).toEqual(b.frame);
    expect(a.reports).toHaveLength(steps.length);
    expect(a.frame.nrow).toBe(2000);
    // The treatment step rebuilds mpdta's own treat_post column from first.treat.
    const d = a.frame.columns.find((c) => c.name === 'D');
    const tp = a.frame.columns.find((c) => c.name === 'treat_post');
    expect(d?.type === 'number' && tp?.type === 'number' && Array.from(d.values)).toEqual(tp?.type === 'number' && Array.from(tp.values));
    expect(a.frame.columns.find((c) => c.name === 'emp')?.label).toBe('就业');
    expect(a.reports[5].message).toMatch(/^merge m:1 on countyreal: 10 matched, 2490 master only, 0 using only/);
    const u = await undo(src, steps, resolve);
    const direct = await replay(src, steps.slice(0, -1), resolve);
    expect(u.frame).toEqual(direct.frame);
    expect(u.steps).toHaveLength(steps.length - 1);
    expect(src.columns.some((c) => c.name === 'emp')).toBe(false);
  });

  it('names the failing step and validates step shape', async () => {
    const src = await loadData('mpdta.csv');
    await expect(replay(src, [{ op: 'generate', name: 'x', expr: 'lemp +' }])).rejects.toThrow(/^Step 1 of 1 \(generate\): position 7: expected a value after '\+'/);
    await expect(replay(src, [{ op: 'rename', from: 'year' }])).rejects.toThrow(/Step 1 of 1 is not a valid step: to:/);
    await expect(replay(src, [{ op: 'frobnicate' }])).rejects.toThrow(/Step 1 of 1 is not a valid step/);
    await expect(replay(src, [{ op: 'merge', using: 'cities', keys: ['countyreal'], relationship: 'm:1' }])).rejects.toThrow(/needs the dataset "cities"/);
  });
});
