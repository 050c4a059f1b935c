import { describe, expect, it } from 'vitest';
import mt19937 from '@stdlib/random-base-mt19937';
import { prepareTwoWayFwl, type SparseFwlModel } from './fwl-twoway';
import { prepareFwl, type FwlOptions } from '../fwl';
import { buildDesign, type Design } from '../design';
import { clusterFactors } from '../feols';
import { silentContext } from '../context';
import { filterRows, numericColumn, withColumn, type Frame } from '../frame';
import { userErrorCode } from '../did/testing';
import { expectClose, loadData } from '../../testing/fixtures';
import type { VcovSpec } from '../../../shared/specs/common';

function column(frame: Frame, name: string): Float64Array {
  return (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values;
}

/** The design without `treat_post` (the controls of the FWL model) and that column. */
function split(frame: Frame, formula: string, vcov: VcovSpec, weights?: string): { design: Design; d: Float64Array; opts: FwlOptions } {
  const full = buildDesign(frame, formula, { weights, alsoRequire: ['countyreal', 'year'] });
  const j = full.names.indexOf('treat_post');
  const drop = <T>(a: T[]): T[] => a.filter((_, k) => k !== j);
  const design = { ...full, columns: drop(full.columns), names: drop(full.names), columnTerms: drop(full.columnTerms) };
  const clusters = typeof vcov === 'string' ? undefined : clusterFactors(frame, vcov.cluster, full.rows);
  return { design, d: full.columns[j], opts: { vcov, clusters } };
}

describe('prepareTwoWayFwl', () => {
  it('equals the iteratively demeaned FWL on an unbalanced panel with controls, for every variance', async () => {
    const mp = await loadData('mpdta.csv');
    const county = column(mp, 'countyreal');
    const year = column(mp, 'year');
    // Unbalanced: every seventh county misses 2005.
    const unbalanced = filterRows(mp, Uint8Array.from(year, (y, i) => (county[i] % 7 === 0 && y === 2005 ? 0 : 1)));
    const vcovs: VcovSpec[] = [{ cluster: ['countyreal'] }, 'iid', 'hetero', { cluster: ['countyreal', 'year'] }];
    for (const vcov of vcovs) {
      const { design, d, opts } = split(unbalanced, 'lemp ~ treat_post + lpop + I(lpop * year) | countyreal + year', vcov);
      const fast = prepareTwoWayFwl(design, opts, silentContext);
      if (!fast) throw new Error('fast path not taken');
      const slow = prepareFwl(design, { ...opts, fixefTol: 1e-13 });
      const a = fast.estimate(d);
      const b = slow.estimate(d);
      const what = JSON.stringify(vcov);
      expectClose(a.estimate, b.estimate, 1e-9, `${what} estimate`);
      expectClose(a.se, b.se, 1e-9, `${what} se`);
      expectClose(a.p, b.p, 1e-8, `${what} p`);
      expect(a.df_t).toBe(b.df_t);
      const ones = Int32Array.from(d.keys()).filter((i) => d[i] === 1);
      expect(fast.estimateOnes(ones, ones.length)).toEqual(a);
    }
  });

  it('declines weighted, HC3 and three-way designs, and refuses non-binary or collinear columns', async () => {
    const mp = await loadData('mpdta.csv');
    expect(prepareTwoWayFwl(split(mp, 'lemp ~ treat_post | countyreal + year', 'iid', 'lpop').design, {}, silentContext)).toBeNull();
    const hc3 = split(mp, 'lemp ~ treat_post | countyreal + year', 'HC3');
    expect(prepareTwoWayFwl(hc3.design, hc3.opts, silentContext)).toBeNull();
    expect(prepareTwoWayFwl(split(mp, 'lemp ~ treat_post | countyreal + year + first.treat', 'iid').design, {}, silentContext)).toBeNull();
    const { design, d, opts } = split(mp, 'lemp ~ treat_post | countyreal + year', 'iid');
    const fast = prepareTwoWayFwl(design, opts, silentContext);
    expect(() => fast?.estimate(d.map((v) => v * 2))).toThrow(/0\/1/);
    expect(() => fast?.estimate(Float64Array.from(design.rows, (i) => (column(mp, 'treat')[i])))).toThrow(/collinear/);
  });
});

/** Random adoption draws: `m` distinct unit levels (ascending) with first-period levels from `periods`. */
function randomDraws(model: SparseFwlModel, seed: number, draws: number, m: number, periods: number[]): { units: Int32Array; from: Int32Array }[] {
  const g = mt19937.factory({ seed });
  let nUnits = 0;
  for (const a of model.unitCodes) nUnits = Math.max(nUnits, a + 1);
  return Array.from({ length: draws }, () => {
    const pick = new Set<number>();
    while (pick.size < m) pick.add(g() % nUnits);
    const units = Int32Array.from([...pick].sort((a, b) => a - b));
    return { units, from: Int32Array.from(units, () => periods[g() % periods.length]) };
  });
}

/** The treated rows of an adoption draw, for estimateOnes. */
function onesOf(model: SparseFwlModel, units: Int32Array, from: Int32Array): Int32Array {
  const first = new Map(Array.from(units, (a, j) => [a, from[j]]));
  return Int32Array.from(model.unitCodes.keys()).filter((i) => first.has(model.unitCodes[i]) && model.periodCodes[i] >= (first.get(model.unitCodes[i]) as number));
}

/** Every adoption draw equals the same draw given by its treated rows, and the iteratively demeaned FWL. */
function checkDraws(model: SparseFwlModel, slow: { estimate(c: Float64Array): { estimate: number | null; se: number | null } }, draws: { units: Int32Array; from: Int32Array }[], what: string): void {
  draws.forEach(({ units, from }, k) => {
    const a = model.estimateAdoption(units, from, units.length);
    const ones = onesOf(model, units, from);
    expect(a.treatedRows, `${what} draw ${k} rows`).toBe(ones.length);
    const b = model.estimateOnes(ones, ones.length);
    if (!a.row) throw new Error(`${what} draw ${k}: no estimate`);
    expectClose(a.row.estimate, b.estimate, 1e-10, `${what} draw ${k} estimate`);
    expectClose(a.row.se, b.se, 1e-10, `${what} draw ${k} se`);
    if (k < 3) {
      const column = new Float64Array(model.unitCodes.length);
      for (const i of ones) column[i] = 1;
      const c = slow.estimate(column);
      expectClose(a.row.estimate, c.estimate, 1e-9, `${what} draw ${k} estimate (demeaned)`);
      expectClose(a.row.se, c.se, 1e-9, `${what} draw ${k} se (demeaned)`);
    }
  });
}

describe('prepareTwoWayFwl: variance without a pass over the rows', () => {
  const FORMULA = 'lemp ~ treat_post + lpop + I(lpop * year) | countyreal + year';

  it('uses cluster moments when units are nested in the clusters, one pass otherwise', async () => {
    const mp = await loadData('mpdta.csv');
    const county = column(mp, 'countyreal');
    const withState = withColumn(mp, numericColumn('state', Float64Array.from(county, (c) => c % 40)));
    const path = (vcov: VcovSpec): string | undefined => {
      const { design, opts } = split(withState, FORMULA, vcov);
      return prepareTwoWayFwl(design, opts, silentContext)?.variancePath;
    };
    expect(path({ cluster: ['countyreal'] })).toBe('cluster_moments');
    expect(path({ cluster: ['state'] })).toBe('cluster_moments');
    expect(path('iid')).toBe('iid');
    expect(path('hetero')).toBe('row_pass');
    expect(path({ cluster: ['year'] })).toBe('row_pass');
    expect(path({ cluster: ['countyreal', 'year'] })).toBe('row_pass');
  });

  it('adoption draws equal row-listed draws and the demeaned FWL: balanced, unbalanced, coarse clusters, every variance', async () => {
    const mp = await loadData('mpdta.csv');
    const county = column(mp, 'countyreal');
    const year = column(mp, 'year');
    const withState = withColumn(mp, numericColumn('state', Float64Array.from(county, (c) => c % 40)));
    // Unbalanced: every seventh county misses 2005, every eleventh 2003 and 2007.
    const unbalanced = filterRows(withState, Uint8Array.from(year, (y, i) => ((county[i] % 7 === 0 && y === 2005) || (county[i] % 11 === 0 && (y === 2003 || y === 2007)) ? 0 : 1)));
    const vcovs: VcovSpec[] = [{ cluster: ['countyreal'] }, { cluster: ['state'] }, 'iid', 'hetero', { cluster: ['countyreal', 'year'] }];
    for (const [name, data] of [['balanced', withState], ['unbalanced', unbalanced]] as const) {
      for (const vcov of vcovs) {
        const { design, opts } = split(data, FORMULA, vcov);
        const model = prepareTwoWayFwl(design, opts, silentContext);
        if (!model) throw new Error('fast path not taken');
        const slow = prepareFwl(design, { ...opts, fixefTol: 1e-13 });
        const what = `${name} ${JSON.stringify(vcov)}`;
        // Real-timing-like draws (first periods 2004, 2006, 2007: levels 1, 3, 4) with one
        // timing vector, then every period level including none (5) and all (0).
        const fixed = randomDraws(model, 7, 1, 150, [1, 3, 4])[0];
        const again = randomDraws(model, 8, 6, 150, [0]).map(({ units }) => ({ units, from: fixed.from }));
        checkDraws(model, slow, [fixed, ...again], `${what} fixed timing`);
        checkDraws(model, slow, randomDraws(model, 9, 12, 120, [0, 1, 2, 3, 4, 5]), `${what} mixed timing`);
      }
    }
  });

  it('gives the same variance before and after the moment matrix is built, and across the projection cache', async () => {
    const mp = await loadData('mpdta.csv');
    const { design, opts } = split(mp, FORMULA, { cluster: ['countyreal'] });
    const model = prepareTwoWayFwl(design, opts, silentContext);
    if (!model) throw new Error('fast path not taken');
    const draws = randomDraws(model, 11, 20, 100, [1, 2, 3, 4]);
    const first = draws.map(({ units, from }) => model.estimateAdoption(units, from, units.length).row);
    const ones = draws.map(({ units, from }) => onesOf(model, units, from));
    const viaRows = ones.map((o) => model.estimateOnes(o, o.length));
    // Later calls use Z (built after a few direct sums) and the cached projections.
    draws.forEach(({ units, from }, k) => {
      const later = model.estimateAdoption(units, from, units.length).row;
      expectClose(later?.se, first[k]?.se, 1e-12, `draw ${k} se again`);
      expectClose(model.estimateOnes(ones[k], ones[k].length).se, viaRows[k].se, 1e-12, `draw ${k} se by rows again`);
    });
  });

  it('skips units treated in no observed period, refuses repeated units and reports an all-zero column as not identified', async () => {
    const mp = await loadData('mpdta.csv');
    const { design, opts } = split(mp, FORMULA, { cluster: ['countyreal'] });
    const model = prepareTwoWayFwl(design, opts, silentContext);
    if (!model) throw new Error('fast path not taken');
    const units = Int32Array.of(3, 8, 20, 31);
    const some = model.estimateAdoption(units, Int32Array.of(2, 9, 4, 5), 4);
    const without = model.estimateAdoption(Int32Array.of(3, 20), Int32Array.of(2, 4), 2);
    expect(some.treatedRows).toBe(without.treatedRows);
    expect(some.row).toEqual(without.row);
    expect(model.estimateAdoption(units, Int32Array.of(5, 5, 5, 5), 4)).toEqual({ treatedRows: 0, row: null });
    expect(userErrorCode(() => model.estimateAdoption(Int32Array.of(3, 3), Int32Array.of(1, 2), 2))).toBe('fwl.duplicate_units');
    // The failed draw leaves nothing behind.
    expect(model.estimateAdoption(Int32Array.of(3, 20), Int32Array.of(2, 4), 2)).toEqual(without);
  });

  it('estimates a batch of draws exactly as one draw at a time: shared γ, a change of γ, nothing treated, units out of order, several blocks', () => {
    // 5,000 units × 6 years (three blocks of units in the batch's sweeps).
    const units = 5000;
    const n = units * 6;
    const g = mt19937.factory({ seed: 5 });
    const u = (): number => g() / 4294967296;
    const county = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 6) + 1);
    const year = Float64Array.from({ length: n }, (_, i) => 2001 + (i % 6));
    const lpop = Float64Array.from({ length: n }, () => u());
    const lemp = Float64Array.from({ length: n }, (_, i) => 0.3 * lpop[i] + Math.sin(county[i]) + 0.1 * year[i] + u());
    const state = Float64Array.from(county, (c) => c % 40);
    const frame: Frame = { nrow: n, columns: [numericColumn('countyreal', county), numericColumn('year', year), numericColumn('lpop', lpop), numericColumn('lemp', lemp), numericColumn('treat_post', new Float64Array(n)), numericColumn('state', state)] };
    const make = (vcov: VcovSpec): SparseFwlModel => {
      const { design, opts } = split(frame, 'lemp ~ treat_post + lpop | countyreal + year', vcov);
      const model = prepareTwoWayFwl(design, opts, silentContext);
      if (!model) throw new Error('fast path not taken');
      return model;
    };
    for (const vcov of [{ cluster: ['countyreal'] }, { cluster: ['state'] }, 'iid', 'hetero'] as VcovSpec[]) {
      const probe = make(vcov);
      const timing = randomDraws(probe, 21, 1, 900, [2, 3, 5])[0].from;
      const shared = randomDraws(probe, 22, 40, 900, [0]).map(({ units: us }) => ({ units: us, from: timing, count: us.length }));
      const other = randomDraws(probe, 23, 1, 900, [1, 2, 3, 4]).map((d) => ({ ...d, count: d.units.length }));
      const none = { units: shared[0].units, from: new Int32Array(900).fill(6), count: 900 };
      // A draw whose units are not ascending (taken in the sweeps' later blocks).
      const shuffled = { units: Int32Array.from(shared[1].units).reverse(), from: Int32Array.from(timing).reverse(), count: 900 };
      // The first batch has the shuffled draw; after the change of γ the projection cache is
      // spent (MAX_PROJECTION_CHANGES), so the last draws run one by one.
      const requests = [...shared.slice(0, 10), shuffled, ...shared.slice(10, 20), other[0], none, ...shared.slice(20)];
      const oneByOne = make(vcov);
      const expected = requests.map((r) => oneByOne.estimateAdoption(r.units, r.from, r.count));
      expect(make(vcov).estimateAdoptions(requests), JSON.stringify(vcov)).toEqual(expected);
      expect(expected[22]).toEqual({ treatedRows: 0, row: null });
      expect(expected.filter((r) => r.row !== null).length).toBe(requests.length - 1);
    }
  });
});
