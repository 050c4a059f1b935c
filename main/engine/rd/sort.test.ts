import { describe, expect, it } from 'vitest';
import { stableArgsort } from './sort';

describe('stableArgsort', () => {
  it('orders negatives, zeros, fractions and infinities and keeps ties in row order', () => {
    const v = Float64Array.from([3, -1.5, 0, -0, 2.25, -1.5, Infinity, -Infinity, 1e-300, -1e-300, 3]);
    const idx = Array.from(stableArgsort(v));
    const expected = Array.from(v.keys()).sort((a, b) => v[a] - v[b] || a - b);
    expect(idx).toEqual(expected);
  });

  it('agrees with a comparison sort on random data with many ties', () => {
    let s = 12345;
    const rand = (): number => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const v = Float64Array.from({ length: 5000 }, () => Math.round((rand() - 0.5) * 200) / 4);
    const expected = Array.from(v.keys()).sort((a, b) => v[a] - v[b] || a - b);
    expect(Array.from(stableArgsort(v))).toEqual(expected);
  });
});
