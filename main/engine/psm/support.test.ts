import { describe, expect, it } from 'vitest';
import { discardUnits } from './support';

describe('common support', () => {
  // Treated scores span [0.3, 0.9], controls [0.1, 0.7].
  const score = Float64Array.from([0.3, 0.6, 0.9, 0.1, 0.4, 0.7]);
  const treat = Uint8Array.from([1, 1, 1, 0, 0, 0]);

  it('"both" drops every unit outside the overlap [0.3, 0.7]', () => {
    expect(Array.from(discardUnits(score, treat, 'both'))).toEqual([0, 0, 1, 1, 0, 0]);
  });
  it('"treated" drops treated units outside the controls\' range', () => {
    expect(Array.from(discardUnits(score, treat, 'treated'))).toEqual([0, 0, 1, 0, 0, 0]);
  });
  it('"control" drops controls outside the treated range', () => {
    expect(Array.from(discardUnits(score, treat, 'control'))).toEqual([0, 0, 0, 1, 0, 0]);
  });
  it('"none" keeps everyone', () => {
    expect(Array.from(discardUnits(score, treat, 'none'))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
