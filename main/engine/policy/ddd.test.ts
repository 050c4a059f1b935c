import { describe, expect, it } from 'vitest';
import { runDdd } from './ddd';
import { dddResult, type DddSpecInput } from '../../../shared/specs/ddd';
import { runFeols } from '../feols';
import { silentContext } from '../context';
import { filterRows, numericColumn, withColumn, type Frame } from '../frame';
import { expectClose, loadData } from '../../testing/fixtures';
import { userErrorCode } from '../did/testing';

function column(frame: Frame, name: string): Float64Array {
  return (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values;
}

function withGroup(frame: Frame, f: (i: number) => number): Frame {
  return withColumn(frame, numericColumn('g', Float64Array.from({ length: frame.nrow }, (_, i) => f(i))));
}

const mpdtaDdd = (extra: Partial<DddSpecInput> = {}): DddSpecInput => ({ model: 'ddd', data: 'mpdta.csv', outcome: 'lemp', treatment: { kind: 'column', column: 'treat_post' }, unit: 'countyreal', time: 'year', group: 'g', ...extra });
const baseDdd = (extra: Partial<DddSpecInput> = {}): DddSpecInput => ({ model: 'ddd', data: 'base_did.csv', outcome: 'y', treatment: { kind: 'group', column: 'treat', policy_time: 6 }, unit: 'id', time: 'period', controls: ['x1'], group: 'g', ...extra });

describe('ddd', () => {
  it('group × time FE: the triple difference equals DID(group 1) − DID(group 0) (staggered mpdta)', async () => {
    const mp = await loadData('mpdta.csv');
    const county = column(mp, 'countyreal');
    const data = withGroup(mp, (i) => (county[i] % 3 === 0 ? 1 : 0));
    const r = runDdd(data, mpdtaDdd(), silentContext);
    expect(dddResult.safeParse(r).success).toBe(true);
    const did = (keep: number) => runFeols(filterRows(data, Uint8Array.from(county, (c) => ((c % 3 === 0 ? 1 : 0) === keep ? 1 : 0))), { model: 'feols', data: 'x', formula: 'lemp ~ treat_post | countyreal + year' }).coefficients.treat_post.estimate as number;
    expectClose(r.estimate.estimate, did(1) - did(0), 1e-10, 'DDD');
    expectClose(r.coefficients.treat_post.estimate, did(0), 1e-10, 'DID in group 0');
    expect(r.terms).toEqual({ ddd: 'treat_post_x_g', did: 'treat_post', post_group: null, treat_group: null, group: null });
    expect(r.fixef_vars).toEqual(['countyreal', 'year^g']);
    expect(r.cells.reduce((s, c) => s + c.n_obs, 0)).toBe(r.nobs);
    expect(r.group_varies_within_unit).toBe(false);
  });

  it('twfe design with a common date: post × group as a regressor, as a hand-built fixest model', async () => {
    const bd = await loadData('base_did.csv');
    const id = column(bd, 'id');
    const data = withGroup(bd, (i) => (id[i] % 3 === 0 ? 1 : 0));
    const r = runDdd(data, baseDdd({ design: 'twfe' }), silentContext);
    const treat = column(bd, 'treat');
    const post = column(bd, 'post');
    const g = column(data, 'g');
    let hand = withColumn(data, numericColumn('D', Float64Array.from(treat, (t, i) => t * post[i])));
    hand = withColumn(hand, numericColumn('DG', Float64Array.from(treat, (t, i) => t * post[i] * g[i])));
    hand = withColumn(hand, numericColumn('PG', Float64Array.from(post, (p, i) => p * g[i])));
    const want = runFeols(hand, { model: 'feols', data: 'x', formula: 'y ~ DG + D + PG + x1 | id + period', vcov: { cluster: ['id'] } });
    expectClose(r.estimate.estimate, want.coefficients.DG.estimate, 1e-10, 'DDD');
    expectClose(r.estimate.se, want.coefficients.DG.se, 1e-10, 'DDD se');
    expectClose(r.coefficients.post_x_g.estimate, want.coefficients.PG.estimate, 1e-10, 'post × group');
    expect(r.cells.length).toBe(8);
  });

  it('adds treated × group and group when the group changes within units', async () => {
    const bd = await loadData('base_did.csv');
    const period = column(bd, 'period');
    const id = column(bd, 'id');
    const data = withGroup(bd, (i) => (id[i] + period[i]) % 2);
    const r = runDdd(data, baseDdd({ design: 'twfe' }), silentContext);
    expect(r.group_varies_within_unit).toBe(true);
    expect(Object.keys(r.coefficients)).toEqual(['treat_post_x_g', 'treat_post', 'post_x_g', 'treated_x_g', 'g', 'x1']);
    expect(r.collinear_dropped).toEqual([]);
    const gt = runDdd(data, baseDdd(), silentContext);
    expect(gt.terms.group).toBeNull();
    expect(gt.terms.treat_group).toBe('treated_x_g');
  });

  it('recovers an effect added to the targeted treated observations exactly', async () => {
    const bd = await loadData('base_did.csv');
    const id = column(bd, 'id');
    const data = withGroup(bd, (i) => (id[i] % 2));
    const before = runDdd(data, baseDdd(), silentContext);
    const treat = column(bd, 'treat');
    const post = column(bd, 'post');
    const y = column(bd, 'y');
    const shifted = withColumn(data, numericColumn('y', Float64Array.from(y, (v, i) => v + 3 * treat[i] * post[i] * (id[i] % 2))));
    const after = runDdd(shifted, baseDdd(), silentContext);
    expectClose((after.estimate.estimate as number) - (before.estimate.estimate as number), 3, 1e-9, 'added effect');
  });

  it('names the bad field', async () => {
    const mp = await loadData('mpdta.csv');
    const data = withGroup(mp, () => 2);
    expect(userErrorCode(() => runDdd(data, mpdtaDdd(), silentContext))).toBe('did.treatment_not_binary');
    expect(userErrorCode(() => runDdd(withGroup(mp, (i) => i % 2), mpdtaDdd({ design: 'twfe' }), silentContext))).toBe('ddd.twfe_staggered');
    expect(userErrorCode(() => runDdd(mp, mpdtaDdd(), silentContext))).toBe('column_not_found');
  });
});
