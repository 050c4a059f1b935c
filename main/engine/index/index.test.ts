import { describe, expect, it } from 'vitest';
import { numericColumn, stringColumn, type Frame } from '../frame';
import { indexResult, indexSpec, type IndexSpecInput } from '../../../shared/specs/composite-index';
import { runIndex } from './index';
import { entropyWeights } from './entropy';
import { principalComponents } from './pca';

const frameOf = (cols: Record<string, (number | null)[]>): Frame => {
  const entries = Object.entries(cols);
  return { nrow: entries[0][1].length, columns: entries.map(([name, v]) => numericColumn(name, v.map((x) => (x === null ? Number.NaN : x)))) };
};
const spec = (over: Partial<IndexSpecInput>) => indexSpec.parse({ model: 'index', data: 'x', name: 'idx', method: 'entropy', indicators: [{ column: 'a' }, { column: 'b' }], ...over });

describe('entropy weights by hand', () => {
  // a = 1, 2, 3 → min–max 0, ½, 1 → p = 0, ⅓, ⅔ → Σ p ln p = −ln 3 + ⅔ ln 2, e = 1 − 2 ln 2 / (3 ln 3).
  // b = 10, 10, 40 (positive) → 0, 0, 1 → p = 0, 0, 1 → e = 0; as a negative indicator → 1, 1, 0 → e = ln 2 / ln 3.
  const frame = frameOf({ a: [1, 2, 3], b: [10, 10, 40] });
  const d1 = (2 * Math.log(2)) / (3 * Math.log(3));

  it('positive indicators', () => {
    const r = runIndex(frame, spec({ shift: 0 }));
    expect(indexResult.safeParse(r).success).toBe(true);
    const [wa, wb] = r.weights;
    expect(wa.entropy!).toBeCloseTo(1 - d1, 14);
    expect(wb.entropy!).toBeCloseTo(0, 14);
    expect(wa.weight).toBeCloseTo(d1 / (d1 + 1), 14);
    expect(wb.weight).toBeCloseTo(1 / (d1 + 1), 14);
    // Index = Σ w·z with z the min–max values.
    expect(r.values[0]).toBeCloseTo(0, 14);
    expect(r.values[1]).toBeCloseTo(0.5 * wa.weight, 14);
    expect(r.values[2]).toBeCloseTo(1, 14);
  });

  it('a negative indicator is reversed before weighting', () => {
    const r = runIndex(frame, spec({ shift: 0, indicators: [{ column: 'a' }, { column: 'b', direction: 'negative' }] }));
    const db = 1 - Math.log(2) / Math.log(3);
    expect(r.weights[1].entropy!).toBeCloseTo(Math.log(2) / Math.log(3), 14);
    expect(r.weights[1].weight).toBeCloseTo(db / (d1 + db), 14);
    expect(r.values[2]).toBeCloseTo(r.weights[0].weight, 14);
    expect(r.standardization_constants[1]).toEqual({ indicator: 'b', group: null, center: 40, scale: 30 });
  });

  it('the 0.0001 shift keeps every p positive, and z-scores divide by the SD instead of the range', () => {
    const shifted = runIndex(frame, spec({}));
    expect(shifted.shift).toBe(0.0001);
    expect(shifted.weights[1].entropy!).toBeGreaterThan(0);
    const z = runIndex(frame, spec({ standardization: 'zscore', shift: 0 }));
    expect(z.standardization_constants[0]).toEqual({ indicator: 'a', group: null, center: 1, scale: 1 });
    // Entropy weights do not depend on the scale of an indicator once the shift is 0.
    expect(z.weights[0].weight).toBeCloseTo(runIndex(frame, spec({ shift: 0 })).weights[0].weight, 14);
    expect(entropyWeights([Float64Array.of(1, 1), Float64Array.of(0, 2)]).map((w) => w.weight)).toEqual([0, 1]);
  });
});

