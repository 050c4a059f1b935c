import { describe, expect, it } from 'vitest';
import mt19937 from '@stdlib/random-base-mt19937';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';
import { silentContext } from '../context';
import { CancelledError } from '../errors';
import { filterRows, numericColumn, stringColumn, withColumn, type Frame } from '../frame';
import { rdrobustResult, rdrobustSpec, type RdrobustSpecInput } from '../../../shared/specs/rdrobust';
import { rdbwselectResult, rdbwselectSpec } from '../../../shared/specs/rdbwselect';
import { runRdbwselect, runRdrobust } from './rdrobust';
import { errorCode } from './testing';

const FILE = 'rdrobust_senate.json';
const TOL = 1e-8;

function run(frame: Frame, extra: Partial<RdrobustSpecInput> = {}) {
  return runRdrobust(frame, rdrobustSpec.parse({ model: 'rdrobust', data: 'senate', y: 'vote', x: 'margin', ...extra }), silentContext);
}

type Json = number | string | boolean | null | Json[] | { [k: string]: Json };

/** Compares every field of a fixture's expected object: numbers at tol, counts and strings exactly. */
function compareDeep(actual: unknown, expected: Json, path: string, exactKeys: Set<string>): void {
  if (expected === null) {
    expect(actual ?? null, path).toBeNull();
    return;
  }
  if (typeof expected === 'number') {
    const key = path.split('.').slice(-2)[0];
    if (exactKeys.has(key)) expect(actual, path).toBe(expected);
    else expectClose(actual as number, expected, TOL, path);
    return;
  }
  if (typeof expected === 'string' || typeof expected === 'boolean') {
    expect(actual, path).toBe(expected);
    return;
  }
  if (Array.isArray(expected)) {
    expect((actual as unknown[]).length, `${path} length`).toBe(expected.length);
    expected.forEach((e, i) => compareDeep((actual as unknown[])[i], e, `${path}.${i}`, exactKeys));
    return;
  }
  for (const [k, v] of Object.entries(expected)) {
    if (k === 'note') continue;
    compareDeep((actual as Record<string, unknown>)[k], v, `${path}.${k}`, exactKeys);
  }
}

const COUNTS = new Set(['N', 'N_h', 'N_b', 'M_unique', 'n_clust']);

const CASES: Array<[string, Partial<RdrobustSpecInput>]> = [
  ['rdrobust_default', {}],
  ['rdrobust_p2', { p: 2 }],
  ['rdrobust_uniform', { kernel: 'uniform' }],
  ['rdrobust_msetwo', { bwselect: 'msetwo' }],
  ['rdrobust_cerrd', { bwselect: 'cerrd' }],
  ['rdrobust_h10', { h: 10 }],
  ['rdrobust_covs', { covs: ['class', 'termshouse', 'termssenate'] }],
  ['rdrobust_cluster_state', { cluster: 'state' }],
];

describe('rdrobust against rdrobust 4.0.0 (rdrobust_senate.json)', () => {
  for (const [id, extra] of CASES)
    it(id, async () => {
      const frame = await loadData('rdrobust_senate.csv');
      const ref = referenceCase(FILE, id);
      const res = run(frame, extra);
      compareDeep(res, ref.expected as Json, id, COUNTS);
      expect(rdrobustResult.safeParse(res).success).toBe(true);
      if (id === 'rdrobust_cluster_state') expect(res.vce).toBe('CR1');
    });

  it('rdbwselect_all: all ten selectors', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const ref = referenceCase(FILE, 'rdbwselect_all');
    const res = runRdbwselect(frame, rdbwselectSpec.parse({ model: 'rdbwselect', data: 'senate', y: 'vote', x: 'margin', all: true }), silentContext);
    compareDeep(res, ref.expected as Json, 'rdbwselect_all', COUNTS);
    expect(rdbwselectResult.safeParse(res).success).toBe(true);
    expect(Object.keys(res.bws)).toHaveLength(10);
  });

  it('rdbwselect with one selector gives the rdrobust bandwidths', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const bw = runRdbwselect(frame, rdbwselectSpec.parse({ model: 'rdbwselect', data: 's', y: 'vote', x: 'margin', bwselect: 'msetwo' }), silentContext);
    const est = run(frame, { bwselect: 'msetwo' });
    expect(Object.keys(bw.bws)).toEqual(['msetwo']);
    expect(bw.bws.msetwo.h_left).toBe(est.h.left);
    expect(bw.bws.msetwo.b_right).toBe(est.b.right);
  });
});

