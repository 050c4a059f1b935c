// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../testing/fakeApi';
import { renderWithApi } from '../testing/render';
import { NewAnalysisMenu } from './NewAnalysisMenu';
import { BUILDER_GROUPS, builderForModel, builders, seedSpec } from './builders';
import { didSpec } from '../../../shared/specs/did';
import { mpdtaTwfeSpec } from '../testing/fixtures';

afterEach(cleanup);

describe('builders registry', () => {
  it('gives every builder a unique id and a known group', () => {
    expect(new Set(builders.map((b) => b.id)).size).toBe(builders.length);
    for (const b of builders) expect(BUILDER_GROUPS).toContain(b.group);
  });

  it('finds the builder that edits a saved model', () => {
    expect(builderForModel('did')?.id).toBe('did');
    expect(builderForModel('no_such_model')).toBeNull();
  });

  it('reads a saved spec with the builder schema, and anything else as a new analysis', () => {
    expect(seedSpec(didSpec, mpdtaTwfeSpec)?.outcome).toBe('lemp');
    expect(seedSpec(didSpec, { model: 'feols' })).toBeNull();
    expect(seedSpec(didSpec, null)).toBeNull();
  });
});

describe('NewAnalysisMenu', () => {
  it('lists the builders under their group headings and hands back the choice', () => {
    const onChoose = vi.fn();
    renderWithApi(<NewAnalysisMenu onChoose={onChoose} />, fakeApi({}).api);
    const button = screen.getByRole('button', { name: 'New analysis' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    const menu = screen.getByRole('menu', { name: 'New analysis' });
    const group = within(menu).getByRole('group', { name: 'DID & event study' });
    expect(document.activeElement).toBe(within(group).getAllByRole('menuitem')[0]);
    fireEvent.click(within(group).getByRole('menuitem', { name: /^DID/ }));
    expect(onChoose).toHaveBeenCalledWith('did');
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('closes on Escape and gives the focus back to its button', () => {
    renderWithApi(<NewAnalysisMenu onChoose={() => undefined} />, fakeApi({}).api);
    const button = screen.getByRole('button', { name: 'New analysis' });
    fireEvent.click(button);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('moves between items with the arrow keys, wrapping around', () => {
    renderWithApi(<NewAnalysisMenu onChoose={() => undefined} />, fakeApi({}).api);
    fireEvent.click(screen.getByRole('button', { name: 'New analysis' }));
    const items = screen.getAllByRole('menuitem');
    fireEvent.keyDown(items[0], { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[items.length - 1]);
    fireEvent.keyDown(items[items.length - 1], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[0]);
  });

  it('renders in Chinese', () => {
    renderWithApi(<NewAnalysisMenu onChoose={() => undefined} />, fakeApi({}).api, 'zh-CN');
    fireEvent.click(screen.getByRole('button', { name: '新建分析' }));
    expect(screen.getByRole('group', { name: '双重差分与事件研究' })).toBeTruthy();
  });
});
