// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { referenceCase } from '../../../../main/testing/fixtures';
import { matchitResult, matchitSpec, type MatchitResult } from '../../../../shared/specs/matchit';
import { psmDidResult, psmDidSpec } from '../../../../shared/specs/psm-did';
import { fakeApi } from '../../testing/fakeApi';
import { renderWithApi } from '../../testing/render';
import { feolsFixture, storedAnalysis, stubResizeObserver, valueIn } from '../didkit/testing';
import { MatchitResultView } from './MatchitResultView';
import { PsmDidResultView } from './PsmDidResultView';

afterEach(cleanup);
beforeAll(stubResizeObserver);

const actions = { openBuilder: () => undefined, openAnalysis: () => undefined, analysesChanged: () => undefined };
type BalanceFixture = Record<string, Record<string, number | null>>;

/** MatchIt's documented-rule matching of lalonde (balance and ATT from lalonde.json), with the fields the fixture leaves out. */
function matching(): MatchitResult {
  const bal = referenceCase('lalonde.json', 'nearest_documented_rule_balance').expected as { sample_sizes: MatchitResult['sample_sizes']; balance_before: BalanceFixture; balance_after: BalanceFixture; n_matched: MatchitResult['n_matched'] };
  const att = referenceCase('lalonde.json', 'nearest_documented_rule_att_cluster_subclass').expected as { coefficients: Record<string, { estimate: number; se: number; t: number; p: number }>; nobs: number; df_residual: number };
  const withTest = (b: BalanceFixture) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, { ...v, t: null, p: null }]));
  const curve = { treated: [0, 1, 0], control: [1, 0, 0] };
  const treat = att.coefficients.treat;
  return matchitResult.parse({
    model: 'matchit',
    method: 'nearest',
    distance: 'logit',
    estimand: 'ATT',
    ps_model: { link: 'logit', coefficients: { '(Intercept)': { estimate: -1, se: 0.5, z: -2, p: 0.05 } }, nobs: 614, deviance: 1, null_deviance: 2, loglik: -1, aic: 4, iterations: 5, converged: true, collinear_dropped: [] },
    caliper: null,
    n_matched: bal.n_matched,
    match_pairs: [],
    matching_order: [],
    unmatched_treated: [],
    discarded: [],
    sample_sizes: bal.sample_sizes,
    smd_before: {},
    smd_after: {},
    balance_before: withTest(bal.balance_before),
    balance_after: withTest(bal.balance_after),
    distributions: { grid: [0, 0.5, 1], bandwidth: { treated: 0.1, control: 0.1 }, density_before: curve, density_after: curve, breaks: [0, 1], histogram_before: { treated: [1], control: [1] }, histogram_after: { treated: [1], control: [1] } },
    pscore: [],
    weights: [],
    subclass: null,
    att: { estimate: treat.estimate, se: treat.se, t: treat.t, p: treat.p, conf_low: null, conf_high: null, df: att.df_residual, vcov_type: 'vcovCL(cluster = ~subclass), type HC1', layout: 'match_data', nobs: att.nobs, n_clusters: { subclass: 185 } },
    att_regression: null,
    notes: ['The score model converged.'],
  });
}

const spec = matchitSpec.parse({ model: 'matchit', data: 'lalonde', formula: 'treat ~ age + educ + race + married + nodegree + re74 + re75', outcome: 're78' });

describe('MatchitResultView', () => {
  it('shows MatchIt’s ATT, sample sizes and the balance before and after, flagging |SMD| > 0.1', async () => {
    const r = matching();
    const run = storedAnalysis(spec, r);
    renderWithApi(<MatchitResultView analysis={run.analysis} stored={run.result} actions={actions} />, fakeApi({}).api);
    const att = screen.getByTestId('psm-att');
    expect(valueIn(att.querySelector('[data-field="estimate"]'))).toBe(r.att?.estimate);
    expect(valueIn(att.querySelector('[data-field="se"]'))).toBe(r.att?.se);
    const sizes = screen.getByTestId('psm-sample-sizes');
    expect(valueIn(sizes.querySelector('[data-stat="Unmatched"] td'))).toBe(244);
    const age = screen.getByTestId('psm-balance').querySelector('[data-term="age"]') as HTMLElement;
    const smd = age.querySelector('[data-field="before-smd"]') as HTMLElement;
    expect(valueIn(smd)).toBe(r.balance_before.age['Std. Mean Diff.']);
    expect(smd.classList.contains('smd-flag')).toBe(true);
    expect(within(screen.getByTestId('psm-balance')).getByText('Propensity score')).toBeTruthy();
    expect(await screen.findByTestId('psm-density-chart', {}, { timeout: 20_000 })).toBeTruthy();
  });

  it('shows only the matching when no outcome was chosen', () => {
    const run = storedAnalysis(spec, { ...matching(), att: null });
    renderWithApi(<MatchitResultView analysis={run.analysis} stored={run.result} actions={actions} />, fakeApi({}).api);
    expect(screen.queryByTestId('psm-att')).toBeNull();
    expect(screen.getByText('No outcome was chosen: the matching and its balance are shown below.')).toBeTruthy();
  });
});

describe('PsmDidResultView', () => {
  it('compares the DID on the matched and the full sample and shows each period’s matching', () => {
    const m = matching();
    const { pscore: _p, weights: _w, subclass: _s, matching_order: _o, att: _a, att_regression: _r, notes: _n, model: _m, ...summary } = m;
    const fit = (estimate: number, nobs: number) => feolsFixture({ treat_post: { estimate, se: 0.01, t: estimate / 0.01, p: 0.01, conf_low: estimate - 0.02, conf_high: estimate + 0.02 } }, nobs);
    const result = {
      model: 'psm_did',
      matching_mode: 'by_period',
      matchings: [2004, 2005].map((period) => ({ ...summary, period })),
      skipped_periods: [{ period: 2003, reason: 'No control within the caliper.' }],
      weights: [],
      pscore: [],
      nobs_matched: 1800,
      n_units_matched: 400,
      did_matched: fit(-0.03, 1800),
      did_full: fit(-0.0365, 2500),
      notes: [],
    };
    const parsed = psmDidResult.safeParse(result);
    if (!parsed.success) throw new Error(parsed.error.message);
    const run = storedAnalysis(psmDidSpec.parse({ model: 'psm_did', data: 'mpdta', formula: 'treat ~ lpop', unit: 'countyreal', time: 'year', did_formula: 'lemp ~ treat_post | countyreal + year' }), parsed.data);
    renderWithApi(<PsmDidResultView analysis={run.analysis} stored={run.result} actions={actions} />, fakeApi({}).api);
    const rows = within(screen.getByTestId('psmdid-comparison')).getAllByRole('row');
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(['Variable', 'Matched sample', 'Full sample']);
    expect(valueIn(rows[2].querySelector('[data-field="estimate"]'))).toBe(-0.0365);
    expect(screen.getByText('Period 2003 was not matched: No control within the caliper.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: '1' } });
    expect((screen.getByLabelText('Period') as HTMLSelectElement).value).toBe('1');
  });
});
