import { describe, expect, it } from 'vitest';
import { kernelMatch, kernelValue, radiusMatch, type KernelName } from './kernel';
import { seededUniform } from './nearest';

/** Direct definition: control j's weight = sum over treated i of K_ij / sum_j' K_ij'. */
function naiveKernel(score: number[], treat: number[], kernel: KernelName, h: number): number[] {
  const w = score.map(() => 0);
  score.forEach((si, i) => {
    if (treat[i] !== 1) return;
    const k = score.map((sj, j) => (treat[j] === 1 ? 0 : kernelValue(kernel, (sj - si) / h)));
    const sum = k.reduce((a, b) => a + b, 0);
    if (sum === 0) return;
    w[i] = 1;
    k.forEach((v, j) => (w[j] += v / sum));
  });
  return w;
}

describe('kernel and radius matching', () => {
  it('kernel weights equal the direct definition for every kernel', () => {
    const rng = seededUniform(3);
    const score = Array.from({ length: 80 }, () => rng());
    const treat = score.map((s) => (rng() < s ? 1 : 0));
    for (const kernel of ['epanechnikov', 'gaussian', 'biweight', 'uniform', 'tricube'] as const) {
      const got = kernelMatch(Float64Array.from(score), Uint8Array.from(treat), { kernel, bandwidth: 0.06 });
      const want = naiveKernel(score, treat, kernel, 0.06);
      want.forEach((v, i) => expect(got.weights[i]).toBeCloseTo(v, 12));
      const off = score.map((_, i) => i).filter((i) => treat[i] === 1 && want[i] === 0);
      expect(got.unmatched).toEqual(off);
    }
  });

  it('each matched treated unit hands out a total control weight of 1', () => {
    const score = Float64Array.from([0.2, 0.25, 0.3, 0.5, 0.52, 0.9]);
    const treat = Uint8Array.from([1, 0, 0, 1, 0, 1]);
    const r = kernelMatch(score, treat, { kernel: 'epanechnikov', bandwidth: 0.1 });
    // Treated 0.9 has no control within 0.1: off support.
    expect(r.unmatched).toEqual([5]);
    const controls = [1, 2, 4].reduce((s, i) => s + r.weights[i], 0);
    expect(controls).toBeCloseTo(2, 14);
    expect(r.controlsPerTreated).toEqual([2, 1]);
  });

  it('radius matching weights the controls within the caliper equally, boundary included', () => {
    const score = Float64Array.from([0.5, 0.375, 0.625, 0.75, 0.5]);
    const treat = Uint8Array.from([1, 0, 0, 0, 1]);
    const r = radiusMatch(score, treat, { caliper: 0.125 });
    // Both treated units (0.5) reach 0.375 and 0.625 (distance exactly 0.125), not 0.75.
    expect(Array.from(r.weights)).toEqual([1, 1, 1, 0, 1]);
    expect(r.controlsPerTreated).toEqual([2, 2]);
  });

  it('a discarded control is never used', () => {
    const score = Float64Array.from([0.5, 0.5, 0.55]);
    const treat = Uint8Array.from([1, 0, 0]);
    const r = radiusMatch(score, treat, { caliper: 0.1, discarded: Uint8Array.from([0, 1, 0]) });
    expect(Array.from(r.weights)).toEqual([1, 0, 1]);
  });
});
