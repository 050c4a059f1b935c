import { describe, expect, it } from 'vitest';
import { computeVcov, describeSsc, FIXEST_SSC, intersectCodes, isNested, makePositiveSemiDefinite, redundantFixefCoefficients, REGHDFE_SSC, symmetricEigen } from './vcov';
import { runFeols } from './feols';
import { feolsSpec } from '../../shared/specs/feols';
import { loadData } from '../testing/fixtures';
import { UserError } from './errors';

describe('vcov helpers', () => {
  it('decomposes a symmetric matrix', () => {
    const a = [
      [4, 1, 0.5],
      [1, 3, -0.2],
      [0.5, -0.2, 2],
    ];
    const { values, vectors } = symmetricEigen(a);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      const back = values.reduce((s, l, k) => s + vectors[i][k] * l * vectors[j][k], 0);
      expect(back).toBeCloseTo(a[i][j], 12);
    }
  });

  it('decomposes large, rank-deficient and diagonal matrices: A = QΛQ′ with Q orthonormal, k = 500 in under 3 s', () => {
    let seed = 11;
    const rand = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const gram = (k: number, rank: number): number[][] => {
      const b = Array.from({ length: rank }, () => Array.from({ length: k }, rand));
      return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => b.reduce((s, row) => s + row[i] * row[j], 0) * 1e6));
    };
    const cases: [string, number[][]][] = [
      ['1×1', [[-2.5]]],
      ['diagonal', [[3, 0, 0], [0, -1, 0], [0, 0, 0]]],
      ['rank 3 of 12', gram(12, 3)],
      ['rank 40 of 60', gram(60, 40)],
      ['full 500', gram(500, 500)],
    ];
    for (const [name, a] of cases) {
      const k = a.length;
      const t0 = performance.now();
      const { values, vectors } = symmetricEigen(a);
      const seconds = (performance.now() - t0) / 1000;
      const scale = Math.max(...a.map((r) => Math.max(...r.map(Math.abs))));
      let worst = 0;
      let worstOrth = 0;
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) {
          let back = 0;
          let dot = 0;
          for (let l = 0; l < k; l++) {
            back += vectors[i][l] * values[l] * vectors[j][l];
            dot += vectors[l][i] * vectors[l][j];
          }
          worst = Math.max(worst, Math.abs(back - a[i][j]) / scale);
          worstOrth = Math.max(worstOrth, Math.abs(dot - (i === j ? 1 : 0)));
        }
      expect(worst, name).toBeLessThan(1e-12 * Math.max(1, k / 10));
      expect(worstOrth, name).toBeLessThan(1e-12 * Math.max(1, k / 10));
      if (k === 500) expect(seconds).toBeLessThan(3);
    }
    const zeroEigen = symmetricEigen(gram(12, 3)).values.filter((l) => Math.abs(l) < 1e-6).length;
    expect(zeroEigen).toBe(9);
  });

  it('clips negative eigenvalues (Cameron, Gelbach & Miller fix)', () => {
    const v = makePositiveSemiDefinite([
      [1, 2],
      [2, -0.5],
    ]);
    expect(Math.min(...symmetricEigen(v).values)).toBeGreaterThanOrEqual(1e-10 - 1e-15);
    expect(v[0][1]).toBeCloseTo(v[1][0], 15);
  });

  it('detects nesting and counts redundant fixed-effect levels', () => {
    const fe = Int32Array.from([0, 0, 1, 1, 2, 2]);
    expect(isNested(fe, 3, Int32Array.from([0, 0, 0, 0, 1, 1]))).toBe(true);
    expect(isNested(fe, 3, Int32Array.from([0, 1, 0, 0, 1, 1]))).toBe(false);
    // Two components: {a0, a1, b0} and {a2, b1}.
    const a = { codes: Int32Array.from([0, 1, 2, 2]), nlevels: 3 };
    const b = { codes: Int32Array.from([0, 0, 1, 1]), nlevels: 2 };
    expect(redundantFixefCoefficients([a, b])).toBe(2);
    expect(redundantFixefCoefficients([a, b, b])).toBe(3);
    const x = intersectCodes(Int32Array.from([0, 0, 1, 1]), 2, Int32Array.from([0, 1, 0, 0]), 2);
    expect(Array.from(x.codes)).toEqual([0, 1, 2, 2]);
    expect(x.nlevels).toBe(3);
  });

  it('describes the small-sample settings', () => {
    expect(describeSsc(FIXEST_SSC)).toBe("fixest default ssc(adj=TRUE, fixef.K='nested', cluster.adj=TRUE, cluster.df='min', t.df='min')");
    expect(describeSsc(REGHDFE_SSC)).toContain('reghdfe');
    expect(describeSsc({ ...FIXEST_SSC, adj: false, tDf: 30 })).toBe("ssc(adj=FALSE, fixef.K='nested', cluster.adj=TRUE, cluster.df='min', t.df=30)");
  });

  it('computes iid, HC1 and one-way clustered variances from scores', () => {
    // y = b x + e with x = (1, 2, 3, 4), e = (0.5, -1, 1, -0.5): B = 1/30.
    const x = [1, 2, 3, 4];
    const e = [0.5, -1, 1, -0.5];
    const scores = { columns: [Float64Array.from(x)], weightedResiduals: Float64Array.from(e) };
    const input = { bread: [[1 / 30]], scores, ssr: 2.5, n: 4, nparams: 1, fixedEffects: [] };
    expect(computeVcov(input, { type: 'iid' }, FIXEST_SSC).matrix[0][0]).toBeCloseTo(2.5 / 3 / 30, 15);
    const meat = x.reduce((s, v, i) => s + (v * e[i]) ** 2, 0);
    expect(computeVcov(input, { type: 'hetero' }, FIXEST_SSC).matrix[0][0]).toBeCloseTo((meat / 900) * (4 / 3), 15);
    const cl = computeVcov(input, { type: 'cluster', clusters: [{ name: 'g', codes: Int32Array.from([0, 0, 1, 1]), nlevels: 2 }] }, FIXEST_SSC);
    const u = [x[0] * e[0] + x[1] * e[1], x[2] * e[2] + x[3] * e[3]];
    expect(cl.matrix[0][0]).toBeCloseTo(((u[0] ** 2 + u[1] ** 2) / 900) * 2 * (3 / 3), 15);
    expect(cl.dfT).toBe(1);
    expect(cl.type).toBe('Clustered (g)');
  });

  it('refuses a single cluster', () => {
    const input = { bread: [[1]], scores: { columns: [Float64Array.from([1, 2])], weightedResiduals: Float64Array.from([1, 1]) }, ssr: 1, n: 2, nparams: 1, fixedEffects: [] };
    expect(() => computeVcov(input, { type: 'cluster', clusters: [{ name: 'g', codes: Int32Array.from([0, 0]), nlevels: 1 }] }, FIXEST_SSC)).toThrow(UserError);
  });
});

describe('HC3 with one fixed effect', () => {
  it('equals HC3 of the dummy-variable regression (fixed-effect leverage included)', async () => {
    const bd = await loadData('base_did.csv');
    const fe = runFeols(bd, feolsSpec.parse({ model: 'feols', data: 'b', formula: 'y ~ x1 + treat:post | period', vcov: 'HC3' }));
    const dummies = runFeols(bd, feolsSpec.parse({ model: 'feols', data: 'b', formula: 'y ~ x1 + treat:post + factor(period)', vcov: 'HC3' }));
    expect(fe.coefficients.x1.estimate).toBeCloseTo(dummies.coefficients.x1.estimate!, 11);
    expect(fe.coefficients.x1.se! / dummies.coefficients.x1.se!).toBeCloseTo(1, 11);
    expect(fe.coefficients['treat:post'].se! / dummies.coefficients['treat:post'].se!).toBeCloseTo(1, 11);
  });

  it('is refused with two fixed effects', async () => {
    const bd = await loadData('base_did.csv');
    expect(() => runFeols(bd, feolsSpec.parse({ model: 'feols', data: 'b', formula: 'y ~ x1 | id + period', vcov: 'HC3' }))).toThrow(/HC3/);
  });
});