describe('panel-aware entropy index (by year)', () => {
  const frame: Frame = {
    nrow: 8,
    columns: [
      numericColumn('year', [2010, 2010, 2010, 2010, 2011, 2011, 2011, 2011]),
      numericColumn('a', [1, 2, 3, 4, 2, 2, 3, 9]),
      numericColumn('b', [5, 3, 4, 1, 1, 6, 2, 2]),
    ],
  };

  it('standardises and weights within each year, like separate pooled runs', () => {
    const r = runIndex(frame, spec({ by: 'year' }));
    expect(r.weights.map((w) => w.group)).toEqual(['2010', '2010', '2011', '2011']);
    for (const [k, year] of [[0, 2010], [1, 2011]] as const) {
      const rows = frameOf({ a: [1, 2, 3, 4, 2, 2, 3, 9].slice(4 * k, 4 * k + 4), b: [5, 3, 4, 1, 1, 6, 2, 2].slice(4 * k, 4 * k + 4) });
      const alone = runIndex(rows, spec({}));
      expect(r.weights[2 * k].weight).toBeCloseTo(alone.weights[0].weight, 15);
      expect(r.values.slice(4 * k, 4 * k + 4)).toEqual(alone.values);
      expect(r.by_group![k].group).toBe(String(year));
    }
    const steps = r.recipe_steps;
    expect(steps.map((s) => s.op)).toEqual(['generate', 'generate']);
    expect(steps[0]).toMatchObject({ name: 'idx', if: '`year` == 2010', label: 'Entropy-weight index of a, b' });
    expect(steps[1]).toMatchObject({ if: '`year` == 2011', replace: true });
  });

  it('restricts the recipe to the subset and replaces an existing column', () => {
    const withIdx: Frame = { nrow: 8, columns: [...frame.columns, numericColumn('idx', new Array(8).fill(0))] };
    const r = runIndex(withIdx, spec({ by: 'year', subset: 'a > 0' }));
    expect(r.recipe_steps[0]).toEqual({ op: 'drop', columns: ['idx'] });
    expect(r.recipe_steps[1]).toMatchObject({ if: '(a > 0) & `year` == 2010' });
    expect(r.notes.join(' ')).toMatch(/replaces the existing column "idx"/);
  });

  it('quotes text group values in the recipe', () => {
    const text: Frame = { nrow: 8, columns: [stringColumn('region', ['东', '东', '东', '东', '西 "x"', '西 "x"', '西 "x"', '西 "x"']), ...frame.columns.slice(1)] };
    expect(runIndex(text, spec({ by: 'region' })).recipe_steps[1]).toMatchObject({ if: '`region` == "西 \\"x\\""' });
  });
});

describe('TOPSIS', () => {
  const frame = frameOf({ a: [1, 2, 3, 4], b: [4, 3, 2, 1], c: [2, 9, 4, 3] });

  it('scores 1 at the ideal and 0 at the anti-ideal', () => {
    const r = runIndex(frame, spec({ method: 'topsis', indicators: [{ column: 'a' }, { column: 'b', direction: 'negative' }], weights: 'equal', shift: 0 }));
    expect(r.values).toEqual([0, expect.closeTo(1 / 3, 14), expect.closeTo(2 / 3, 14), 1]);
    expect(r.topsis!.ideal_best.map((x) => x.value)).toEqual([0.5, 0.5]);
    expect(r.topsis!.ideal_worst.map((x) => x.value)).toEqual([0, 0]);
  });

  it('closeness = D⁻ / (D⁺ + D⁻) with given weights and vector normalisation', () => {
    const r = runIndex(frame, spec({ method: 'topsis', indicators: [{ column: 'a' }, { column: 'c', direction: 'negative' }], weights: { a: 3, c: 1 }, standardization: 'vector' }));
    expect(r.weights.map((w) => w.weight)).toEqual([0.75, 0.25]);
    const na = Math.sqrt(1 + 4 + 9 + 16);
    const nc = Math.sqrt(4 + 81 + 16 + 9);
    const va = [1, 2, 3, 4].map((v) => (0.75 * v) / na);
    const vc = [2, 9, 4, 3].map((v) => (0.25 * v) / nc);
    const best = [Math.max(...va), Math.min(...vc)];
    const worst = [Math.min(...va), Math.max(...vc)];
    va.forEach((_, i) => {
      const dp = Math.hypot(va[i] - best[0], vc[i] - best[1]);
      const dm = Math.hypot(va[i] - worst[0], vc[i] - worst[1]);
      expect(r.values[i]).toBeCloseTo(dm / (dp + dm), 14);
    });
    expect(r.shift).toBe(0);
  });

  it('uses entropy weights by default', () => {
    const r = runIndex(frame, spec({ method: 'topsis', indicators: [{ column: 'a' }, { column: 'c' }] }));
    const e = runIndex(frame, spec({ indicators: [{ column: 'a' }, { column: 'c' }] }));
    expect(r.weights.map((w) => w.weight)).toEqual(e.weights.map((w) => w.weight));
  });
});

