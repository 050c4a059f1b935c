// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BuilderProps } from '../../app/builderProps';
import { fakeApi } from '../../testing/fakeApi';
import { mpdtaDataset, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { choose, errorOf, tick } from '../didkit/testing';
import { AttGtBuilder } from './AttGtBuilder';
import { BaconBuilder } from './BaconBuilder';
import { CompareBuilder } from './CompareBuilder';
import { ImputationBuilder } from './ImputationBuilder';

afterEach(cleanup);

function open(Builder: (p: BuilderProps) => ReactElement, initialSpec: unknown = null) {
  const onDone = vi.fn();
  const fake = fakeApi({ 'analysis.run': () => storedRun({}) });
  renderWithApi(<Builder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={initialSpec} onDone={onDone} />, fake.api);
  return { fake, onDone };
}

function fillPanel(): void {
  choose('Outcome', 'lemp');
  choose('Unit (panel ID)', 'countyreal');
  choose('Time period', 'year');
  choose('First-treatment time column (0 or empty = never treated)', 'first.treat');
}

const panel = { data: 'mpdta', yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat' };

describe('AttGtBuilder', () => {
  it('runs did’s defaults with a dynamic aggregation, a covariate and a seeded bootstrap with uniform bands', async () => {
    const { fake, onDone } = open(AttGtBuilder);
    fillPanel();
    tick('Covariates', ['lpop']);
    expect(screen.getByLabelText('Earliest event time shown')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Multiplier bootstrap instead of analytic standard errors'));
    fireEvent.click(screen.getByLabelText('Uniform confidence bands (sup-t)'));
    fireEvent.click(screen.getByRole('button', { name: 'Estimate ATT(g,t)' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fake.payloads('analysis.run')).toMatchObject([
      { name: 'Callaway–Sant’Anna: lemp by first.treat', spec: { model: 'att_gt', ...panel, xformla: '~ lpop', aggte: 'dynamic', bstrap: true, biters: 1000, seed: 1, cband: true } },
    ]);
  });

  it('hides the event window for other aggregations and shows the missing columns', async () => {
    const { fake } = open(AttGtBuilder);
    choose('Aggregate the ATT(g,t)', 'group');
    expect(screen.queryByLabelText('Earliest event time shown')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Estimate ATT(g,t)' }));
    expect(await screen.findByText('Fix the highlighted fields before running.')).toBeTruthy();
    expect(errorOf('Outcome')).toBe('Choose a column.');
    expect(fake.sent).toEqual([]);
  });
});

describe('ImputationBuilder', () => {
  it('runs chosen horizons with the pre-trends −3 … −1', async () => {
    const { fake, onDone } = open(ImputationBuilder);
    fillPanel();
    choose('Effects to estimate', 'list');
    choose('Event times', '0 1 2');
    fireEvent.click(screen.getByRole('button', { name: 'Run imputation estimator' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fake.payloads('analysis.run')).toMatchObject([{ spec: { model: 'did_imputation', ...panel, horizon: [0, 1, 2], pretrends: [-3, -1] } }]);
  });
});

describe('BaconBuilder', () => {
  it('decomposes outcome ~ treatment', async () => {
    const { fake, onDone } = open(BaconBuilder);
    choose('Outcome', 'lemp');
    choose('Treatment column (0/1)', 'treat_post');
    choose('Unit (panel ID)', 'countyreal');
    choose('Time period', 'year');
    fireEvent.click(screen.getByRole('button', { name: 'Decompose' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fake.payloads('analysis.run')).toMatchObject([{ name: 'Bacon decomposition: lemp ~ treat_post', spec: { model: 'bacon', formula: 'lemp ~ treat_post', id_var: 'countyreal', time_var: 'year' } }]);
  });
});

describe('CompareBuilder', () => {
  it('starts from a saved comparison and needs at least one estimator', async () => {
    const { fake } = open(CompareBuilder, { model: 'did_compare', ...panel, estimators: ['cs'], min_e: -3 });
    expect((screen.getByLabelText('Earliest event time shown') as HTMLInputElement).value).toBe('-3');
    tick('Estimators to compare', ['Callaway–Sant’Anna']);
    fireEvent.click(screen.getByRole('button', { name: 'Compare estimators' }));
    expect(await screen.findByText('Choose at least one.')).toBeTruthy();
    expect(fake.sent).toEqual([]);
  });
});
