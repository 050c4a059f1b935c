import { describe, expect, it } from 'vitest';
import { column } from '../../testing/fixtures';
import { cellText } from './DataGrid';

describe('cellText', () => {
  it('shows missing cells with the missing marker and numbers as they are', () => {
    expect(cellText(null, column('x'), 'NA')).toBe('NA');
    expect(cellText(8.46146904264388, column('x'), 'NA')).toBe('8.46146904264388');
  });

  it('shows date columns as ISO dates and labelled codes with their label', () => {
    expect(cellText(19723, { ...column('d'), format: 'date' }, 'NA')).toBe('2024-01-01');
    expect(cellText(1, { ...column('pilot'), valueLabels: { '1': '试点' } }, 'NA')).toBe('1 = 试点');
    expect(cellText(0, { ...column('pilot'), valueLabels: { '1': '试点' } }, 'NA')).toBe('0');
  });

  it('passes text through untouched (rendered as a text node, never HTML)', () => {
    expect(cellText('<b>杭州</b>', column('city', 'string'), 'NA')).toBe('<b>杭州</b>');
  });
});
