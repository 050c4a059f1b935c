// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { didSpec } from '../../../../shared/specs/did';
import { fakeApi } from '../../testing/fakeApi';
import { mpdtaDataset, mpdtaTwfeSpec, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { choose, errorOf } from '../didkit/testing';
import { DidBuilder } from './DidBuilder';

afterEach(cleanup);

const did = didSpec.parse(mpdtaTwfeSpec);

describe('DidBuilder variants', () => {
  it('builds a DDD from a saved DID’s choices, without an event study', async () => {
    const onDone = vi.fn();
    const fake = fakeApi({ 'analysis.run': () => storedRun({}) });
    renderWithApi(<DidBuilder variant="ddd" datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={did} onDone={onDone} />, fake.api);
    expect(screen.getByRole('heading', { name: 'Triple differences (DDD)' })).toBeTruthy();
    expect(screen.queryByLabelText('Also estimate an event study (dynamic effects)')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Run DDD' }));
    await waitFor(() => expect(errorOf('Targeted subgroup (0/1)')).toBe('Choose a column.'));
    choose('Targeted subgroup (0/1)', 'treat');
    fireEvent.click(screen.getByRole('button', { name: 'Run DDD' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fake.payloads('analysis.run')).toMatchObject([{ name: 'DDD: lemp ~ treat_post × treat', spec: { model: 'ddd', outcome: 'lemp', group: 'treat', design: 'group_time' } }]);
  });

  it('builds lag effects with the chosen largest lag', async () => {
    const onDone = vi.fn();
    const fake = fakeApi({ 'analysis.run': () => storedRun({}) });
    renderWithApi(<DidBuilder variant="did_lags" datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={did} onDone={onDone} />, fake.api);
    choose('Largest lag', '2');
    fireEvent.click(screen.getByRole('button', { name: 'Estimate lag effects' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fake.payloads('analysis.run')).toMatchObject([{ name: 'Lag effects: lemp ~ treat_post', spec: { model: 'did_lags', max_lag: 2, include_current: true, time_step: 1 } }]);
  });

  it('reruns a robustness variant with the settings the form does not show, under its label', async () => {
    const onDone = vi.fn();
    const fake = fakeApi({ 'analysis.run': () => storedRun({}) });
    const variant = { ...did, exclude: { times: [2007] }, base_id: 'an-1', label: 'Without year 2007' };
    renderWithApi(<DidBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={variant} onDone={onDone} />, fake.api);
    expect(screen.getByTestId('carried-settings').textContent).toContain('Without year 2007');
    fireEvent.click(screen.getByRole('button', { name: 'Run DID' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fake.payloads('analysis.run')).toMatchObject([{ name: 'Without year 2007', spec: { exclude: { times: [2007] }, base_id: 'an-1', label: 'Without year 2007' } }]);
  });

  it('sends the chosen df of the pre-trend test', async () => {
    const onDone = vi.fn();
    const fake = fakeApi({ 'analysis.run': () => storedRun({}) });
    renderWithApi(<DidBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={did} onDone={onDone} />, fake.api);
    choose('Pre-trend test df', 'residual');
    fireEvent.click(screen.getByRole('button', { name: 'Run DID' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fake.payloads('analysis.run')).toMatchObject([{ spec: { event_study: { wald_df2: 'residual' } } }]);
  });
});
