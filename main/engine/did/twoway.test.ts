import { describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { invertSPD } from '../linalg';
import { buildTwoWay, residualizeTwoWay, solveTwoWay } from './twoway';

/** Dense OLS residuals of y on [unit dummies, period dummies 2..T] (reference check). */
function denseResiduals(unit: Int32Array, time: Int32Array, nu: number, nt: number, y: Float64Array): Float64Array {
  const k = nu + nt - 1;
  const row = (o: number): number[] => {
    const r = new Array<number>(k).fill(0);
    r[unit[o]] = 1;
    if (time[o] > 0) r[nu + time[o] - 1] = 1;
    return r;
  };
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let o = 0; o < y.length; o++) {
    const r = row(o);
    for (let a = 0; a < k; a++) {
      xty[a] += r[a] * y[o];
      for (let b = 0; b < k; b++) xtx[a][b] += r[a] * r[b];
    }
  }
  const inv = invertSPD(xtx);
  if (!inv) throw new Error('singular');
  const beta = inv.map((r) => r.reduce((s, v, j) => s + v * xty[j], 0));
  return Float64Array.from(y, (v, o) => v - row(o).reduce((s, x, j) => s + x * beta[j], 0));
}

describe('two-way fixed effects solver', () => {
  // An unbalanced sample: 6 units, 5 periods, some cells missing.
  const cellsPresent: [number, number][] = [];
  for (let u = 0; u < 6; u++) for (let t = 0; t < 5; t++) if ((u * 3 + t * 2) % 7 !== 0) cellsPresent.push([u, t]);
  const unit = Int32Array.from(cellsPresent, (c) => c[0]);
  const time = Int32Array.from(cellsPresent, (c) => c[1]);
  const y = Float64Array.from(cellsPresent, ([u, t]) => u * 1.3 - t * 0.4 + Math.cos(u * 5.1 + t * t));

  it('gives the dense OLS residuals on an unbalanced sample', () => {
    const sys = buildTwoWay(unit, time, 6, 5);
    const r = residualizeTwoWay(sys, y);
    const d = denseResiduals(unit, time, 6, 5, y);
    r.forEach((v, i) => expect(Math.abs(v - d[i])).toBeLessThan(1e-12));
  });

  it('solves normal equations with any right-hand side in their range', () => {
    const sys = buildTwoWay(unit, time, 6, 5);
    const bu = Float64Array.from([1, -2, 0.5, 0, 3, 1]);
    // Period sums must match unit sums for consistency (Σ bu = Σ bt).
    const bt = Float64Array.from([2, 0, 1.5, -1, 1]);
    const { alpha, gamma } = solveTwoWay(sys, bu, bt);
    const gotU = new Float64Array(6);
    const gotT = new Float64Array(5);
    for (let o = 0; o < unit.length; o++) {
      const f = alpha[unit[o]] + gamma[time[o]];
      gotU[unit[o]] += f;
      gotT[time[o]] += f;
    }
    gotU.forEach((v, i) => expect(Math.abs(v - bu[i])).toBeLessThan(1e-12));
    gotT.forEach((v, i) => expect(Math.abs(v - bt[i])).toBeLessThan(1e-12));
  });

  it('reports unidentified effects as NaN and disconnected samples as a UserError', () => {
    const sys = buildTwoWay(Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 1, 0, 1]), 3, 3);
    const { alpha, gamma } = solveTwoWay(sys, new Float64Array(3), new Float64Array(3));
    expect(Number.isNaN(alpha[2])).toBe(true);
    expect(Number.isNaN(gamma[2])).toBe(true);
    // Units 0-1 only in periods 0-1, units 2-3 only in periods 2-3: two separate blocks.
    expect(() => buildTwoWay(Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]), Int32Array.from([0, 1, 0, 1, 2, 3, 2, 3]), 4, 4)).toThrow(UserError);
  });
});
