import { describe, expect, it } from 'vitest';
import { describeStep } from './describeStep';

describe('describeStep', () => {
  it('reads variable steps as Stata commands', () => {
    expect(describeStep({ op: 'generate', name: 'lny', expr: 'log(y)', if: 'y > 0' })).toBe('generate lny = log(y) if y > 0');
    expect(describeStep({ op: 'generate', name: 'y', expr: '0', replace: true })).toBe('replace y = 0');
    expect(describeStep({ op: 'rename', from: 'a', to: 'b' })).toBe('rename a b');
    expect(describeStep({ op: 'recode', column: 'hukou', rules: [{ from: [1, { min: 3 }], to: 0, label: '城镇' }, { from: 'missing', to: null }], into: 'u' })).toBe(
      'recode hukou (1 3/max = 0 "城镇") (missing = .), generate(u)',
    );
    expect(describeStep({ op: 'setType', column: 'x', to: 'number', force: true })).toBe('destring x, force');
    expect(describeStep({ op: 'filter', expr: 'year >= 2010' })).toBe('keep if year >= 2010');
    expect(describeStep({ op: 'drop', columns: ['a', 'b'] })).toBe('drop a b');
    expect(describeStep({ op: 'label', column: 'u', label: '城乡', valueLabels: { '1': 'a', '2': 'b' } })).toBe('label u "城乡" (2 value labels)');
  });

  it('reads panel, merge and append steps', () => {
    expect(describeStep({ op: 'lag', column: 'y', unit: 'id', time: 't', periods: -2 })).toBe('F2.y (id × t)');
    expect(describeStep({ op: 'lag', column: 'y', unit: 'id', time: 't', periods: 1, kind: 'diff', into: 'dy' })).toBe('D.y → dy (id × t)');
    expect(describeStep({ op: 'winsorize', columns: ['y'], lower: 1, upper: 99, by: 't' })).toBe('winsor y, cuts(1 99) by(t)');
    expect(describeStep({ op: 'merge', using: 'cities', keys: ['city', { master: 'yr', using: 'year' }], relationship: 'm:1' })).toBe('merge m:1 city yr=year using cities');
    expect(describeStep({ op: 'append', datasets: ['a', 'b'] })).toBe('append using a b');
    expect(describeStep({ op: 'treatment', unit: 'id', time: 't', treatedIds: [1, 2], policyTime: 2014 })).toBe('treatment: 2 units from 2014');
    expect(describeStep({ op: 'relativeTime', time: 't', event: 'g' })).toBe('rel_time = t − g');
  });
});
