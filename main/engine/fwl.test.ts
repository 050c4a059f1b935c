import { describe, expect, it } from 'vitest';
import { prepareFwl } from './fwl';
import { buildDesign } from './design';
import { clusterFactors } from './feols';
import { expectClose, loadData, loadReference, referenceCase } from '../testing/fixtures';
import type { Frame } from './frame';

function column(frame: Frame, name: string): Float64Array {
  return (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values;
}

describe('prepareFwl', () => {
  it('reproduces every placebo estimate and clustered SE with one prepared model', async () => {
    const mp = await loadData('mpdta.csv');
    const design = buildDesign(mp, 'lemp ~ 1 | countyreal + year', { alsoRequire: ['countyreal'] });
    const model = prepareFwl(design, { vcov: { cluster: ['countyreal'] }, clusters: clusterFactors(mp, ['countyreal'], design.rows) });
    const county = column(mp, 'countyreal');
    const first = column(mp, 'first.treat');
    const year = column(mp, 'year');
    const real = new Map<number, number>();
    for (let i = 0; i < mp.nrow; i++) if (first[i] > 0) real.set(county[i], first[i]);
    const realSorted = [...real.keys()].sort((a, b) => a - b).map((c) => real.get(c) as number);
    for (const c of loadReference('placebo_reference.json').cases.filter((x) => x.id.startsWith('placebo_seed'))) {
      const e = c.expected as { pseudo_treated_countyreal: number[]; coefficients: { pseudo_treat_post: { estimate: number; se: number; p: number } } };
      const g = new Map(e.pseudo_treated_countyreal.map((id, k) => [id, realSorted[k]]));
      const d = Float64Array.from(design.rows, (i) => {
        const gi = g.get(county[i]) ?? 0;
        return gi > 0 && year[i] >= gi ? 1 : 0;
      });
      const r = model.estimate(d);
      const want = e.coefficients.pseudo_treat_post;
      expectClose(r.estimate, want.estimate, 1e-10, `${c.id} estimate`);
      expectClose(r.se, want.se, 1e-10, `${c.id} se`);
      expectClose(r.p, want.p, 1e-8, `${c.id} p`);
    }
  });

  it('partials out controls as well as fixed effects', async () => {
    const bd = await loadData('base_did.csv');
    const design = buildDesign(bd, 'y ~ x1 | id + period', { alsoRequire: ['id'] });
    const model = prepareFwl(design, { vcov: { cluster: ['id'] }, clusters: clusterFactors(bd, ['id'], design.rows) });
    const treat = column(bd, 'treat');
    const post = column(bd, 'post');
    const r = model.estimate(Float64Array.from(design.rows, (i) => treat[i] * post[i]));
    const want = (referenceCase('base_did.json', 'twfe_cluster_id').expected as { coefficients: Record<string, { estimate: number; se: number }> }).coefficients['treat:post'];
    expectClose(r.estimate, want.estimate, 1e-10, 'treat:post');
    expectClose(r.se, want.se, 1e-10, 'treat:post se');
    expect(r.df_t).toBe(107);
  });

  it('refuses a column absorbed by the fixed effects', async () => {
    const bd = await loadData('base_did.csv');
    const design = buildDesign(bd, 'y ~ x1 | id + period');
    const model = prepareFwl(design, { vcov: 'iid' });
    const treat = column(bd, 'treat');
    expect(() => model.estimate(Float64Array.from(design.rows, (i) => treat[i]))).toThrow(/collinear/);
  });
});
