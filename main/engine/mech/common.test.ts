import { describe, expect, it } from 'vitest';
import { numericColumn, type Frame } from '../frame';
import { modelFormula, quantileGroups, termName, vcovOf, type LinearModelSpec } from './common';

const base: LinearModelSpec = { outcome: 'y', treatment: 'd', controls: [], fixed_effects: [], level: 0.95 };

describe('model pieces', () => {
  it('names terms as R does: syntactic names bare (Chinese letters included), others in backticks', () => {
    expect(termName('treat_post')).toBe('treat_post');
    expect(termName('互联网')).toBe('互联网');
    expect(termName('first.treat')).toBe('first.treat');
    expect(termName('a b')).toBe('`a b`');
    expect(termName('2x')).toBe('`2x`');
    expect(termName('.5a')).toBe('`.5a`');
  });

  it('writes the feols formula with controls as terms and fixed-effect interactions', () => {
    const frame: Frame = { nrow: 1, columns: [numericColumn('gdp pc', [1]), numericColumn('edu', [1])] };
    const f = modelFormula(frame, { ...base, controls: ['gdp pc', 'factor(edu)'], fixed_effects: ['province^year', 'edu'] }, 'y', ['d']);
    expect(f).toBe('y ~ d + `gdp pc` + factor(edu) | province^year + edu');
    expect(modelFormula(frame, base, 'y', [])).toBe('y ~ 1');
  });

  it('resolves the variance: clusters, an explicit vcov, or fixest’s default', () => {
    expect(vcovOf({ ...base, cluster: ['id'] })).toEqual({ cluster: ['id'] });
    expect(vcovOf({ ...base, cluster: [] })).toBe('iid');
    expect(vcovOf({ ...base, cluster: [], vcov: 'hetero' })).toBe('hetero');
    expect(vcovOf(base)).toBeUndefined();
  });
});

describe('quantile groups (Stata xtile)', () => {
  it('puts values at a cut point in the lower group', () => {
    // n = 8, p = 1/2: n·p = 4 is whole, so the cut is the mean of the 4th and 5th values.
    const q = quantileGroups(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8), 2);
    expect(q.cuts).toEqual([4.5]);
    expect(Array.from(q.codes)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    const odd = quantileGroups(Float64Array.of(5, 1, 3, Number.NaN, 2, 4), 2);
    expect(odd.cuts).toEqual([3]);
    expect(Array.from(odd.codes)).toEqual([1, 0, 0, -1, 0, 1]);
    expect([odd.min, odd.max]).toEqual([1, 5]);
  });

  it('merges groups that ties leave empty', () => {
    // Terciles of mostly-zero data: both cut points are 0, so the middle group is empty.
    const q = quantileGroups(Float64Array.of(0, 0, 0, 0, 0, 0, 0, 1, 2), 3);
    expect(q.count).toBe(2);
    expect(q.cuts).toEqual([0]);
    expect(Array.from(q.codes)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1]);
    const one = quantileGroups(Float64Array.of(3, 3, 3), 4);
    expect(one.count).toBe(1);
    expect(one.cuts).toEqual([]);
  });
});
