// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { fakeApi } from '../../testing/fakeApi';
import { mpdtaDataset, mpdtaTwfeSpec, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { choose, errorOf } from '../didkit/testing';
import { DidBuilder } from './DidBuilder';

afterEach(cleanup);

/** The first-time user's choices: lemp on treat_post, county and year. */
function fillTwfe(): void {
  choose('Outcome', 'lemp');
  choose('Treatment column (0/1)', 'treat_post');
  choose('Unit (panel ID)', 'countyreal');
  choose('Time period', 'year');
}

describe('DidBuilder', () => {
  it('shows each missing choice next to its field and sends nothing', async () => {
    const fake = fakeApi({});
    renderWithApi(<DidBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" onDone={() => undefined} />, fake.api);
    fireEvent.click(screen.getByRole('button', { name: 'Run DID' }));
    expect(await screen.findByText('Fix the highlighted fields before running.')).toBeTruthy();
    expect(errorOf('Outcome')).toBe('Choose a column.');
    expect(errorOf('Treatment column (0/1)')).toBe('Choose a column.');
    expect(errorOf('Unit (panel ID)')).toBe('Choose a column.');
    expect(errorOf('Time period')).toBe('Choose a column.');
    expect(fake.sent).toEqual([]);
  });

  it('runs the TWFE spec of the first-time user path and hands back the stored run', async () => {
    const run = storedRun({ coefficients: {} });
    const fake = fakeApi({ 'analysis.run': () => run });
    const onDone = vi.fn();
    renderWithApi(<DidBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" onDone={onDone} />, fake.api);
    fillTwfe();
    expect((screen.getByLabelText('Cluster standard errors by') as HTMLSelectElement).value).toBe('countyreal');
    fireEvent.click(screen.getByRole('button', { name: 'Run DID' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(fake.payloads('analysis.run')).toMatchObject([{ name: 'lemp ~ treat_post', spec: mpdtaTwfeSpec }]);
    expect(onDone.mock.calls[0][0].analysis.id).toBe(run.analysis.id);
  });

  it('builds the treated group from pasted pilot-city IDs and a policy year', async () => {
    const fake = fakeApi({ 'analysis.run': () => storedRun({ coefficients: {} }) });
    const onDone = vi.fn();
    renderWithApi(<DidBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" onDone={onDone} />, fake.api);
    choose('Outcome', 'lemp');
    fireEvent.click(screen.getByLabelText('A treated group and one policy year'));
    fireEvent.click(screen.getByLabelText('A list of unit IDs'));
    fireEvent.change(screen.getByLabelText('Treated unit IDs'), { target: { value: '8001\n8019, 13001' } });
    expect(screen.getByText('3 IDs')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Policy year (first treated period)'), { target: { value: '2006' } });
    choose('Unit (panel ID)', 'countyreal');
    choose('Time period', 'year');
    fireEvent.click(screen.getByRole('button', { name: 'Run DID' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const sent = fake.payloads('analysis.run')[0] as { spec: { treatment: unknown } };
    expect(sent.spec.treatment).toEqual({ kind: 'ids', ids: [8001, 8019, 13001], policy_time: 2006 });
  });

  it('puts a spec error from the Node side next to the field it names', async () => {
    const fake = fakeApi({
      'analysis.run': () => {
        throw new ApiError('invalid_request', 'Invalid request', {
          issues: [{ path: 'spec.treatment.column', message: 'column "treat_post" is not 0/1' }],
        });
      },
    });
    renderWithApi(<DidBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" onDone={() => undefined} />, fake.api);
    fillTwfe();
    fireEvent.click(screen.getByRole('button', { name: 'Run DID' }));
    await waitFor(() => expect(errorOf('Treatment column (0/1)')).toBe('column "treat_post" is not 0/1'));
    expect(screen.getByText('The estimation failed')).toBeTruthy();
  });

  it('cancels a running estimation and says so', async () => {
    const fake = fakeApi({ 'analysis.run': () => new Promise(() => undefined) });
    renderWithApi(<DidBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" onDone={() => undefined} />, fake.api);
    fillTwfe();
    fireEvent.click(screen.getByRole('button', { name: 'Run DID' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Estimation cancelled.')).toBeTruthy();
    expect(fake.payloads('job.cancel')).toEqual([{ jobId: 'job-1' }]);
    expect(screen.getByRole('button', { name: 'Run DID' })).toBeTruthy();
  });

  it('renders in Chinese', () => {
    renderWithApi(<DidBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" onDone={() => undefined} />, fakeApi({}).api, 'zh-CN');
    expect(screen.getByRole('button', { name: '运行 DID' })).toBeTruthy();
    expect(screen.getByLabelText('结果变量')).toBeTruthy();
  });
});
