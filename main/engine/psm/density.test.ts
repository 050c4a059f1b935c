import { describe, expect, it } from 'vitest';
import { bwNrd0, scoreDistributions } from './density';

describe('score distributions', () => {
  it('bandwidth is R\'s bw.nrd0', () => {
    // sd = sqrt(12.5), IQR (type 7) = 4 - 2 = 2 → 0.9 · min(sd, 2/1.34) · 5^(-1/5).
    expect(bwNrd0([1, 2, 3, 4, 10])).toBeCloseTo(0.9 * (2 / 1.34) * Math.pow(5, -0.2), 14);
  });

  it('densities integrate to one and reweighting moves the control curve', () => {
    const score = Float64Array.from(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 0.3 + (i / 200) * 0.5 : 0.1 + (i / 200) * 0.4)));
    const treat = Uint8Array.from(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
    const weights = Float64Array.from(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : score[i] > 0.3 ? 1 : 0)));
    const d = scoreDistributions(score, treat, weights);
    const step = d.grid[1] - d.grid[0];
    for (const curve of [d.density_before.treated, d.density_before.control, d.density_after.control]) {
      expect(curve.reduce((s, v) => s + v, 0) * step).toBeCloseTo(1, 2);
    }
    const mean = (c: number[]): number => c.reduce((s, v, i) => s + v * d.grid[i], 0) / c.reduce((s, v) => s + v, 0);
    expect(mean(d.density_after.control)).toBeGreaterThan(mean(d.density_before.control));
    const width = d.breaks[1] - d.breaks[0];
    expect(d.histogram_before.treated.reduce((s, v) => s + v * width, 0)).toBeCloseTo(1, 12);
  });
});
