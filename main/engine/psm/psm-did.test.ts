import { describe, expect, it } from 'vitest';
import { runPsmDid } from './psm-did';
import { runMatchit } from './matchit';
import { runFeols } from '../feols';
import { silentContext } from '../context';
import { filterRows, getColumn, numericColumn, withColumn, type Frame } from '../frame';
import { psmDidSpec, type PsmDidResult, type PsmDidSpecInput } from '../../../shared/specs/psm-did';
import { matchitSpec } from '../../../shared/specs/matchit';
import { feolsSpec } from '../../../shared/specs/feols';
import { expectClose, loadData } from '../../testing/fixtures';

const BASE = { formula: 'treat ~ lpop', unit: 'countyreal', time: 'year', did_formula: 'lemp ~ treat_post | countyreal + year' };

function run(frame: Frame, spec: Omit<PsmDidSpecInput, 'model' | 'data' | 'formula' | 'unit' | 'time' | 'did_formula'>): PsmDidResult {
  return runPsmDid(frame, psmDidSpec.parse({ model: 'psm_did', data: 'test', ...BASE, ...spec }), silentContext);
}

const num = (f: Frame, c: string): Float64Array => (getColumn(f, c) as { values: Float64Array }).values;

/** matchit on the rows where `pred` holds, with its weights put back on the full frame's rows. */
function matchRows(frame: Frame, pred: (i: number) => boolean, options: Record<string, unknown>): { weights: Float64Array; pairs: number[][] } {
  const keep = Uint8Array.from({ length: frame.nrow }, (_, i) => (pred(i) ? 1 : 0));
  const rows = Array.from(keep.keys()).filter((i) => keep[i]);
  const r = runMatchit(filterRows(frame, keep), matchitSpec.parse({ model: 'matchit', data: 'x', formula: BASE.formula, ...options }), silentContext);
  const weights = new Float64Array(frame.nrow);
  r.weights.forEach((w, k) => (weights[rows[k]] = w));
  return { weights, pairs: r.match_pairs.map(([t, c]) => [rows[t - 1] + 1, rows[c - 1] + 1]) };
}

/** The DID by hand: feols on the rows with positive weight, weighted. */
function didOn(frame: Frame, weights: Float64Array, weighted: boolean): ReturnType<typeof runFeols> {
  const f = filterRows(withColumn(frame, numericColumn('w', weights)), Uint8Array.from(weights, (w) => (w > 0 ? 1 : 0)));
  return runFeols(f, feolsSpec.parse({ model: 'feols', data: 'x', formula: BASE.did_formula, vcov: { cluster: ['countyreal'] }, ...(weighted ? { weights: 'w' } : {}) }), silentContext);
}

describe('PSM-DID', () => {
  it('by period: each year matched on its own, stacked, DID weighted by the matching weights', async () => {
    const f = await loadData('mpdta.csv');
    const opts = { replace: true, caliper: 0.05 };
    const r = run(f, { matching: 'by_period', ...opts });
    const year = num(f, 'year');
    const want = new Float64Array(f.nrow);
    const years = [...new Set(year)].sort();
    expect(r.matchings.map((m) => m.period)).toEqual(years);
    years.forEach((y, k) => {
      const m = matchRows(f, (i) => year[i] === y, opts);
      m.weights.forEach((w, i) => {
        if (year[i] === y) want[i] = w;
      });
      expect(r.matchings[k].match_pairs).toEqual(m.pairs);
    });
    expect(r.weights).toEqual(Array.from(want));
    const manual = didOn(f, want, true);
    expectClose(r.did_matched.coefficients.treat_post.estimate, manual.coefficients.treat_post.estimate, 1e-12, 'ATT');
    expectClose(r.did_matched.coefficients.treat_post.se, manual.coefficients.treat_post.se, 1e-12, 'SE');
    expect(r.nobs_matched).toBe(want.filter((w) => w > 0).length);
    expect(r.did_matched.nobs).toBe(r.nobs_matched);
  });

  it('baseline: units matched once on the first period, every period of a matched unit kept', async () => {
    const f = await loadData('mpdta.csv');
    const r = run(f, { matching: 'baseline' });
    const year = num(f, 'year');
    const unit = num(f, 'countyreal');
    const first = Math.min(...year);
    const m = matchRows(f, (i) => year[i] === first, {});
    const unitWeight = new Map<number, number>();
    m.weights.forEach((w, i) => {
      if (year[i] === first) unitWeight.set(unit[i], w);
    });
    r.weights.forEach((w, i) => expect(w).toBe(unitWeight.get(unit[i])));
    expect(r.matchings).toHaveLength(1);
    expect(r.matchings[0].period).toBe(first);
    const units = [...unitWeight.values()].filter((w) => w > 0).length;
    expect(r.n_units_matched).toBe(units);
    expect(r.nobs_matched).toBe(5 * units);
  });

  it('pooled: one matching over all observations; the full-sample DID is reported alongside', async () => {
    const f = await loadData('mpdta.csv');
    const r = run(f, { matching: 'pooled', replace: true });
    const m = matchRows(f, () => true, { replace: true });
    expect(r.weights).toEqual(Array.from(m.weights));
    expect(r.matchings[0].period).toBeNull();
    const full = runFeols(f, feolsSpec.parse({ model: 'feols', data: 'x', formula: BASE.did_formula, vcov: { cluster: ['countyreal'] } }), silentContext);
    expect(r.did_full.coefficients.treat_post.estimate).toBe(full.coefficients.treat_post.estimate);
  });

  it('use_weights = false keeps the matched observations unweighted', async () => {
    const f = await loadData('mpdta.csv');
    const r = run(f, { matching: 'pooled', replace: true, use_weights: false });
    const manual = didOn(f, Float64Array.from(r.weights), false);
    expectClose(r.did_matched.coefficients.treat_post.estimate, manual.coefficients.treat_post.estimate, 1e-12, 'unweighted ATT');
  });

  it('skips a period without treated units and says so', async () => {
    const f = await loadData('mpdta.csv');
    const year = num(f, 'year');
    const treat = num(f, 'treat').map((t, i) => (year[i] === 2003 ? 0 : t));
    const r = run(withColumn(f, numericColumn('treat', treat)), { matching: 'by_period' });
    expect(r.skipped_periods.map((s) => s.period)).toEqual([2003]);
    expect(r.notes.join(' ')).toMatch(/Period 2003 was not matched/);
    r.weights.forEach((w, i) => {
      if (year[i] === 2003) expect(w).toBe(0);
    });
  });

  it('rejects a baseline period that does not exist and a unit repeated in the baseline period', async () => {
    const f = await loadData('mpdta.csv');
    expect(() => run(f, { matching: 'baseline', baseline_period: 1999 })).toThrow(/1999/);
    const year = num(f, 'year');
    const dup = withColumn(f, numericColumn('year', year.map((y) => (y === 2004 ? 2003 : y))));
    expect(() => run(dup, { matching: 'baseline' })).toThrow(/more than one row/);
  });
});
