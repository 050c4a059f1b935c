// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { placeboResult, placeboSpec, type PlaceboResult } from '../../../../shared/specs/placebo';
import { fakeApi } from '../../testing/fakeApi';
import { renderWithApi } from '../../testing/render';
import { storedAnalysis, stubResizeObserver, valueIn } from '../didkit/testing';
import { PlaceboResultView } from './PlaceboResultView';

afterEach(cleanup);
beforeAll(stubResizeObserver);

const spec = placeboSpec.parse({
  model: 'placebo',
  data: 'mpdta',
  base: { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } },
  treatment: 'treat_post',
  unit: 'countyreal',
  time: 'year',
  draws: 200,
});

/** A result of the schema's shape: 200 draws spread evenly around zero. */
function result(patch: Partial<PlaceboResult> = {}): PlaceboResult {
  const estimates = Array.from({ length: 200 }, (_, i) => (i - 99.5) / 4000);
  return placeboResult.parse({
    model: 'placebo',
    kind: 'in_space',
    treatment: 'treat_post',
    method: 'fwl_two_way',
    estimate: -0.0365,
    actual: { estimate: -0.0365, se: 0.0133, t: -2.74, p: 0.0063, conf_low: -0.0627, conf_high: -0.0103 },
    nobs: 2500,
    n_units: 500,
    n_treated_units: 191,
    cohort_sizes: { '2004': 20, '2006': 40, '2007': 131 },
    draws: estimates.map((e) => ({ estimate: e, se: 0.01, t: e / 0.01, p: 0.5, n_treated_units: 191, n_treated_obs: 291, n_overlap: 70, shift: null })),
    draws_requested: 200,
    draws_failed: 0,
    seed: 1,
    rng: 'Mersenne-Twister',
    p_value_ri: 0.01,
    p_value_ri_reason: null,
    n_extreme: 2,
    summary: { mean: 0, sd: 0.0144, min: -0.0249, max: 0.0249, q025: -0.0237, q975: 0.0237, share_p_05: 0.04, share_p_10: 0.09 },
    charts: {
      actual: -0.0365,
      density: { x: [-0.03, 0, 0.03], y: [1, 20, 1], bandwidth: 0.004, kernel: 'gaussian' },
      histogram: { breaks: [-0.03, 0, 0.03], counts: [100, 100], density: [16.7, 16.7] },
      p_values: { estimate: estimates, p: estimates.map(() => 0.5) },
    },
    vcov_type: 'cluster',
    df_t: 499,
    notes: ['Draws follow R.'],
    ...patch,
  });
}

function view(r: PlaceboResult, language: 'en' | 'zh-CN' = 'en'): void {
  const run = storedAnalysis(spec, r);
  const actions = { openBuilder: () => undefined, openAnalysis: () => undefined, analysesChanged: () => undefined };
  renderWithApi(<PlaceboResultView analysis={run.analysis} stored={run.result} actions={actions} />, fakeApi({}).api, language);
}

describe('PlaceboResultView', () => {
  it('shows the actual estimate, the randomization p-value and the draws, full precision in data-value', () => {
    view(result());
    const head = screen.getByTestId('placebo-headline');
    expect(valueIn(head.querySelector('[data-stat="estimate"]'))).toBe(-0.0365);
    expect(valueIn(head.querySelector('[data-stat="p_value_ri"]'))).toBe(0.01);
    expect(within(head).getByText('2 of 200')).toBeTruthy();
    expect(valueIn(screen.getByTestId('placebo-summary').querySelector('[data-stat="sd"]'))).toBe(0.0144);
    expect(screen.getByText(/are rare \(randomization p = 0\.010\)/)).toBeTruthy();
    expect(screen.getByText('Draws follow R.')).toBeTruthy();
  });

  it('draws the density with the actual estimate and the p-value scatter', async () => {
    view(result());
    expect(await screen.findByTestId('placebo-density-chart', {}, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByTestId('placebo-p-chart')).toBeTruthy();
  });

  it('says when the estimate does not stand out', () => {
    view(result({ p_value_ri: 0.31, n_extreme: 62 }));
    expect(screen.getByText(/are common \(randomization p = 0\.310\)/)).toBeTruthy();
  });

  it('lists an in-time placebo by shift, with the reason there is no randomization p-value', () => {
    view(
      result({
        kind: 'in_time',
        method: 'refit',
        draws: [1, 2].map((shift) => ({ estimate: 0.001 * shift, se: 0.01, t: 0.1 * shift, p: 0.9, n_treated_units: 191, n_treated_obs: 100, n_overlap: 191, shift })),
        p_value_ri: null,
        p_value_ri_reason: 'In-time placebos are not random draws.',
        n_extreme: null,
        summary: null,
        charts: { actual: -0.0365, density: null, histogram: null, p_values: { estimate: [], p: [] } },
      }),
    );
    expect(screen.getByText('In-time placebos are not random draws.')).toBeTruthy();
    const rows = within(screen.getByTestId('placebo-shifts')).getAllByRole('row');
    expect(rows.map((r) => r.getAttribute('data-term'))).toEqual([null, '1', '2']);
    expect(screen.queryByTestId('placebo-density-chart')).toBeNull();
  });

  it('shows a result that does not fit the schema as an error, not a blank page', () => {
    const run = storedAnalysis(spec, { model: 'placebo' });
    const actions = { openBuilder: () => undefined, openAnalysis: () => undefined, analysesChanged: () => undefined };
    renderWithApi(<PlaceboResultView analysis={run.analysis} stored={run.result} actions={actions} />, fakeApi({}).api);
    expect(screen.getByRole('alert').textContent).toContain('The stored result could not be read.');
  });

  it('renders in Chinese', () => {
    view(result(), 'zh-CN');
    expect(screen.getByText('随机推断 p 值')).toBeTruthy();
  });
});
