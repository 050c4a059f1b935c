// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { fakeApi } from '../../testing/fakeApi';
import { mpdtaDataset, mpdtaTwfeSpec, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { choose, errorOf } from '../didkit/testing';
import { PlaceboBuilder } from './PlaceboBuilder';

afterEach(cleanup);

function builder(handlers: Parameters<typeof fakeApi>[0], initialSpec: unknown = null, onDone = vi.fn()) {
  const fake = fakeApi(handlers);
  renderWithApi(<PlaceboBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={initialSpec} onDone={onDone} />, fake.api);
  return fake;
}

function fillMpdta(): void {
  choose('Outcome', 'lemp');
  choose('Treatment column (0/1)', 'treat_post');
  choose('Unit (panel ID)', 'countyreal');
  choose('Time period', 'year');
}

describe('PlaceboBuilder', () => {
  it('shows each missing choice beside its field and sends nothing', async () => {
    const fake = builder({});
    fireEvent.click(screen.getByRole('button', { name: 'Run placebo test' }));
    expect(await screen.findByText('Fix the highlighted fields before running.')).toBeTruthy();
    expect(errorOf('Outcome')).toBe('Choose a column.');
    expect(errorOf('Treatment column (0/1)')).toBe('Choose a column.');
    expect(fake.sent).toEqual([]);
  });

  it('runs a 200-draw in-space placebo clustered by the unit and hands back the stored run', async () => {
    const run = storedRun({}, 'an-9');
    const onDone = vi.fn();
    const fake = builder({ 'analysis.run': () => run }, null, onDone);
    fillMpdta();
    choose('Number of draws', '200');
    fireEvent.click(screen.getByRole('button', { name: 'Run placebo test' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(fake.payloads('analysis.run')).toMatchObject([
      {
        name: 'Placebo test, in space: treat_post',
        spec: {
          model: 'placebo',
          base: { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } },
          kind: 'in_space',
          draws: 200,
          seed: 1,
        },
      },
    ]);
  });

  it('asks for shifts instead of draws for an in-time placebo', () => {
    builder({});
    expect(screen.getByLabelText('Number of draws')).toBeTruthy();
    fireEvent.click(screen.getByLabelText(/In time/));
    expect(screen.queryByLabelText('Number of draws')).toBeNull();
    expect(screen.getByLabelText('Periods to move the policy earlier')).toBeTruthy();
  });

  it('starts from a saved DID with a 0/1 treatment column', () => {
    builder({}, mpdtaTwfeSpec);
    expect((screen.getByLabelText('Outcome') as HTMLSelectElement).value).toBe('lemp');
    expect((screen.getByLabelText('Treatment column (0/1)') as HTMLSelectElement).value).toBe('treat_post');
    expect((screen.getByLabelText('Cluster standard errors by') as HTMLSelectElement).value).toBe('countyreal');
  });

  it('shows progress while running and says so when cancelled', async () => {
    builder({ 'analysis.run': () => new Promise(() => undefined) });
    fillMpdta();
    fireEvent.click(screen.getByRole('button', { name: 'Run placebo test' }));
    expect(await screen.findByRole('progressbar')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Estimation cancelled.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Run placebo test' })).toBeTruthy();
  });

  it('puts the engine error beside the field its path names, and shows its message', async () => {
    builder({
      'analysis.run': () => {
        throw new ApiError('invalid_request', 'draws: too many', { issues: [{ path: 'spec.draws', message: 'Fewer distinct assignments than draws.' }] });
      },
    });
    fillMpdta();
    fireEvent.click(screen.getByRole('button', { name: 'Run placebo test' }));
    await waitFor(() => expect(errorOf('Number of draws')).toBe('Fewer distinct assignments than draws.'));
    expect(screen.getByText('draws: too many')).toBeTruthy();
    choose('Number of draws', '300');
    expect(errorOf('Number of draws')).toBeNull();
  });

  it('renders in Chinese', () => {
    const fake = fakeApi({});
    renderWithApi(<PlaceboBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={null} onDone={() => undefined} />, fake.api, 'zh-CN');
    expect(screen.getByRole('button', { name: '运行安慰剂检验' })).toBeTruthy();
    expect(screen.getByText('安慰剂检验与置换检验')).toBeTruthy();
  });
});
