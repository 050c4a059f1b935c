// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatasetInfo } from '../../../../shared/contract';
import type { PanelDiagnosticsView, RecipeInfo } from '../../../../shared/contract-data';
import { ApiError } from '../../api/client';
import { fakeApi } from '../../testing/fakeApi';
import { column, mpdtaDataset } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { DataTools } from './DataTools';
import { DiagnosticsView } from './DiagnosticsView';
import { ExportDialog } from './ExportDialog';
import { MergeDialog } from './MergeDialog';
import { PanelToolsDialog } from './PanelToolsDialog';
import { StepDialog } from './StepDialog';

afterEach(cleanup);

beforeAll(() => {
  // jsdom has no layout: ECharts only needs a ResizeObserver to exist.
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
});

/** A survey with a labelled hukou column. */
function survey(): DatasetInfo {
  const d = mpdtaDataset('ds-s');
  const columns = [column('pid'), column('city'), column('year'), { ...column('hukou'), label: '户口', valueLabels: { '1': '城镇', '2': '农村' } }, column('income')];
  return { ...d, name: 'survey', columns, ncol: columns.length, nrow: 4 };
}

function cities(): DatasetInfo {
  const d = mpdtaDataset('ds-c');
  const columns = [column('city'), column('name', 'string'), column('pilot')];
  return { ...d, name: 'cities', columns, ncol: 3, nrow: 3 };
}

const recipe = (steps: RecipeInfo['steps'] = [], panel: RecipeInfo['panel'] = null): RecipeInfo => ({ datasetId: 'ds-s', steps, original: { nrow: 4, ncol: 5 }, panel });

