// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { didSpec } from '../../../../shared/specs/did';
import { fakeApi } from '../../testing/fakeApi';
import { mpdtaDataset, mpdtaTwfeSpec } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { choose, storedAnalysis } from '../didkit/testing';
import { RobustnessBuilder } from './RobustnessBuilder';

afterEach(cleanup);

const did = didSpec.parse(mpdtaTwfeSpec);
const base = storedAnalysis(did, {}, 'an-1').analysis;

describe('RobustnessBuilder', () => {
  it('runs the ticked variants of the base it was opened from in one job (the Node side stores each variant)', async () => {
    const runs: unknown[] = [];
    const onDone = vi.fn();
    const fake = fakeApi({
      'analysis.list': () => ({ analyses: [base] }),
      'analysis.run': (payload) => {
        runs.push(payload);
        const spec = (payload as { spec: { model: string; data: string } }).spec;
        return storedAnalysis(spec, { columns: [] }, `an-${runs.length + 1}`);
      },
    });
    renderWithApi(<RobustnessBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={{ base: did, base_id: 'an-1' }} onDone={onDone} />, fake.api);
    expect(((await screen.findByLabelText('Base DID')) as HTMLSelectElement).value).toBe('an-1');
    fireEvent.click(screen.getByLabelText('Winsorize the outcome'));
    fireEvent.click(screen.getByLabelText('Alternative outcome'));
    choose('Outcome to use instead', 'lpop');
    fireEvent.click(screen.getByRole('button', { name: 'Run the variants' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(runs).toMatchObject([
      {
        name: 'Robustness: did analysis',
        spec: { model: 'did_robustness', base_id: 'an-1', variants: [{ kind: 'winsorize', lower: 1, upper: 99 }, { kind: 'alt_outcome', outcome: 'lpop' }] },
      },
    ]);
    // No variant is estimated a second time from the page.
    expect(runs).toHaveLength(1);
    expect((onDone.mock.calls[0][0] as { analysis: { model: string } }).analysis.model).toBe('did_robustness');
  });

  it('says what to do when the project has no saved DID', async () => {
    const fake = fakeApi({ 'analysis.list': () => ({ analyses: [] }) });
    renderWithApi(<RobustnessBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={null} onDone={() => undefined} />, fake.api);
    expect(await screen.findByText('Save a DID first: run one from the DID builder, then come back here.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Run the variants' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('needs a ticked variant', async () => {
    const fake = fakeApi({ 'analysis.list': () => ({ analyses: [base] }) });
    renderWithApi(<RobustnessBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={{ base: did, base_id: 'an-1' }} onDone={() => undefined} />, fake.api);
    fireEvent.click(await screen.findByRole('button', { name: 'Run the variants' }));
    expect(await screen.findByText('Tick at least one variant.')).toBeTruthy();
    expect(fake.payloads('analysis.run')).toEqual([]);
  });
});
