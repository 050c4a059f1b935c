import { describe, expect, it } from 'vitest';
import { gridSegments, SEGMENT_ROWS } from './gridSegments';

describe('grid segments', () => {
  it('keeps a dataset up to one segment whole, empty ones included', () => {
    expect(gridSegments(0)).toEqual([{ from: 0, to: 0 }]);
    expect(gridSegments(SEGMENT_ROWS)).toEqual([{ from: 0, to: SEGMENT_ROWS }]);
  });

  it('splits larger datasets into consecutive segments covering every row once', () => {
    const s = gridSegments(2_500_001);
    expect(s).toEqual([
      { from: 0, to: 1_000_000 },
      { from: 1_000_000, to: 2_000_000 },
      { from: 2_000_000, to: 2_500_001 },
    ]);
    expect(gridSegments(7, 3)).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 7 },
    ]);
  });

  it('keeps each segment within the browser height limit at 26 px a row', () => {
    expect(SEGMENT_ROWS * 26 + 26).toBeLessThan(33_554_428);
  });

  it('refuses a segment size below one', () => {
    expect(() => gridSegments(10, 0)).toThrow(RangeError);
  });
});
