import { describe, expect, it } from 'vitest';
import type { AttGtResult, AttGtSpecInput } from '../../../shared/specs/att-gt';
import { attGtResult } from '../../../shared/specs/att-gt';
import { silentContext } from '../context';
import type { Frame } from '../frame';
import { filterRows, numericColumn, stringColumn } from '../frame';
import { expectClose, loadData, loadReference } from '../../testing/fixtures';
import { runAttGt } from './att-gt';
import { panelNoise, userErrorCode } from './testing';

const base = { model: 'att_gt', data: 'mpdta.csv', yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat' } as const;

interface AttGtExpected {
  att_gt: { group: number; time: number; att: number; se: number }[];
  n_units: number;
  crit_val: number;
  pretest_W: number;
  pretest_Wpval_rounded5: number;
  est_method: string;
  control_group: string;
  base_period: string;
  anticipation: number;
}
interface AggteExpected {
  type: string;
  overall_att: number;
  overall_se: number;
  by?: Record<string, number>[];
  crit_val?: number;
}

const variants: { prefix: string; spec: Partial<AttGtSpecInput>; tol: number }[] = [
  { prefix: 'cs_never', spec: { control_group: 'nevertreated' }, tol: 1e-8 },
  { prefix: 'cs_notyet', spec: { control_group: 'notyettreated' }, tol: 1e-8 },
  { prefix: 'cs_never_lpop_reg', spec: { xformla: '~lpop', est_method: 'reg' }, tol: 1e-8 },
  // Logit propensity score: R's fastglm stops at its default tolerance (tolerance_hint).
  { prefix: 'cs_never_lpop_dr', spec: { xformla: '~lpop', est_method: 'dr' }, tol: 1e-6 },
  { prefix: 'cs_never_lpop_ipw', spec: { xformla: '~lpop', est_method: 'ipw' }, tol: 1e-6 },
];

function run(frame: Frame, spec: Partial<AttGtSpecInput>): AttGtResult {
  return runAttGt(frame, { ...base, ...spec }, silentContext);
}

describe('att_gt against did 2.5.1 (mpdta.json)', () => {
  const ref = loadReference('mpdta.json');
  for (const v of variants) {
    it(`${v.prefix}_att_gt`, async () => {
      const frame = await loadData('mpdta.csv');
      const e = ref.cases.find((c) => c.id === `${v.prefix}_att_gt`)?.expected as unknown as AttGtExpected;
      const r = run(frame, v.spec);
      expect(attGtResult.safeParse(r).success).toBe(true);
      expect(r.att_gt.map((x) => [x.group, x.time])).toEqual(e.att_gt.map((x) => [x.group, x.time]));
      e.att_gt.forEach((x, i) => {
        expectClose(r.att_gt[i].att, x.att, v.tol, `att(${x.group},${x.time})`);
        expectClose(r.att_gt[i].se, x.se, v.tol, `se(${x.group},${x.time})`);
      });
      expect(r.n_units).toBe(e.n_units);
      expectClose(r.crit_val, e.crit_val, 1e-12, 'crit_val');
      expectClose(r.pretest_W, e.pretest_W, v.tol, 'pretest_W');
      expect(r.pretest_Wpval_rounded5).toBe(e.pretest_Wpval_rounded5);
      expect([r.est_method, r.control_group, r.base_period, r.anticipation]).toEqual([e.est_method, e.control_group, e.base_period, e.anticipation]);
    });
    for (const type of ['simple', 'dynamic', 'group', 'calendar'] as const) {
      it(`${v.prefix}_aggte_${type}`, async () => {
        const frame = await loadData('mpdta.csv');
        const e = ref.cases.find((c) => c.id === `${v.prefix}_aggte_${type}`)?.expected as unknown as AggteExpected;
        const a = run(frame, { ...v.spec, aggte: type }).aggte;
        if (!a) throw new Error('no aggte result');
        expect(a.type).toBe(e.type);
        expectClose(a.overall_att, e.overall_att, v.tol, 'overall_att');
        expectClose(a.overall_se, e.overall_se, v.tol, 'overall_se');
        const key = type === 'dynamic' ? 'e' : type === 'group' ? 'g' : 't';
        expect(a.by.map((x) => x[key])).toEqual((e.by ?? []).map((x) => x[key]));
        (e.by ?? []).forEach((x, i) => {
          expectClose(a.by[i].att, x.att, v.tol, `att ${key}=${x[key]}`);
          expectClose(a.by[i].se, x.se, v.tol, `se ${key}=${x[key]}`);
        });
        if (e.crit_val !== undefined) expectClose(a.crit_val, e.crit_val, 1e-12, 'crit_val');
      });
    }
  }
});

/** A small balanced staggered panel with a known effect (deterministic). */
function toyPanel(opts: { units?: number; periods?: number[]; cohortOf?: (u: number) => number } = {}): Frame {
  const periods = opts.periods ?? [1, 2, 3, 4, 5];
  const units = opts.units ?? 60;
  const cohortOf = opts.cohortOf ?? ((u: number) => [0, 3, 4, 0, 5][u % 5]);
  const id: number[] = [];
  const t: number[] = [];
  const g: number[] = [];
  const y: number[] = [];
  const x: number[] = [];
  for (let u = 0; u < units; u++)
    for (const p of periods) {
      const gu = cohortOf(u);
      id.push(u + 1);
      t.push(p);
      g.push(gu);
      x.push((u % 7) / 3);
      // unit effect + period effect + effect 1 + (p - g) after treatment + deterministic noise
      y.push(u * 0.1 + p * 0.5 + (gu > 0 && p >= gu ? 1 + (p - gu) : 0) + panelNoise(u, p, 0.6));
    }
  return {
    nrow: id.length,
    columns: [numericColumn('id', id), numericColumn('t', t), numericColumn('g', g), numericColumn('y', y), numericColumn('x', x)],
  };
}
const toy = { model: 'att_gt', data: 'toy', yname: 'y', tname: 't', idname: 'id', gname: 'g' } as const;

describe('att_gt edge cases', () => {
  it('universal base period normalises g - 1 to zero with no SE and leaves it out of the pre-test', () => {
    const r = runAttGt(toyPanel(), { ...toy, base_period: 'universal' }, silentContext);
    const ref = r.att_gt.filter((x) => x.time === x.group - 1);
    expect(ref.length).toBe(3);
    for (const x of ref) {
      expect(x.att).toBe(0);
      expect(x.se).toBeNull();
    }
    expect(r.pretest_df).toBe(r.att_gt.filter((x) => x.group > x.time && x.se !== null).length);
  });

  it('recovers the built-in effects when there is no noise in trends (dynamic aggregation)', () => {
    const r = runAttGt(toyPanel(), { ...toy, aggte: 'dynamic' }, silentContext);
    const by = r.aggte?.by ?? [];
    for (const row of by.filter((b) => (b.e ?? -1) >= 0)) expect(Math.abs((row.att ?? 0) - (1 + (row.e ?? 0)))).toBeLessThan(0.25);
  });

  it('anticipation moves the base period back', () => {
    const r0 = runAttGt(toyPanel(), { ...toy }, silentContext);
    const r1 = runAttGt(toyPanel(), { ...toy, anticipation: 1 }, silentContext);
    expect(r1.att_gt.length).toBeGreaterThan(0);
    expect(r1.att_gt.find((x) => x.group === 4 && x.time === 4)?.att).not.toBeCloseTo(r0.att_gt.find((x) => x.group === 4 && x.time === 4)?.att ?? 0, 6);
    expect(r1.att_gt.some((x) => x.group === 3)).toBe(true);
  });

  it('leaves out a cohort whose every unit balancing drops, as did updates glist after makeBalancedPanel', async () => {
    const mp = await loadData('mpdta.csv');
    const col = (name: string): Float64Array => (mp.columns.find((c) => c.name === name) as { values: Float64Array }).values;
    const g = col('first.treat');
    const year = col('year');
    // Cohort 2004 loses its 2003 rows (unbalanced), or is removed altogether.
    const unbalanced = filterRows(mp, Array.from(g, (gv, i) => !(gv === 2004 && year[i] === 2003)));
    const without = filterRows(mp, Array.from(g, (gv) => gv !== 2004));
    const spec: AttGtSpecInput = { model: 'att_gt', data: 'mpdta.csv', yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat', aggte: 'simple' };
    const a = runAttGt(unbalanced, spec, silentContext);
    const b = runAttGt(without, spec, silentContext);
    expect(a.att_gt.map((c) => c.group)).not.toContain(2004);
    expect(a.att_gt).toEqual(b.att_gt);
    expect(a.aggte?.overall_att).toBe(b.aggte?.overall_att);
    expect(a.notes.some((n) => n.includes('Cohort 2004 of "first.treat" has no unit observed in every period'))).toBe(true);
    const never = filterRows(mp, Array.from(g, (gv, i) => !(gv === 0 && year[i] === 2005)));
    expect(userErrorCode(() => runAttGt(never, spec, silentContext))).toBe('did_no_never_treated');
    expect(runAttGt(never, { ...spec, control_group: 'notyettreated', na_rm: true }, silentContext).att_gt.length).toBeGreaterThan(0);
  });

  it('drops units treated in the first period and unbalanced units, with notes', () => {
    const f = toyPanel({ cohortOf: (u) => (u === 0 ? 1 : [0, 3, 4, 0, 5][u % 5]) });
    const keep = Array.from({ length: f.nrow }, (_, i) => i !== 7);
    const cols = f.columns.map((c) => (c.type === 'number' ? numericColumn(c.name, Array.from(c.values).filter((_, i) => keep[i])) : c));
    const r = runAttGt({ nrow: f.nrow - 1, columns: cols }, toy, silentContext);
    expect(r.notes.some((s) => s.includes('already treated in the first period'))).toBe(true);
    expect(r.notes.some((s) => s.includes('not observed in every period'))).toBe(true);
    expect(r.n_units).toBe(58);
  });

  it('treats cohorts after the last period as never treated', () => {
    const r = runAttGt(toyPanel({ cohortOf: (u) => [99, 3, 4, 0, 5][u % 5] }), toy, silentContext);
    expect(r.n_never_treated).toBe(24);
  });

  it('errors clearly on bad input', () => {
    const noNever = toyPanel({ cohortOf: (u) => [3, 4, 5][u % 3] });
    expect(userErrorCode(() => runAttGt(noNever, toy, silentContext))).toBe('did_no_never_treated');
    // not-yet-treated works without never-treated units: the last cohort is the comparison.
    const r = runAttGt(noNever, { ...toy, control_group: 'notyettreated' }, silentContext);
    expect(new Set(r.att_gt.map((x) => x.group))).toEqual(new Set([3, 4]));
    const f = toyPanel();
    const gCol = f.columns[2];
    if (gCol.type !== 'number') throw new Error('g');
    const varying = Float64Array.from(gCol.values);
    varying[6] = 4;
    const switching = { ...f, columns: f.columns.map((c) => (c.name === 'g' ? numericColumn('g', varying) : c)) };
    expect(userErrorCode(() => runAttGt(switching, toy, silentContext))).toBe('did_cohort_varies');
    const gapped = toyPanel({ periods: [1, 3, 5, 7], cohortOf: (u) => [0, 4, 5][u % 3] });
    expect(userErrorCode(() => runAttGt(gapped, toy, silentContext))).toBe('did_group_not_period');
    const dup = { nrow: f.nrow + 1, columns: f.columns.map((c) => (c.type === 'number' ? numericColumn(c.name, [...c.values, c.values[0]]) : c)) };
    expect(userErrorCode(() => runAttGt(dup, toy, silentContext))).toBe('did_duplicate_unit_period');
    expect(userErrorCode(() => runAttGt(f, { ...toy, yname: 'nope' }, silentContext))).toBe('column_not_found');
    expect(userErrorCode(() => runAttGt(f, { ...toy, xformla: '~ log(x)' }, silentContext))).toBe('did_bad_xformla');
  });

  it('a cell without comparison units is NA with a reason, and aggregation asks for na_rm', () => {
    // One never-treated unit: once every cohort is treated, the outcome regression on x has a
    // single comparison unit and cannot be run.
    const f = toyPanel({ cohortOf: (u) => (u === 0 ? 0 : [3, 4, 5][u % 3]), units: 10 });
    const r = runAttGt(f, { ...toy, control_group: 'notyettreated', xformla: '~x', est_method: 'reg' }, silentContext);
    const na = r.att_gt.filter((x) => x.att === null);
    expect(na.length).toBeGreaterThan(0);
    expect(r.notes.some((s) => s.includes('not estimated'))).toBe(true);
    expect(userErrorCode(() => runAttGt(f, { ...toy, control_group: 'notyettreated', xformla: '~x', est_method: 'reg', aggte: 'simple' }, silentContext))).toBe('did_missing_att');
    const ok = runAttGt(f, { ...toy, control_group: 'notyettreated', xformla: '~x', est_method: 'reg', aggte: 'simple', na_rm: true }, silentContext);
    expect(ok.aggte?.overall_att).not.toBeNull();
  });

  it('accepts text ids and text covariates (dummies)', () => {
    const f = toyPanel();
    const idCol = f.columns[0];
    if (idCol.type !== 'number') throw new Error('id');
    const region = Array.from(idCol.values, (v) => ['north', 'south', 'east'][v % 3]);
    const g2 = { nrow: f.nrow, columns: [...f.columns.filter((c) => c.name !== 'id'), stringColumn('id', Array.from(idCol.values, (v) => `u${v}`)), stringColumn('region', region)] };
    const r = runAttGt(g2, { ...toy, xformla: '~ x + region', est_method: 'reg' }, silentContext);
    expect(r.covariates).toEqual(['x', 'regionnorth', 'regionsouth']);
    expect(r.n_units).toBe(60);
  });
});

describe('att_gt multiplier bootstrap', () => {
  it('is reproducible for a seed, close to the analytic SEs, and gives a uniform band wider than pointwise', async () => {
    const frame = await loadData('mpdta.csv');
    const spec = { bstrap: true, cband: true, biters: 999, seed: 42, aggte: 'dynamic' as const };
    const a = run(frame, spec);
    const b = run(frame, spec);
    expect(a.att_gt.map((x) => x.se)).toEqual(b.att_gt.map((x) => x.se));
    expect(a.crit_val).toBe(b.crit_val);
    const c = run(frame, { ...spec, seed: 43 });
    expect(c.att_gt.map((x) => x.se)).not.toEqual(a.att_gt.map((x) => x.se));
    const an = run(frame, { aggte: 'dynamic' });
    a.att_gt.forEach((x, i) => expect(Math.abs((x.se ?? 0) / (an.att_gt[i].se ?? 1) - 1)).toBeLessThan(0.15));
    expect(a.crit_val).toBeGreaterThan(2.2);
    expect(a.crit_val).toBeLessThan(3.6);
    expect(a.aggte?.crit_val ?? 0).toBeGreaterThan(1.96);
    expect(Math.abs((a.aggte?.overall_se ?? 0) / (an.aggte?.overall_se ?? 1) - 1)).toBeLessThan(0.15);
    expect(a.bootstrap).toEqual({ biters: 999, seed: 42, weights: 'rademacher', cband: true });
    const m = run(frame, { ...spec, boot_weights: 'mammen' });
    m.att_gt.forEach((x, i) => expect(Math.abs((x.se ?? 0) / (an.att_gt[i].se ?? 1) - 1)).toBeLessThan(0.15));
  });
});
