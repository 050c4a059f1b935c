import { describe, expect, it } from 'vitest';
import { runDid } from './did';
import { alignFit } from './testing';
import { didResult, type DidSpecInput } from '../../../shared/specs/did';
import { expectFixestFit } from '../feols.expect';
import { runFeols } from '../feols';
import { silentContext } from '../context';
import { filterRows, numericColumn, withColumn, type Frame } from '../frame';
import { winsorize } from '../../data/panel';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';
import { userErrorCode } from '../did/testing';

const TOL = { estimate: 1e-10, se: 1e-10, stat: 1e-10 };

const mpdta = (extra: Partial<DidSpecInput> = {}): DidSpecInput => ({ model: 'did', data: 'mpdta.csv', outcome: 'lemp', treatment: { kind: 'column', column: 'treat_post' }, unit: 'countyreal', time: 'year', ...extra });
const baseDid = (extra: Partial<DidSpecInput> = {}): DidSpecInput => ({ model: 'did', data: 'base_did.csv', outcome: 'y', treatment: { kind: 'group', column: 'treat', policy_time: 6 }, unit: 'id', time: 'period', controls: ['x1'], ...extra });

function column(frame: Frame, name: string): Float64Array {
  return (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values;
}

describe('did: TWFE from the builder spec', () => {
  it('mpdta twfe: an existing 0/1 column, unit and year FE, clustered by unit (the defaults)', async () => {
    const r = runDid(await loadData('mpdta.csv'), mpdta(), silentContext);
    expect(didResult.safeParse(r).success).toBe(true);
    expectFixestFit(r, referenceCase('mpdta.json', 'twfe').expected, TOL, 'did twfe');
    expect(r.treatment).toEqual({ kind: 'column', term: 'treat_post', n_units: 500, n_treated_units: 191, n_never_treated_units: 309, n_treated_obs: 291, cohorts: [{ time: 2004, n_units: 20 }, { time: 2006, n_units: 40 }, { time: 2007, n_units: 131 }], staggered: true });
    expect(r.event_study).toBeNull();
  });

  it('mpdta twfe: the treatment built from a first-treatment column gives the same fit', async () => {
    const r = runDid(await loadData('mpdta.csv'), mpdta({ treatment: { kind: 'first_treat', column: 'first.treat' } }), silentContext);
    expectFixestFit(r, referenceCase('mpdta.json', 'twfe').expected, TOL, 'did first_treat');
  });

  const cases: [string, Partial<DidSpecInput>][] = [
    ['twfe_iid', { cluster: [], vcov: 'iid' }],
    ['twfe_hetero', { cluster: [], vcov: 'hetero' }],
    ['twfe_cluster_id', {}],
  ];
  for (const [id, extra] of cases) {
    it(`base_did ${id}: treated group × policy time with a control`, async () => {
      const r = runDid(await loadData('base_did.csv'), baseDid(extra), silentContext);
      const e = referenceCase('base_did.json', id).expected as { coefficients: Record<string, unknown> };
      expectFixestFit(alignFit(r, { treat_post: 'treat:post' }, e), e, TOL, `did ${id}`);
      expect(r.treatment.cohorts).toEqual([{ time: 6, n_units: 55 }]);
    });
  }

  it('builds the same treatment from a list of unit ids', async () => {
    const bd = await loadData('base_did.csv');
    const treat = column(bd, 'treat');
    const id = column(bd, 'id');
    const ids = [...new Set(Array.from(id).filter((_, i) => treat[i] === 1))];
    const a = runDid(bd, baseDid({ treatment: { kind: 'ids', ids: ids.map(String), policy_time: 6 } }), silentContext);
    const b = runDid(bd, baseDid(), silentContext);
    expect(a.coefficients).toEqual(b.coefficients);
  });

  it('drops listed units, periods and region values before estimating', async () => {
    const mp = await loadData('mpdta.csv');
    const r = runDid(mp, mpdta({ exclude: { units: [8001, 8019], times: [2003], values: [{ column: 'treat', values: [0] }] } }), silentContext);
    const county = column(mp, 'countyreal');
    const year = column(mp, 'year');
    const treat = column(mp, 'treat');
    const keep = Uint8Array.from({ length: mp.nrow }, (_, i) => (county[i] !== 8001 && county[i] !== 8019 && year[i] !== 2003 && treat[i] !== 0 ? 1 : 0));
    const want = runFeols(filterRows(mp, keep), { model: 'feols', data: 'x', formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } });
    expectClose(r.coefficients.treat_post.estimate, want.coefficients.treat_post.estimate, 1e-12, 'estimate');
    expectClose(r.coefficients.treat_post.se, want.coefficients.treat_post.se, 1e-12, 'se');
    expect(r.excluded_obs).toBe(mp.nrow - want.nobs);
    expect(userErrorCode(() => runDid(mp, mpdta({ exclude: { units: [1] } }), silentContext))).toBe('did.exclude_not_found');
  });

  it('winsorizes the outcome pooled or by period (Stata percentiles)', async () => {
    const mp = await loadData('mpdta.csv');
    for (const byTime of [false, true]) {
      const r = runDid(mp, mpdta({ winsorize: { lower: 5, upper: 95, by_time: byTime } }), silentContext);
      const w = winsorize(mp, ['lemp'], { lower: 5, upper: 95, by: byTime ? 'year' : undefined, suffix: '' }).frame;
      const want = runFeols(w, { model: 'feols', data: 'x', formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } });
      expectClose(r.coefficients.treat_post.estimate, want.coefficients.treat_post.estimate, 1e-12, `winsorized estimate (by time: ${byTime})`);
      expect(r.winsorized).toEqual(['lemp']);
      expect(r.coefficients.treat_post.estimate).not.toBe(runDid(mp, mpdta(), silentContext).coefficients.treat_post.estimate);
    }
  });

  it('adds unit-specific linear trends as slopes that are not shown', async () => {
    const bd = await loadData('base_did.csv');
    const r = runDid(bd, baseDid({ unit_trends: true }), silentContext);
    // Independent construction: one explicit slope column per unit but the first (the slopes
    // of all units sum to the period, which the period effects absorb).
    const id = column(bd, 'id');
    const period = column(bd, 'period');
    const units = [...new Set(id)].slice(1);
    let built = withColumn(bd, numericColumn('treat_post', Float64Array.from(column(bd, 'treat'), (t, i) => t * column(bd, 'post')[i])));
    for (const u of units) built = withColumn(built, numericColumn(`tr${u}`, Float64Array.from(period, (p, i) => (id[i] === u ? p : 0))));
    const want = runFeols(built, { model: 'feols', data: 'x', formula: `y ~ treat_post + x1 + ${units.map((u) => `tr${u}`).join(' + ')} | id + period`, vcov: { cluster: ['id'] } });
    expect(Object.keys(r.coefficients)).toEqual(['treat_post', 'x1']);
    expect(Object.keys(r.vcov)).toEqual(['treat_post', 'x1']);
    expectClose(r.coefficients.treat_post.estimate, want.coefficients.treat_post.estimate, 1e-8, 'trend estimate');
    expectClose(r.coefficients.treat_post.se, want.coefficients.treat_post.se, 1e-8, 'trend se');
    expect(r.unit_trends).toBe(107);
    expect(r.nparams).toBe(want.nparams);
    expect(r.notes.some((m) => m.includes('107 slopes'))).toBe(true);
  });

  it('runs unit trends with an event study on mpdta (500 slopes, a variance fixed to be positive semi-definite) in seconds', async () => {
    const mp = await loadData('mpdta.csv');
    const t0 = performance.now();
    const r = runDid(mp, mpdta({ unit_trends: true, event_study: { leads: 3, lags: 3 } }), silentContext);
    expect((performance.now() - t0) / 1000).toBeLessThan(60);
    expect(r.unit_trends).toBe(499);
    const es = r.event_study;
    expect(es?.points.length).toBeGreaterThan(0);
    for (const p of es?.points ?? []) expect(p.ref || (Number.isFinite(p.estimate) && (p.se ?? 0) > 0), `rel_time ${p.rel_time}`).toBe(true);
  });

  it('keeps every unit slope when no fixed effect absorbs the period', async () => {
    const r = runDid(await loadData('base_did.csv'), baseDid({ unit_trends: true, fixed_effects: ['id'] }), silentContext);
    expect(r.unit_trends).toBe(108);
  });

  it('keeps a user column that the built treatment would shadow', async () => {
    const bd = await loadData('base_did.csv');
    const withTp = withColumn(bd, numericColumn('treat_post', new Float64Array(bd.nrow).fill(7)));
    const r = runDid(withTp, baseDid({ controls: ['x1', 'treat_post'] }), silentContext);
    expect(r.treatment.term).toBe('treat_post_2');
    expect(r.collinear_dropped).toEqual(['treat_post']);
  });
});

