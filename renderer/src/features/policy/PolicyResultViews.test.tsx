// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dddResult, dddSpec } from '../../../../shared/specs/ddd';
import { didSpec } from '../../../../shared/specs/did';
import { didLagsResult, didLagsSpec } from '../../../../shared/specs/did-lags';
import { robustnessResult, robustnessSpec } from '../../../../shared/specs/robustness';
import { fakeApi } from '../../testing/fakeApi';
import { mpdtaTwfeSpec } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { DidResultView } from '../did/DidResultView';
import { feolsFixture, storedAnalysis, stubResizeObserver, valueIn } from '../didkit/testing';
import { DddResultView } from './DddResultView';
import { LagsResultView } from './LagsResultView';
import { RobustnessResultView } from './RobustnessResultView';

afterEach(cleanup);
beforeAll(stubResizeObserver);

const did = didSpec.parse(mpdtaTwfeSpec);
const { model: _model, event_study: _es, ...core } = did;
const row = (estimate: number) => ({ estimate, se: 0.01, t: estimate / 0.01, p: 0.004, conf_low: estimate - 0.02, conf_high: estimate + 0.02 });
const treatment = { kind: 'column' as const, term: 'treat_post', n_units: 500, n_treated_units: 191, n_never_treated_units: 309, n_treated_obs: 291, cohorts: [{ time: 2004, n_units: 20 }], staggered: true };

function actionsSpy() {
  return { openBuilder: vi.fn(), openAnalysis: vi.fn(), analysesChanged: vi.fn() };
}

describe('LagsResultView', () => {
  it('shows one row per lag with its regressor and sample, full precision in data-value', () => {
    const lags = [0, 1, 2].map((lag) => ({ ...row(-0.03 - lag / 100), lag, term: lag === 0 ? 'treat_post' : `L${lag}_treat_post`, nobs: 2500 - 500 * lag, r2: 0.9, r2_within: 0.004 }));
    const r = didLagsResult.parse({ model: 'did_lags', rows: lags, fits: [], treatment, notes: ['Lagged rows drop.'] });
    const run = storedAnalysis(didLagsSpec.parse({ ...core, model: 'did_lags' }), r);
    renderWithApi(<LagsResultView analysis={run.analysis} stored={run.result} actions={actionsSpy()} />, fakeApi({}).api);
    const table = screen.getByTestId('lags-table');
    expect(valueIn(table.querySelector('[data-term="2"] [data-field="estimate"]'))).toBe(-0.05);
    expect(within(table.querySelector('[data-term="1"]') as HTMLElement).getByText('L1_treat_post')).toBeTruthy();
    expect(within(table.querySelector('[data-term="2"]') as HTMLElement).getByText('1,500')).toBeTruthy();
    expect(screen.getByText('Lagged rows drop.')).toBeTruthy();
  });
});

describe('DddResultView', () => {
  it('shows the regression table and the observations of each treated × group × post cell', () => {
    const fit = feolsFixture({ treat_post_x_high: row(-0.05), treat_post: row(-0.01) }, 2500);
    const r = dddResult.parse({
      ...fit,
      model: 'ddd',
      design: 'group_time',
      estimate: row(-0.05),
      terms: { ddd: 'treat_post_x_high', did: 'treat_post', post_group: null, treat_group: null, group: null },
      group_varies_within_unit: false,
      treatment,
      cells: [{ treated: 1, group: 1, post: 1, n_obs: 120 }],
    });
    const run = storedAnalysis(dddSpec.parse({ ...core, model: 'ddd', group: 'high' }), r);
    renderWithApi(<DddResultView analysis={run.analysis} stored={run.result} actions={actionsSpy()} />, fakeApi({}).api);
    expect(valueIn(screen.getByTestId('coefficient-table').querySelector('[data-term="treat_post_x_high"] [data-field="estimate"]'))).toBe(-0.05);
    expect(within(screen.getByTestId('ddd-cells')).getByText('120')).toBeTruthy();
  });
});

