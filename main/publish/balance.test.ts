import { describe, expect, it } from 'vitest';
import { balanceTableSpec } from '../../shared/specs/table';
import { referenceCase } from '../testing/fixtures';
import { buildBalanceTable } from './balance';
import { formatNumber } from './format';
import { toTextGrid } from './table-model';

type Block = Record<string, Record<string, number | null>>;

describe('balance table', () => {
  const e = referenceCase('lalonde.json', 'nearest_documented_rule_balance').expected;
  const before = e.balance_before as Block;
  const after = e.balance_after as Block;

  it('shows treated and control means and SMD before and after matching', () => {
    const model = buildBalanceTable(balanceTableSpec.parse({ kind: 'balance', source: 'psm' }), e);
    const grid = toTextGrid(model);
    expect(model.header[0].cells).toEqual([
      { text: 'Before matching', span: 3 },
      { text: 'After matching', span: 3 },
    ]);
    expect(grid[1]).toEqual(['Variable', 'Means Treated', 'Means Control', 'Std. Mean Diff.', 'Means Treated', 'Means Control', 'Std. Mean Diff.']);
    const age = grid.find((r) => r[0] === 'age');
    const stats = ['Means Treated', 'Means Control', 'Std. Mean Diff.'];
    expect(age?.slice(1)).toEqual([...stats.map((s) => formatNumber(before.age[s], 3)), ...stats.map((s) => formatNumber(after.age[s], 3))]);
    expect(grid[2][0]).toBe('Propensity score');
    const sizes = e.sample_sizes as Record<string, { Treated: number; Control: number }>;
    expect(model.notes[1]).toBe(`Before matching: ${sizes.All.Treated} treated, ${sizes.All.Control} control; after matching: ${sizes.Matched.Treated} treated, ${sizes.Matched.Control} control.`);
  });

  it('prints an empty cell for a statistic that does not apply (variance ratio of a dummy)', () => {
    const model = buildBalanceTable(balanceTableSpec.parse({ kind: 'balance', source: 'psm', stats: ['Var. Ratio'], distance: false, language: 'zh' }), e);
    const married = model.sections[0].find((r) => r.label === 'married');
    expect(before.married['Var. Ratio']).toBeNull();
    expect(married?.cells).toEqual(['', '']);
    expect(model.header[1].cells[0].text).toBe('方差比');
    expect(model.sections[0].some((r) => r.label === '倾向得分')).toBe(false);
  });

  it('rejects a result without balance statistics', () => {
    expect(() => buildBalanceTable(balanceTableSpec.parse({ kind: 'balance', source: 'm.json' }), { coefficients: {} })).toThrow(/m\.json has no balance statistics/);
  });
});
