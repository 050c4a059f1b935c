// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { referenceCase } from '../../../../main/testing/fixtures';
import { attGtResult, attGtSpec } from '../../../../shared/specs/att-gt';
import { baconResult, baconSpec } from '../../../../shared/specs/bacon';
import { didCompareResult, didCompareSpec } from '../../../../shared/specs/did-compare';
import { didImputationResult, didImputationSpec } from '../../../../shared/specs/did-imputation';
import { fakeApi } from '../../testing/fakeApi';
import { renderWithApi } from '../../testing/render';
import { storedAnalysis, stubResizeObserver, valueIn } from '../didkit/testing';
import type { ResultViewProps } from '../results/resultViews';
import { AttGtResultView } from './AttGtResultView';
import { BaconResultView } from './BaconResultView';
import { CompareResultView } from './CompareResultView';
import { ImputationResultView } from './ImputationResultView';

afterEach(cleanup);
beforeAll(stubResizeObserver);

const panel = { data: 'mpdta', yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat' };
const actions = { openBuilder: () => undefined, openAnalysis: () => undefined, analysesChanged: () => undefined };
const CHART = { timeout: 20_000 };

function show(View: (p: ResultViewProps) => ReactElement, spec: { model: string; data: string }, result: unknown, language: 'en' | 'zh-CN' = 'en'): void {
  const run = storedAnalysis(spec, result);
  renderWithApi(<View analysis={run.analysis} stored={run.result} actions={actions} />, fakeApi({}).api, language);
}

/** did's att_gt and aggte output for mpdta (never-treated controls), with the fields the fixture leaves out. */
function attGt() {
  const gt = referenceCase('mpdta.json', 'cs_never_att_gt').expected as { att_gt: { group: number; time: number; att: number; se: number }[]; crit_val: number; pretest_W: number };
  const dyn = referenceCase('mpdta.json', 'cs_never_aggte_dynamic').expected as { overall_att: number; overall_se: number; by: { e: number; att: number; se: number }[]; crit_val: number };
  const ci = (att: number, se: number) => ({ conf_low: att - 1.96 * se, conf_high: att + 1.96 * se });
  return attGtResult.parse({
    model: 'att_gt',
    att_gt: gt.att_gt.map((r) => ({ ...r, ...ci(r.att, r.se), post: r.time >= r.group ? 1 : 0 })),
    aggte: {
      type: 'dynamic',
      overall_att: dyn.overall_att,
      overall_se: dyn.overall_se,
      overall_conf_low: null,
      overall_conf_high: null,
      by: dyn.by.map((b) => ({ ...b, ...ci(b.att, b.se) })),
      crit_val: dyn.crit_val,
      min_e: null,
      max_e: null,
      balance_e: null,
    },
    n_units: 500,
    n_obs: 2500,
    n_periods: 5,
    groups: [2004, 2006, 2007].map((group) => ({ group, n_units: 1 })),
    n_never_treated: 309,
    crit_val: gt.crit_val,
    pretest_W: gt.pretest_W,
    pretest_df: 7,
    pretest_Wpval: 0.1683,
    pretest_Wpval_rounded5: 0.1683,
    est_method: 'dr',
    control_group: 'nevertreated',
    base_period: 'varying',
    anticipation: 0,
    covariates: [],
    se_method: 'analytic',
    bootstrap: null,
    alp: 0.05,
    notes: [],
  });
}

describe('AttGtResultView', () => {
  it('shows the aggregated event study, the pre-test and every ATT(g,t) at full precision', async () => {
    const r = attGt();
    show(AttGtResultView, attGtSpec.parse({ model: 'att_gt', ...panel, aggte: 'dynamic' }), r);
    const agg = screen.getByTestId('aggte-table');
    const overall = agg.querySelector('tbody tr');
    expect(valueIn(overall?.querySelector('[data-field="estimate"]') ?? null)).toBe(r.aggte?.overall_att);
    expect(valueIn(agg.querySelector('[data-term="-3"] [data-field="se"]'))).toBe(r.aggte?.by[0].se);
    // No test statistics: did reports SEs and intervals only.
    expect(agg.querySelector('[data-field="p"]')).toBeNull();
    expect(screen.getByTestId('attgt-pretest').textContent).toContain('W = ');
    expect(within(screen.getByTestId('attgt-table')).getAllByRole('row')).toHaveLength(1 + r.att_gt.length);
    expect(await screen.findByTestId('aggte-chart', {}, CHART)).toBeTruthy();
  });

  it('says when the pre-test is not available and the bootstrap that made the SEs', () => {
    const r = attGt();
    show(AttGtResultView, attGtSpec.parse({ model: 'att_gt', ...panel }), { ...r, pretest_W: null, pretest_Wpval: null, aggte: null, se_method: 'bootstrap', bootstrap: { biters: 999, seed: 3, weights: 'rademacher', cband: true } });
    expect(screen.getByTestId('attgt-pretest').textContent).toBe('Pre-test of parallel trends not available (see the notes).');
    expect(screen.getByText(/multiplier bootstrap, 999 draws, seed 3/)).toBeTruthy();
    expect(screen.queryByTestId('aggte-table')).toBeNull();
  });
});

describe('ImputationResultView', () => {
  it('lists pre-trends and horizons with their kinds, and draws them by event time', async () => {
    const fx = referenceCase('mpdta_extra.json', 'didimp_horizon_pretrends_tight').expected as { terms: { term: string }[] } & Record<string, unknown>;
    const r = didImputationResult.parse({
      model: 'did_imputation',
      ...fx,
      terms: fx.terms.map((x) => ({ ...x, n: 1, kind: Number(x.term) < 0 ? 'pretrend' : 'horizon' })),
      pretrend_test: { stat: 1.2, df1: 3, df2: 499, p: 0.31 },
      notes: [],
    });
    show(ImputationResultView, didImputationSpec.parse({ model: 'did_imputation', ...panel, horizon: true, pretrends: [-3, -1] }), r);
    const table = screen.getByTestId('imputation-table');
    expect(valueIn(table.querySelector('[data-term="0"] [data-field="estimate"]'))).toBe(r.terms.find((x) => x.term === '0')?.estimate);
    expect(within(table).getAllByText('Pre-trend')).toHaveLength(3);
    expect(screen.getByTestId('imputation-pretest').textContent).toContain('F(3, 499) = 1.200');
    expect(await screen.findByTestId('imputation-chart', {}, CHART)).toBeTruthy();
  });
});

describe('BaconResultView', () => {
  const fx = referenceCase('mpdta_extra.json', 'bacon').expected as { comparisons: { type: string; weight: number; estimate: number; treated: number; untreated: number }[] } & Record<string, unknown>;
  const r = baconResult.parse({
    model: 'bacon',
    comparisons: fx.comparisons,
    n_comparisons: fx.n_comparisons,
    weight_total: fx.weight_total,
    weighted_sum: fx.weighted_sum,
    twfe_coefficient: fx.twfe_coefficient_same_spec,
    by_type: fx.by_type,
    n_obs: 2500,
    n_units: 500,
    n_periods: 5,
    chart: { x: 'weight', y: 'estimate', series: [{ type: 'Treated vs Untreated', points: [{ x: 0.5, y: -0.04, label: '2007 vs never' }] }], reference_y: fx.twfe_coefficient_same_spec },
    notes: [],
  });

  it('shows the TWFE coefficient, every comparison with “never treated” for 99999, and the scatter', async () => {
    show(BaconResultView, baconSpec.parse({ model: 'bacon', data: 'mpdta', formula: 'lemp ~ treat_post', id_var: 'countyreal', time_var: 'year' }), r);
    expect(valueIn(screen.getByTestId('bacon-summary').querySelector('[data-stat="twfe_coefficient"]'))).toBe(r.twfe_coefficient);
    const rows = within(screen.getByTestId('bacon-comparisons')).getAllByRole('row');
    expect(rows).toHaveLength(1 + r.comparisons.length);
    expect(within(screen.getByTestId('bacon-comparisons')).getAllByText('Never treated')).toHaveLength(r.comparisons.filter((c) => c.untreated === 99999).length);
    expect(await screen.findByTestId('bacon-chart', {}, CHART)).toBeTruthy();
  });

  it('names the comparison types in Chinese', () => {
    show(BaconResultView, baconSpec.parse({ model: 'bacon', data: 'mpdta', formula: 'lemp ~ treat_post', id_var: 'countyreal', time_var: 'year' }), r, 'zh-CN');
    expect(within(screen.getByTestId('bacon-by-type')).getByText('处理组 vs 从未处理组')).toBeTruthy();
  });
});

describe('CompareResultView', () => {
  const point = (e: number, estimate: number) => ({ e, estimate, se: 0.01, conf_low: estimate - 0.02, conf_high: estimate + 0.02 });
  const r = didCompareResult.parse({
    model: 'did_compare',
    series: [
      { id: 'twfe', label: 'TWFE', reference_periods: [-1], points: [point(0, -0.02)], overall: { label: 'TWFE', estimate: -0.0365, se: 0.0133, conf_low: null, conf_high: null }, available: true, note: null },
      { id: 'cs', label: 'CS', reference_periods: [-1], points: [point(0, -0.0199)], overall: null, available: true, note: 'Dynamic aggregation.' },
      { id: 'sa', label: 'SA', reference_periods: [], points: [], overall: null, available: false, note: 'sunab needs never-treated units.' },
    ],
    table: [
      { e: -1, cells: { twfe: null, cs: null } },
      { e: 0, cells: { twfe: point(0, -0.02), cs: point(0, -0.0199) } },
    ],
    chart: {
      offsets: { twfe: -0.1, cs: 0.1 },
      series: [
        { id: 'twfe', label: 'TWFE', points: [{ x: -0.1, e: 0, y: -0.02, low: -0.04, high: 0 }] },
        { id: 'cs', label: 'CS', points: [{ x: 0.1, e: 0, y: -0.0199, low: -0.04, high: 0 }] },
      ],
      treatment_x: -0.5,
    },
    n_units: 500,
    n_obs: 2500,
    notes: [],
  });

  it('puts the available estimators side by side by event time, with the references and overall ATTs, and says which failed', async () => {
    show(CompareResultView, didCompareSpec.parse({ model: 'did_compare', ...panel }), r);
    const table = screen.getByTestId('compare-table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Event time', 'TWFE event study', 'Callaway–Sant’Anna']);
    expect(valueIn(table.querySelector('[data-term="0"] [data-series="cs"] [data-field="estimate"]'))).toBe(-0.0199);
    expect(within(table.querySelector('[data-term="-1"]') as HTMLElement).getAllByText('reference')).toHaveLength(2);
    expect(valueIn(table.querySelector('[data-stat="overall"] [data-series="twfe"] [data-field="se"]'))).toBe(0.0133);
    expect(screen.getByText('Sun–Abraham could not be estimated: sunab needs never-treated units.')).toBeTruthy();
    expect(screen.getByText('Callaway–Sant’Anna: Dynamic aggregation.')).toBeTruthy();
    expect(await screen.findByTestId('compare-chart', {}, CHART)).toBeTruthy();
  });
});
