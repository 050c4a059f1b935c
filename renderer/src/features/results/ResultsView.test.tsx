// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { referenceCase } from '../../../../main/testing/fixtures';
import { ApiError } from '../../api/client';
import { fakeApi } from '../../testing/fakeApi';
import { mpdtaTwfeSpec, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { CoefficientTable } from './CoefficientTable';
import { ResultsView } from './ResultsView';
import { toResultView } from './resultView';

afterEach(cleanup);

beforeAll(() => {
  // jsdom has no layout: ECharts only needs a ResizeObserver to exist.
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
});

const twfe = referenceCase('mpdta.json', 'twfe').expected as Record<string, unknown>;
const eventStudy = referenceCase('mpdta.json', 'event_study_i').expected as Record<string, unknown>;

function resultsView(analysisId: string | null, onRan: () => void = () => undefined): ReactElement {
  return (
    <ResultsView
      analysisId={analysisId}
      onBuildDid={() => undefined}
      editorFor={() => null}
      actions={{ openBuilder: () => undefined, openAnalysis: () => undefined, analysesChanged: onRan }}
    />
  );
}

function value(row: HTMLElement, field: string): string | null {
  return row.querySelector(`[data-field="${field}"] [data-value]`)?.getAttribute('data-value') ?? null;
}

describe('CoefficientTable', () => {
  it('shows every number of the twfe fixture with its full double in data-value', () => {
    const table = toResultView(mpdtaTwfeSpec, { ...twfe, event_study: null }).table;
    renderWithApi(<CoefficientTable table={table} />, fakeApi({}).api);
    const row = document.querySelector<HTMLElement>('[data-term="treat_post"]');
    if (!row) throw new Error('no treat_post row');
    const coef = (twfe.coefficients as Record<string, Record<string, number>>).treat_post;
    expect(Number(value(row, 'estimate'))).toBe(coef.estimate);
    expect(Number(value(row, 'se'))).toBe(coef.se);
    expect(Number(value(row, 'stat'))).toBe(coef.t);
    expect(Number(value(row, 'p'))).toBe(coef.p);
    expect(within(row).getByText('-0.0365')).toBeTruthy();
    expect(row.querySelector('[data-field="stars"]')?.textContent).toBe('***');
    // The fixture has no CI: it is reported as not applicable, not computed here.
    expect(row.querySelector('[data-field="ci"]')?.textContent).toBe('n/a');
    expect(screen.getByText('2,500')).toBeTruthy();
    expect(screen.getByText('Fixed effects: countyreal')).toBeTruthy();
    expect(screen.getByText('Fixed effects: year')).toBeTruthy();
    expect(screen.getByText('countyreal (500 clusters)')).toBeTruthy();
    expect(Number(document.querySelector('[data-stat="r2_within"] [data-value]')?.getAttribute('data-value'))).toBe(
      twfe.r2_within,
    );
  });

  it('prints a confidence interval when the engine reports one', () => {
    const table = toResultView(
      { model: 'feols', vcov: 'hetero' },
      { coefficients: { x: { estimate: 0.5, se: 0.1, t: 5, p: 1e-6, conf_low: 0.3, conf_high: 0.7 } }, nobs: 100 },
    ).table;
    renderWithApi(<CoefficientTable table={table} />, fakeApi({}).api, 'zh-CN');
    const row = document.querySelector<HTMLElement>('[data-term="x"]');
    expect(row?.querySelector('[data-field="ci"]')?.textContent).toBe('[0.3000, 0.7000]');
    expect(row?.querySelector('[data-field="p"]')?.textContent).toBe('< 0.0001');
    expect(screen.getByText('异方差稳健')).toBeTruthy();
  });
});

describe('ResultsView', () => {
  it('loads a stored analysis and shows its table and event-study chart', async () => {
    const run = storedRun({ ...twfe, event_study: eventStudy });
    const fake = fakeApi({ 'analysis.get': () => run });
    renderWithApi(resultsView('an-1'), fake.api);
    expect(await screen.findByTestId('coefficient-table')).toBeTruthy();
    // The chart module loads lazily (the first import of ECharts is slow in a cold test run).
    expect((await screen.findByTestId('event-study-chart', {}, { timeout: 15_000 })).getAttribute('aria-label')).toBe('Event study: ');
    expect(fake.payloads('analysis.get')).toEqual([{ analysisId: 'an-1' }]);
  });

  it('says when the analysis has no event study', async () => {
    const fake = fakeApi({ 'analysis.get': () => storedRun({ ...twfe, event_study: null }) });
    renderWithApi(resultsView('an-1'), fake.api);
    expect(await screen.findByText(/has no event study/)).toBeTruthy();
  });

  it('runs a saved analysis that has no result yet and tells the list', async () => {
    const ran = storedRun({ ...twfe, event_study: null });
    const saved = { analysis: { ...ran.analysis, lastRun: null }, result: null };
    const fake = fakeApi({ 'analysis.get': () => saved, 'analysis.run': () => ran });
    const onRan = vi.fn();
    renderWithApi(resultsView('an-1', onRan), fake.api);
    expect(await screen.findByText('This analysis has not been run yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Run this analysis' }));
    expect(await screen.findByTestId('coefficient-table')).toBeTruthy();
    expect(fake.payloads('analysis.run')).toEqual([{ analysisId: 'an-1', spec: ran.analysis.spec }]);
    await waitFor(() => expect(onRan).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('button', { name: 'Run this analysis' })).toBeNull();
  });

  it('offers the builder when nothing is selected', () => {
    renderWithApi(resultsView(null), fakeApi({}).api);
    expect(screen.getByRole('button', { name: 'Build a DID' })).toBeTruthy();
  });

  it('shows a load failure with its code sentence', async () => {
    const fake = fakeApi({
      'analysis.get': () => {
        throw new ApiError('not_found', 'No analysis an-9.', {});
      },
    });
    renderWithApi(resultsView('an-9'), fake.api);
    expect(await screen.findByText('No analysis an-9.')).toBeTruthy();
    expect(screen.getByText('The stored result could not be read.')).toBeTruthy();
  });
});
