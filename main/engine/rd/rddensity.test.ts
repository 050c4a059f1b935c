import { describe, expect, it } from 'vitest';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';
import { silentContext } from '../context';
import { numericColumn, type Frame } from '../frame';
import { rddensityResult, rddensitySpec } from '../../../shared/specs/rddensity';
import { binomTestTwoSided, runRddensity } from './rddensity';
import { errorCode } from './testing';

const density = (frame: Frame, extra: Record<string, unknown> = {}) =>
  runRddensity(frame, rddensitySpec.parse({ model: 'rddensity', data: 'senate', x: 'margin', ...extra }), silentContext);

type Expected = {
  test: Record<string, number | null>;
  hat: Record<string, number>;
  sd_jk: Record<string, number>;
  sd_asy: Record<string, number | null>;
  h: Record<string, number>;
  N: Record<string, number>;
  binomial_tests: Array<Record<string, number>>;
  [k: string]: unknown;
};

describe('rddensity against rddensity 3.0 / lpdensity 2.5', () => {
  for (const [id, extra] of [
    ['rddensity_default', {}],
    ['rddensity_h10', { h: 10 }],
  ] as const)
    it(id, async () => {
      const frame = await loadData('rdrobust_senate.csv');
      const e = referenceCase('rdrobust_senate.json', id).expected as Expected;
      const r = density(frame, extra);
      expect(rddensityResult.safeParse(r).success).toBe(true);
      for (const k of ['t_jk', 'p_jk'] as const) expectClose(r.test[k], e.test[k], 1e-8, `test.${k}`);
      expect(r.test.t_asy).toBeNull();
      expect(r.test.p_asy).toBeNull();
      for (const k of ['left', 'right', 'diff'] as const) {
        expectClose(r.hat[k], e.hat[k], 1e-8, `hat.${k}`);
        expectClose(r.sd_jk[k], e.sd_jk[k], 1e-8, `sd_jk.${k}`);
        expect(r.sd_asy[k]).toBeNull();
      }
      expectClose(r.h.left, e.h.left, 1e-8, 'h.left');
      expectClose(r.h.right, e.h.right, 1e-8, 'h.right');
      expect(r.N).toEqual(e.N);
      for (const k of ['c', 'p', 'q', 'kernel', 'fitselect', 'vce', 'bwselect', 'massPoints'] as const) expect(r[k], k).toBe(e[k]);
      expect(r.binomial_tests).toHaveLength(e.binomial_tests.length);
      e.binomial_tests.forEach((b, i) => {
        const a = r.binomial_tests[i];
        expect([a.n_left, a.n_right]).toEqual([b.n_left, b.n_right]);
        expectClose(a.window_left, b.window_left, 1e-14, `window ${i}`);
        expectClose(a.p, b.p, 1e-10, `binomial p ${i}`);
      });
    });

  it('the density curve at the cutoff agrees with the test estimates', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const r = density(frame);
    const atLeft = r.density.left[r.density.left.length - 1];
    const atRight = r.density.right[0];
    expect(atLeft.x).toBe(0);
    expect(atRight.x).toBe(0);
    // lpdensity's empirical cdf differs from rddensity's by one observation (i/n vs (i-1)/(N-1)).
    expectClose(atLeft.f_q, r.hat.left, 1e-9, 'left density at c');
    expectClose(atRight.f_q, r.hat.right, 1e-9, 'right density at c');
    for (const pt of [...r.density.left, ...r.density.right]) expect(pt.ci_lower as number).toBeLessThan(pt.ci_upper as number);
    const area = r.histogram.reduce((a, b) => a + b.density * (b.to - b.from), 0);
    expect(area).toBeLessThanOrEqual(1);
    expect(area).toBeGreaterThan(0.5);
  });
});

describe('rddensity options', () => {
  it('plug-in standard errors, the restricted model and the conventional test give finite results', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const plugin = density(frame, { vce: 'plugin', all: true });
    expect(plugin.test.t_asy).not.toBeNull();
    expect(plugin.test.t_jk).toBeNull();
    expect(plugin.conventional?.test.t_asy).not.toBeNull();
    const restricted = density(frame, { fitselect: 'restricted' });
    expect(restricted.h.left).toBe(restricted.h.right);
    expect(Number.isFinite(restricted.test.t_jk as number)).toBe(true);
    expect(Math.abs(restricted.test.t_jk as number)).toBeLessThan(5);
  });

  it('finds a discontinuity built into the data', () => {
    // x on (-1, 0) twice as dense as on (0, 1): f(0-) = 2/3, f(0+) = 1/3.
    const x: number[] = [];
    for (let i = 0; i < 2000; i++) x.push(-(i + 0.5) / 2000);
    for (let i = 0; i < 1000; i++) x.push((i + 0.5) / 1000);
    const frame: Frame = { nrow: x.length, columns: [numericColumn('margin', x)] };
    const r = density(frame);
    expectClose(r.hat.left, 2 / 3, 0.02, 'left density');
    expectClose(r.hat.right, 1 / 3, 0.02, 'right density');
    expect(r.test.p_jk as number).toBeLessThan(1e-4);
  });

  it('binomial test p-values equal R binom.test', () => {
    // binom.test(3, 10)$p.value = 0.34375; binom.test(0, 5)$p.value = 0.0625.
    expectClose(binomTestTwoSided(3, 10, 0.5), 0.34375, 1e-12, 'binom 3/10');
    expectClose(binomTestTwoSided(0, 5, 0.5), 0.0625, 1e-12, 'binom 0/5');
    expect(binomTestTwoSided(5, 10, 0.5)).toBe(1);
  });

  it('rejects a cutoff outside the data and a text running variable', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const code = errorCode;
    expect(code(() => density(frame, { c: 1000 }))).toBe('rd_cutoff_out_of_range');
    expect(code(() => density({ nrow: 1, columns: [{ type: 'string', name: 'margin', codes: new Int32Array([0]), levels: ['a'] }] }))).toBe('rd_not_numeric');
  });
});
