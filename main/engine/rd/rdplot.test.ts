import { describe, expect, it } from 'vitest';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';
import { silentContext } from '../context';
import type { Frame } from '../frame';
import { rdplotResult, rdplotSpec } from '../../../shared/specs/rdplot';
import { runRdplot } from './rdplot';
import { errorCode } from './testing';

interface ExpectedBin {
  mean_bin: number;
  mean_x: number;
  mean_y: number;
  min_bin: number;
  max_bin: number;
  n: number;
  se_y: number;
}

const plot = (frame: Frame, extra: Record<string, unknown> = {}) =>
  runRdplot(frame, rdplotSpec.parse({ model: 'rdplot', data: 'senate', y: 'vote', x: 'margin', ...extra }), silentContext);

describe('rdplot against rdrobust 4.0.0 (rdplot_default)', () => {
  it('matches the bin counts, bin statistics, J selectors and global polynomial', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const e = referenceCase('rdrobust_senate.json', 'rdplot_default').expected as Record<string, unknown> & {
      bins: ExpectedBin[];
      global_poly_coef: { left: number[]; right: number[] };
    };
    const r = plot(frame);
    expect(rdplotResult.safeParse(r).success).toBe(true);
    for (const key of ['J', 'J_IMSE', 'J_MV', 'N', 'N_h', 'h', 'scale'] as const) expect(r[key], key).toEqual(e[key]);
    expect(r.binselect).toBe(e.binselect);
    expect(r.kernel).toBe(e.kernel);
    expect(r.p).toBe(e.p);
    for (const key of ['rscale', 'bin_width_avg', 'bin_width_med'] as const) {
      const ex = e[key] as { left: number; right: number };
      expectClose(r[key].left, ex.left, 1e-12, `${key}.left`);
      expectClose(r[key].right, ex.right, 1e-12, `${key}.right`);
    }
    for (const side of ['left', 'right'] as const)
      e.global_poly_coef[side].forEach((v, j) => expectClose(r.global_poly_coef[side][j], v, 1e-8, `global_poly_coef.${side}[${j}]`));
    expect(r.bins).toHaveLength(e.bins.length);
    e.bins.forEach((b, i) => {
      const a = r.bins[i];
      expect(a.n, `bin ${i} n`).toBe(b.n);
      for (const k of ['mean_bin', 'mean_x', 'mean_y', 'min_bin', 'max_bin'] as const) expectClose(a[k], b[k], 1e-12, `bin ${i} ${k}`);
      if (b.se_y === 0) expect(a.se_y).toBe(0);
      else expectClose(a.se_y, b.se_y, 1e-10, `bin ${i} se_y`);
    });
  });

  it('gives chart-ready curves and intervals around each bin mean', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const r = plot(frame);
    expect(r.curve.left.x).toHaveLength(500);
    expect(r.curve.left.x[499]).toBe(0);
    expect(r.curve.right.x[0]).toBe(0);
    // The curve at the cutoff is the polynomial's intercept.
    expectClose(r.curve.right.y[0], r.global_poly_coef.right[0], 1e-14, 'intercept');
    for (const b of r.bins) {
      expect(b.ci_lower).toBeLessThanOrEqual(b.mean_y);
      expect(b.ci_upper).toBeGreaterThanOrEqual(b.mean_y);
    }
  });
});

describe('rdplot options', () => {
  it('quantile-spaced bins hold about the same number of observations', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const r = plot(frame, { binselect: 'qs' });
    const left = r.bins.filter((b) => b.side === 'left');
    expect(left.length).toBe(r.J.left);
    const ns = left.map((b) => b.n);
    expect(Math.max(...ns) - Math.min(...ns)).toBeLessThanOrEqual(3);
    expect(ns.reduce((a, b) => a + b, 0)).toBe(r.N.left);
  });

  it('honours manual bins and scale', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    expect(plot(frame, { nbins: [5, 7] }).J).toEqual({ left: 5, right: 7 });
    const scaled = plot(frame, { scale: 2 });
    expect(scaled.J).toEqual({ left: 30, right: 70 });
    expectClose(scaled.rscale.left, 30 / 8, 1e-15, 'rscale');
  });

  it('rejects a cutoff outside the data', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    expect(errorCode(() => plot(frame, { c: -200 }))).toBe('rd_cutoff_out_of_range');
  });
});