describe('rdrobust options without a fixture', () => {
  it('HC variances grow with the leverage correction: hc0 <= hc2 <= hc3, and hc1 > hc0', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const se = (vce: 'hc0' | 'hc1' | 'hc2' | 'hc3') => run(frame, { h: 15, vce }).coefficients;
    const [s0, s1, s2, s3] = (['hc0', 'hc1', 'hc2', 'hc3'] as const).map(se);
    for (const row of ['Conventional', 'Robust'] as const) {
      expect(s1[row].se).toBeGreaterThan(s0[row].se);
      expect(s2[row].se).toBeGreaterThan(s0[row].se);
      expect(s3[row].se).toBeGreaterThan(s2[row].se);
    }
    // Point estimates do not depend on the variance estimator.
    expect(s3.Conventional.estimate).toBe(s0.Conventional.estimate);
  });

  it('a sharp design written as fuzzy with a perfect first stage gives the sharp estimate', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const margin = frame.columns.find((c) => c.name === 'margin');
    if (margin?.type !== 'number') throw new Error('margin');
    const d = numericColumn('d', Array.from(margin.values, (v) => (Number.isNaN(v) ? NaN : v >= 0 ? 1 : 0)));
    const fz = run(withColumn(frame, d), { fuzzy: 'd', h: 15 });
    const sharp = run(frame, { h: 15 });
    expectClose(fz.coefficients.Conventional.estimate, sharp.coefficients.Conventional.estimate, 1e-12, 'estimate');
    expectClose(fz.coefficients.Robust.se, sharp.coefficients.Robust.se, 1e-10, 'robust se');
    expectClose(fz.first_stage?.Conventional.estimate, 1, 1e-12, 'first stage');
  });

  it('fuzzy RD equals the ratio of the outcome and treatment jumps', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const margin = frame.columns.find((c) => c.name === 'margin');
    const cls = frame.columns.find((c) => c.name === 'class');
    if (margin?.type !== 'number' || cls?.type !== 'number') throw new Error('columns');
    // An imperfect treatment: compliance above the cutoff except in class 3.
    const d = numericColumn('d', Array.from(margin.values, (v, i) => (Number.isNaN(v) ? NaN : v >= 0 && cls.values[i] !== 3 ? 1 : v < -20 && cls.values[i] === 1 ? 1 : 0)));
    const vote = frame.columns.find((c) => c.name === 'vote');
    if (vote?.type !== 'number') throw new Error('vote');
    // Same sample for the three fits: rows with an outcome.
    const f = filterRows(withColumn(frame, d), Array.from(vote.values, (v) => !Number.isNaN(v)));
    const fz = run(f, { fuzzy: 'd', h: 20 });
    const y = run(f, { h: 20 });
    const t = run(f, { y: 'd', h: 20 });
    expectClose(fz.coefficients.Conventional.estimate, y.coefficients.Conventional.estimate / t.coefficients.Conventional.estimate, 1e-10, 'Wald ratio');
    expectClose(fz.first_stage?.Conventional.estimate, t.coefficients.Conventional.estimate, 1e-10, 'first stage');
    expect(fz.coefficients.Robust.se).toBeGreaterThan(0);
  });

  it('fuzzy RD with data-driven bandwidths: the Wald ratio at the selected h and b', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const margin = frame.columns.find((c) => c.name === 'margin');
    const vote = frame.columns.find((c) => c.name === 'vote');
    if (margin?.type !== 'number' || vote?.type !== 'number') throw new Error('columns');
    const rng = mt19937.factory({ seed: 42 });
    // Two-sided non-compliance: treated with probability 0.8 above and 0.2 below the cutoff.
    const d = numericColumn('d', Array.from(margin.values, (v) => (Number.isNaN(v) ? NaN : rng() / 4294967296 < (v >= 0 ? 0.8 : 0.2) ? 1 : 0)));
    const f = filterRows(withColumn(frame, d), Array.from(vote.values, (v) => !Number.isNaN(v)));
    for (const extra of [{}, { covs: ['termshouse'] }]) {
      const fz = run(f, { fuzzy: 'd', ...extra });
      const at = { h: [fz.h.left, fz.h.right] as [number, number], b: [fz.b.left, fz.b.right] as [number, number], ...extra };
      const y = run(f, at);
      const t = run(f, { y: 'd', ...at });
      expectClose(fz.coefficients.Conventional.estimate, y.coefficients.Conventional.estimate / t.coefficients.Conventional.estimate, 1e-10, 'Wald ratio');
      expect(fz.first_stage?.Conventional.estimate).toBeGreaterThan(0.4);
      expect(fz.first_stage?.Conventional.estimate).toBeLessThan(0.9);
      expect(fz.coefficients.Robust.se).toBeGreaterThan(y.coefficients.Robust.se);
    }
  });

  it('is invariant to the row order and to shifting x and c together', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const base = run(frame);
    const rev = { nrow: frame.nrow, columns: frame.columns.map((c) => (c.type === 'number' ? { ...c, values: c.values.slice().reverse() } : { ...c, codes: c.codes.slice().reverse() })) };
    // Reversing rows reverses the order of tied x values, which the nearest-neighbour
    // residuals do not depend on.
    expectClose(run(rev).coefficients.Robust.se, base.coefficients.Robust.se, 1e-10, 'reversed rows');
    const margin = frame.columns.find((c) => c.name === 'margin');
    if (margin?.type !== 'number') throw new Error('margin');
    const shifted = withColumn(frame, numericColumn('m2', Array.from(margin.values, (v) => v + 50)));
    const s = run(shifted, { x: 'm2', c: 50 });
    expectClose(s.coefficients.Conventional.estimate, base.coefficients.Conventional.estimate, 1e-7, 'shifted estimate');
    expect(s.N_h).toEqual(base.N_h);
  });

  it('unit weights change nothing; zero weights drop observations from the counts', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const ones = withColumn(frame, numericColumn('w', new Float64Array(frame.nrow).fill(1)));
    const base = run(frame, { h: 12 });
    const w1 = run(ones, { h: 12, weights: 'w' });
    expect(w1.coefficients.Robust.estimate).toBeCloseTo(base.coefficients.Robust.estimate, 12);
    const zeroSome = withColumn(frame, numericColumn('w', Array.from({ length: frame.nrow }, (_, i) => (i % 10 === 0 ? 0 : 1))));
    const wz = run(zeroSome, { h: 12, weights: 'w' });
    expect(wz.N_h.left + wz.N_h.right).toBeLessThan(base.N_h.left + base.N_h.right);
  });

  it('stops when cancelled during bandwidth selection', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    let calls = 0;
    const ctx = {
      progress: () => undefined,
      checkCancelled: () => {
        if (++calls > 3) throw new CancelledError();
      },
    };
    expect(() => runRdrobust(frame, rdrobustSpec.parse({ model: 'rdrobust', data: 's', y: 'vote', x: 'margin' }), ctx)).toThrow(CancelledError);
  });

  it('rho sets b = h / rho', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const r = run(frame, { h: 12, rho: 0.5 });
    expect(r.b).toEqual({ left: 24, right: 24 });
    expect(r.rho).toEqual({ left: 0.5, right: 0.5 });
  });

  it('reports level-dependent intervals', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const r90 = run(frame, { h: 12, level: 90 });
    const r95 = run(frame, { h: 12 });
    const w = (r: typeof r90) => r.coefficients.Robust.ci_upper - r.coefficients.Robust.ci_lower;
    expectClose(w(r90) / w(r95), 1.6448536269514722 / 1.959963984540054, 1e-12, 'width ratio');
  });

  it('string covariates become dummies and collinear covariates are dropped', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const cls = frame.columns.find((c) => c.name === 'class');
    if (cls?.type !== 'number') throw new Error('class');
    const text = stringColumn('class_txt', Array.from(cls.values, (v) => (Number.isNaN(v) ? null : `c${v}`)));
    const twice = numericColumn('class2', Array.from(cls.values, (v) => 2 * v));
    const f = withColumn(withColumn(frame, text), twice);
    const r = run(f, { covs: ['class', 'class2', 'class_txt'], h: 15 });
    expect(r.covs_dropped).toEqual(['class2']);
    expect(r.covs_names).toEqual(['class', 'class_txtc2', 'class_txtc3']);
    expect(r.coef_covs).toHaveLength(3);
  });
});