describe('did: bad input', () => {
  it('names the field that is wrong', async () => {
    const mp = await loadData('mpdta.csv');
    const bd = await loadData('base_did.csv');
    expect(userErrorCode(() => runDid(mp, mpdta({ treatment: { kind: 'column', column: 'year' } }), silentContext))).toBe('did.treatment_not_binary');
    expect(userErrorCode(() => runDid(mp, mpdta({ treatment: { kind: 'ids', ids: [8001, 99999], policy_time: 2005 } }), silentContext))).toBe('did.unknown_ids');
    expect(userErrorCode(() => runDid(mp, mpdta({ treatment: { kind: 'ids', ids: [8001], policy_time: 2003 } }), silentContext))).toBe('did.policy_time_outside');
    expect(userErrorCode(() => runDid(mp, mpdta({ treatment: { kind: 'group', column: 'treat', policy_time: 2010 } }), silentContext))).toBe('did.policy_time_outside');
    expect(userErrorCode(() => runDid(mp, mpdta({ outcome: 'nope' }), silentContext))).toBe('column_not_found');
    expect(userErrorCode(() => runDid(mp, mpdta({ controls: ['nope'] }), silentContext))).toBe('column_not_found');
    expect(userErrorCode(() => runDid(bd, baseDid({ treatment: { kind: 'group', column: 'x1', policy_time: 6 } }), silentContext))).toBe('did.treatment_not_binary');
    const none = withColumn(mp, numericColumn('zero', new Float64Array(mp.nrow)));
    expect(userErrorCode(() => runDid(none, mpdta({ treatment: { kind: 'column', column: 'zero' } }), silentContext))).toBe('did.no_treated_obs');
    const all = withColumn(mp, numericColumn('one', new Float64Array(mp.nrow).fill(1)));
    expect(userErrorCode(() => runDid(all, mpdta({ treatment: { kind: 'group', column: 'one', policy_time: 2005 } }), silentContext))).toBe('did.no_controls');
  });
});
