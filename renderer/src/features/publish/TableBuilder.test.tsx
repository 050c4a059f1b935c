// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnalysisInfo } from '../../../../shared/contract';
import type { ExportedFile, TableModelView } from '../../../../shared/contract-publish';
import { ApiError } from '../../api/client';
import { fakeApi, type Handler } from '../../testing/fakeApi';
import { mpdtaDataset, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { TableBuilder } from './TableBuilder';

afterEach(cleanup);
// Jobs, debounced previews and lazy chunks settle later on a busy machine than the 1 s default allows.
configure({ asyncUtilTimeout: 10_000 });

const analysis = (id: string, name: string): AnalysisInfo => ({ ...storedRun({}, id).analysis, name });

/** What the Node side would build: one estimate row per kept term, one column per spec column. */
function model(spec: { columns: unknown[]; keep?: string[]; title?: string }): TableModelView {
  const terms = spec.keep ?? ['treat_post', 'lpop'];
  const n = spec.columns.length;
  return {
    title: spec.title ?? null,
    language: 'en',
    style: 'three-line',
    ncol: n,
    header: [{ stub: '', cells: Array.from({ length: n }, (_, i) => ({ text: `(${i + 1})`, span: 1 })) }],
    sections: [terms.flatMap((term) => [{ kind: 'estimate' as const, label: term, cells: new Array<string>(n).fill('-0.037'), marks: new Array<string>(n).fill('***') }, { kind: 'paren' as const, label: '', cells: new Array<string>(n).fill('(0.013)') }])],
    notes: ['Standard errors in parentheses.'],
  };
}

const exported: ExportedFile = { file: 'Table 1.docx', path: null, download: { url: '/download/d1', name: 'Table 1.docx', bytes: 9000 }, bytes: 9000 };

function handlers(extra: Partial<Record<string, Handler>> = {}): Record<string, Handler> {
  return {
    'analysis.list': () => ({ analyses: [analysis('a1', 'Baseline'), analysis('a2', 'With lpop')] }),
    'table.list': () => ({ tables: [] }),
    'table.preview': (p) => {
      const spec = (p as { spec: { columns: unknown[]; keep?: string[]; title?: string } }).spec;
      return { table: model(spec), terms: ['treat_post', 'lpop'], labels: { lpop: 'Log population' }, warnings: [] };
    },
    ...extra,
  };
}

function open(h: Record<string, Handler>, shell: 'browser' | 'electron' = 'browser') {
  const fake = fakeApi(h);
  renderWithApi(<TableBuilder datasets={[mpdtaDataset()]} initialDataset="mpdta" initialSpec={null} onDone={vi.fn()} />, { ...fake.api, shell });
  return fake;
}

async function addBothModels(): Promise<void> {
  const add = await screen.findByLabelText('Add analysis');
  await within(add).findByText(/Baseline/);
  fireEvent.change(add, { target: { value: 'a1' } });
  fireEvent.change(screen.getByLabelText('Add analysis'), { target: { value: 'a2' } });
}

const lastSpec = (fake: ReturnType<typeof fakeApi>, channel: 'table.preview' | 'table.export' | 'table.clipboard' | 'table.save'): Record<string, unknown> => {
  const p = fake.payloads(channel).at(-1) as { spec?: Record<string, unknown>; specs?: Record<string, unknown>[] };
  return p.spec ?? p.specs?.[0] ?? {};
};

describe('TableBuilder', () => {
  let click: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => click.mockRestore());

  it('says to run an analysis first when none has a result', async () => {
    open({ ...handlers(), 'analysis.list': () => ({ analyses: [] }) });
    expect((await screen.findAllByText(/No analysis has a result yet/)).length).toBeGreaterThan(0);
  });

  it('builds a two-model table with a live preview, then hides a row', async () => {
    const fake = open(handlers());
    await addBothModels();
    const preview = await screen.findByTestId('table-preview');
    await waitFor(() => expect(within(preview).getAllByText('(2)').length).toBe(1));
    expect(lastSpec(fake, 'table.preview')).toMatchObject({ kind: 'regression', columns: [{ source: 'a1' }, { source: 'a2' }], parentheses: 'se' });
    expect(within(preview).getAllByText('***').every((el) => el.tagName === 'SUP')).toBe(true);

    // The rows come from the preview; the variable label is the placeholder.
    const lpop = await screen.findByLabelText('Show lpop');
    expect((screen.getByLabelText('Label of lpop') as HTMLInputElement).placeholder).toBe('Log population');
    fireEvent.click(lpop);
    await waitFor(() => expect(lastSpec(fake, 'table.preview')).toMatchObject({ keep: ['treat_post'] }));
    await waitFor(() => expect(within(screen.getByTestId('table-preview')).queryByText('lpop')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Move up: (2)' }));
    await waitFor(() => expect(lastSpec(fake, 'table.preview')).toMatchObject({ columns: [{ source: 'a2' }, { source: 'a1' }] }));
  });

  it('exports Word as a browser download and names the file after the title', async () => {
    const fake = open({ ...handlers(), 'table.export': () => exported });
    await addBothModels();
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Table 1' } });
    await screen.findByTestId('table-preview');
    fireEvent.click(screen.getByRole('button', { name: 'Word (.docx)' }));
    expect(await screen.findByText('Downloaded Table 1.docx')).toBeTruthy();
    expect(fake.payloads('table.export')[0]).toMatchObject({ format: 'docx', name: 'Table 1', specs: [{ kind: 'regression', title: 'Table 1' }] });
    expect(click).toHaveBeenCalledTimes(1);
  });

  it('asks Electron for a save path and writes there; no path, no export', async () => {
    let chosen: string | null = null;
    const fake = open({ ...handlers(), 'file.chooseSavePath': () => ({ path: chosen }), 'table.export': () => ({ ...exported, path: '/tmp/t.tex', file: 't.tex', download: null }) }, 'electron');
    await addBothModels();
    await screen.findByTestId('table-preview');
    const tex = screen.getByRole('button', { name: 'LaTeX (.tex)' }) as HTMLButtonElement;
    fireEvent.click(tex);
    await waitFor(() => expect(fake.payloads('file.chooseSavePath').length).toBe(1));
    // Closing the dialog without a path ends the export: the buttons are enabled again.
    await waitFor(() => expect(tex.disabled).toBe(false));
    expect(fake.payloads('table.export')).toEqual([]);
    chosen = '/tmp/t.tex';
    fireEvent.click(tex);
    expect(await screen.findByText('Saved to /tmp/t.tex')).toBeTruthy();
    expect(fake.payloads('table.export')[0]).toMatchObject({ format: 'tex', path: '/tmp/t.tex' });
    expect(fake.payloads('file.chooseSavePath')[1]).toEqual({ suggestedName: 'Regression (models side by side).tex', extensions: ['tex'] });
    expect(click).not.toHaveBeenCalled();
  });

  it('shows the missing columns beside the field instead of exporting', async () => {
    const fake = open(handlers());
    await screen.findByLabelText('Add analysis');
    fireEvent.click(screen.getByRole('button', { name: 'Word (.docx)' }));
    expect(await screen.findByText('Add at least one analysis as a column.')).toBeTruthy();
    expect(fake.payloads('table.export')).toEqual([]);
  });

  it('copies HTML and text, saves the table in the project and deletes it again', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const fake = open({
      ...handlers(),
      'table.clipboard': () => ({ html: '<table></table>', text: 'treat_post\t-0.037***' }),
      'table.delete': (p) => p,
      'table.save': (p) => ({ id: 't1', name: (p as { name: string }).name, spec: (p as { spec: unknown }).spec, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }),
    });
    await addBothModels();
    await screen.findByTestId('table-preview');
    fireEvent.click(screen.getByRole('button', { name: 'Copy table' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('treat_post\t-0.037***'));
    fireEvent.change(screen.getByLabelText('Name in the project'), { target: { value: 'Baseline table' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save table' }));
    expect(await screen.findByText('Saved as "Baseline table".')).toBeTruthy();
    expect(fake.payloads('table.save')[0]).toMatchObject({ name: 'Baseline table', spec: { kind: 'regression' } });
    expect(within(screen.getByLabelText('Saved tables')).getByText('Baseline table')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(within(screen.getByLabelText('Saved tables')).queryByText('Baseline table')).toBeNull());
    expect(fake.payloads('table.delete')).toEqual([{ tableId: 't1' }]);
    expect((screen.getByLabelText('Saved tables') as HTMLSelectElement).value).toBe('');
  });

  it('shows why the Node side cannot build the table', async () => {
    open({
      ...handlers(),
      'table.preview': () => {
        throw new ApiError('publish_source_not_run', 'Column (1): the analysis "Baseline" has not been run yet. Run it, then use it here.', {});
      },
    });
    await addBothModels();
    expect(await screen.findByText(/Column \(1\): the analysis "Baseline" has not been run yet/, { selector: '.error-message' })).toBeTruthy();
    expect(screen.getByText('The table cannot be built')).toBeTruthy();
  });
});
