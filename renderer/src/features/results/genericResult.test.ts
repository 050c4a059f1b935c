import { describe, expect, it } from 'vitest';
import { genericView } from './genericResult';

describe('genericView', () => {
  it('reads a feols-style coefficients record, with t statistics', () => {
    const v = genericView({
      coefficients: { x: { estimate: 1.5, se: 0.5, t: 3, p: 0.01, conf_low: 0.5, conf_high: 2.5 } },
      nobs: 100,
      notes: ['one note'],
    });
    expect(v.rows).toEqual([{ term: 'x', estimate: 1.5, se: 0.5, stat: 3, p: 0.01, confLow: 0.5, confHigh: 2.5 }]);
    expect(v.statName).toBe('t');
    expect(v.stats).toEqual([{ name: 'nobs', value: 100 }]);
    expect(v.notes).toEqual(['one note']);
  });

  it('reads a list of rows naming their term (did_imputation terms), z when no row has t', () => {
    const v = genericView({ terms: [{ term: '0', estimate: -0.02, se: 0.01, z: -2, conf_low: -0.04, conf_high: 0 }] });
    expect(v.rows[0]).toMatchObject({ term: '0', estimate: -0.02, stat: -2, p: null });
    expect(v.statName).toBe('z');
  });

  it('keeps scalar statistics and short texts, never objects, arrays or long texts', () => {
    const v = genericView({
      model: 'x',
      method: 'nearest',
      converged: true,
      p_value: null,
      paragraph: 'a'.repeat(200),
      nested: { a: 1 },
      list: [1, 2],
    });
    expect(v.stats).toEqual([
      { name: 'method', value: 'nearest' },
      { name: 'converged', value: true },
      { name: 'p_value', value: null },
    ]);
    expect(v.rows).toEqual([]);
  });

  it('takes anything that is not an object as an empty result', () => {
    expect(genericView(null)).toEqual({ rows: [], statName: 't', stats: [], notes: [] });
    expect(genericView([1, 2])).toEqual({ rows: [], statName: 't', stats: [], notes: [] });
  });
});