describe('rdrobust input errors', () => {
  const code = errorCode;

  it('rejects a cutoff outside the range of x', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    expect(code(() => run(frame, { c: 150 }))).toBe('rd_cutoff_out_of_range');
  });

  it('rejects a text running variable or outcome', async () => {
    const frame = withColumn(await loadData('rdrobust_senate.csv'), stringColumn('txt', Array.from({ length: 1390 }, (_, i) => `v${i}`)));
    expect(code(() => run(frame, { x: 'txt' }))).toBe('rd_not_numeric');
    expect(code(() => run(frame, { y: 'txt' }))).toBe('rd_not_numeric');
  });

  it('rejects a side where x does not vary within the bandwidth', () => {
    const n = 60;
    const x = Array.from({ length: n }, (_, i) => (i < 30 ? -1 : 1 + i / 10));
    const y = Array.from({ length: n }, (_, i) => Math.sin(i));
    const frame: Frame = { nrow: n, columns: [numericColumn('x', x), numericColumn('y', y)] };
    expect(code(() => runRdrobust(frame, rdrobustSpec.parse({ model: 'rdrobust', data: 'd', y: 'y', x: 'x', h: 5 }), silentContext))).toBe('rd_too_few_points');
  });

  it('rejects too few observations within a small h', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    expect(code(() => run(frame, { h: 0.01 }))).toBe('rd_too_few_points');
  });

  it('stops when a fuzzy treatment does not vary near the cutoff instead of returning NaN bandwidths', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const margin = frame.columns.find((c) => c.name === 'margin');
    if (margin?.type !== 'number') throw new Error('margin');
    // Treated far below the cutoff and just above it: the treatment is constant near c on both sides.
    const d = numericColumn('d', Array.from(margin.values, (v) => (Number.isNaN(v) ? NaN : (v >= 0 && v < 60) || v < -60 ? 1 : 0)));
    expect(code(() => run(withColumn(frame, d), { fuzzy: 'd' }))).toBe('rd_bandwidth_failed');
  });

  it('rejects a fuzzy treatment without a jump, and CR2/CR3 requests', async () => {
    const frame = withColumn(await loadData('rdrobust_senate.csv'), numericColumn('d0', new Float64Array(1390)));
    expect(code(() => run(frame, { fuzzy: 'd0' }))).toBe('rd_fuzzy_no_jump');
    expect(code(() => run(frame, { cluster: 'state', vce: 'hc3' }))).toBe('rd_vce_cluster');
  });

  it('the spec rejects q <= p and a missing running variable', () => {
    expect(rdrobustSpec.safeParse({ model: 'rdrobust', data: 'd', y: 'y', x: 'x', p: 2, q: 2 }).success).toBe(false);
    expect(rdrobustSpec.safeParse({ model: 'rdrobust', data: 'd', y: 'y' }).success).toBe(false);
    expect(rdrobustSpec.safeParse({ model: 'rdrobust', data: 'd', y: 'y', x: 'x', h: -1 }).success).toBe(false);
  });

  it('counts rows dropped for missing values in a note', async () => {
    const frame = await loadData('rdrobust_senate.csv');
    const r = run(frame, { h: 12 });
    expect(r.N.left + r.N.right).toBe(1297);
    expect(r.notes.some((n) => n.includes('93 rows'))).toBe(true);
    const half = filterRows(frame, Array.from({ length: frame.nrow }, (_, i) => i % 2 === 0));
    expect(run(half, { h: 12 }).N.left + run(half, { h: 12 }).N.right).toBeLessThan(1297);
  });
});
