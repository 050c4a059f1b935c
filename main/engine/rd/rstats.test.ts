import { describe, expect, it } from 'vitest';
import { findInterval, median, quantileType2Sorted, quantileType7Sorted, seqBy, seqLength, variance } from './rstats';

describe('R-compatible helpers', () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  it('quantile types 2 and 7 as R', () => {
    // quantile(1:10, c(.25, .5, .75), type = 2) = 3, 5.5, 8; type = 7: 3.25, 5.5, 7.75.
    expect([0.25, 0.5, 0.75].map((p) => quantileType2Sorted(x, p))).toEqual([3, 5.5, 8]);
    expect([0.25, 0.5, 0.75].map((p) => quantileType7Sorted(x, p))).toEqual([3.25, 5.5, 7.75]);
    expect(quantileType2Sorted(x, 0)).toBe(1);
    expect(quantileType7Sorted(x, 1)).toBe(10);
  });

  it('seq(from, to, by) clamps the fuzzed end; seq with length.out ends exactly', () => {
    expect(seqBy(0, 1, 0.25)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const s = seqBy(-100, 0, 100 / 15);
    expect(s).toHaveLength(16);
    expect(s[15]).toBeLessThanOrEqual(0);
    expect(seqLength(-3, 0, 4)).toEqual([-3, -2, -1, 0]);
  });

  it('findInterval with the rightmost interval closed', () => {
    const b = [0, 1, 2, 3];
    expect([-1, 0, 0.5, 1, 2.9, 3].map((v) => findInterval(v, b))).toEqual([0, 1, 1, 2, 3, 3]);
  });

  it('variance (n - 1) and median', () => {
    expect(variance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 15);
    expect(Number.isNaN(variance([1]))).toBe(true);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
