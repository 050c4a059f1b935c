import { describe, expect, it } from 'vitest';
import { prepareTwoWayFwl } from './fwl-twoway';
import { prepareFwl, type FwlOptions } from '../fwl';
import { buildDesign, type Design } from '../design';
import { clusterFactors } from '../feols';
import { silentContext } from '../context';
import { filterRows, type Frame } from '../frame';
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
