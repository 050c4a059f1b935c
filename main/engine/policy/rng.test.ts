import { describe, expect, it } from 'vitest';
import { rStream, sampleWithoutReplacement, sampleWithReplacement } from './rng';
import { loadData, loadReference } from '../../testing/fixtures';

describe("R's set.seed + sample", () => {
  it('reproduces the pseudo-treated sets R drew for placebo_reference.json (seeds 1 to 5)', async () => {
    const mp = await loadData('mpdta.csv');
    const county = (mp.columns.find((c) => c.name === 'countyreal') as { values: Float64Array }).values;
    const units = [...new Set(county)]; // unique() keeps the CSV row order
    const cases = loadReference('placebo_reference.json').cases.filter((c) => c.id.startsWith('placebo_seed'));
    expect(cases.length).toBe(5);
    for (const c of cases) {
      const seed = Number(c.id.replace('placebo_seed', ''));
      const ids = Array.from(sampleWithoutReplacement(rStream(seed), units.length, 191), (j) => units[j]).sort((a, b) => a - b);
      expect(ids, c.id).toEqual((c.expected as { pseudo_treated_countyreal: number[] }).pseudo_treated_countyreal);
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = Array.from(sampleWithoutReplacement(rStream(7), 1000, 50));
    expect(Array.from(sampleWithoutReplacement(rStream(7), 1000, 50))).toEqual(a);
    expect(Array.from(sampleWithoutReplacement(rStream(8), 1000, 50))).not.toEqual(a);
    expect(Array.from(sampleWithoutReplacement(rStream(-7), 1000, 50))).not.toEqual(a);
  });

  it('draws distinct indices without replacement and in-range ones with replacement', () => {
    const s = rStream(3);
    const w = Array.from(sampleWithoutReplacement(s, 70000, 70000));
    expect(new Set(w).size).toBe(70000);
    const r = Array.from(sampleWithReplacement(s, 3, 3000));
    expect(Math.min(...r)).toBe(0);
    expect(Math.max(...r)).toBe(2);
    // Roughly uniform: each of 3 values about 1000 times.
    for (let v = 0; v < 3; v++) expect(Math.abs(r.filter((x) => x === v).length - 1000)).toBeLessThan(150);
  });

  it('keeps uniforms inside (0, 1) and spends one number on index(1), as R does', () => {
    const s = rStream(11);
    const t = rStream(11);
    expect(s.index(1)).toBe(0);
    t.uniform();
    expect(s.uniform()).toBe(t.uniform());
    for (let i = 0; i < 1000; i++) {
      const u = s.uniform();
      expect(u > 0 && u < 1).toBe(true);
    }
    expect(() => rStream(2 ** 31)).toThrow(RangeError);
  });
});
