import { describe, expect, it } from 'vitest';
import { invertSPD, matMul } from '../linalg';
import { ginvSym, gram, powerColumns, qrKeptColumns } from './lp';

describe('RD linear algebra', () => {
  it('Vandermonde columns and their weighted Gram matrix', () => {
    const cols = powerColumns(Float64Array.from([1, 2, 3]), 2);
    expect(Array.from(cols[2])).toEqual([1, 4, 9]);
    const g = gram(cols, Float64Array.from([1, 1, 2]));
    expect(g[1][2]).toBe(1 + 8 + 2 * 27);
    const inv = invertSPD(g);
    const id = matMul(g, inv as number[][]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(id[i][j]).toBeCloseTo(i === j ? 1 : 0, 10);
  });

  it('the generalised inverse of a singular matrix (MASS::ginv)', () => {
    const a = [
      [2, 1, 0],
      [1, 2, 0],
      [0, 0, 0],
    ];
    const g = ginvSym(a, 1e-10);
    // A G A = A for the Moore–Penrose inverse.
    const aga = matMul(matMul(a, g), a);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(aga[i][j]).toBeCloseTo(a[i][j], 12);
    // The regular block is inverted exactly: [[2, 1], [1, 2]]^-1 = [[2, -1], [-1, 2]] / 3.
    expect(g[0][0]).toBeCloseTo(2 / 3, 12);
    expect(g[2][2]).toBe(0);
  });

  it('finds collinear columns as R qr(tol = 1e-7) does, keeping the earlier ones', () => {
    const a = Float64Array.from([1, 2, 3, 4, 5]);
    const b = Float64Array.from([2, 1, 0, 1, 2]);
    const c = Float64Array.from(a.map((v, i) => 2 * v - b[i]));
    expect(qrKeptColumns([a, b, c])).toEqual([0, 1]);
    expect(qrKeptColumns([a, c, b])).toEqual([0, 1]);
    expect(qrKeptColumns([a, new Float64Array(5), b])).toEqual([0, 2]);
    expect(qrKeptColumns([a, b])).toEqual([0, 1]);
  });
});
