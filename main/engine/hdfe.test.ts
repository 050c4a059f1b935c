import { describe, expect, it } from 'vitest';
import mt19937 from '@stdlib/random-base-mt19937';
import { countSingletonObs, demean, findSingletons, prepareFixedEffects, type FixedEffectCodes } from './hdfe';
import { choleskyExclude } from './ols';
import { CancelledError } from './errors';

function rng(seed: number): () => number {
  const g = mt19937.factory({ seed });
  return () => g() / 4294967296;
}

/** Exact weighted projection residual of y on dummies of all fixed effects (normal equations). */
function exactResidual(y: Float64Array, fes: FixedEffectCodes[], w: Float64Array | null): Float64Array {
  const n = y.length;
  // Dummies, dropping the first level of every FE but the first (full rank when connected).
  const cols: Float64Array[] = [];
  fes.forEach((fe, q) => {
    for (let g = q === 0 ? 0 : 1; g < fe.nlevels; g++) cols.push(Float64Array.from(fe.codes, (c) => (c === g ? 1 : 0)));
  });
  const k = cols.length;
  const a = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const b = new Array<number>(k).fill(0);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (w ? w[i] : 1) * cols[r][i] * cols[c][i];
      a[r][c] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += (w ? w[i] : 1) * cols[r][i] * y[i];
    b[r] = s;
  }
  // Redundant dummies (several connected components) are dropped by the pivoted Cholesky.
  const chol = choleskyExclude(a, 1e-9);
  if (!chol) throw new Error('no dummy kept');
  const beta = chol.inverse.map((row) => row.reduce((s, v, j) => s + v * b[chol.kept[j]], 0));
  return Float64Array.from(y, (v, i) => v - chol.kept.reduce((s, c, j) => s + cols[c][i] * beta[j], 0));
}

function randomProblem(seed: number, n: number, sizes: number[]): { y: Float64Array; fes: FixedEffectCodes[]; w: Float64Array } {
  const u = rng(seed);
  const fes = sizes.map((L) => {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = i < L ? i : Math.floor(u() * L);
    return { codes, nlevels: L };
  });
  const y = Float64Array.from({ length: n }, (_, i) => fes.reduce((s, f) => s + Math.sin(f.codes[i] + 1), 0) + u() - 0.5);
  const w = Float64Array.from({ length: n }, () => 0.5 + u());
  return { y, fes, w };
}

describe('demean', () => {
  it('equals the exact projection for one, two and three fixed effects, with weights', () => {
    for (const sizes of [[9], [12, 7], [15, 8, 5]]) {
      const { y, fes, w } = randomProblem(sizes.length, 300, sizes);
      for (const weights of [null, w]) {
        const fe = prepareFixedEffects(fes, weights);
        const got = demean(fe, [y], { tol: 1e-12 }).columns[0];
        const want = exactResidual(y, fes, weights);
        for (let i = 0; i < y.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-9);
      }
    }
  });

  it('converges on a poorly connected three-way problem (warm-up, two-FE stage, re-acceleration)', () => {
    // Two large FEs linked through few observations: slow for plain alternating projections.
    const n = 1000;
    const u = rng(7);
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const c = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = Math.floor(i / 10);
      b[i] = u() < 0.97 ? Math.floor(i / 10) % 25 : Math.floor(u() * 25);
      c[i] = i % 4;
    }
    const fes = [
      { codes: a, nlevels: 100 },
      { codes: b, nlevels: 25 },
      { codes: c, nlevels: 4 },
    ];
    const y = Float64Array.from({ length: n }, (_, i) => a[i] * 0.01 + b[i] * 0.1 + c[i] + Math.cos(i));
    const r = demean(prepareFixedEffects(fes, null), [y], { tol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.iterations[0]).toBeGreaterThan(15);
    const want = exactResidual(y, fes, null);
    for (let i = 0; i < n; i++) expect(Math.abs(r.columns[0][i] - want[i])).toBeLessThan(1e-7);
  });

  it('is linear: a prepared structure demeans any column', () => {
    const { y, fes, w } = randomProblem(3, 400, [20, 6]);
    const fe = prepareFixedEffects(fes, w);
    const x = Float64Array.from(y, (v, i) => Math.cos(i) * 3);
    const [dy, dx, dsum] = demean(fe, [y, x, Float64Array.from(y, (v, i) => v + x[i])], { tol: 1e-12 }).columns;
    for (let i = 0; i < y.length; i++) expect(dsum[i]).toBeCloseTo(dy[i] + dx[i], 9);
  });

  it('reports non-convergence instead of looping', () => {
    const { y, fes } = randomProblem(4, 500, [40, 30, 20]);
    const r = demean(prepareFixedEffects(fes, null), [y], { tol: 1e-14, maxIter: 3 });
    expect(r.converged).toBe(false);
  });

  it('stops when cancelled', () => {
    const { y, fes } = randomProblem(5, 500, [40, 30, 20]);
    const ctx = { progress: () => undefined, checkCancelled: () => { throw new CancelledError(); } };
    expect(() => demean(prepareFixedEffects(fes, null), [y], { tol: 1e-14 }, ctx)).toThrow(CancelledError);
  });
});

describe('singletons', () => {
  it('removes singletons repeatedly', () => {
    // Row 4 is alone in a = 2; once it is gone, row 3 is alone in b = 1.
    const a = { codes: Int32Array.from([0, 0, 1, 1, 2]), nlevels: 3 };
    const b = { codes: Int32Array.from([0, 0, 0, 1, 1]), nlevels: 2 };
    expect(countSingletonObs([a, b], 5)).toBe(1);
    const s = findSingletons([a, b], 5);
    expect(Array.from(s.keep)).toEqual([1, 1, 0, 0, 0]);
    expect(s.removed).toBe(3);
  });
});