describe('principal-component index', () => {
  const n = 40;
  const f = (i: number) => Math.sin(i * 1.3) + 0.3 * Math.cos(i * 7.1);
  const frame = frameOf({
    a: Array.from({ length: n }, (_, i) => f(i) + 0.2 * Math.sin(i * 3.7)),
    b: Array.from({ length: n }, (_, i) => 2 * f(i) + 0.5 * Math.cos(i * 2.9)),
    c: Array.from({ length: n }, (_, i) => -f(i) + 0.4 * Math.sin(i * 5.3)),
    d: Array.from({ length: n }, (_, i) => Math.cos(i * 0.77)),
  });
  const indicators = [{ column: 'a' }, { column: 'b' }, { column: 'c', direction: 'negative' as const }, { column: 'd' }];

  it('eigenpairs satisfy R v = λ v for the correlation matrix, in decreasing order, orthonormal', () => {
    const z = ['a', 'b', 'c', 'd'].map((name, j) => {
      const col = frame.columns.find((c) => c.name === name)!;
      const x = col.type === 'number' ? col.values : new Float64Array(0);
      const m = x.reduce((s, v) => s + v, 0) / n;
      const s = Math.sqrt(x.reduce((t, v) => t + (v - m) ** 2, 0) / (n - 1));
      return Float64Array.from(x, (v) => ((j === 2 ? -1 : 1) * (v - m)) / s);
    });
    const p = principalComponents(z);
    p.correlation.forEach((row, j) => expect(row[j]).toBeCloseTo(1, 12));
    p.vectors.forEach((v, k) => {
      p.correlation.forEach((row, j) => expect(row.reduce((s, r, l) => s + r * v[l], 0)).toBeCloseTo(p.eigenvalues[k] * v[j], 10));
      expect(v.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 12);
      expect(v.reduce((s, x) => s + x, 0)).toBeGreaterThan(0);
      p.vectors.slice(k + 1).forEach((w) => expect(v.reduce((s, x, l) => s + x * w[l], 0)).toBeCloseTo(0, 10));
    });
    expect(p.eigenvalues.reduce((s, l) => s + l, 0)).toBeCloseTo(4, 12);
    for (let k = 1; k < 4; k++) expect(p.eigenvalues[k]).toBeLessThanOrEqual(p.eigenvalues[k - 1]);
  });

  it('the index is the variance-share-weighted sum of the retained component scores', () => {
    const r = runIndex(frame, spec({ method: 'pca', indicators, components: 2 }));
    const pca = r.pca!;
    expect(pca.components_used).toBe(2);
    expect(pca.variance_share.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(pca.cumulative_share.at(-1)).toBeCloseTo(1, 14);
    const [l1, l2] = pca.eigenvalues;
    pca.score_coefficients.forEach((c, j) => expect(c).toBeCloseTo((l1 * pca.eigenvectors[0][j] + l2 * pca.eigenvectors[1][j]) / (l1 + l2), 14));
    pca.loadings[0].forEach((ld, j) => expect(ld).toBeCloseTo(pca.eigenvectors[0][j] * Math.sqrt(l1), 14));
    expect(r.weights.reduce((s, w) => s + w.weight, 0)).toBeCloseTo(1, 14);
    expect(r.summary.mean!).toBeCloseTo(0, 12);
    // The negative indicator, reversed, loads with the others on the first component.
    expect(pca.eigenvectors[0][2]).toBeGreaterThan(0);
  });

  it('chooses components by Kaiser, by cumulative share or by number', () => {
    const kaiser = runIndex(frame, spec({ method: 'pca', indicators })).pca!;
    expect(kaiser.components_used).toBe(kaiser.eigenvalues.filter((l) => l > 1).length);
    const cum = runIndex(frame, spec({ method: 'pca', indicators, components: { cumulative: 0.99 } })).pca!;
    expect(cum.cumulative_share[cum.components_used - 1]).toBeGreaterThanOrEqual(0.99);
    expect(cum.cumulative_share[cum.components_used - 2]).toBeLessThan(0.99);
    expect(() => runIndex(frame, spec({ method: 'pca', indicators, components: 5 }))).toThrow(/only 4 indicators/);
  });
});

describe('index input handling', () => {
  const frame = frameOf({ a: [1, 2, null, 4, 5], b: [3, 1, 2, 2, 7], k: [1, 1, 1, 1, 1], g: [1, 2, 3, 4, 5] });

  it('leaves rows with a missing indicator without index', () => {
    const r = runIndex(frame, spec({}));
    expect(r.values[2]).toBeNull();
    expect(r.nobs).toBe(4);
    expect(r.n_missing).toBe(1);
    expect(r.notes.join(' ')).toMatch(/1 row has no index/);
  });

  it('refuses what cannot make an index', () => {
    const text: Frame = { nrow: 5, columns: [...frame.columns, stringColumn('t', ['a', 'b', 'c', 'd', 'e'])] };
    expect(() => runIndex(frame, spec({ indicators: [{ column: 'a' }, { column: 'k' }] }))).toThrow(/"k" takes a single value/);
    expect(() => runIndex(text, spec({ indicators: [{ column: 'a' }, { column: 't' }] }))).toThrow(/holds text/);
    expect(() => runIndex(frame, spec({ indicators: [{ column: 'a' }, { column: 'a' }] }))).toThrow(/listed twice/);
    expect(() => runIndex(frame, spec({ name: 'a' }))).toThrow(/also an indicator/);
    expect(() => runIndex(frame, spec({ method: 'pca', by: 'k' }))).toThrow(/pooled data/);
    expect(() => runIndex(frame, spec({ standardization: 'vector' }))).toThrow(/vector normalisation is for TOPSIS/);
    expect(() => runIndex(frame, spec({ method: 'topsis', weights: { a: 1 } }))).toThrow(/missing: b/);
    expect(() => runIndex(frame, spec({ by: 'g' }))).toThrow(/g = 1 has 1 complete row/);
    expect(() => runIndex(frame, spec({ by: 'b' }))).toThrow(/both an indicator and the grouping column/);
    expect(() => runIndex(frame, spec({ indicators: [{ column: 'a' }, { column: 'zz' }] }))).toThrow(/indicator column "zz" is not in the data/);
  });
});
