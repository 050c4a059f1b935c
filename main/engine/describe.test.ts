import { describe, expect, it } from 'vitest';
import { numericColumn, stringColumn } from './frame';
import { quantileSorted, runDescribe, summarizeColumn } from './describe';
import { silentContext } from './context';
import { loadData } from '../testing/fixtures';

describe('describe', () => {
  it('computes n, missing, mean, sd (n - 1), type-7 quartiles and distinct values', () => {
    const col = numericColumn('x', [4, NaN, 1, 3, 2, 2]);
    const s = summarizeColumn(col);
    expect(s.n).toBe(5);
    expect(s.missing).toBe(1);
    expect(s.mean).toBeCloseTo(2.4, 14);
    // var = ((1.6)^2 + (1.4)^2 + (0.6)^2 + 2 * (0.4)^2) / 4 = 1.3
    expect(s.sd).toBeCloseTo(Math.sqrt(1.3), 14);
    expect([s.min, s.p25, s.median, s.p75, s.max]).toEqual([1, 2, 2, 3, 4]);
    expect(s.distinct).toBe(4);
  });

  it('interpolates quantiles as R type 7', () => {
    const v = Float64Array.from([1, 2, 3, 4]);
    expect(quantileSorted(v, 0.25)).toBeCloseTo(1.75, 15);
    expect(quantileSorted(v, 0.5)).toBeCloseTo(2.5, 15);
  });

  it('reports null statistics, not NaN, for an all-missing column', () => {
    const s = summarizeColumn(numericColumn('x', [NaN, NaN]));
    expect(s).toMatchObject({ n: 0, missing: 2, mean: null, sd: null, min: null, max: null });
  });

  it('counts string values and lists the most frequent', () => {
    const s = summarizeColumn(stringColumn('g', ['a', 'b', 'a', null]));
    expect(s).toMatchObject({ type: 'string', n: 3, missing: 1, distinct: 2 });
    expect(s.top[0]).toEqual({ value: 'a', count: 2 });
  });

  it('splits by a group column (mpdta by treat)', async () => {
    const frame = await loadData('mpdta.csv');
    const r = runDescribe(frame, { model: 'describe', data: 'mpdta.csv', variables: ['lemp'], by: 'treat' }, silentContext);
    expect(r.groups?.map((g) => g.value)).toEqual(['0', '1']);
    const total = (r.groups ?? []).reduce((a, g) => a + g.nobs, 0);
    expect(total).toBe(frame.nrow);
    const lemp = frame.columns.find((c) => c.name === 'lemp');
    if (!lemp || lemp.type !== 'number') throw new Error('lemp missing');
    const mean = lemp.values.reduce((a, b) => a + b, 0) / frame.nrow;
    expect(r.variables[0].mean).toBeCloseTo(mean, 12);
  });
});