describe('StepDialog', () => {
  it('generates a variable from an expression and reports what the step did', async () => {
    const changed = { ...survey(), ncol: 6, columns: [...survey().columns, column('lninc')] };
    const fake = fakeApi({ 'dataset.transform': () => ({ dataset: changed, report: { message: 'generated lninc = log(income) (4 rows)', rows: 4 } }) });
    const onApplied = vi.fn();
    renderWithApi(<StepDialog dataset={survey()} op="generate" onApplied={onApplied} onClose={() => undefined} />, fake.api);
    fireEvent.change(screen.getByLabelText('Name of the new variable'), { target: { value: 'lninc' } });
    fireEvent.change(screen.getByLabelText('Expression'), { target: { value: 'log(income)' } });
    fireEvent.change(screen.getByLabelText('Only where (if)'), { target: { value: 'income > 0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(onApplied).toHaveBeenCalledWith(changed, { message: 'generated lninc = log(income) (4 rows)', rows: 4 }));
    expect(fake.payloads('dataset.transform')).toEqual([{ datasetId: 'ds-s', step: { op: 'generate', name: 'lninc', expr: 'log(income)', if: 'income > 0' } }]);
  });

  it('catches a taken name before sending, and shows where an expression is wrong', async () => {
    const fake = fakeApi({
      'dataset.transform': () => {
        throw new ApiError('expression_syntax', "position 8: expected a value after '+'", { expression: 'income +', position: 8 });
      },
    });
    renderWithApi(<StepDialog dataset={survey()} op="generate" onApplied={() => undefined} onClose={() => undefined} />, fake.api);
    fireEvent.change(screen.getByLabelText('Name of the new variable'), { target: { value: 'income' } });
    fireEvent.change(screen.getByLabelText('Expression'), { target: { value: 'income +' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByText('A column named “income” already exists.')).toBeTruthy();
    expect(fake.sent).toEqual([]);

    fireEvent.change(screen.getByLabelText('Name of the new variable'), { target: { value: 'y2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    const pointer = await screen.findByTestId('expression-pointer');
    expect(pointer.textContent).toBe('income +\n       ^');
    expect(screen.getByRole('alert', { name: '' }).textContent).toContain("position 8: expected a value after '+'");
  });

  it('recodes with value labels into a new column', async () => {
    const fake = fakeApi({ 'dataset.transform': () => ({ dataset: survey(), report: { message: 'recoded', rows: 2 } }) });
    const hukou = survey().columns[3];
    renderWithApi(<StepDialog dataset={survey()} op="recode" column={hukou} onApplied={() => undefined} onClose={() => undefined} />, fake.api);
    expect(screen.getByRole('heading', { name: 'Recode: hukou' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('From, rule 1'), { target: { value: '农村' } });
    fireEvent.change(screen.getByLabelText('To, rule 1'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Label, rule 1'), { target: { value: '农业户口' } });
    fireEvent.change(screen.getByLabelText('From, rule 2'), { target: { value: 'min/1' } });
    fireEvent.change(screen.getByLabelText('To, rule 2'), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText('Into a new column'), { target: { value: 'rural' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(fake.payloads('dataset.transform')).toHaveLength(1));
    expect(fake.payloads('dataset.transform')[0]).toEqual({
      datasetId: 'ds-s',
      step: { op: 'recode', column: 'hukou', rules: [{ from: '农村', to: 1, label: '农业户口' }, { from: { max: 1 }, to: 0 }], otherwise: 'keep', into: 'rural' },
    });
  });

  it('edits the value labels of a column, starting from the current ones', async () => {
    const fake = fakeApi({ 'dataset.transform': () => ({ dataset: survey(), report: { message: 'labelled' } }) });
    renderWithApi(<StepDialog dataset={survey()} op="label" column={survey().columns[3]} onApplied={() => undefined} onClose={() => undefined} />, fake.api);
    const box = screen.getByLabelText('Value labels') as HTMLTextAreaElement;
    expect(box.value).toBe('1 = 城镇\n2 = 农村');
    fireEvent.change(box, { target: { value: '1 = 城镇\n二 = 农村' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByText('Line 2 is not “code = label” with a number as the code.')).toBeTruthy();
    expect(fake.sent).toEqual([]);
  });
});

describe('DataTools', () => {
  it('lists the variables and the recipe, and undoes the last step', async () => {
    const steps = [{ step: { op: 'generate' as const, name: 'lninc', expr: 'log(income)' }, message: 'generated lninc = log(income) (4 rows)', at: '2026-01-01T00:00:00Z' }];
    const onChanged = vi.fn();
    const fake = fakeApi({ 'dataset.recipe': () => recipe(steps), 'dataset.undo': () => ({ dataset: survey(), removed: steps[0] }) });
    renderWithApi(<DataTools dataset={survey()} datasets={[survey()]} rows={<p>grid</p>} onChanged={onChanged} onCreated={() => undefined} />, fake.api);
    expect(screen.getByText('grid')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Variables and recipe' }));
    const table = screen.getByTestId('variables-table');
    expect(within(table).getByText('1 = 城镇, 2 = 农村')).toBeTruthy();
    expect(within(table).getByText('户口')).toBeTruthy();
    const list = await screen.findByTestId('recipe-steps');
    await waitFor(() => expect(within(list).getByText('generate lninc = log(income)')).toBeTruthy());
    expect(within(list).getByText('Imported from mpdta.csv')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo last step' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(survey()));
    expect(screen.getByTestId('step-message').textContent).toContain('Undone: generate lninc = log(income)');
  });

  it('has nothing to undo on a dataset as imported', async () => {
    const fake = fakeApi({ 'dataset.recipe': () => recipe() });
    renderWithApi(<DataTools dataset={survey()} datasets={[survey()]} rows={null} onChanged={() => undefined} onCreated={() => undefined} />, fake.api);
    fireEvent.click(screen.getByRole('tab', { name: 'Variables and recipe' }));
    await screen.findByText(/No steps yet/);
    expect((screen.getByRole('button', { name: 'Undo last step' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('PanelToolsDialog', () => {
  it('declares the panel, keeps it with the dataset and makes a lag within units', async () => {
    const fake = fakeApi({
      'dataset.recipe': () => recipe(),
      'dataset.setPanel': () => recipe([], { unit: 'pid', time: 'year' }),
      'dataset.transform': () => ({ dataset: survey(), report: { message: 'L_income = lag 1 of income' } }),
    });
    const onApplied = vi.fn();
    renderWithApi(<PanelToolsDialog dataset={survey()} onApplied={onApplied} onClose={() => undefined} />, fake.api);
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByText('Declare the unit and time columns first.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Unit (panel ID)'), { target: { value: 'pid' } });
    fireEvent.change(screen.getByLabelText('Time period'), { target: { value: 'year' } });
    await waitFor(() => expect(fake.payloads('dataset.setPanel')).toEqual([{ datasetId: 'ds-s', panel: { unit: 'pid', time: 'year' } }]));
    fireEvent.change(screen.getByLabelText('Variable'), { target: { value: 'income' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(onApplied).toHaveBeenCalled());
    expect(fake.payloads('dataset.transform')).toEqual([{ datasetId: 'ds-s', step: { op: 'lag', column: 'income', unit: 'pid', time: 'year', periods: 1 } }]);
  });

  it('builds treatment indicators from pasted IDs and a policy year', async () => {
    const fake = fakeApi({ 'dataset.recipe': () => recipe([], { unit: 'city', time: 'year' }), 'dataset.transform': () => ({ dataset: survey(), report: { message: 'treatment' } }) });
    renderWithApi(<PanelToolsDialog dataset={survey()} onApplied={() => undefined} onClose={() => undefined} />, fake.api);
    await waitFor(() => expect((screen.getByLabelText('Unit (panel ID)') as HTMLSelectElement).value).toBe('city'));
    fireEvent.change(screen.getByLabelText('Tool'), { target: { value: 'treatment' } });
    fireEvent.change(screen.getByLabelText('Treated unit IDs'), { target: { value: '1, 3' } });
    fireEvent.change(screen.getByLabelText('Policy period (first treated period)'), { target: { value: '2014' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(fake.payloads('dataset.transform')).toHaveLength(1));
    expect(fake.payloads('dataset.transform')[0]).toEqual({ datasetId: 'ds-s', step: { op: 'treatment', unit: 'city', time: 'year', treatedIds: [1, 3], policyTime: 2014 } });
  });
});

describe('MergeDialog', () => {
  it('merges m:1 on the shared key into a new dataset and shows the _merge table', async () => {
    const merged = { ...survey(), id: 'ds-m', name: 'survey_cities', nrow: 5 };
    const report = { message: 'merged', masterOnly: 1, usingOnly: 1, matched: 3, total: 5, conflicts: [] };
    const fake = fakeApi({ 'dataset.merge': () => ({ dataset: merged, report }) });
    const onCreated = vi.fn();
    renderWithApi(<MergeDialog dataset={survey()} datasets={[survey(), cities()]} onCreated={onCreated} onClose={() => undefined} />, fake.api);
    expect((screen.getByLabelText('Key 1 here') as HTMLSelectElement).value).toBe('city');
    expect((screen.getByLabelText('Name of the new dataset') as HTMLInputElement).value).toBe('survey_cities');
    fireEvent.click(screen.getByRole('button', { name: 'Merge' }));
    const table = await screen.findByTestId('merge-report');
    expect(fake.payloads('dataset.merge')).toEqual([{ datasetId: 'ds-s', using: 'ds-c', keys: ['city'], relationship: 'm:1', name: 'survey_cities' }]);
    const row = (k: string): string | null | undefined => table.querySelector(`[data-merge="${k}"] [data-value]`)?.getAttribute('data-value');
    expect([row('masterOnly'), row('usingOnly'), row('matched'), row('total')]).toEqual(['1', '1', '3', '5']);
    fireEvent.click(screen.getByRole('button', { name: 'Open survey_cities' }));
    expect(onCreated).toHaveBeenCalledWith(merged, 'merged');
  });

  it('refuses a name already taken and explains when there is nothing to merge with', () => {
    const fake = fakeApi({});
    renderWithApi(<MergeDialog dataset={survey()} datasets={[survey(), cities()]} onCreated={() => undefined} onClose={() => undefined} />, fake.api);
    fireEvent.change(screen.getByLabelText('Name of the new dataset'), { target: { value: 'cities' } });
    fireEvent.click(screen.getByRole('button', { name: 'Merge' }));
    expect(screen.getByText('A dataset named “cities” already exists.')).toBeTruthy();
    expect(fake.sent).toEqual([]);
    cleanup();
    renderWithApi(<MergeDialog dataset={survey()} datasets={[survey()]} onCreated={() => undefined} onClose={() => undefined} />, fake.api);
    expect(screen.getByText('Import a second dataset first: there is nothing to merge with.')).toBeTruthy();
  });
});

describe('ExportDialog', () => {
  it('offers a finished export as a download in the browser', async () => {
    const fake = fakeApi({ 'dataset.export': () => ({ file: 'survey.csv', path: null, download: { url: '/download/abc', name: 'survey.csv', bytes: 2048 }, bytes: 2048, notes: [] }) });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderWithApi(<ExportDialog dataset={survey()} onClose={() => undefined} />, fake.api);
    fireEvent.click(screen.getByLabelText('CSV text file'));
    fireEvent.click(screen.getByLabelText('GBK (older Chinese software)'));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const link = await screen.findByRole('link', { name: 'Download survey.csv again' });
    expect(link.getAttribute('href')).toBe('/download/abc');
    expect(click).toHaveBeenCalled();
    expect(fake.payloads('dataset.export')).toEqual([{ datasetId: 'ds-s', format: 'csv', encoding: 'gbk' }]);
    click.mockRestore();
  });

  it('asks Electron where to save, and does nothing when the dialog is cancelled', async () => {
    let answer: string | null = null;
    const fake = fakeApi({
      'file.chooseSavePath': () => ({ path: answer }),
      'dataset.export': () => ({ file: 'survey.dta', path: '/tmp/survey.dta', download: null, bytes: 10, notes: ['Renamed for Stata: a.b → a_b.'] }),
    });
    const api = { ...fake.api, shell: 'electron' as const };
    renderWithApi(<ExportDialog dataset={survey()} onClose={() => undefined} />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(fake.payloads('file.chooseSavePath')).toEqual([{ suggestedName: 'survey.dta', extensions: ['dta'] }]));
    expect(fake.payloads('dataset.export')).toEqual([]);
    answer = '/tmp/survey.dta';
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await screen.findByText('Saved to /tmp/survey.dta');
    expect(screen.getByText('Renamed for Stata: a.b → a_b.')).toBeTruthy();
    expect(fake.payloads('dataset.export')).toEqual([{ datasetId: 'ds-s', format: 'dta', path: '/tmp/survey.dta' }]);
  });
});

describe('DiagnosticsView', () => {
  const view: PanelDiagnosticsView = {
    datasetId: 'ds-s',
    unit: 'pid',
    time: 'year',
    nObs: 5,
    nUnits: 3,
    nPeriods: 2,
    balanced: false,
    rowsMissingKey: 0,
    periods: [2010, 2012],
    duplicates: [{ unit: 2, time: 2010, rows: [3, 4] }],
    duplicateCount: 1,
    gaps: [],
    unitsWithGaps: 0,
    singletons: [3],
    singletonCount: 1,
    heatmap: { mode: 'units', rows: [{ label: '1', units: 1, cells: [1, 1] }], hiddenRows: 0, hiddenUnits: 0 },
  };

  it('checks the declared panel and shows labelled frequencies', async () => {
    const fake = fakeApi({
      'dataset.recipe': () => recipe([], { unit: 'pid', time: 'year' }),
      'dataset.panelDiagnostics': () => view,
      'dataset.summaryTable': () => ({ datasetId: 'ds-s', rows: [{ name: 'income', label: null, type: 'number', n: 3, missing: 1, mean: 116.66666666666667, sd: 125.8, min: 0, p25: 50, median: 100, p75: 175, max: 250, distinct: 3 }] }),
      'dataset.frequency': () => ({
        datasetId: 'ds-s',
        column: 'hukou',
        rows: [
          { value: 1, label: '城镇', missing: false, count: 2, percent: 50, validPercent: 66.66666666666667, cumulativePercent: 66.66666666666667 },
          { value: null, label: '.a', missing: true, count: 1, percent: 25, validPercent: null, cumulativePercent: null },
        ],
        truncated: false,
      }),
    });
    renderWithApi(<DiagnosticsView dataset={survey()} />, fake.api);
    expect((await screen.findByTestId('panel-balance')).textContent).toMatch(/^Not balanced/);
    expect(fake.payloads('dataset.panelDiagnostics')).toEqual([{ datasetId: 'ds-s', unit: 'pid', time: 'year' }]);
    expect(within(screen.getByTestId('duplicates-table')).getByText('3, 4')).toBeTruthy();
    expect(screen.getByTestId('panel-heatmap').getAttribute('aria-label')).toBe('Observed unit × period cells');
    const summary = await screen.findByTestId('summary-table');
    expect(summary.querySelector('[data-column="income"] [data-value="116.66666666666667"]')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Column'), { target: { value: 'hukou' } });
    const freq = await screen.findByTestId('frequency-table');
    expect(within(freq).getByText('1 = 城镇')).toBeTruthy();
    expect(within(freq).getByText('Missing (.a)')).toBeTruthy();
  });
});
