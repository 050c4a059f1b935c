import { describe, expect, it } from 'vitest';
import { runFeols } from './feols';
import { feolsResult, feolsSpec, type FeolsSpec } from '../../shared/specs/feols';
import { loadData, loadReference, referenceCase } from '../testing/fixtures';
import { expectFixestFit } from './feols.expect';
import { buildDesign } from './design';
import { numericColumn, type Frame } from './frame';
import { waldTest } from './wald';
import { UserError } from './errors';

const TOL = { estimate: 1e-10, se: 1e-10, stat: 1e-10 };
const FORMULA = 'lemp ~ sunab(first.treat, year) | countyreal + year';

async function run(agg?: FeolsSpec['agg']) {
  const mp = await loadData('mpdta.csv');
  const r = runFeols(mp, feolsSpec.parse({ model: 'feols', data: 'mpdta.csv', formula: FORMULA, vcov: { cluster: ['countyreal'] }, ...(agg === undefined ? {} : { agg }) }));
  expect(feolsResult.safeParse(r).success).toBe(true);
  return r;
}

describe('Sun–Abraham (mpdta.json)', () => {
  it('covers every sunab case', () => {
    expect(loadReference('mpdta.json').cases.filter((c) => c.id.startsWith('sunab')).map((c) => c.id)).toEqual(['sunab_period', 'sunab_att', 'sunab_cohort']);
  });

  it('sunab_period: coefficients aggregated by relative period (default display)', async () => {
    const r = await run();
    expectFixestFit(r, referenceCase('mpdta.json', 'sunab_period').expected, TOL, 'sunab_period');
    expect(r.sunab).toMatchObject({ agg: 'period', period_name: 'year', never_treated_cohorts: ['0'], always_treated_cohorts: [], reference_periods: [-1] });
  });

  it('sunab_att: one ATT over post-treatment cells', async () => {
    const r = await run('ATT');
    expectFixestFit(r, referenceCase('mpdta.json', 'sunab_att').expected, TOL, 'sunab_att', ['note']);
    const agg = r.sunab!.aggregation[0];
    expect(agg.components).toEqual(['year::0:cohort::2004', 'year::0:cohort::2006', 'year::0:cohort::2007', 'year::1:cohort::2004', 'year::1:cohort::2006', 'year::2:cohort::2004', 'year::3:cohort::2004']);
    expect(agg.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('sunab_cohort: every cohort x period coefficient (agg = FALSE)', async () => {
    const r = await run(false);
    expectFixestFit(r, referenceCase('mpdta.json', 'sunab_cohort').expected, TOL, 'sunab_cohort');
  });

  it('aggregates per cohort', async () => {
    const r = await run('cohort');
    expect(Object.keys(r.coefficients)).toEqual(['cohort::2004', 'cohort::2006', 'cohort::2007']);
  });

  it('supports a joint pre-trend Wald test on the cohort coefficients', async () => {
    const r = await run();
    const w = waldTest(r, /::-/);
    expect(w.df1).toBe(5);
    expect(w.df2).toBe(r.nobs - r.nparams);
    expect(w.stat).toBeGreaterThan(0);
    expect(w.p).toBeGreaterThan(0);
  });
});

describe('sunab() columns', () => {
  const f = (cols: Record<string, number[]>): Frame => ({ nrow: Object.values(cols)[0].length, columns: Object.entries(cols).map(([k, v]) => numericColumn(k, v)) });

  it('drops always-treated cohorts and accepts relative periods', () => {
    // Cohort 1 is treated in every period (always treated): its rows become missing.
    const data = f({ y: [1, 2, 3, 4, 5, 6, 7, 8, 9], g: [1, 1, 1, 2, 2, 2, 9, 9, 9], t: [1, 2, 3, 1, 2, 3, 1, 2, 3] });
    const d = buildDesign(data, 'y ~ sunab(g, t)');
    expect(d.rows.length).toBe(6);
    expect(d.names).toEqual(['(Intercept)', 't::0:cohort::2', 't::1:cohort::2']);
    expect(d.notes.join(' ')).toContain('always treated');
    const rel = f({ y: [1, 2, 3, 4], g: [5, 5, 5, 5], r: [-2, -1, 0, 1] });
    expect(buildDesign(rel, 'y ~ sunab(g, r)').names).toEqual(['(Intercept)', 'r::-2:cohort::5', 'r::0:cohort::5', 'r::1:cohort::5']);
  });

  it('honours ref.p with .F and explains impossible inputs', () => {
    const data = f({ y: [1, 2, 3, 4, 5, 6], g: [2, 2, 2, 0, 0, 0], t: [1, 2, 3, 1, 2, 3] });
    expect(buildDesign(data, 'y ~ sunab(g, t, ref.p = c(.F, -1))').names).toEqual(['(Intercept)', 't::0:cohort::2', 't::1:cohort::2']);
    expect(() => buildDesign(data, 'y ~ sunab(g + 100, t)')).toThrow(UserError);
  });
});
