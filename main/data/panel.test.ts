import { describe, expect, it } from 'vitest';
import { userErrorOf } from './testing';
import type { Frame, NumericColumn } from '../engine/frame';
import { cellValue, numericColumn, stringColumn } from '../engine/frame';
import { loadData, referenceCase } from '../testing/fixtures';
import { merge } from './merge';
import { buildTreatment, dummies, lagColumn, panelDiagnostics, percentileStata, relativeTime, standardize, winsorize } from './panel';

const NA = Number.NaN;

function vals(f: Frame, name: string): (number | string | null)[] {
  const c = f.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name}`);
  return Array.from({ length: f.nrow }, (_, i) => cellValue(c, i));
}

// Unit A observed 2001, 2002, 2004 (gap at 2003); unit B 2001–2003, rows out of order.
const panel: Frame = {
  nrow: 6,
  columns: [
    stringColumn('id', ['A', 'A', 'A', 'B', 'B', 'B']),
    numericColumn('year', [2001, 2002, 2004, 2003, 2001, 2002]),
    numericColumn('y', [1, 2, 4, 30, 10, 20]),
  ],
};


describe('lag / lead / difference', () => {
  it('respects gaps and row order', () => {
    const l = lagColumn(panel, 'y', { unit: 'id', time: 'year', periods: 1 }).frame;
    expect(vals(l, 'L_y')).toEqual([null, 1, null, 20, null, 10]);
    const f = lagColumn(panel, 'y', { unit: 'id', time: 'year', periods: -1 }).frame;
    expect(vals(f, 'F_y')).toEqual([2, null, null, null, 20, 30]);
    const d = lagColumn(panel, 'y', { unit: 'id', time: 'year', periods: 1, kind: 'diff' }).frame;
    expect(vals(d, 'D_y')).toEqual([null, 1, null, 10, null, 10]);
    const l2 = lagColumn(panel, 'y', { unit: 'id', time: 'year', periods: 2, into: 'y_lag2' }).frame;
    expect(vals(l2, 'y_lag2')).toEqual([null, null, 2, 10, null, null]);
    const waves = lagColumn(panel, 'y', { unit: 'id', time: 'year', periods: 1, delta: 2, into: 'w' }).frame;
    expect(vals(waves, 'w')).toEqual([null, null, 2, 10, null, null]);
  });

  it('lists repeated unit-time pairs', () => {
    const dup: Frame = { ...panel, columns: [panel.columns[0], numericColumn('year', [2001, 2001, 2004, 2003, 2001, 2002]), panel.columns[2]] };
    const e = userErrorOf(() => lagColumn(dup, 'y', { unit: 'id', time: 'year', periods: 1 }));
    expect(e.code).toBe('duplicate_unit_time');
    expect(e.message).toContain('id=A, year=2001 (rows 1 and 2)');
  });
});

describe('winsorize / trim / standardize', () => {
  const x = Array.from({ length: 100 }, (_, i) => i + 1);
  const f: Frame = { nrow: 101, columns: [numericColumn('x', [...x, NA]), numericColumn('g', [...x.map((v) => (v <= 50 ? 1 : 2)), 1])] };

  it("uses Stata's percentile definition (winsor2)", () => {
    const s = Float64Array.from(x);
    expect(percentileStata(s, 0.01)).toBe(1.5);
    expect(percentileStata(s, 0.99)).toBe(99.5);
    expect(percentileStata(s, 0.015)).toBe(2);
    expect(percentileStata(Float64Array.from([3, 1, 2].sort()), 0.5)).toBe(2);
  });

  it('winsorizes pooled and by group, and trims', () => {
    const w = winsorize(f, ['x'], { lower: 1, upper: 99 });
    const wx = vals(w.frame, 'x_w');
    expect(wx[0]).toBe(1.5);
    expect(wx[99]).toBe(99.5);
    expect(wx[50]).toBe(51);
    expect(wx[100]).toBeNull();
    expect(w.report.rows).toBe(2);
    const byG = vals(winsorize(f, ['x'], { lower: 10, upper: 90, by: 'g' }).frame, 'x_w');
    // Group 1 (1…50): p10 = (5+6)/2, p90 = (45+46)/2; group 2 (51…100): 55.5, 95.5.
    expect([byG[0], byG[49], byG[50], byG[99]]).toEqual([5.5, 45.5, 55.5, 95.5]);
    const t = vals(winsorize(f, ['x'], { lower: 5, upper: 95, mode: 'trim', suffix: '' }).frame, 'x');
    // p5 = 5.5 and p95 = 95.5: 1…5 and 96…100 trimmed, plus the row already missing.
    expect(t.filter((v) => v === null).length).toBe(11);
    expect(() => winsorize(f, ['x'], { lower: 50, upper: 10 })).toThrow(/0 ≤ lower < upper ≤ 100/);
  });

  it('standardizes with the n−1 sd, by group, and says when there is no variation', () => {
    const s = standardize(f, ['x']).frame.columns.find((c) => c.name === 'x_std') as NumericColumn;
    const mean = 50.5;
    const sd = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / 99);
    expect(s.values[0]).toBeCloseTo((1 - mean) / sd, 14);
    const flat: Frame = { nrow: 2, columns: [numericColumn('c', [3, 3])] };
    const r = standardize(flat, ['c']);
    expect(r.report.message).toMatch(/no variation/);
    expect(vals(r.frame, 'c_std')).toEqual([null, null]);
  });
});

describe('dummies and relative time', () => {
  it('creates one 0/1 column per value, labelled, missing kept', () => {
    const f: Frame = { nrow: 4, columns: [numericColumn('region', [2, 1, NA, 2], { valueLabels: { '1': '东部', '2': '西部' } })] };
    const d = dummies(f, 'region').frame;
    expect(d.columns.map((c) => c.name)).toEqual(['region', 'region_1', 'region_2']);
    expect(vals(d, 'region_2')).toEqual([1, 0, null, 1]);
    expect(d.columns[2].label).toBe('region = 西部');
    expect(dummies(f, 'region', { dropFirst: true }).frame.columns.length).toBe(2);
  });

  it('computes event time, never-treated missing, with endpoint bins', () => {
    const f: Frame = { nrow: 4, columns: [numericColumn('year', [2003, 2007, 2004, 2010]), numericColumn('ft', [2006, 2006, 0, 2004])] };
    expect(vals(relativeTime(f, { time: 'year', event: 'ft' }).frame, 'rel_time')).toEqual([-3, 1, null, 6]);
    const b = relativeTime(f, { time: 'year', event: 'ft', min: -2, max: 3 });
    expect(vals(b.frame, 'rel_time')).toEqual([-2, 1, null, 3]);
    expect(b.report.message).toMatch(/2 rows binned/);
  });
});

describe('buildTreatment', () => {
  it('builds a 2×2 design from treated IDs and a policy time', () => {
    const r = buildTreatment(panel, { unit: 'id', time: 'year', treatedIds: ['A', 'Z'], policyTime: 2002 });
    expect(Array.from(r.treated)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(Array.from(r.post)).toEqual([0, 1, 1, 1, 0, 1]);
    expect(Array.from(r.treatPost)).toEqual([0, 1, 1, 0, 0, 0]);
    expect(Array.from(r.firstTreat)).toEqual([2002, 2002, 2002, 0, 0, 0]);
    expect([r.nTreatedUnits, r.nControlUnits, r.nTreatedObs]).toEqual([1, 1, 2]);
    expect(r.notes[0]).toMatch(/1 treated ID is not in id: Z/);
    expect(() => buildTreatment(panel, { unit: 'id', time: 'year', treatedIds: ['A'] })).toThrow(/policy time/);
    expect(() => buildTreatment(panel, { unit: 'id', time: 'year', treatedIds: ['A'], firstTreatColumn: 'y', policyTime: 1 })).toThrow(/exactly one/);
  });

  it('rejects a first-treatment column that varies within a unit', () => {
    expect(() => buildTreatment(panel, { unit: 'id', time: 'year', firstTreatColumn: 'y' })).toThrow(/constant within each id, but id = A has both 1 and 2/);
  });

  it('reproduces the placebo design of placebo_reference.json on mpdta (counts must match exactly)', async () => {
    const mpdta = await loadData('mpdta.csv');
    for (const id of ['placebo_seed1', 'placebo_seed3']) {
      const exp = referenceCase('placebo_reference.json', id).expected as { pseudo_treated_countyreal: number[]; pseudo_first_treat: number[]; n_pseudo_treat_post_obs: number; n_pseudo_treated_counties: number; pseudo_cohort_sizes: Record<string, number> };
      const using: Frame = { nrow: exp.pseudo_treated_countyreal.length, columns: [numericColumn('countyreal', exp.pseudo_treated_countyreal), numericColumn('pseudo_first_treat', exp.pseudo_first_treat)] };
      const merged = merge(mpdta, using, { keys: ['countyreal'], relationship: 'm:1' });
      expect(merged.report.usingOnly).toBe(0);
      const r = buildTreatment(merged.frame, { unit: 'countyreal', time: 'year', firstTreatColumn: 'pseudo_first_treat' });
      expect(r.nTreatedUnits).toBe(exp.n_pseudo_treated_counties);
      expect(r.nTreatedObs).toBe(exp.n_pseudo_treat_post_obs);
      const cohorts: Record<string, number> = {};
      for (let i = 0; i < merged.frame.nrow; i++) if (vals(merged.frame, 'year')[i] === 2003 && r.firstTreat[i] > 0) cohorts[String(r.firstTreat[i])] = (cohorts[String(r.firstTreat[i])] ?? 0) + 1;
      expect(cohorts).toEqual(exp.pseudo_cohort_sizes);
    }
  });
});

describe('panelDiagnostics', () => {
  it('finds gaps, duplicates, singletons and fills the observed-cells matrix', () => {
    const f: Frame = {
      nrow: 7,
      columns: [numericColumn('id', [1, 1, 1, 2, 2, 3, NA]), numericColumn('t', [1, 3, 3, 1, 2, 2, 1])],
    };
    const d = panelDiagnostics(f, 'id', 't');
    expect(d).toMatchObject({ nObs: 6, nUnits: 3, nPeriods: 3, balanced: false, rowsMissingKey: 1, periods: [1, 2, 3], duplicateCount: 1, unitsWithGaps: 1, singletons: [3] });
    expect(d.duplicates).toEqual([{ unit: 1, time: 3, rows: [2, 3] }]);
    expect(d.gaps).toEqual([{ unit: 1, missing: [2] }]);
    expect(Array.from(d.observed.counts)).toEqual([1, 0, 2, 1, 1, 0, 0, 1, 0]);
  });

  it('sees mpdta as a balanced panel of 500 counties × 5 years', async () => {
    const d = panelDiagnostics(await loadData('mpdta.csv'), 'countyreal', 'year');
    expect(d).toMatchObject({ balanced: true, nUnits: 500, nPeriods: 5, nObs: 2500, duplicateCount: 0, unitsWithGaps: 0, singletons: [] });
  });
});
