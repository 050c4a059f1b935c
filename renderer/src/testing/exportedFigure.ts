/**
 * Drives a result view's "Export figure" in a component test and returns the figure spec the
 * Node side was sent, so the test can draw it with main/publish's `figureOption` and compare.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { expect } from 'vitest';
import type { ExportedFile } from '../../../shared/contract-publish';
import type { FigureSpec } from '../../../shared/specs/figure';
import type { FakeApi } from './fakeApi';

/** A `figure.export` handler that writes nowhere: the file is "saved" to a path, so nothing downloads. */
export function savedFigure(payload: unknown): ExportedFile {
  const { format } = payload as { format: string };
  return { file: `figure.${format}`, path: `/tmp/figure.${format}`, download: null, bytes: 1 };
}

/**
 * Clicks the `index`-th "Export figure" button, picks the figure titled `title` when the
 * dialog offers several, exports, closes the dialog and returns the spec that was sent.
 */
export async function exportedFigure(fake: FakeApi, options: { index?: number; title?: string } = {}): Promise<FigureSpec> {
  const before = fake.payloads('figure.export').length;
  fireEvent.click(screen.getAllByRole('button', { name: 'Export figure' })[options.index ?? 0]);
  const dialog = await screen.findByRole('dialog');
  if (options.title) {
    const select = within(dialog).getByLabelText('Figure') as HTMLSelectElement;
    const option = [...select.options].find((o) => o.textContent === options.title);
    if (!option) throw new Error(`no figure "${options.title}" in ${[...select.options].map((o) => o.textContent).join(', ')}`);
    fireEvent.change(select, { target: { value: option.value } });
  }
  fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
  await waitFor(() => expect(fake.payloads('figure.export')).toHaveLength(before + 1));
  await within(dialog).findByTestId('export-done');
  fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
  return (fake.payloads('figure.export')[before] as { spec: FigureSpec }).spec;
}
