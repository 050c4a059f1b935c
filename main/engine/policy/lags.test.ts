import { describe, expect, it } from 'vitest';
import { runDidLags } from './lags';
import { didLagsResult, type DidLagsSpecInput } from '../../../shared/specs/did-lags';
import { runFeols } from '../feols';
import { silentContext } from '../context';
import { filterRows, numericColumn, withColumn, type Frame } from '../frame';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';
import { userErrorCode } from '../did/testing';

function column(frame: Frame, name: string): Float64Array {
  return (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values;
}

const spec = (extra: Partial<DidLagsSpecInput> = {}): DidLagsSpecInput => ({ model: 'did_lags', data: 'mpdta.csv', outcome: 'lemp', treatment: { kind: 'column', column: 'treat_post' }, unit: 'countyreal', time: 'year', ...extra });

/** treat_post of the same county `step` years earlier (NaN when that year is absent). */
function lagged(frame: Frame, years: number): Frame {
  const county = column(frame, 'countyreal');
  const year = column(frame, 'year');
  const tp = column(frame, 'treat_post');
  const at = new Map<string, number>();
  county.forEach((c, i) => at.set(`${c}|${year[i]}`, tp[i]));
  return withColumn(frame, numericColumn('lag', Float64Array.from(county, (c, i) => at.get(`${c}|${year[i] - years}`) ?? Number.NaN)));
}

describe('did_lags', () => {
  it('one regression per lag of the treatment, as lagged columns built by hand', async () => {
    const mp = await loadData('mpdta.csv');
    const r = runDidLags(mp, spec({ max_lag: 3 }), silentContext);
    expect(didLagsResult.safeParse(r).success).toBe(true);
    expect(r.rows.map((x) => [x.lag, x.term, x.nobs])).toEqual([
      [0, 'treat_post', 2500],
      [1, 'L1_treat_post', 2000],
      [2, 'L2_treat_post', 1500],
      [3, 'L3_treat_post', 1000],
    ]);
    const twfe = (referenceCase('mpdta.json', 'twfe').expected as { coefficients: { treat_post: { estimate: number; se: number } } }).coefficients.treat_post;
    expectClose(r.rows[0].estimate, twfe.estimate, 1e-10, 'lag 0');
    expectClose(r.rows[0].se, twfe.se, 1e-10, 'lag 0 se');
    for (const lag of [1, 2, 3]) {
      const want = runFeols(lagged(mp, lag), { model: 'feols', data: 'x', formula: 'lemp ~ lag | countyreal + year', vcov: { cluster: ['countyreal'] } }).coefficients.lag;
      expectClose(r.rows[lag].estimate, want.estimate, 1e-10, `lag ${lag}`);
      expectClose(r.rows[lag].se, want.se, 1e-10, `lag ${lag} se`);
    }
    expect(r.fits.length).toBe(4);
  });

  it('steps by the time step (biennial waves) and can leave out lag 0', async () => {
    const mp = await loadData('mpdta.csv');
    const odd = filterRows(mp, Uint8Array.from(column(mp, 'year'), (y) => (y % 2 === 1 ? 1 : 0)));
    const r = runDidLags(odd, spec({ max_lag: 1, include_current: false, time_step: 2 }), silentContext);
    expect(r.rows.map((x) => x.lag)).toEqual([1]);
    const want = runFeols(lagged(odd, 2), { model: 'feols', data: 'x', formula: 'lemp ~ lag | countyreal + year', vcov: { cluster: ['countyreal'] } }).coefficients.lag;
    expectClose(r.rows[0].estimate, want.estimate, 1e-10, 'biennial lag');
  });

  it('refuses repeated unit-period rows', async () => {
    const mp = await loadData('mpdta.csv');
    const doubled = filterRows({ nrow: mp.nrow * 2, columns: mp.columns.map((c) => (c.type === 'number' ? { ...c, values: Float64Array.from([...c.values, ...c.values]) } : c)) }, new Uint8Array(mp.nrow * 2).fill(1));
    expect(userErrorCode(() => runDidLags(doubled, spec(), silentContext))).toBe('duplicate_unit_time');
  });
});
