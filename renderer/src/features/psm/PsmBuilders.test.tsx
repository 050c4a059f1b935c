// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../testing/fakeApi';
import { column, mpdtaDataset, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { choose, errorOf, tick } from '../didkit/testing';
import { MatchitBuilder } from './MatchitBuilder';
import { PsmDidBuilder } from './PsmDidBuilder';

afterEach(cleanup);

const lalonde = {
  ...mpdtaDataset('ds-2'),
  name: 'lalonde',
  columns: [column('treat'), column('age'), column('educ'), column('race', 'string'), column('re74'), column('re78')],
};

describe('MatchitBuilder', () => {
  it('matches with MatchIt’s defaults and estimates the ATT of the outcome', async () => {
    const onDone = vi.fn();
    const fake = fakeApi({ 'analysis.run': () => storedRun({}) });
    renderWithApi(<MatchitBuilder datasets={[lalonde]} initialDataset="lalonde" initialSpec={null} onDone={onDone} />, fake.api);
    choose('Treatment (0/1)', 'treat');
    tick('Covariates', ['age', 'educ', 'race', 're74']);
    choose('Outcome', 're78');
    fireEvent.click(screen.getByRole('button', { name: 'Match' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fake.payloads('analysis.run')).toMatchObject([
      { name: 'PSM: treat ~ age + educ + race + re74', spec: { model: 'matchit', data: 'lalonde', method: 'nearest', distance: 'logit', replace: false, ratio: 1, outcome: 're78' } },
    ]);
  });

  it('asks for a radius for radius matching and shows kernel choices for kernel matching', async () => {
    const fake = fakeApi({});
    renderWithApi(<MatchitBuilder datasets={[lalonde]} initialDataset="lalonde" initialSpec={null} onDone={() => undefined} />, fake.api);
    choose('Treatment (0/1)', 'treat');
    tick('Covariates', ['age']);
    choose('Method', 'radius');
    fireEvent.click(screen.getByRole('button', { name: 'Match' }));
    expect(await screen.findByText('Fix the highlighted fields before running.')).toBeTruthy();
    expect(errorOf('Radius')).toBe('Radius matching needs a radius.');
    choose('Method', 'kernel');
    expect(screen.getByLabelText('Bandwidth')).toBeTruthy();
    expect(screen.queryByLabelText('Radius')).toBeNull();
    expect(fake.sent).toEqual([]);
  });
});

describe('PsmDidBuilder', () => {
  it('matches period by period on the score model and runs the DID on the matched sample', async () => {
    const onDone = vi.fn();
    const fake = fakeApi({ 'analysis.run': () => storedRun({}) });
    renderWithApi(<PsmDidBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={null} onDone={onDone} />, fake.api);
    choose('Outcome', 'lemp');
    choose('Treatment column (0/1)', 'treat_post');
    choose('Unit (panel ID)', 'countyreal');
    choose('Time period', 'year');
    choose('Treated group (0/1)', 'treat');
    tick('Covariates', ['lpop']);
    fireEvent.click(screen.getByRole('button', { name: 'Run PSM-DID' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fake.payloads('analysis.run')).toMatchObject([
      { spec: { model: 'psm_did', formula: 'treat ~ lpop', matching: 'by_period', did_formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] }, use_weights: true } },
    ]);
  });
});
