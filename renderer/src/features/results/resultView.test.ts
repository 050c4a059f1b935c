import { describe, expect, it } from 'vitest';
import { silentContext } from '../../../../main/engine/context';
import { runFeols } from '../../../../main/engine/feols';
import { runDid } from '../../../../main/engine/policy/did';
import { loadData, referenceCase } from '../../../../main/testing/fixtures';
import { mpdtaTwfeSpec } from '../../testing/fixtures';
import { ResultShapeError, stars, toResultView } from './resultView';

function mpdtaCase(id: string): Record<string, unknown> {
  return referenceCase('mpdta.json', id).expected;
}


describe('toResultView', () => {
  it('reads a fixest-shaped result (mpdta twfe) without changing any number', () => {
    const twfe = mpdtaCase('twfe');
    const view = toResultView(mpdtaTwfeSpec, { model: 'did', ...twfe, event_study: null });
    const coef = (twfe.coefficients as Record<string, Record<string, number>>).treat_post;
    expect(view.table.rows).toEqual([
      { term: 'treat_post', estimate: coef.estimate, se: coef.se, stat: coef.t, p: coef.p, confLow: null, confHigh: null },
    ]);
    expect(view.table.nobs).toBe(twfe.nobs);
    expect(view.table.r2).toBe(twfe.r2);
    expect(view.table.r2Within).toBe(twfe.r2_within);
    expect(view.table.fixedEffects).toEqual(['countyreal', 'year']);
    expect(view.table.se).toEqual({ kind: 'cluster', clusters: [{ name: 'countyreal', count: 500 }] });
    expect(view.table.statName).toBe('t');
    expect(view.eventStudy).toBeNull();
  });

  it('turns rel_time terms into event-study points and adds the reference period at zero', () => {
    const es = mpdtaCase('event_study_i');
    const view = toResultView(mpdtaTwfeSpec, { model: 'did', ...mpdtaCase('twfe'), event_study: es });
    const points = view.eventStudy ?? [];
    expect(points.map((p) => p.period)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    const ref = points.find((p) => p.period === -1);
    expect(ref).toEqual({ period: -1, estimate: 0, confLow: null, confHigh: null, isReference: true, binned: false });
    const lead2 = (es.coefficients as Record<string, Record<string, number>>)['rel_time::-2'];
    expect(points.find((p) => p.period === -2)?.estimate).toBe(lead2.estimate);
  });

  it('takes confidence bounds from the result, never computes them', () => {
    const result = {
      coefficients: { x: { estimate: 1, se: 0.5, z: 2, p: 0.04, conf_low: 0.1, conf_high: 1.9 } },
      nobs: 10,
    };
    const view = toResultView({ model: 'feols' }, result);
    expect(view.table.rows[0]).toMatchObject({ stat: 2, confLow: 0.1, confHigh: 1.9 });
    expect(view.table.statName).toBe('z');
    expect(view.table.r2).toBeNull();
  });

  it('falls back to the spec for FE and cluster rows when the result does not name them', () => {
    const result = { coefficients: { treat_post: { estimate: 1, se: 1, t: 1, p: 0.3 } } };
    const view = toResultView({ ...mpdtaTwfeSpec, fixed_effects: undefined, cluster: undefined }, result);
    expect(view.table.fixedEffects).toEqual(['countyreal', 'year']);
    expect(view.table.se).toEqual({ kind: 'cluster', clusters: [{ name: 'countyreal', count: null }] });
    const robust = toResultView({ ...mpdtaTwfeSpec, cluster: [], vcov: 'hetero' }, result);
    expect(robust.table.se).toEqual({ kind: 'hetero' });
  });

  it("reads the feols engine's own result: depvar, FE and cluster rows, CIs, i() event terms", async () => {
    const spec = {
      model: 'feols' as const,
      data: 'mpdta',
      formula: 'lemp ~ i(rel_time, ref = c(-1, -1000)) | countyreal + year',
      vcov: { cluster: ['countyreal'] },
    };
    const result = runFeols(await loadData('mpdta.csv'), spec);
    const view = toResultView(spec, result);
    expect(view.table.outcome).toBe('lemp');
    expect(view.table.fixedEffects).toEqual(['countyreal', 'year']);
    expect(view.table.se).toEqual({ kind: 'cluster', clusters: [{ name: 'countyreal', count: 500 }] });
    const lag2 = result.coefficients['rel_time::2'];
    const point = view.eventStudy?.find((p) => p.period === 2);
    expect(point).toEqual({
      period: 2,
      estimate: lag2.estimate,
      confLow: lag2.conf_low,
      confHigh: lag2.conf_high,
      isReference: false,
      binned: false,
    });
    // -1 is drawn as the reference; fixest's -1000 (never treated) is not a period of the plot.
    expect(view.eventStudy?.map((p) => p.period)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    expect(view.eventStudy?.find((p) => p.isReference)?.period).toBe(-1);
  });

  it('has no event study for a fit without event-time terms', async () => {
    const spec = { model: 'feols' as const, data: 'mpdta', formula: 'lemp ~ treat_post | countyreal + year' };
    const view = toResultView(spec, runFeols(await loadData('mpdta.csv'), spec));
    expect(view.eventStudy).toBeNull();
    expect(view.table.rows.map((r) => r.term)).toEqual(['treat_post']);
  });

  it("draws a did result's own chart rows and reports its pre-trend test and treatment counts", () => {
    const twfe = mpdtaCase('twfe');
    const row = (rel_time: number, estimate: number, ref = false, binned = false) => ({
      rel_time,
      term: ref ? null : `rel_time::${rel_time}`,
      estimate,
      se: ref ? null : 0.01,
      p: ref ? null : 0.5,
      conf_low: ref ? null : estimate - 0.02,
      conf_high: ref ? null : estimate + 0.02,
      ref,
      binned,
      n_obs: 10,
    });
    const result = {
      model: 'did',
      ...twfe,
      treatment: { kind: 'column', term: 'treat_post', n_units: 500, n_treated_units: 191, n_never_treated_units: 309, n_treated_obs: 291, cohorts: [], staggered: true },
      event_study: {
        ...mpdtaCase('event_study_i'),
        points: [row(2, 0.1), row(-2, 0.03, false, true), row(-1, 0, true), row(0, -0.02)],
        pretrend_test: { stat: 1.5, p: 0.22, df1: 1, df2: 499 },
      },
    };
    const view = toResultView(mpdtaTwfeSpec, result);
    expect(view.eventStudy?.map((p) => [p.period, p.isReference, p.binned])).toEqual([
      [-2, false, true],
      [-1, true, false],
      [0, false, false],
      [2, false, false],
    ]);
    expect(view.eventStudy?.[0]).toMatchObject({ estimate: 0.03, confLow: 0.03 - 0.02, confHigh: 0.03 + 0.02 });
    expect(view.pretrend).toEqual({ stat: 1.5, p: 0.22, df1: 1, df2: 499, reason: null });
    expect(view.treatment).toEqual({ units: 500, treatedUnits: 191, neverTreatedUnits: 309, treatedObs: 291, staggered: true });
  });

  it("reads the did engine's result for the first-time user's spec (mpdta twfe)", async () => {
    const result = runDid(await loadData('mpdta.csv'), mpdtaTwfeSpec, silentContext);
    const view = toResultView(mpdtaTwfeSpec, result);
    const coef = (mpdtaCase('twfe').coefficients as Record<string, Record<string, number>>).treat_post;
    const row = view.table.rows.find((r) => r.term === 'treat_post');
    expect(Math.abs((row?.estimate ?? NaN) - coef.estimate) / Math.abs(coef.estimate)).toBeLessThan(1e-8);
    expect(row?.confLow).toBe(result.coefficients.treat_post.conf_low);
    expect(view.table.fixedEffects).toEqual(['countyreal', 'year']);
    expect(view.eventStudy?.map((p) => p.period)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    expect(view.eventStudy?.find((p) => p.isReference)?.period).toBe(-1);
    expect(view.pretrend?.df1).toBe(3);
    expect(view.treatment?.treatedUnits).toBe(191);
  });

  it('draws a Sun–Abraham fit by relative period with its reference period at zero (fixest iplot)', async () => {
    const spec = { model: 'feols' as const, data: 'mpdta', formula: 'lemp ~ sunab(first.treat, year) | countyreal + year', vcov: { cluster: ['countyreal'] } };
    const result = await runFeols(await loadData('mpdta.csv'), spec, silentContext);
    const view = toResultView(spec, result);
    const expected = mpdtaCase('sunab_period').coefficients as Record<string, Record<string, number>>;
    expect(view.eventStudy?.map((p) => p.period)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    expect(view.eventStudy?.find((p) => p.isReference)).toMatchObject({ period: -1, estimate: 0, confLow: null });
    const e2 = view.eventStudy?.find((p) => p.period === 2)?.estimate ?? NaN;
    expect(Math.abs(e2 - expected['year::2'].estimate) / Math.abs(expected['year::2'].estimate)).toBeLessThan(1e-8);
    // The one-ATT summary has no event study.
    const att = await runFeols(await loadData('mpdta.csv'), { ...spec, agg: 'ATT' }, silentContext);
    expect(toResultView({ ...spec, agg: 'ATT' }, att).eventStudy).toBeNull();
  });

  it('reports a malformed result with the offending path', () => {
    expect(() => toResultView(mpdtaTwfeSpec, { coefficients: { x: { estimate: 'big' } } })).toThrow(ResultShapeError);
    expect(() => toResultView(mpdtaTwfeSpec, { nobs: 3 })).toThrow(/coefficients/);
  });
});

describe('stars', () => {
  it('uses the 1/5/10 percent convention and nothing for a missing p', () => {
    expect([0.0099, 0.01, 0.049, 0.05, 0.099, 0.1, null].map(stars)).toEqual(['***', '**', '**', '*', '*', '', '']);
  });
});
