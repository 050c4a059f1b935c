// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatasetInfo } from '../../../../shared/contract';
import { ApiError } from '../../api/client';
import { fakeApi } from '../../testing/fakeApi';
import { column, mpdtaDataset, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { choose, errorOf } from '../didkit/testing';
import { HeterogeneityBuilder } from './HeterogeneityBuilder';
import { IndexBuilder } from './IndexBuilder';
import { MediationBuilder } from './MediationBuilder';
import { ModerationBuilder } from './ModerationBuilder';

afterEach(cleanup);

function survey(): DatasetInfo {
  const names = ['resp_id', 'city_id', 'year', 'treat_post', 'age', 'edu', 'urban', 'internet', 'uncertainty', 'participation', 'pa_election', 'pa_apathy'];
  const columns = [...names.map((n) => column(n)), column('city', 'string')];
  return { ...mpdtaDataset('ds-survey'), name: 'demo_survey', nrow: 78400, ncol: columns.length, columns };
}

function fillModel(): void {
  choose('Outcome', 'participation');
  choose('Policy variable', 'treat_post');
  fireEvent.click(within(screen.getByRole('group', { name: 'Fixed effects' })).getByLabelText('city_id'));
  fireEvent.click(within(screen.getByRole('group', { name: 'Fixed effects' })).getByLabelText('year'));
}

describe('MediationBuilder', () => {
  it('runs the three-step model with a seeded cluster bootstrap', async () => {
    const fake = fakeApi({ 'analysis.run': () => storedRun({ coefficients: {} }) });
    const onDone = vi.fn();
    renderWithApi(<MediationBuilder datasets={[survey()]} initialDataset="demo_survey" onDone={onDone} />, fake.api);
    fillModel();
    choose('Mechanism (mediator)', 'internet');
    fireEvent.click(within(screen.getByRole('group', { name: 'Control variables' })).getByLabelText('age'));
    fireEvent.click(screen.getByRole('radio', { name: 'By a column' }));
    choose('Cluster by', 'city_id');
    choose('Bootstrap draws', '200');
    fireEvent.click(screen.getByRole('button', { name: 'Run mediation' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(fake.payloads('analysis.run')).toEqual([
      {
        name: 'participation ← internet ← treat_post · mediation',
        spec: expect.objectContaining({ model: 'mediation', data: 'demo_survey', outcome: 'participation', treatment: 'treat_post', mediator: 'internet', controls: ['age'], fixed_effects: ['city_id', 'year'], cluster: ['city_id'], bootstrap: { draws: 200, seed: 20240601 } }),
      },
    ]);
  });

  it('does not offer the roles as controls, and names a missing mediator', async () => {
    const fake = fakeApi({});
    renderWithApi(<MediationBuilder datasets={[survey()]} initialDataset="demo_survey" onDone={() => undefined} />, fake.api);
    fillModel();
    expect(within(screen.getByRole('group', { name: 'Control variables' })).queryByLabelText('participation')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Run mediation' }));
    expect(await screen.findByText('Fix the highlighted fields before running.')).toBeTruthy();
    expect(errorOf('Mechanism (mediator)')).toBe('Choose or enter a value.');
    expect(fake.sent).toEqual([]);
  });

  it('shows the engine’s message when the bootstrap cannot run', async () => {
    const fake = fakeApi({
      'analysis.run': () => {
        throw new ApiError('mediation.bootstrap_failed', 'In 30 of 50 bootstrap draws the treatment had no variation left.', {});
      },
    });
    renderWithApi(<MediationBuilder datasets={[survey()]} initialDataset="demo_survey" onDone={() => undefined} />, fake.api);
    fillModel();
    choose('Mechanism (mediator)', 'internet');
    fireEvent.click(screen.getByRole('button', { name: 'Run mediation' }));
    expect(await screen.findByText('In 30 of 50 bootstrap draws the treatment had no variation left.')).toBeTruthy();
    expect(screen.getByText('The estimation failed')).toBeTruthy();
  });
});

describe('ModerationBuilder', () => {
  it('runs the interaction model centred at a value, in Chinese', async () => {
    const fake = fakeApi({ 'analysis.run': () => storedRun({ coefficients: {} }) });
    renderWithApi(<ModerationBuilder datasets={[survey()]} initialDataset="demo_survey" onDone={() => undefined} />, fake.api, 'zh-CN');
    choose('结果变量', 'participation');
    choose('政策变量', 'treat_post');
    choose('调节变量', 'uncertainty');
    fireEvent.click(screen.getByRole('radio', { name: '以某个值中心化' }));
    choose('中心值', '3');
    fireEvent.click(screen.getByRole('button', { name: '运行调节效应分析' }));
    await waitFor(() => expect(fake.payloads('analysis.run')).toHaveLength(1));
    expect(fake.payloads('analysis.run')[0]).toMatchObject({ spec: { model: 'moderation', moderator: 'uncertainty', center: 3, bins: 3 } });
  });
});

describe('HeterogeneityBuilder', () => {
  it('adds and removes splits and names the split that is wrong', async () => {
    const fake = fakeApi({ 'analysis.run': () => storedRun({ coefficients: {} }) });
    renderWithApi(<HeterogeneityBuilder datasets={[survey()]} initialDataset="demo_survey" onDone={() => undefined} />, fake.api);
    fillModel();
    choose('Column of split 1', 'urban');
    fireEvent.click(screen.getByRole('button', { name: 'Add a split' }));
    choose('Split 2', 'quantiles');
    fireEvent.click(screen.getByRole('button', { name: 'Run heterogeneity' }));
    expect(await screen.findByText('Fix the highlighted fields before running.')).toBeTruthy();
    expect(errorOf('Column of split 2')).toBe('Choose or enter a value.');
    choose('Column of split 2', 'edu');
    choose('Permutations', '100');
    choose('Shuffle across', 'resp_id');
    fireEvent.click(screen.getByRole('button', { name: 'Run heterogeneity' }));
    await waitFor(() => expect(fake.payloads('analysis.run')).toHaveLength(1));
    expect(fake.payloads('analysis.run')[0]).toMatchObject({
      spec: { splits: [{ kind: 'categorical', column: 'urban' }, { kind: 'quantiles', column: 'edu', groups: 2 }], permutation: { draws: 100, unit: 'resp_id' } },
    });
    fireEvent.click(screen.getAllByRole('button', { name: 'Remove this split' })[0]);
    expect((screen.getByLabelText('Column of split 1') as HTMLSelectElement).value).toBe('edu');
  });
});

describe('IndexBuilder', () => {
  it('computes the index and saves its column through the recipe steps, on one progress bar', async () => {
    const steps = [{ op: 'generate', name: 'pa_index', expr: '0.5 * pa_election + 0.5 * (10 - pa_apathy)' }];
    const indexResult = {
      model: 'index', method: 'entropy', name: 'pa_index', values: [], nobs: 0, n_missing: 0, standardization: 'minmax', shift: 0.0001, by: null,
      weights: [], standardization_constants: [], topsis: null, pca: null, summary: { n: 0, mean: null, sd: null, min: null, max: null }, by_group: null, recipe_steps: steps, notes: [],
    };
    const run = storedRun(indexResult);
    const fake = fakeApi({ 'analysis.run': () => run, 'dataset.transform': () => ({ dataset: survey(), report: { message: 'generated' } }) });
    const onDone = vi.fn();
    renderWithApi(<IndexBuilder datasets={[survey()]} initialDataset="demo_survey" onDone={onDone} />, fake.api);
    choose('Name of the new column', 'pa_index');
    choose('Indicator 1', 'pa_election');
    choose('Indicator 2', 'pa_apathy');
    const directions = screen.getAllByLabelText('Direction');
    expect(directions).toHaveLength(2);
    fireEvent.change(directions[1], { target: { value: 'negative' } });
    fireEvent.click(screen.getByRole('button', { name: 'Compute and save the index' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(fake.payloads('analysis.run')[0]).toMatchObject({ spec: { model: 'index', name: 'pa_index', indicators: [{ column: 'pa_election', direction: 'positive' }, { column: 'pa_apathy', direction: 'negative' }] } });
    expect(fake.payloads('dataset.transform')).toEqual([{ datasetId: 'ds-survey', step: steps[0] }]);
  });

  it('keeps two indicators at least and hides the entropy options for PCA', () => {
    renderWithApi(<IndexBuilder datasets={[survey()]} initialDataset="demo_survey" onDone={() => undefined} />, fakeApi({}).api);
    expect((screen.getByRole('button', { name: 'Remove indicator 1' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: /^Principal components/ }));
    expect(screen.queryByLabelText('Standardisation')).toBeNull();
    expect(screen.getByLabelText('Components')).toBeTruthy();
  });
});
