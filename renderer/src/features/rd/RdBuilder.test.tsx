// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatasetInfo } from '../../../../shared/contract';
import { ApiError } from '../../api/client';
import { fakeApi } from '../../testing/fakeApi';
import { column, mpdtaDataset, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { choose, errorOf } from '../didkit/testing';
import { RdBuilder } from './RdBuilder';

afterEach(cleanup);

function senate(): DatasetInfo {
  const columns = ['state', 'year', 'vote', 'margin', 'class', 'termshouse', 'termssenate', 'population'].map((n) => column(n));
  return { ...mpdtaDataset('ds-senate'), name: 'senate', nrow: 1390, ncol: columns.length, columns: [...columns, { ...column('date'), format: 'date' }] };
}

/** A stored run as the Node side answers (the builder only passes it on). */
const done = storedRun({ coefficients: {} });

describe('RdBuilder', () => {
  it('runs the estimate, then its RD plot and density test on the same design, and hands back the estimate', async () => {
    const fake = fakeApi({ 'analysis.run': () => done });
    const onDone = vi.fn();
    renderWithApi(<RdBuilder datasets={[senate()]} initialDataset="senate" onDone={onDone} />, fake.api);
    choose('Outcome', 'vote');
    choose('Running variable', 'margin');
    fireEvent.click(screen.getByRole('button', { name: 'Run: RD estimate' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1), { timeout: 5000 });
    const sent = fake.payloads('analysis.run') as { name: string; spec: { model: string } }[];
    expect(sent.map((s) => s.spec.model)).toEqual(['rdrobust', 'rdplot', 'rddensity']);
    expect(sent[0]).toMatchObject({ name: 'vote ~ margin · RD estimate', spec: { data: 'senate', y: 'vote', x: 'margin', c: 0, p: 1 } });
    expect(sent[1].spec).toMatchObject({ y: 'vote', x: 'margin', p: 4 });
    expect(sent[2]).toMatchObject({ name: 'margin · Density (manipulation) test', spec: { x: 'margin', p: 2 } });
  });

  it('runs the estimate alone when the companions are unticked', async () => {
    const fake = fakeApi({ 'analysis.run': () => done });
    renderWithApi(<RdBuilder datasets={[senate()]} initialDataset="senate" onDone={() => undefined} />, fake.api);
    choose('Outcome', 'vote');
    choose('Running variable', 'margin');
    fireEvent.click(screen.getByLabelText('RD plot'));
    fireEvent.click(screen.getByLabelText('Density (manipulation) test'));
    fireEvent.click(screen.getByRole('button', { name: 'Run: RD estimate' }));
    await waitFor(() => expect(fake.payloads('analysis.run')).toHaveLength(1));
  });

  it('shows missing choices and a bad bandwidth beside their fields and sends nothing', async () => {
    const fake = fakeApi({});
    renderWithApi(<RdBuilder datasets={[senate()]} initialDataset="senate" onDone={() => undefined} />, fake.api);
    fireEvent.click(screen.getByLabelText('Fixed'));
    choose('Bandwidth h', '1, 2, 3');
    fireEvent.click(screen.getByRole('button', { name: 'Run: RD estimate' }));
    expect(await screen.findByText('Fix the highlighted fields before running.')).toBeTruthy();
    expect(errorOf('Outcome')).toBe('Choose or enter a value.');
    expect(errorOf('Running variable')).toBe('Choose or enter a value.');
    expect(errorOf('Bandwidth h')).toBe('Enter one number, or two separated by a comma (left, right).');
    expect(fake.sent).toEqual([]);
  });

  it('builds RD in time from a date column and shows the cautions', async () => {
    const fake = fakeApi({ 'analysis.run': () => done });
    renderWithApi(<RdBuilder datasets={[senate()]} initialDataset="senate" onDone={() => undefined} />, fake.api);
    choose('Outcome', 'vote');
    fireEvent.click(screen.getByLabelText('Time relative to a policy date (RD in time)'));
    expect(screen.getByText('Cautions for RD in time')).toBeTruthy();
    expect(screen.getByText('Observations are serially correlated.')).toBeTruthy();
    choose('Time column', 'date');
    choose('Count time in', 'month');
    choose('Policy date (YYYY-MM-DD)', '2015-07-01');
    fireEvent.click(screen.getByLabelText('RD plot'));
    fireEvent.click(screen.getByLabelText('Density (manipulation) test'));
    fireEvent.click(screen.getByRole('button', { name: 'Run: RD estimate' }));
    await waitFor(() => expect(fake.payloads('analysis.run')).toHaveLength(1));
    expect(fake.payloads('analysis.run')[0]).toMatchObject({ spec: { time: { column: 'date', policy: '2015-07-01', unit: 'month' } } });
  });

  it('disables the variance choice with a cluster: rdrobust then uses CR1', () => {
    renderWithApi(<RdBuilder datasets={[senate()]} initialDataset="senate" onDone={() => undefined} />, fakeApi({}).api);
    choose('Cluster standard errors by', 'state');
    expect((screen.getByLabelText('Variance estimator') as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByText('Cluster-robust (CR1), because a cluster is chosen.')).toBeTruthy();
  });

  it('puts the engine’s error on screen and a spec error beside its field', async () => {
    const fake = fakeApi({
      'analysis.run': () => {
        throw new ApiError('invalid_request', 'Invalid request', { issues: [{ path: 'spec.c', message: 'cutoff 500 is outside the range of margin' }] });
      },
    });
    renderWithApi(<RdBuilder datasets={[senate()]} initialDataset="senate" onDone={() => undefined} />, fake.api);
    choose('Outcome', 'vote');
    choose('Running variable', 'margin');
    choose('Cutoff', '500');
    fireEvent.click(screen.getByRole('button', { name: 'Run: RD estimate' }));
    await waitFor(() => expect(errorOf('Cutoff')).toBe('cutoff 500 is outside the range of margin'));
    expect(screen.getByText('The estimation failed')).toBeTruthy();
  });

  it('keeps the finished estimate reachable when a companion fails', async () => {
    let calls = 0;
    const fake = fakeApi({
      'analysis.run': () => {
        calls += 1;
        if (calls === 2) throw new ApiError('rd_too_few_points', 'Too few distinct values of margin on the left.', {});
        return done;
      },
    });
    const onDone = vi.fn();
    renderWithApi(<RdBuilder datasets={[senate()]} initialDataset="senate" onDone={onDone} />, fake.api);
    choose('Outcome', 'vote');
    choose('Running variable', 'margin');
    fireEvent.click(screen.getByRole('button', { name: 'Run: RD estimate' }));
    expect(await screen.findByText('Too few distinct values of margin on the left.', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText('RD plot failed')).toBeTruthy();
    expect(fake.payloads('analysis.run')).toHaveLength(2);
    expect(onDone).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Show the finished results (1)' }));
    expect(onDone).toHaveBeenCalledWith(done);
  });

  it('cancels a running estimate', async () => {
    const fake = fakeApi({ 'analysis.run': () => new Promise(() => undefined) });
    renderWithApi(<RdBuilder datasets={[senate()]} initialDataset="senate" onDone={() => undefined} />, fake.api);
    choose('Outcome', 'vote');
    choose('Running variable', 'margin');
    fireEvent.click(screen.getByRole('button', { name: 'Run: RD estimate' }));
    expect(await screen.findByRole('progressbar')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Estimation cancelled.')).toBeTruthy();
    expect(fake.payloads('job.cancel')).toEqual([{ jobId: 'job-1' }]);
  });

  it('opens a saved density test with its own fields, in Chinese', () => {
    renderWithApi(
      <RdBuilder datasets={[senate()]} initialDataset="senate" initialSpec={{ model: 'rddensity', data: 'senate', x: 'margin', c: 0, p: 2, fitselect: 'restricted', kernel: 'triangular', vce: 'jackknife', massPoints: true, bwselect: 'comb', all: false, regularize: true, bino: true, binoNW: 10, binoP: 0.5, plot_n: 20, level: 95 }} onDone={() => undefined} />,
      fakeApi({}).api,
      'zh-CN',
    );
    expect(screen.getByRole('button', { name: '运行：密度（操纵）检验' })).toBeTruthy();
    expect((screen.getByLabelText('模型') as HTMLSelectElement).value).toBe('restricted');
    expect(screen.queryByLabelText('结果变量')).toBeNull();
  });
});
