// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { fakeApi } from '../../testing/fakeApi';
import { mpdtaDataset } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { ImportDialog } from './ImportDialog';

afterEach(cleanup);

function pick(name: string): void {
  const file = new File(['a,b\n1,2\n'], name, { type: 'text/csv' });
  fireEvent.change(screen.getByLabelText('File'), { target: { files: [file] } });
}

const report = { file: 'mpdta.csv', format: 'csv', encoding: 'utf-8', delimiter: ',', rows: 2500, columns: 8, seconds: 0.1 };

describe('ImportDialog', () => {
  it('asks for a file before importing', () => {
    const fake = fakeApi({});
    renderWithApi(<ImportDialog onImported={() => undefined} onClose={() => undefined} />, fake.api);
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(screen.getByText('Choose a file to import.')).toBeTruthy();
    expect(fake.sent).toEqual([]);
  });

  it('uploads the file and imports it with the chosen options under the offered name', async () => {
    const dataset = mpdtaDataset();
    const fake = fakeApi({ 'dataset.import': () => ({ dataset, report }) });
    const onImported = vi.fn();
    renderWithApi(<ImportDialog onImported={onImported} onClose={() => undefined} />, fake.api);
    pick('城市面板.csv');
    expect((screen.getByLabelText('Dataset name') as HTMLInputElement).value).toBe('城市面板');
    fireEvent.change(screen.getByLabelText('Encoding'), { target: { value: 'gbk' } });
    fireEvent.change(screen.getByLabelText('Missing-value codes'), { target: { value: '-99' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(dataset));
    expect(fake.payloads('dataset.import')).toEqual([
      {
        source: { kind: 'upload', uploadId: 'upload:城市面板.csv' },
        name: '城市面板',
        options: { encoding: 'gbk', missingCodes: [-99] },
      },
    ]);
  });

  it('shows a malformed file with its file and line, and stays usable', async () => {
    let calls = 0;
    const fake = fakeApi({
      'dataset.import': () => {
        calls++;
        if (calls === 1) {
          throw new ApiError('malformed_csv', 'bad.csv, line 3: expected 2 fields (as in the header) but found 3.', {
            file: 'bad.csv',
            line: 3,
            row: 2,
          });
        }
        return { dataset: mpdtaDataset(), report };
      },
    });
    const onImported = vi.fn();
    renderWithApi(<ImportDialog onImported={onImported} onClose={() => undefined} />, fake.api);
    pick('bad.csv');
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const alert = await screen.findByText('The file could not be imported');
    const box = alert.closest('.error-box');
    expect(box?.getAttribute('data-error-code')).toBe('malformed_csv');
    expect(box?.textContent).toContain('bad.csv, line 3');
    expect(box?.textContent).toContain('Row2');
    pick('good.csv');
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(onImported).toHaveBeenCalled());
  });

  it('lists the sheets of an Excel file and imports the chosen sheet and header row', async () => {
    const fake = fakeApi({
      'file.inspect': () => ({ file: '城市.xlsx', format: 'xlsx', sheets: ['说明', '城市数据'] }),
      'dataset.import': () => ({ dataset: mpdtaDataset(), report }),
    });
    const onImported = vi.fn();
    renderWithApi(<ImportDialog onImported={onImported} onClose={() => undefined} />, fake.api);
    pick('城市.xlsx');
    expect(screen.queryByLabelText('Delimiter')).toBeNull();
    await waitFor(() => expect((screen.getByLabelText('Sheet') as HTMLSelectElement).value).toBe('说明'));
    fireEvent.change(screen.getByLabelText('Sheet'), { target: { value: '城市数据' } });
    fireEvent.change(screen.getByLabelText('Header row'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(screen.getByText('Enter a row number of 1 or more.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Header row'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(onImported).toHaveBeenCalled());
    const source = { kind: 'upload', uploadId: 'upload:城市.xlsx' };
    expect(fake.payloads('file.inspect')).toEqual([{ source }]);
    expect(fake.payloads('dataset.import')).toEqual([{ source, name: '城市', options: { sheet: '城市数据', headerRow: 2 } }]);
  });

  it('offers the legacy encodings of Stata files and keeps their labels', async () => {
    const fake = fakeApi({ 'dataset.import': () => ({ dataset: mpdtaDataset(), report }) });
    renderWithApi(<ImportDialog onImported={() => undefined} onClose={() => undefined} />, fake.api);
    pick('cfps2010.dta');
    expect(screen.getByText(/value labels \(e\.g\. 1 = 城镇\)/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Encoding'), { target: { value: 'big5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(fake.payloads('dataset.import')).toEqual([{ source: { kind: 'upload', uploadId: 'upload:cfps2010.dta' }, name: 'cfps2010', options: { encoding: 'big5' } }]));
  });

  it('cancels a long import and says the project is unchanged', async () => {
    const fake = fakeApi({ 'dataset.import': () => new Promise(() => undefined) });
    const onImported = vi.fn();
    renderWithApi(<ImportDialog onImported={onImported} onClose={() => undefined} />, fake.api);
    pick('big.csv');
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('progressbar')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel import' }));
    expect(await screen.findByText('Import cancelled. The project is unchanged.')).toBeTruthy();
    expect(fake.payloads('job.cancel')).toHaveLength(1);
    expect(onImported).not.toHaveBeenCalled();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});
