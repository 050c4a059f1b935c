import { describe, expect, it } from 'vitest';
import { matMul } from '../linalg';
import { cholInverse, ginvSym, gram, powerColumns, qrKeptColumns, symEigen } from './lp';

describe('RD linear algebra', () => {
  it('Vandermonde columns and their weighted Gram matrix', () => {
    const cols = powerColumns(Float64Array.from([1, 2, 3]), 2);
    expect(Array.from(cols[2])).toEqual([1, 4, 9]);
    const g = gram(cols, Float64Array.from([1, 1, 2]));
    expect(g[1][2]).toBe(1 + 8 + 2 * 27);
    const inv = cholInverse(g);
    const id = matMul(g, inv as number[][]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(id[i][j]).toBeCloseTo(i === j ? 1 : 0, 10);
  });

  it('eigen-decomposition and the generalised inverse of a singular matrix', () => {
    const a = [
      [2, 1, 0],
      [1, 2, 0],
      [0, 0, 0],
    ];
    const { values } = symEigen(a);
    expect(values.slice().sort((x, y) => x - y).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0, 1, 3]);
    const g = ginvSym(a, 1e-10);
    // A G A = A for the Moore–Penrose inverse.
    const aga = matMul(matMul(a, g), a);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(aga[i][j]).toBeCloseTo(a[i][j], 12);
    expect(cholInverse(a)).toBeNull();
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
