// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../../shared/contract';
import { createI18n } from '../i18n';
import { fakeApi, type Handler } from '../testing/fakeApi';
import { mpdtaDataset, storedRun } from '../testing/fixtures';
import { App } from './App';

afterEach(cleanup);

const project: ProjectInfo = {
  path: '/tmp/p/Pilot.causeway',
  name: 'Pilot',
  createdAt: '2026-01-01T00:00:00.000Z',
  schemaVersion: 1,
  datasets: 0,
  analyses: 0,
};

function app(handlers: Record<string, Handler>, language: 'en' | 'zh-CN' = 'en') {
  let demoOffered = false;
  const fake = fakeApi({
    'project.info': () => ({ project: null }),
    'project.recent': () => ({ projects: [] }),
    'settings.get': () => ({ language: null, demoOffered }),
    'settings.set': (p) => {
      const patch = p as { demoOffered?: boolean; language?: 'en' | 'zh-CN' };
      if (patch.demoOffered !== undefined) demoOffered = patch.demoOffered;
      return { language: patch.language ?? null, demoOffered };
    },
    'dataset.list': () => ({ datasets: [] }),
    'analysis.list': () => ({ analyses: [] }),
    ...handlers,
  });
  render(<App api={fake.api} i18n={createI18n(language)} />);
  return fake;
}

describe('App', () => {
  it('offers the demo project on first start, once', async () => {
    const fake = app({});
    expect(await screen.findByRole('heading', { name: 'New here? Try the demo project' })).toBeTruthy();
    await waitFor(() => expect(fake.payloads('settings.set')).toEqual([{ demoOffered: true }]));
    expect(screen.getByText('No recent projects yet. Create one, or try the demo below.')).toBeTruthy();
  });

  it('creates a project and lands on an empty data view whose next step is an import', async () => {
    const fake = app({ 'project.new': () => project });
    fireEvent.click(await screen.findByRole('button', { name: 'Create project' }));
    expect(await screen.findByText('Enter a project name.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Project name'), { target: { value: ' Pilot ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create project' }));
    expect(await screen.findByRole('heading', { name: 'No data yet' })).toBeTruthy();
    expect(fake.payloads('project.new')).toEqual([{ name: 'Pilot' }]);
    expect(screen.getByTestId('project-name').textContent).toBe('Pilot');
    expect(screen.getAllByRole('button', { name: 'Import data' }).length).toBeGreaterThan(0);
  });

  it('switches to Chinese at once and persists the choice', async () => {
    const fake = app({});
    await screen.findByRole('button', { name: 'Create project' });
    fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'zh-CN' } });
    expect(await screen.findByRole('button', { name: '创建项目' })).toBeTruthy();
    await waitFor(() => expect(fake.payloads('settings.set')).toContainEqual({ language: 'zh-CN' }));
    await waitFor(() => expect(document.documentElement.lang).toBe('zh-CN'));
  });

  it('saves the project as a copy beside it and continues in the copy', async () => {
    const copy = { ...project, path: '/tmp/p/Pilot 2.causeway', name: 'Pilot 2' };
    const fake = app({ 'project.info': () => ({ project }), 'project.saveAs': () => copy });
    fireEvent.click(await screen.findByRole('button', { name: 'Save as…' }));
    const field = screen.getByLabelText('New project file') as HTMLInputElement;
    expect(field.value).toBe('/tmp/p/Pilot copy.causeway');
    fireEvent.change(field, { target: { value: '/tmp/p/Pilot 2.causeway' } });
    fireEvent.click(screen.getByLabelText('Replace the file if it already exists'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('project-name').textContent).toBe('Pilot 2'));
    expect(fake.payloads('project.saveAs')).toEqual([{ path: '/tmp/p/Pilot 2.causeway', overwrite: true }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('reopens a project on its latest result and closes back to the start screen', async () => {
    const run = storedRun({ coefficients: { treat_post: { estimate: -0.0365, se: 0.0133, t: -2.75, p: 0.006 } }, nobs: 2500 });
    const fake = app({
      'project.info': () => ({ project }),
      'dataset.list': () => ({ datasets: [mpdtaDataset()] }),
      'analysis.list': () => ({ analyses: [run.analysis] }),
      'analysis.get': () => run,
      'project.close': () => ({ closed: true }),
    });
    expect(await screen.findByTestId('coefficient-table')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Results', selected: true })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close project' }));
    expect(await screen.findByRole('button', { name: 'Create project' })).toBeTruthy();
    expect(fake.payloads('project.close')).toHaveLength(1);
  });
});
