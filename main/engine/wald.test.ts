import { describe, expect, it } from 'vitest';
import { waldTest } from './wald';
import { runFeols } from './feols';
import { feolsSpec } from '../../shared/specs/feols';
import { loadData } from '../testing/fixtures';
import { invert } from './linalg';
import { fUpper } from './dist';
import { UserError } from './errors';

async function eventStudy(vcov: 'iid' | { cluster: string[] }) {
  const bd = await loadData('base_did.csv');
  return runFeols(bd, feolsSpec.parse({ model: 'feols', data: 'base_did.csv', formula: 'y ~ x1 + i(period, treat, 5) | id + period', vcov }));
}

describe('waldTest', () => {
  it('reduces to the squared t test for one coefficient', async () => {
    const r = await eventStudy('iid');
    const w = waldTest(r, ['x1']);
    expect(w.stat).toBeCloseTo(r.coefficients.x1.t! ** 2, 8);
    expect(w.df2).toBe(r.df_t);
    expect(w.p! / r.coefficients.x1.p!).toBeCloseTo(1, 8);
  });

  it('tests pre-trends jointly with the clustered variance: F = b\'V⁻¹b / q', async () => {
    const r = await eventStudy({ cluster: ['id'] });
    const pre = ['period::1:treat', 'period::2:treat', 'period::3:treat', 'period::4:treat'];
    const w = waldTest(r, /^period::[1-4]:/);
    const b = pre.map((nm) => r.coefficients[nm].estimate!);
    const vi = invert(pre.map((a) => pre.map((c) => r.vcov[a][c]))) as number[][];
    const f = b.reduce((s, x, i) => s + x * b.reduce((t, y, j) => t + vi[i][j] * y, 0), 0) / 4;
    expect(w.stat).toBeCloseTo(f, 10);
    expect(w.df1).toBe(4);
    expect(w.df2).toBe(1080 - r.nparams);
    expect(w.p).toBeCloseTo(fUpper(f, 4, 1080 - r.nparams), 12);
    expect(w.vcov).toBe('Clustered (id)');
  });

  it('names unknown coefficients', async () => {
    const r = await eventStudy('iid');
    expect(() => waldTest(r, ['period::5:treat'])).toThrow(UserError);
    expect(waldTest(r, /nothing/).stat).toBeNull();
  });
});
