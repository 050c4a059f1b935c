import { describe, expect, it } from 'vitest';
import { didCompareResult, type CompareSeries } from '../../../shared/specs/did-compare';
import { silentContext } from '../context';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';
import { assembleComparison, runDidCompare, twfeEventStudy } from './compare';
import { runAttGt } from './att-gt';

interface FixestExpected {
  coefficients: Record<string, { estimate: number; se: number }>;
  nobs: number;
}
const cols = { yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat' } as const;

describe('did_compare', () => {
  it('TWFE event study equals feols(lemp ~ i(rel_time, ref = c(-1, -1000)) | countyreal + year) (event_study_i)', async () => {
    const frame = await loadData('mpdta.csv');
    const e = referenceCase('mpdta.json', 'event_study_i').expected as unknown as FixestExpected;
    const r = twfeEventStudy(frame, { data: 'mpdta.csv', ...cols, alp: 0.05 }, silentContext);
    expect(r.points.map((p) => `rel_time::${p.e}`)).toEqual(Object.keys(e.coefficients));
    r.points.forEach((p) => {
      const x = e.coefficients[`rel_time::${p.e}`];
      expectClose(p.estimate, x.estimate, 1e-10, `estimate ${p.e}`);
      expectClose(p.se, x.se, 1e-8, `se ${p.e}`);
    });
    expect(r.nObs).toBe(e.nobs);
    const twfe = referenceCase('mpdta.json', 'twfe').expected as unknown as FixestExpected;
    expectClose(r.overall?.estimate, twfe.coefficients.treat_post.estimate, 1e-10, 'static TWFE');
    expectClose(r.overall?.se, twfe.coefficients.treat_post.se, 1e-8, 'static TWFE se');
  });

  it('puts every estimator in one table and offset chart; CS points are aggte dynamic; Sun–Abraham comes from the runner', async () => {
    const frame = await loadData('mpdta.csv');
    const sa: CompareSeries = { id: 'sa', label: 'Sun–Abraham', reference_periods: [-1], points: [{ e: 0, estimate: -0.02, se: 0.01, conf_low: -0.04, conf_high: 0 }], overall: null, available: true, note: null };
    const r = runDidCompare(frame, { model: 'did_compare', data: 'mpdta.csv', ...cols }, silentContext, { sunab: () => sa });
    expect(didCompareResult.safeParse(r).success).toBe(true);
    expect(r.series.map((s) => s.id)).toEqual(['twfe', 'cs', 'sa', 'imputation']);
    const cs = runAttGt(frame, { model: 'att_gt', data: 'x', ...cols, base_period: 'universal', aggte: 'dynamic' }, silentContext);
    const csSeries = r.series.find((s) => s.id === 'cs');
    for (const p of csSeries?.points ?? []) expect(p.estimate).toBe(cs.aggte?.by.find((b) => b.e === p.e)?.att);
    expect(csSeries?.points.some((p) => p.e === -1)).toBe(false);
    expect(r.table.map((row) => row.e)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    expect(r.table.find((row) => row.e === -1)?.cells.twfe).toBeNull();
    const offs = Object.values(r.chart.offsets);
    expect(new Set(offs).size).toBe(4);
    const x0 = r.chart.series.map((s) => s.points.find((p) => p.e === 0)?.x);
    expect(new Set(x0).size).toBe(4);
    expect(r.n_units).toBe(500);
  });

  it('runs Sun–Abraham through feols sunab() by default (sunab_period, sunab_att) and honours the window', async () => {
    const frame = await loadData('mpdta.csv');
    const r = runDidCompare(frame, { model: 'did_compare', data: 'x', ...cols, estimators: ['sa'], min_e: -2, max_e: 1 }, silentContext);
    const sa = r.series[0];
    const e = referenceCase('mpdta.json', 'sunab_period').expected as unknown as FixestExpected;
    expect(sa.points.map((p) => `year::${p.e}`)).toEqual(Object.keys(e.coefficients));
    sa.points.forEach((p) => {
      expectClose(p.estimate, e.coefficients[`year::${p.e}`].estimate, 1e-8, `SA ${p.e}`);
      expectClose(p.se, e.coefficients[`year::${p.e}`].se, 1e-6, `SA se ${p.e}`);
    });
    const att = referenceCase('mpdta.json', 'sunab_att').expected as unknown as FixestExpected;
    expectClose(sa.overall?.estimate, att.coefficients.ATT.estimate, 1e-8, 'SA ATT');
    expect(r.table.map((row) => row.e)).toEqual([-2, 0, 1]);
    expect(r.chart.offsets).toEqual({ sa: 0 });
  });

  it('assembleComparison handles series without overlap', () => {
    const mk = (id: 'twfe' | 'cs', es: number[]): CompareSeries => ({ id, label: id, reference_periods: [], points: es.map((e) => ({ e, estimate: e, se: 1, conf_low: e - 2, conf_high: e + 2 })), overall: null, available: true, note: null });
    const a = assembleComparison([mk('twfe', [0, 1]), mk('cs', [2])]);
    expect(a.table.map((r) => [r.e, r.cells.twfe?.e ?? null, r.cells.cs?.e ?? null])).toEqual([[0, 0, null], [1, 1, null], [2, null, 2]]);
    expect(a.chart.offsets).toEqual({ twfe: -0.3, cs: 0.3 });
  });
});
