import { describe, expect, it } from 'vitest';
import { codeWithLabel, columnOptionText, valueLabelSummary } from './columnText';

describe('column text', () => {
  it('shows a code with its label as Stata lists it', () => {
    expect(codeWithLabel(1, '城镇')).toBe('1 = 城镇');
    expect(codeWithLabel(3, undefined)).toBe('3');
  });

  it('summarises value labels in code order, cut after a few', () => {
    expect(valueLabelSummary({ '2': '农村', '10': '其他', '1': '城镇' })).toBe('1 = 城镇, 2 = 农村, 10 = 其他');
    expect(valueLabelSummary({ '1': 'a', '2': 'b', '3': 'c' }, 2)).toBe('1 = a, 2 = b, …');
    expect(valueLabelSummary(null)).toBe('');
  });

  it('names a column with its variable and value labels for pickers', () => {
    expect(columnOptionText({ name: 'hukou', label: '户口', valueLabels: { '1': '城镇', '2': '农村' } })).toBe('hukou — 户口 (1 = 城镇, 2 = 农村)');
    expect(columnOptionText({ name: 'x', label: null, valueLabels: null })).toBe('x');
    expect(columnOptionText({ name: 'g', label: null, valueLabels: { '0': '男' } })).toBe('g (0 = 男)');
  });
});