describe('RobustnessResultView', () => {
  const variant = { ...did, base_id: 'an-1', label: 'Winsorized 1/99', winsorize: { lower: 1, upper: 99, by_time: false } };
  const column = (kind: string, label: string, spec: object, estimate: number | null, error: string | null = null) => ({
    label,
    kind,
    spec,
    estimate: estimate === null ? null : row(estimate),
    outcome: 'lemp',
    nobs: estimate === null ? null : 2500,
    r2: 0.99,
    r2_within: 0.004,
    n_clusters: { countyreal: 500 },
    fixed_effects: ['countyreal', 'year'],
    controls: [],
    unit_trends: false,
    excluded_obs: 0,
    winsorized: kind === 'winsorize' ? ['lemp'] : [],
    error,
  });
  const r = robustnessResult.parse({
    model: 'did_robustness',
    term: 'treat_post',
    columns: [column('base', 'Baseline', did, -0.0365), column('winsorize', 'Winsorized 1/99', variant, -0.038), column('alt_outcome', 'Outcome: lpop', { ...did, outcome: 'lpop', base_id: 'an-1', label: 'Outcome: lpop' }, null, 'lpop is collinear with the unit fixed effects.')],
    notes: [],
  });
  const spec = robustnessSpec.parse({ model: 'did_robustness', data: 'mpdta', base: did, base_id: 'an-1', variants: [{ kind: 'winsorize' }, { kind: 'alt_outcome', outcome: 'lpop' }] });

  it('puts base and variants side by side, links each to its saved analysis and keeps a failed column with its message', async () => {
    const saved = storedAnalysis(variant, {}, 'an-7').analysis;
    const actions = actionsSpy();
    const run = storedAnalysis(spec, r, 'an-5');
    renderWithApi(<RobustnessResultView analysis={run.analysis} stored={run.result} actions={actions} />, fakeApi({ 'analysis.list': () => ({ analyses: [saved] }) }).api);
    const table = screen.getByTestId('robustness-table');
    const estimates = table.querySelectorAll('td[data-field="estimate"]');
    expect(valueIn(estimates[1])).toBe(-0.038);
    expect(estimates[2].textContent).toBe('Failed: lpop is collinear with the unit fixed effects.');
    expect(within(table.querySelector('[data-stat="winsorized"]') as HTMLElement).getByText('lemp')).toBeTruthy();
    await waitFor(() => expect(within(table).getAllByRole('button', { name: 'Open' })).toHaveLength(2));
    fireEvent.click(within(table).getAllByRole('button', { name: 'Open' })[1]);
    expect(actions.openAnalysis).toHaveBeenCalledWith('an-7');
    fireEvent.click(within(table).getAllByRole('button', { name: 'Open' })[0]);
    expect(actions.openAnalysis).toHaveBeenLastCalledWith('an-1');
  });
});

describe('DidResultView', () => {
  const fit = { ...feolsFixture({ treat_post: row(-0.0365) }, 2500), model: 'did', treatment, event_study: null, excluded_obs: 0, winsorized: [], unit_trends: 0 };

  it('offers the follow-up checks, each opening its builder filled from this DID', () => {
    const actions = actionsSpy();
    const run = storedAnalysis(did, fit, 'an-1');
    renderWithApi(<DidResultView analysis={run.analysis} stored={run.result} actions={actions} />, fakeApi({}).api);
    fireEvent.click(screen.getByRole('button', { name: 'Placebo test' }));
    expect(actions.openBuilder).toHaveBeenLastCalledWith('placebo', did);
    fireEvent.click(screen.getByRole('button', { name: 'Robustness variants' }));
    expect(actions.openBuilder).toHaveBeenLastCalledWith('did_robustness', { base: did, base_id: 'an-1' });
    fireEvent.click(screen.getByRole('button', { name: 'Triple differences' }));
    expect(actions.openBuilder).toHaveBeenLastCalledWith('ddd', did);
    fireEvent.click(screen.getByRole('button', { name: 'Lag effects' }));
    expect(actions.openBuilder).toHaveBeenLastCalledWith('did_lags', did);
  });

  it('disables the placebo test of a built treatment and says why; a variant links to its base', () => {
    const actions = actionsSpy();
    const built = { ...did, treatment: { kind: 'group' as const, column: 'treat', policy_time: 2006 }, base_id: 'an-1', label: 'Without 2007' };
    const run = storedAnalysis(built, fit, 'an-2');
    renderWithApi(<DidResultView analysis={run.analysis} stored={run.result} actions={actions} />, fakeApi({}).api);
    expect((screen.getByRole('button', { name: 'Placebo test' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getAllByText(/permutes an existing 0\/1 treatment column/).length).toBeGreaterThan(0);
    expect(screen.getByTestId('variant-of').textContent).toContain('Without 2007');
    fireEvent.click(screen.getByRole('button', { name: 'Open the base analysis' }));
    expect(actions.openAnalysis).toHaveBeenCalledWith('an-1');
  });
});
