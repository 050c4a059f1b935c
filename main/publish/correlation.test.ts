import { describe, expect, it } from 'vitest';
import { correlationTableSpec } from '../../shared/specs/table';
import { numericColumn, stringColumn } from '../engine/frame';
import type { Frame } from '../engine/frame';
import { loadData } from '../testing/fixtures';
import { buildCorrelationTable, correlationMatrix, pearsonPair } from './correlation';
import { formatNumber, starsFor } from './format';

const f64 = (x: number[]) => Float64Array.from(x);

describe('pearson correlation and cor.test p-values', () => {
  it('matches the t distribution in closed form for 1 and 2 degrees of freedom', () => {
    // df = 1 (n = 3): t is Cauchy, p = 1 − (2/π)·atan|t|.
    const x3 = f64([1, 2, 3]);
    const y3 = f64([1, 3, 2]);
    const a = pearsonPair(x3, y3);
    expect(a.r).toBeCloseTo(0.5, 15);
    const t1 = 0.5 * Math.sqrt(1 / 0.75);
    expect(a.p).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t1), 14);
    // df = 2 (n = 4): p = 1 − |t| / sqrt(2 + t²).
    const b = pearsonPair(f64([1, 2, 3, 4]), f64([2, 1, 4, 3]));
    expect(b.r).toBeCloseTo(0.6, 15);
    const t2 = 0.6 * Math.sqrt(2 / 0.64);
    expect(b.p).toBeCloseTo(1 - t2 / Math.sqrt(2 + t2 * t2), 14);
  });

  it('uses pairwise complete observations and returns null for too few or constant values', () => {
    const r = pearsonPair(f64([1, 2, NaN, 3, 4]), f64([2, 1, 5, 4, NaN]));
    expect(r.n).toBe(3);
    expect(pearsonPair(f64([1, 2]), f64([2, 1])).r).toBeNull();
    expect(pearsonPair(f64([1, 1, 1, 1]), f64([1, 2, 3, 4]))).toEqual({ r: null, p: null, n: 4 });
    expect(pearsonPair(f64([1, 2, 3]), f64([2, 4, 6]))).toEqual({ r: 1, p: 0, n: 3 });
  });

  it('builds a symmetric matrix and a lower-triangle table with stars', async () => {
    const frame = await loadData('mpdta.csv');
    const res = correlationMatrix(frame, ['lemp', 'lpop', 'treat']);
    expect(res.r[0][1]).toBe(res.r[1][0]);
    expect(res.r[2][2]).toBe(1);
    expect(res.n[0][1]).toBe(frame.nrow);
    const spec = correlationTableSpec.parse({ kind: 'correlation', data: 'mpdta.csv', variables: ['lemp', 'lpop', 'treat'] });
    const model = buildCorrelationTable(spec, res);
    const rows = model.sections[0];
    expect(rows[1].label).toBe('(2) lpop');
    expect(rows[1].cells).toEqual([formatNumber(res.r[1][0], 3), formatNumber(1, 3), '']);
    expect(rows[1].marks?.[0]).toBe(starsFor(res.p[1][0], spec.stars));
    expect(rows[1].marks?.[1]).toBe('');
    expect(rows[0].cells.slice(1)).toEqual(['', '']);
    expect(model.notes[0]).toMatch(/^Pearson correlations; p-values from t tests with n − 2 degrees of freedom/);
  });

  it('rejects text columns and fewer than two variables', () => {
    const frame: Frame = { nrow: 3, columns: [numericColumn('x', [1, 2, 3]), stringColumn('g', ['a', 'b', 'c'])] };
    expect(() => correlationMatrix(frame, ['x', 'g'])).toThrow(/Column "g" holds text/);
    expect(() => correlationMatrix(frame, ['x'])).toThrow(/at least two variables/);
  });
});
