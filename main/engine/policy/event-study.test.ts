import { describe, expect, it } from 'vitest';
import { estimateEventStudy, NEVER_TREATED_REL, type EventStudyInput } from './event-study';
import { runDid } from './did';
import { NEVER } from './common';
import { alignFit } from './testing';
import { eventStudyResult, eventStudySpec } from '../../../shared/specs/did';
import { expectFixestFit } from '../feols.expect';
import { runFeols } from '../feols';
import { silentContext } from '../context';
import { fUpper, tQuantileFn } from '../dist';
import { invert } from '../linalg';
import { filterRows, numericColumn, withColumn, type Frame } from '../frame';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';
import { userErrorCode } from '../did/testing';

const TOL = { estimate: 1e-10, se: 1e-10, stat: 1e-10 };

function column(frame: Frame, name: string): Float64Array {
  return (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values;
}

function mpdtaInput(frame: Frame, window: Partial<EventStudyInput['window']> = {}): EventStudyInput {
  const g = column(frame, 'first.treat');
  return {
    outcome: 'lemp',
    unit: 'countyreal',
    time: 'year',
    firstTreat: Float64Array.from(g, (x) => (x > 0 ? x : NEVER)),
    fixedEffects: ['countyreal', 'year'],
    vcov: { cluster: ['countyreal'] },
    window: eventStudySpec.parse(window),
    relName: 'rel',
  };
}

/** mpdta's rel_time with treated values passed through `f` (NaN drops the row). */
function relColumn(frame: Frame, f: (r: number) => number): Frame {
  const rel = column(frame, 'rel_time');
  return withColumn(frame, numericColumn('rel', Float64Array.from(rel, (r) => (r === NEVER_TREATED_REL ? r : f(r)))));
}

const feolsOf = (frame: Frame, formula: string) => runFeols(frame, { model: 'feols', data: 'x', formula, vcov: { cluster: ['countyreal'] } });

describe('event study: fixture cases', () => {
  it("mpdta event_study_i: i(rel_time, ref = c(-1, -1000)), never treated as fixest's reference", async () => {
    const mp = await loadData('mpdta.csv');
    const r = runDid(mp, { model: 'did', data: 'mpdta.csv', outcome: 'lemp', treatment: { kind: 'first_treat', column: 'first.treat' }, unit: 'countyreal', time: 'year', event_study: { leads: 4, lags: 3 } }, silentContext);
    const es = r.event_study;
    if (!es) throw new Error('no event study');
    expect(eventStudyResult.safeParse(es).success).toBe(true);
    const e = referenceCase('mpdta.json', 'event_study_i').expected as { coefficients: Record<string, { estimate: number; se: number }>; vcov: Record<string, Record<string, number>> };
    expectFixestFit(es, e, TOL, 'event_study_i');
    expect(es.points.map((p) => p.rel_time)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    expect(es.points.find((p) => p.ref)).toEqual({ rel_time: -1, term: null, ref: true, binned: false, n_obs: 191, estimate: 0, se: null, t: null, p: null, conf_low: null, conf_high: null });
    const lead2 = es.points.find((p) => p.rel_time === -2);
    expectClose(lead2?.estimate, e.coefficients['rel_time::-2'].estimate, 1e-10, 'point -2');
    expectClose(lead2?.conf_low, e.coefficients['rel_time::-2'].estimate - tQuantileFn(0.975, 499) * e.coefficients['rel_time::-2'].se, 1e-8, 'point -2 CI');
    expect(es.points.map((p) => p.n_obs)).toEqual([131, 171, 171, 191, 191, 60, 20, 20]);
    expect(es.reference_periods).toEqual([-1]);
    expect(es.never_treated_value).toBe(-1000);
    expect([es.n_treated_units, es.n_never_treated_units]).toEqual([191, 309]);

    // The joint pre-trend F from the fixture's own coefficients and clustered vcov.
    const pre = ['rel_time::-4', 'rel_time::-3', 'rel_time::-2'];
    const b = pre.map((k) => e.coefficients[k].estimate);
    const vi = invert(pre.map((a) => pre.map((c) => e.vcov[a][c]))) as number[][];
    const f = b.reduce((s, x, i) => s + x * b.reduce((u, y, j) => u + vi[i][j] * y, 0), 0) / 3;
    expectClose(es.pretrend_test.stat, f, 1e-9, 'pre-trend F');
    expect([es.pretrend_test.df1, es.pretrend_test.df2]).toEqual([3, 499]);
    expectClose(es.pretrend_test.p, fUpper(f, 3, 499), 1e-8, 'pre-trend p');
    expect(es.pretrend_test.rel_times).toEqual([-4, -3, -2]);
  });

  it('base_did event_study_cluster_id: i(period, treat, 5) is the common-date event study with ref -1', async () => {
    const bd = await loadData('base_did.csv');
    const r = runDid(bd, { model: 'did', data: 'base_did.csv', outcome: 'y', treatment: { kind: 'group', column: 'treat', policy_time: 6 }, unit: 'id', time: 'period', controls: ['x1'], event_study: { leads: 5, lags: 4 } }, silentContext);
    const es = r.event_study;
    if (!es) throw new Error('no event study');
    const rename = Object.fromEntries([-5, -4, -3, -2, 0, 1, 2, 3, 4].map((k) => [`rel_time::${k}`, `period::${k + 6}:treat`]));
    const e = referenceCase('base_did.json', 'event_study_cluster_id').expected as { coefficients: Record<string, unknown> };
    expectFixestFit(alignFit(es, rename, e), e, TOL, 'event_study_cluster_id');
    expect(es.pretrend_test.df1).toBe(4);
    expect(es.pretrend_test.df2).toBe(107);
  });
});

describe('event study: window, reference and never-treated handling', () => {
  it('bins the periods beyond the window into the end points', async () => {
    const mp = await loadData('mpdta.csv');
    const es = estimateEventStudy(mp, mpdtaInput(mp, { leads: 2, lags: 1 }), silentContext);
    const want = feolsOf(relColumn(mp, (r) => Math.min(Math.max(r, -2), 1)), 'lemp ~ i(rel, ref = c(-1, -1000)) | countyreal + year');
    expect(Object.keys(es.coefficients)).toEqual(Object.keys(want.coefficients));
    for (const k of Object.keys(want.coefficients)) expectClose(es.coefficients[k].estimate, want.coefficients[k].estimate, 1e-12, k);
    expect(es.points.map((p) => [p.rel_time, p.binned])).toEqual([[-2, true], [-1, false], [0, false], [1, true]]);
    expect(es.binned_obs).toEqual({ lower: 131 + 171, upper: 20 + 20 });
    expect(es.points[0].n_obs).toBe(131 + 171 + 171);
  });

  it('trims the periods beyond the window', async () => {
    const mp = await loadData('mpdta.csv');
    const es = estimateEventStudy(mp, mpdtaInput(mp, { leads: 2, lags: 1, endpoints: 'trim' }), silentContext);
    const rel = column(mp, 'rel_time');
    const keep = Uint8Array.from(rel, (r) => (r === NEVER_TREATED_REL || (r >= -2 && r <= 1) ? 1 : 0));
    const want = feolsOf(relColumn(filterRows(mp, keep), (r) => r), 'lemp ~ i(rel, ref = c(-1, -1000)) | countyreal + year');
    for (const k of Object.keys(want.coefficients)) expectClose(es.coefficients[k].estimate, want.coefficients[k].estimate, 1e-12, k);
    expect(es.nobs).toBe(want.nobs);
    expect(es.trimmed_obs).toBe(mp.nrow - want.nobs);
    expect(es.points.every((p) => !p.binned)).toBe(true);
  });

  it('takes another reference period', async () => {
    const mp = await loadData('mpdta.csv');
    const es = estimateEventStudy(mp, mpdtaInput(mp, { ref: -2 }), silentContext);
    const want = feolsOf(relColumn(mp, (r) => r), 'lemp ~ i(rel, ref = c(-2, -1000)) | countyreal + year');
    for (const k of Object.keys(want.coefficients)) expectClose(es.coefficients[k].estimate, want.coefficients[k].estimate, 1e-12, k);
    expect(es.points.filter((p) => p.ref).map((p) => p.rel_time)).toEqual([-2]);
    expect(es.pretrend_test.rel_times).toEqual([-4, -3, -1]);
  });

  it('without never-treated units the earliest period is a second reference', async () => {
    const mp = await loadData('mpdta.csv');
    const treatedOnly = filterRows(mp, Uint8Array.from(column(mp, 'first.treat'), (g) => (g > 0 ? 1 : 0)));
    const es = estimateEventStudy(treatedOnly, mpdtaInput(treatedOnly), silentContext);
    const want = feolsOf(relColumn(treatedOnly, (r) => r), 'lemp ~ i(rel, ref = c(-4, -1)) | countyreal + year');
    for (const k of Object.keys(want.coefficients)) expectClose(es.coefficients[k].estimate, want.coefficients[k].estimate, 1e-12, k);
    expect(es.reference_periods).toEqual([-4, -1]);
    expect(es.never_treated_value).toBeNull();
    expect(es.notes.some((m) => m.includes('second reference'))).toBe(true);
  });

  it("uses nobs - nparams as the test's denominator df when asked (fixest's wald())", async () => {
    const mp = await loadData('mpdta.csv');
    const t = estimateEventStudy(mp, mpdtaInput(mp), silentContext);
    const r = estimateEventStudy(mp, mpdtaInput(mp, { wald_df2: 'residual' }), silentContext);
    expect(r.pretrend_test.stat).toBe(t.pretrend_test.stat);
    expect(r.pretrend_test.df2).toBe(r.nobs - r.nparams);
    expectClose(r.pretrend_test.p, fUpper(r.pretrend_test.stat as number, 3, r.nobs - r.nparams), 1e-12, 'p');
  });

  it('reports a test that cannot be computed as null with a reason', async () => {
    const mp = await loadData('mpdta.csv');
    const es = estimateEventStudy(mp, mpdtaInput(mp, { leads: 1, lags: 3 }), silentContext);
    expect(es.pretrend_test.stat).toBeNull();
    expect(es.pretrend_test.reason).toMatch(/no pre-period/);
  });
});

describe('event study: a window beyond -1000', () => {
  it('gives the never treated a value below the window', () => {
    // Periods 0, 1100, 1200, treated from 1150: relative periods -1150, -50, 50.
    const units = [1, 2, 3, 4, 5, 6];
    const times = [0, 1100, 1200];
    const rows = units.flatMap((u) => times.map((t) => [u, t]));
    const frame: Frame = {
      nrow: rows.length,
      columns: [
        numericColumn('id', rows.map((r) => r[0])),
        numericColumn('t', rows.map((r) => r[1])),
        numericColumn('y', rows.map(([u, t], k) => u + t / 1000 + (u <= 3 && t > 1150 ? 2 : 0) + ((k * 7) % 5) / 10)),
      ],
    };
    const es = estimateEventStudy(
      frame,
      { outcome: 'y', unit: 'id', time: 't', firstTreat: Float64Array.from(rows, ([u]) => (u <= 3 ? 1150 : NEVER)), fixedEffects: ['id', 't'], vcov: 'iid', window: { leads: 1150, lags: 50, ref: -50, endpoints: 'bin', wald_df2: 't' } },
      silentContext,
    );
    expect(es.never_treated_value).toBe(-1151);
    expect(es.points.map((p) => [p.rel_time, p.ref])).toEqual([[-1150, false], [-50, true], [50, false]]);
    expect(es.n_never_treated_units).toBe(3);
  });
});

describe('event study: bad input', () => {
  it('names the field', async () => {
    const mp = await loadData('mpdta.csv');
    expect(userErrorCode(() => estimateEventStudy(mp, mpdtaInput(mp, { ref: -5 }), silentContext))).toBe('event_study.bad_ref');
    const late = filterRows(mp, Uint8Array.from(column(mp, 'year'), (y) => (y >= 2006 ? 1 : 0)));
    const onlyPost = { ...mpdtaInput(late), firstTreat: Float64Array.from(column(late, 'first.treat'), (g) => (g > 0 ? 2006 : NEVER)) };
    expect(userErrorCode(() => estimateEventStudy(late, onlyPost, silentContext))).toBe('event_study.no_pre_periods');
    // Treated from 2005 with 2004 missing: relative period -1 is never observed.
    const gap = filterRows(mp, Uint8Array.from(column(mp, 'year'), (y) => (y !== 2004 ? 1 : 0)));
    const noMinus1 = { ...mpdtaInput(gap), firstTreat: Float64Array.from(column(gap, 'first.treat'), (g) => (g > 0 ? 2005 : NEVER)) };
    expect(userErrorCode(() => estimateEventStudy(gap, noMinus1, silentContext))).toBe('event_study.ref_not_observed');
    const common = { ...mpdtaInput(mp), firstTreat: new Float64Array(mp.nrow).fill(2005) };
    expect(userErrorCode(() => estimateEventStudy(mp, common, silentContext))).toBe('event_study.no_controls');
  });
});
