import { describe, expect, it } from 'vitest';
import { meat, nnResiduals, tieRuns } from './vce';

/** Direct transcription of the matching rule for a check: grow the window by whole tie groups. */
function naiveNn(x: number[], y: number[], matches: number): number[] {
  const n = x.length;
  return x.map((xi, pos) => {
    const others = x.map((v, j) => ({ j, d: Math.abs(v - xi) })).filter((o) => o.j !== pos);
    const ds = [...new Set(others.map((o) => o.d))].sort((a, b) => a - b);
    const chosen: number[] = others.filter((o) => o.d === 0).map((o) => o.j);
    for (const d of ds) {
      if (chosen.length >= Math.min(matches, n - 1)) break;
      if (d === 0) continue;
      chosen.push(...others.filter((o) => o.d === d).map((o) => o.j));
    }
    const m = chosen.reduce((a, j) => a + y[j], 0) / chosen.length;
    return Math.sqrt(chosen.length / (chosen.length + 1)) * (y[pos] - m);
  });
}

describe('nearest-neighbour residuals', () => {
  it('use at least 3 neighbours, whole tie groups, and both sides on equal distance', () => {
    const x = [0, 1, 1, 2, 4, 5, 7, 8, 8, 8];
    const y = [1, 3, 2, 5, 4, 6, 9, 7, 8, 10];
    const got = Array.from(nnResiduals(Float64Array.from(x), [Float64Array.from(y)], 3)[0]);
    const want = naiveNn(x, y, 3);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 12));
    expect(Array.from(tieRuns(Float64Array.from(x)).dups)).toEqual([1, 2, 2, 1, 1, 1, 1, 3, 3, 3]);
  });
});

describe('meat matrices', () => {
  const rx = [Float64Array.from([1, 1, 1, 1]), Float64Array.from([0, 1, 2, 3])];
  const res = [Float64Array.from([1, -1, 2, -2])];
  it('heteroskedasticity-robust: Σ r² x x′', () => {
    const m = meat(rx, res, [1], null);
    expect(m[0][0]).toBe(10);
    // r² = 1, 1, 4, 4.
    expect(m[0][1]).toBe(0 + 1 + 8 + 12);
    expect(m[1][1]).toBe(0 + 1 + 16 + 36);
  });
  it('cluster-robust with the ((n-1)/(n-k))·(G/(G-1)) factor', () => {
    const m = meat(rx, res, [1], { codes: Int32Array.from([0, 0, 1, 1]), g: 2 });
    // Cluster scores Σ x r: (0, -1) and (0, -2); n = 4, k = 2, G = 2.
    const w = (3 / 2) * 2;
    expect(m[0][0]).toBe(0);
    expect(m[1][1]).toBeCloseTo(w * (1 + 4), 14);
  });
  it('combines residual columns with the weights s', () => {
    const two = meat(rx, [res[0], Float64Array.from([1, 1, 1, 1])], [2, -1], null);
    const comb = meat(rx, [Float64Array.from([1, -3, 3, -5])], [1], null);
    expect(two).toEqual(comb);
  });
});
