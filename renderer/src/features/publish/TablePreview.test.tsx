// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TableModelView } from '../../../../shared/contract-publish';
import { TablePreview } from './TablePreview';

afterEach(cleanup);

const table: TableModelView = {
  title: '表 1 <b>基准</b>',
  language: 'zh',
  style: 'three-line',
  ncol: 3,
  header: [
    { stub: '', cells: [{ text: 'lemp', span: 2 }, { text: '', span: 1 }] },
    { stub: '', cells: [{ text: '(1)', span: 1 }, { text: '(2)', span: 1 }, { text: '(3)', span: 1 }] },
  ],
  sections: [
    [
      { kind: 'estimate', label: '<img src=x onerror=alert(1)>', cells: ['-0.037', '-0.036', ''], marks: ['***', '**', ''] },
      { kind: 'paren', label: '', cells: ['(0.013)', '(0.014)', ''] },
    ],
    [{ kind: 'stat', label: '观测值', cells: ['2,500', '2,500', '1,000'] }],
  ],
  notes: ['括号内为聚类稳健标准误。'],
};

describe('TablePreview', () => {
  it('draws spanning header cells, right-aligned numbers with superscript stars, and notes, all as text', () => {
    render(<TablePreview table={table} />);
    const el = screen.getByTestId('table-preview');
    expect(el.className).toBe('pub-table pub-three-line');
    expect(within(el).getByText('表 1 <b>基准</b>').tagName).toBe('CAPTION');
    const span = within(el).getByText('lemp');
    expect(span.getAttribute('colspan')).toBe('2');
    expect(span.className).toBe('pub-span');
    const row = el.querySelector('tr[data-row="estimate"]') as HTMLElement;
    expect(row.getAttribute('data-label')).toBe('<img src=x onerror=alert(1)>');
    expect(el.querySelector('img')).toBeNull();
    const first = row.querySelectorAll('td')[0];
    expect(first.className).toBe('pub-num');
    expect(first.getAttribute('title')).toBe('-0.037***');
    expect(first.querySelector('sup')?.textContent).toBe('***');
    expect(el.querySelectorAll('tbody').length).toBe(2);
    expect(screen.getByText('括号内为聚类稳健标准误。')).toBeTruthy();
    expect(el.closest('figure')?.getAttribute('lang')).toBe('zh-CN');
  });
});
