import { describe, expect, it } from 'vitest';
import { baconResult } from '../../../shared/specs/bacon';
import { silentContext } from '../context';
import { numericColumn, type Frame } from '../frame';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';
import { runBacon } from './bacon';
import { userErrorCode as code } from './testing';

interface BaconExpected {
  comparisons: { treated: number; untreated: number; estimate: number; weight: number; type: string }[];
  n_comparisons: number;
  weight_total: number;
  weighted_sum: number;
  twfe_coefficient_same_spec: number;
  by_type: { type: string; n_comparisons: number; weight: number; avg_estimate: number }[];
}

const spec = { model: 'bacon', data: 'mpdta.csv', formula: 'lemp ~ treat_post', id_var: 'countyreal', time_var: 'year' } as const;

describe('bacon against bacondecomp 0.1.1 (mpdta_extra.json)', () => {
  it('every comparison, type, estimate and weight; sums and by-type summary', async () => {
    const frame = await loadData('mpdta.csv');
    const e = referenceCase('mpdta_extra.json', 'bacon').expected as unknown as BaconExpected;
    const r = runBacon(frame, spec, silentContext);
    expect(baconResult.safeParse(r).success).toBe(true);
    expect(r.comparisons.map((c) => [c.treated, c.untreated, c.type])).toEqual(e.comparisons.map((c) => [c.treated, c.untreated, c.type]));
    e.comparisons.forEach((c, i) => {
      expectClose(r.comparisons[i].estimate, c.estimate, 1e-10, `estimate ${c.treated}/${c.untreated}`);
      expectClose(r.comparisons[i].weight, c.weight, 1e-10, `weight ${c.treated}/${c.untreated}`);
    });
    expect(r.n_comparisons).toBe(e.n_comparisons);
    expectClose(r.weight_total, e.weight_total, 1e-12, 'weight_total');
    expectClose(r.weighted_sum, e.weighted_sum, 1e-10, 'weighted_sum');
    expectClose(r.twfe_coefficient, e.twfe_coefficient_same_spec, 1e-10, 'twfe');
    expect(r.by_type.map((b) => [b.type, b.n_comparisons])).toEqual(e.by_type.map((b) => [b.type, b.n_comparisons]));
    e.by_type.forEach((b, i) => {
      expectClose(r.by_type[i].weight, b.weight, 1e-10, `weight ${b.type}`);
      expectClose(r.by_type[i].avg_estimate, b.avg_estimate, 1e-10, `avg ${b.type}`);
    });
    expect(r.chart.series.reduce((s, x) => s + x.points.length, 0)).toBe(9);
  });
});

function panel(d: (u: number, p: number) => number, units = 6, periods = 4, drop = -1): Frame {
  const id: number[] = [];
  const t: number[] = [];
  const y: number[] = [];
  const dd: number[] = [];
  for (let u = 0; u < units; u++)
    for (let p = 1; p <= periods; p++) {
      if (id.length === drop) continue;
      id.push(u);
      t.push(p);
      dd.push(d(u, p));
      y.push(u + p * 0.3 + dd[dd.length - 1] * 2 + ((u * 7 + p * 3) % 5) * 0.1);
    }
  return { nrow: id.length, columns: [numericColumn('id', id), numericColumn('t', t), numericColumn('y', y), numericColumn('d', dd)] };
}
const toy = { model: 'bacon', data: 'x', formula: 'y ~ d', id_var: 'id', time_var: 't' } as const;
const staggered = (u: number, p: number): number => (u % 3 === 0 ? 0 : p >= (u % 3) + 1 ? 1 : 0);

describe('bacon edge cases', () => {
  it('weights sum to one and reproduce the TWFE coefficient, also with an always-treated cohort', () => {
    const r = runBacon(panel((u, p) => (u === 5 ? 1 : staggered(u, p))), toy, silentContext);
    expect(r.comparisons.some((c) => c.type === 'Later vs Always Treated')).toBe(true);
    expectClose(r.weight_total, 1, 1e-12, 'sum');
    expectClose(r.weighted_sum, r.twfe_coefficient, 1e-10, 'twfe');
  });

  it('rejects unbalanced panels, switching treatment, non-binary treatment, missing values and controls', () => {
    expect(code(() => runBacon(panel(staggered, 6, 4, 5), toy, silentContext))).toBe('bacon_unbalanced');
    expect(code(() => runBacon(panel((u, p) => (u === 1 && p === 4 ? 0 : staggered(u, p))), toy, silentContext))).toBe('bacon_not_staggered');
    expect(code(() => runBacon(panel((u, p) => (u === 1 && p === 4 ? 2 : staggered(u, p))), toy, silentContext))).toBe('bacon_treatment_not_binary');
    expect(code(() => runBacon(panel((u, p) => (u === 1 && p === 4 ? Number.NaN : staggered(u, p))), toy, silentContext))).toBe('bacon_missing');
    expect(code(() => runBacon(panel(staggered), { ...toy, formula: 'y ~ d + x' }, silentContext))).toBe('bacon_controls_unsupported');
    expect(code(() => runBacon(panel(() => 0), toy, silentContext))).toBe('bacon_no_variation');
  });
});
