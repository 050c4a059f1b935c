// @vitest-environment jsdom
/**
 * The RD result views draw what the engine computed on the Senate data: the fixture's numbers
 * appear in the tables (data-value), the charts have their titles, axes and legends, and the
 * "check the design" buttons open the companions' builders with the design.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentContext } from '../../../../main/engine/context';
import { runRddensity } from '../../../../main/engine/rd/rddensity';
import { runRdplot } from '../../../../main/engine/rd/rdplot';
import { runRdbwselect, runRdrobust } from '../../../../main/engine/rd/rdrobust';
import { runRdsensitivity } from '../../../../main/engine/rd/sensitivity';
import { loadData, referenceCase } from '../../../../main/testing/fixtures';
import { rdbwselectSpec } from '../../../../shared/specs/rdbwselect';
import { rddensitySpec } from '../../../../shared/specs/rddensity';
import { rdplotSpec } from '../../../../shared/specs/rdplot';
import { rdrobustSpec } from '../../../../shared/specs/rdrobust';
import { rdsensitivitySpec } from '../../../../shared/specs/rdsensitivity';
import { figureOption } from '../../../../main/publish/figures/render';
import { comparable, drawnOption, recordingEChart } from '../../testing/chartOptions';
import { exportedFigure, savedFigure } from '../../testing/exportedFigure';
import { fakeApi } from '../../testing/fakeApi';
import { renderWithApi } from '../../testing/render';
import { storedAnalysis, stubResizeObserver, valueIn } from '../didkit/testing';
import type { ResultActions } from '../results/resultViews';
import { RdbwselectView, RddensityView, RdplotView, RdrobustView, RdsensitivityView } from './RdResultViews';

vi.mock('../../charts/EChart', async (original) => recordingEChart(await original()));

afterEach(cleanup);
beforeAll(stubResizeObserver);

function actions(): ResultActions {
  return { openBuilder: vi.fn(), openAnalysis: vi.fn(), analysesChanged: vi.fn() };
}

function cell(testId: string, row: string, field: string): number | null {
  return valueIn(within(screen.getByTestId(testId)).getByText((_, el) => el?.getAttribute('data-term') === row || el?.getAttribute('data-stat') === row).querySelector(`[data-field="${field}"]`));
}

describe('RD result views', () => {
  it('rdrobust: the three rows, the sides and the next checks', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const spec = rdrobustSpec.parse({ model: 'rdrobust', data: 'senate', y: 'vote', x: 'margin' });
    const stored = storedAnalysis(spec, runRdrobust(frame, spec, silentContext));
    const act = actions();
    renderWithApi(<RdrobustView analysis={stored.analysis} stored={stored.result} actions={act} />, fakeApi({}).api);
    const expected = referenceCase('rdrobust_senate.json', 'rdrobust_default').expected as { coefficients: Record<string, { estimate: number; se: number }>; N_h: { left: number } };
    for (const row of ['Conventional', 'Bias-Corrected', 'Robust']) {
      expect(cell('rd-coefficients', row, 'estimate')).toBeCloseTo(expected.coefficients[row].estimate, 8);
      expect(cell('rd-coefficients', row, 'se')).toBeCloseTo(expected.coefficients[row].se, 8);
    }
    expect(cell('rd-sides', 'N_h', 'left')).toBe(expected.N_h.left);
    expect(screen.getByText('Sharp RD of vote at margin = 0.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Draw the RD plot' }));
    expect(act.openBuilder).toHaveBeenCalledWith('rdplot', expect.objectContaining({ model: 'rdplot', y: 'vote', x: 'margin', c: 0 }));
  });

  it('rdplot: the chart with title, axes and legend, and the numbers of bins', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const spec = rdplotSpec.parse({ model: 'rdplot', data: 'senate', y: 'vote', x: 'margin' });
    const stored = storedAnalysis(spec, runRdplot(frame, spec, silentContext));
    renderWithApi(<RdplotView analysis={stored.analysis} stored={stored.result} actions={actions()} />, fakeApi({}).api);
    const expected = referenceCase('rdrobust_senate.json', 'rdplot_default').expected as { J: { left: number; right: number } };
    expect(cell('rdplot-bins', 'J', 'left')).toBe(expected.J.left);
    expect(cell('rdplot-bins', 'J', 'right')).toBe(expected.J.right);
    const chart = await screen.findByTestId('rd-plot-chart', {}, { timeout: 10_000 });
    await waitFor(() => expect(chart.querySelector('svg')).not.toBeNull());
    const texts = (): (string | null)[] => [...chart.querySelectorAll('svg text')].map((t) => t.textContent);
    for (const text of ['RD plot: vote', 'Running variable', 'vote', 'Bin means', 'Polynomial fit']) expect(texts()).toContain(text);
    // As R's rdplot: no confidence intervals until asked for.
    expect(texts()).not.toContain('95% CI');
    fireEvent.click(screen.getByLabelText('Show each bin’s confidence interval'));
    await waitFor(() => expect(texts()).toContain('95% CI'));
  });

  it('rdplot: "Export figure" sends the chart’s own spec, which draws the chart on screen, with or without CIs', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const spec = rdplotSpec.parse({ model: 'rdplot', data: 'senate', y: 'vote', x: 'margin' });
    const stored = storedAnalysis(spec, runRdplot(frame, spec, silentContext));
    const fake = fakeApi({ 'figure.export': savedFigure });
    renderWithApi(<RdplotView analysis={stored.analysis} stored={stored.result} actions={actions()} />, fake.api);
    await screen.findByTestId('rd-plot-chart', {}, { timeout: 10_000 });
    for (const showCi of [false, true]) {
      if (showCi) fireEvent.click(screen.getByLabelText('Show each bin’s confidence interval'));
      const exported = await exportedFigure(fake);
      expect(exported).toMatchObject({ kind: 'rd_plot', source: stored.analysis.id, show_ci: showCi, title: 'RD plot: vote' });
      expect(comparable(drawnOption('rd-plot-chart'))).toEqual(comparable(figureOption(exported, stored.result.result)));
    }
  });

  it('rddensity: the test against the fixture, a verdict, and the density chart in Chinese', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const spec = rddensitySpec.parse({ model: 'rddensity', data: 'senate', x: 'margin' });
    const stored = storedAnalysis(spec, runRddensity(frame, spec, silentContext));
    renderWithApi(<RddensityView analysis={stored.analysis} stored={stored.result} actions={actions()} />, fakeApi({}).api, 'zh-CN');
    const expected = referenceCase('rdrobust_senate.json', 'rddensity_default').expected as { test: { t_jk: number; p_jk: number } };
    expect(cell('rd-density-test', 'robust', 'stat')).toBeCloseTo(expected.test.t_jk, 8);
    expect(cell('rd-density-test', 'robust', 'p')).toBeCloseTo(expected.test.p_jk, 8);
    expect(screen.getByText('没有证据表明断点处密度存在跳跃（p = 0.3814）。')).toBeTruthy();
    const chart = await screen.findByTestId('rd-density-chart', {}, { timeout: 10_000 });
    await waitFor(() => expect(chart.querySelector('svg')).not.toBeNull());
    const texts = [...chart.querySelectorAll('svg text')].map((t) => t.textContent);
    for (const text of ['断点处驱动变量的密度', '驱动变量', '密度', '断点左侧', '断点右侧']) expect(texts).toContain(text);
  });

  it('rdbwselect: every selector’s bandwidths', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const spec = rdbwselectSpec.parse({ model: 'rdbwselect', data: 'senate', y: 'vote', x: 'margin', all: true });
    const result = runRdbwselect(frame, spec, silentContext);
    const stored = storedAnalysis(spec, result);
    renderWithApi(<RdbwselectView analysis={stored.analysis} stored={stored.result} actions={actions()} />, fakeApi({}).api);
    const rows = screen.getByTestId('rd-bandwidths').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(10);
    expect(cell('rd-bandwidths', 'cerrd', 'h_left')).toBe(result.bws.cerrd.h_left);
  });

  it('rdsensitivity: a chart and a table per check; a row that cannot be estimated says why', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const spec = rdsensitivitySpec.parse({ model: 'rdsensitivity', data: 'senate', y: 'vote', x: 'margin', checks: ['bandwidth', 'placebo'], h_grid: [10, 20], placebo_cutoffs: [-10, 10] });
    const result = runRdsensitivity(frame, spec, silentContext);
    const failing = { ...result, placebo: [...result.placebo, { ...result.placebo[0], value: 99, estimate: null, se_robust: null, ci_lower: null, ci_upper: null, p_robust: null, error: 'too few observations above 99' }] };
    const stored = storedAnalysis(spec, failing);
    renderWithApi(<RdsensitivityView analysis={stored.analysis} stored={stored.result} actions={actions()} />, fakeApi({}).api);
    expect(screen.getByTestId('rd-sens-bandwidth')).toBeTruthy();
    expect(screen.queryByTestId('rd-sens-donut')).toBeNull();
    expect(screen.getByText('too few observations above 99')).toBeTruthy();
    const chart = await screen.findByTestId('rd-sens-chart-placebo', {}, { timeout: 10_000 });
    await waitFor(() => expect(chart.querySelector('svg')).not.toBeNull());
    const texts = [...chart.querySelectorAll('svg text')].map((t) => t.textContent);
    expect(texts).toContain('Placebo cutoffs');
    expect(texts).toContain('true cutoff');
  });

  it('shows a result of the wrong shape as an error, not a blank page', () => {
    const stored = storedAnalysis({ model: 'rdrobust', data: 'senate' }, { coefficients: {} });
    renderWithApi(<RdrobustView analysis={stored.analysis} stored={stored.result} actions={actions()} />, fakeApi({}).api);
    expect(screen.getByRole('alert').textContent).toContain('The stored result could not be read.');
  });
});
