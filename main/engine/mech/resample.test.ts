import { describe, expect, it } from 'vitest';
import { silentContext } from '../context';
import { buildDesign } from '../design';
import { filterRows, type Column, type Frame } from '../frame';
import { runFeols } from '../feols';
import { seededUniform } from '../psm/nearest';
import { biasCorrectedInterval, clusterBootstrapWeights, histogram, percentileInterval, refit, shuffleInPlace } from './resample';
import { baseDid, values } from './testing';

/** The frame with row i repeated times[i] times. */
function repeatRows(frame: Frame, times: Float64Array): Frame {
  const idx: number[] = [];
  times.forEach((t, i) => {
    for (let k = 0; k < t; k++) idx.push(i);
  });
  const columns = frame.columns.map((c): Column => (c.type === 'number' ? { ...c, values: Float64Array.from(idx, (i) => c.values[i]) } : { ...c, codes: Int32Array.from(idx, (i) => c.codes[i]) }));
  return { nrow: idx.length, columns };
}

describe('refit under observation weights', async () => {
  const frame = await baseDid();
  const formula = 'y ~ tp + x1 | id + period';
  const design = buildDesign(frame, formula);
  const model = { columns: [design.response!.values, ...design.columns], fes: design.fixedEffects, fixefTol: 1e-13, fixefIter: 100000, collinTol: 1e-10 };
  const eqs = [{ y: 0, x: [1, 2] }, { y: 2, x: [1] }];

  it('with cluster-bootstrap weights equals feols on the duplicated clusters', () => {
    const w = clusterBootstrapWeights(design.fixedEffects[0].codes, design.fixedEffects[0].nlevels, seededUniform(42));
    const [full, mech] = refit(model, w, eqs, silentContext);
    const dup = repeatRows(frame, w);
    const f3 = runFeols(dup, { model: 'feols', data: 'x', formula, fixef_tol: 1e-13 });
    const f2 = runFeols(dup, { model: 'feols', data: 'x', formula: 'x1 ~ tp | id + period', fixef_tol: 1e-13 });
    expect(full[0]).toBeCloseTo(f3.coefficients.tp.estimate!, 9);
    expect(full[1]).toBeCloseTo(f3.coefficients.x1.estimate!, 9);
    expect(mech[0]).toBeCloseTo(f2.coefficients.tp.estimate!, 9);
  });

  it('with 0/1 weights equals feols on the subset, and marks a regressor without variation as NaN', () => {
    const keep = Float64Array.from(values(frame, 'period'), (p) => (p <= 7 ? 1 : 0));
    const [full] = refit(model, keep, eqs, silentContext);
    const sub = runFeols(filterRows(frame, Uint8Array.from(keep)), { model: 'feols', data: 'x', formula, fixef_tol: 1e-13 });
    expect(full[0]).toBeCloseTo(sub.coefficients.tp.estimate!, 9);
    const early = Float64Array.from(values(frame, 'post'), (p) => (p === 0 ? 1 : 0));
    const [pre] = refit(model, early, eqs, silentContext);
    expect(pre[0]).toBeNaN();
    expect(Number.isFinite(pre[1])).toBe(true);
  });
});

describe('resampling helpers', () => {
  it('cluster-bootstrap weights draw G clusters and are constant within a cluster', () => {
    const codes = Int32Array.from({ length: 50 }, (_, i) => i % 10);
    const w = clusterBootstrapWeights(codes, 10, seededUniform(1));
    const perCluster = Array.from({ length: 10 }, (_, g) => w[g]);
    expect(perCluster.reduce((s, v) => s + v, 0)).toBe(10);
    codes.forEach((g, i) => expect(w[i]).toBe(perCluster[g]));
  });

  it('shuffles into a permutation', () => {
    const a = Int32Array.from({ length: 100 }, (_, i) => i);
    shuffleInPlace(a, seededUniform(3));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('percentile intervals are R type-7 quantiles', () => {
    const sorted = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    // quantile(1:10, c(0.05, 0.95)) = 1 + 9·p
    const ci = percentileInterval(sorted, 0.9);
    expect(ci.conf_low).toBeCloseTo(1.45, 13);
    expect(ci.conf_high).toBeCloseTo(9.55, 13);
  });

  it('the bias correction vanishes when the estimate is the median, and is refused when no draw is below it', () => {
    const sorted = Float64Array.from({ length: 101 }, (_, i) => i / 100);
    const bc = biasCorrectedInterval(sorted, 0.5, 0.9);
    expect(bc.z0).toBeCloseTo(0, 15);
    expect(bc.conf_low).toBeCloseTo(percentileInterval(sorted, 0.9).conf_low, 12);
    const shifted = biasCorrectedInterval(sorted, 0.7, 0.9);
    expect(shifted.z0!).toBeGreaterThan(0);
    expect(shifted.conf_low!).toBeGreaterThan(bc.conf_low!);
    const none = biasCorrectedInterval(sorted, -1, 0.9);
    expect(none.conf_low).toBeNull();
    expect(none.reason).toMatch(/one side/);
  });

  it('histograms count every finite value once, the maximum in the last bin', () => {
    const h = histogram([0, 1, 2, 3, 4, Number.NaN, 10], 5);
    expect(h.breaks).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([2, 2, 1, 0, 1]);
    expect(histogram([3, 3], 4)).toEqual({ breaks: [3, 3], counts: [2] });
    expect(histogram([1, 2, 3], 2, (i) => i !== 0).counts).toEqual([0, 2]);
  });
});
