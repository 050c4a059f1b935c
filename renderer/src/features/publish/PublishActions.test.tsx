// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportedFile } from '../../../../shared/contract-publish';
import { ApiError } from '../../api/client';
import { appFigureSpec } from '../../charts/figureSpecs';
import { fakeApi, type Handler } from '../../testing/fakeApi';
import { renderWithApi } from '../../testing/render';
import { PublishActions } from './PublishActions';
import { ReportDialog } from './ReportDialog';

afterEach(cleanup);
// Jobs, debounced previews and lazy chunks settle later on a busy machine than the 1 s default allows.
configure({ asyncUtilTimeout: 10_000 });

const figure = appFigureSpec({ kind: 'event_study', source: 'an-1', title: 'Event study: lemp', language: 'en' });
const placebo = appFigureSpec({ kind: 'placebo', source: 'an-1', language: 'en' });
const file = (name: string): ExportedFile => ({ file: name, path: null, download: { url: `/download/${name}`, name, bytes: 10 }, bytes: 10 });

function show(handlers: Record<string, Handler>, figures = [figure]) {
  const fake = fakeApi(handlers);
  renderWithApi(<PublishActions analysisId="an-1" figures={figures} />, fake.api);
  return fake;
}

describe('PublishActions', () => {
  let click: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => click.mockRestore());

  it('exports the figure on screen as PNG at 300 dpi, or as SVG', async () => {
    const fake = show({ 'figure.export': (p) => file(`x.${(p as { format: string }).format}`) }, [figure, placebo]);
    fireEvent.click(screen.getByRole('button', { name: 'Export figure' }));
    expect(screen.getByLabelText('PNG (300 dpi, for Word)')).toHaveProperty('checked', true);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByText('Downloaded x.png')).toBeTruthy();
    expect(fake.payloads('figure.export')[0]).toEqual({ spec: figure, format: 'png' });
    fireEvent.change(screen.getByLabelText('Figure'), { target: { value: '1' } });
    fireEvent.click(screen.getByLabelText('SVG (vector, for LaTeX and editing)'));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByText('Downloaded x.svg')).toBeTruthy();
    expect(fake.payloads('figure.export')[1]).toEqual({ spec: placebo, format: 'svg' });
    expect(click).toHaveBeenCalledTimes(2);
  });

  it('shows the engine error of a figure that cannot be drawn, and cancels a running export', async () => {
    let fail = true;
    const fake = show({
      'figure.export': () => {
        if (fail) throw new ApiError('figure_no_cjk_font', 'The figure has Chinese text but no Chinese font was found.', {});
        return new Promise(() => undefined);
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Export figure' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByText('The figure has Chinese text but no Chinese font was found.', { selector: '.error-message' })).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('export-progress')).toBeNull());
    expect(fake.sent.some((s) => s.channel === 'job.cancel')).toBe(true);
  });

  it('has no figure button without figures', () => {
    show({}, []);
    expect(screen.queryByRole('button', { name: 'Export figure' })).toBeNull();
    expect(screen.getByRole('button', { name: 'R / Stata code' })).toBeTruthy();
  });

  it('shows the R and Stata scripts, says why a language has none, and copies', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    show({
      'analysis.code': () => ({
        analysisId: 'an-1',
        r: { ok: true, code: { script: 'library(fixest)\nfeols(lemp ~ treat_post | countyreal + year, data = mpdta)\n', call: 'feols(...)', notes: ['a note'] } },
        stata: { ok: false, reason: 'No Stata code is generated for x: why.' },
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'R / Stata code' }));
    expect((await screen.findByTestId('code-r')).textContent).toContain('feols(lemp ~ treat_post');
    expect(screen.getByText('a note')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy code' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(expect.stringContaining('library(fixest)')));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Stata' }));
    expect(screen.getByText('No Stata code is generated for x: why.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy code' })).toBeNull();
  });
});

describe('ReportDialog', () => {
  it('exports the project report in the chosen language', async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const fake = fakeApi({ 'project.report': () => file('Pilot report.html') });
    const project = { path: '/p/Pilot.causeway', name: 'Pilot', createdAt: '2026-01-01T00:00:00.000Z', schemaVersion: 3, datasets: 1, analyses: 2 };
    renderWithApi(<ReportDialog project={project} onClose={vi.fn()} />, fake.api, 'zh-CN');
    expect(screen.getByLabelText('标题')).toHaveProperty('value', 'Pilot');
    fireEvent.click(screen.getByRole('button', { name: '导出' }));
    expect(await screen.findByText('已下载 Pilot report.html')).toBeTruthy();
    expect(fake.payloads('project.report')[0]).toEqual({ language: 'zh', title: 'Pilot' });
    expect(click).toHaveBeenCalled();
    click.mockRestore();
  });
});
