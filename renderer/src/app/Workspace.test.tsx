// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../../shared/contract';
import { didSpec } from '../../../shared/specs/did';
import { feolsFixture, storedAnalysis, stubResizeObserver } from '../features/didkit/testing';
import { fakeApi, type Handler } from '../testing/fakeApi';
import { mpdtaDataset, mpdtaTwfeSpec } from '../testing/fixtures';
import { renderWithApi } from '../testing/render';
import { Workspace } from './Workspace';

afterEach(cleanup);
beforeAll(stubResizeObserver);

const project: ProjectInfo = { path: '/tmp/p/Pilot.causeway', name: 'Pilot', createdAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1, datasets: 1, analyses: 1 };
const did = didSpec.parse(mpdtaTwfeSpec);
const row = { estimate: -0.0365, se: 0.0133, t: -2.74, p: 0.006, conf_low: -0.06, conf_high: -0.01 };
const didResult = {
  ...feolsFixture({ treat_post: row }, 2500),
  model: 'did',
  treatment: { kind: 'column', term: 'treat_post', n_units: 500, n_treated_units: 191, n_never_treated_units: 309, n_treated_obs: 291, cohorts: [], staggered: true },
  event_study: null,
  excluded_obs: 0,
  winsorized: [],
  unit_trends: 0,
};

function workspace(analyses: ReturnType<typeof storedAnalysis>[], extra: Record<string, Handler> = {}) {
  const fake = fakeApi({
    'dataset.list': () => ({ datasets: [mpdtaDataset()] }),
    'analysis.list': () => ({ analyses: analyses.map((a) => a.analysis) }),
    'analysis.get': (p) => analyses.find((a) => a.analysis.id === (p as { analysisId: string }).analysisId),
    'dataset.rows': () => ({ datasetId: 'ds-1', nrow: 2500, offset: 0, columns: [], values: [] }),
    'dataset.summary': () => ({ datasetId: 'ds-1', nrow: 2500, variables: [] }),
    ...extra,
  });
  renderWithApi(<Workspace project={project} />, fake.api);
  return fake;
}

describe('Workspace registries', () => {
  it('opens any builder from the New analysis menu in the builder tab, named after it', async () => {
    workspace([]);
    fireEvent.click(await screen.findByRole('button', { name: 'New analysis' }));
    const menu = screen.getByRole('menu');
    fireEvent.click(within(within(menu).getByRole('group', { name: 'Placebo & robustness' })).getByRole('menuitem', { name: /^Placebo and permutation tests/ }));
    expect(screen.getByRole('tab', { name: 'Placebo and permutation tests', selected: true })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Placebo and permutation tests' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New analysis' }));
    fireEvent.click(screen.getByRole('menuitem', { name: /^Callaway–Sant’Anna/ }));
    expect(screen.getByRole('tab', { name: 'Callaway–Sant’Anna (att_gt)', selected: true })).toBeTruthy();
  });

  it('shows a saved DID with its own view, whose follow-ups open their builders filled from it', async () => {
    workspace([storedAnalysis(did, didResult, 'an-1')]);
    fireEvent.click(await screen.findByRole('button', { name: 'Lag effects' }));
    expect(screen.getByRole('tab', { name: 'Policy-lag effects', selected: true })).toBeTruthy();
    expect((screen.getByLabelText('Outcome') as HTMLSelectElement).value).toBe('lemp');
  });

  it('edits a Sun–Abraham fit in its builder and a plain feols fit in none', async () => {
    const sunab = { model: 'feols' as const, data: 'mpdta', formula: 'lemp ~ sunab(first.treat, year) | countyreal + year', vcov: { cluster: ['countyreal'] } };
    const plain = { model: 'feols' as const, data: 'mpdta', formula: 'lemp ~ treat_post | countyreal + year' };
    const fit = feolsFixture({ treat_post: row }, 2500);
    workspace([storedAnalysis(sunab, fit, 'an-2'), storedAnalysis(plain, fit, 'an-3')]);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit in the Sun–Abraham event study builder' }));
    expect(screen.getByRole('tab', { name: 'Sun–Abraham event study', selected: true })).toBeTruthy();
    expect((screen.getByLabelText('First-treatment time column (0 or empty = never treated)') as HTMLSelectElement).value).toBe('first.treat');
    fireEvent.click(screen.getAllByRole('button', { name: /feols analysis/ })[1]);
    await screen.findByRole('heading', { name: 'feols analysis' });
    expect(screen.queryByRole('button', { name: /^Edit in the/ })).toBeNull();
  });
});
