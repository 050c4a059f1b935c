import { describe, expect, it } from 'vitest';
import { estimateFeols, runFeols } from './feols';
import { buildDesign } from './design';
import { feolsSpec, feolsResult, type FeolsSpec } from '../../shared/specs/feols';
import { loadData, loadReference, referenceCase } from '../testing/fixtures';
import { numericColumn, withColumn, type Frame } from './frame';
import { expectFixestFit, userErrorOf, type Tolerances } from './feols.expect';

type CaseSpec = Pick<FeolsSpec, 'formula'> & Partial<FeolsSpec>;

function spec(data: string, s: CaseSpec): FeolsSpec {
  return feolsSpec.parse({ model: 'feols', data, ...s });
}

/** Runs every fixest case of a fixture file (the map must cover all of them). */
function fixtureSuite(file: string, csv: string, cases: Record<string, CaseSpec>, tol: Tolerances, skip: (id: string) => boolean = () => false): void {
  describe(file, () => {
    it('maps every feols case of the file', () => {
      const ids = loadReference(file).cases.filter((c) => c.r_call.includes('feols(') && !skip(c.id)).map((c) => c.id);
      expect(Object.keys(cases).sort()).toEqual(ids.sort());
    });
    for (const [id, s] of Object.entries(cases)) {
      it(id, async () => {
        const data = await loadData(csv);
        const result = runFeols(data, spec(csv, s));
        expect(feolsResult.safeParse(result).success).toBe(true);
        expectFixestFit(result, referenceCase(file, id).expected, tol, id);
      });
    }
  });
}

const BASE_TOL: Tolerances = { estimate: 1e-10, se: 1e-10, stat: 1e-10 };

fixtureSuite(
  'base_did.json',
  'base_did.csv',
  {
    twfe_iid: { formula: 'y ~ x1 + treat:post | id + period', vcov: 'iid' },
    twfe_hetero: { formula: 'y ~ x1 + treat:post | id + period', vcov: 'hetero' },
    twfe_cluster_id: { formula: 'y ~ x1 + treat:post | id + period', vcov: { cluster: ['id'] } },
    event_study_cluster_id: { formula: 'y ~ x1 + i(period, treat, 5) | id + period', vcov: { cluster: ['id'] } },
    ols_iid: { formula: 'y ~ x1 + treat * post', vcov: 'iid' },
    ols_hetero: { formula: 'y ~ x1 + treat * post', vcov: 'hetero' },
    ols_twoway_cluster: { formula: 'y ~ x1 + treat * post', vcov: { cluster: ['id', 'period'] } },
  },
  BASE_TOL,
);

fixtureSuite(
  'mpdta.json',
  'mpdta.csv',
  {
    twfe: { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } },
    twfe_lpop_collinear: { formula: 'lemp ~ treat_post + lpop | countyreal + year', vcov: { cluster: ['countyreal'] } },
    event_study_i: { formula: 'lemp ~ i(rel_time, ref = c(-1, -1000)) | countyreal + year', vcov: { cluster: ['countyreal'] } },
  },
  BASE_TOL,
  (id) => id.startsWith('sunab'),
);

fixtureSuite(
  'trade.json',
  'trade.csv',
  {
    fe4_iid: { formula: 'log_euros ~ log_dist | Origin + Destination + Product + Year', vcov: 'iid' },
    fe4_cluster_origin: { formula: 'log_euros ~ log_dist | Origin + Destination + Product + Year', vcov: { cluster: ['Origin'] } },
    fe4_twoway_origin_destination: { formula: 'log_euros ~ log_dist | Origin + Destination + Product + Year', vcov: { cluster: ['Origin', 'Destination'] } },
    fe_interacted_origin_product: { formula: 'log_euros ~ log_dist | Origin^Product + Year', vcov: { cluster: ['Origin'] } },
  },
  { estimate: 1e-8, se: 1e-8, stat: 1e-8 },
);

describe('placebo_reference.json', () => {
  const file = 'placebo_reference.json';
  const PLACEBO_KEYS = ['pseudo_treated_countyreal', 'pseudo_first_treat', 'n_pseudo_treated_counties', 'pseudo_cohort_sizes', 'n_pseudo_treat_post_obs', 'n_pseudo_treated_that_are_ever_treated'];

  it('twfe_actual', async () => {
    const data = await loadData('mpdta.csv');
    const r = runFeols(data, spec('mpdta.csv', { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } }));
    expectFixestFit(r, referenceCase(file, 'twfe_actual').expected, BASE_TOL, 'twfe_actual');
  });

  /**
   * The file's construction: the k-th pseudo-treated county (ascending id) takes the
   * first.treat of the k-th real ever-treated county (ascending id); pseudo_treat_post = 1
   * from that year on.
   */
  function placeboFrame(data: Frame, ids: number[]): { frame: Frame; pseudoFirst: Map<number, number> } {
    const county = (data.columns.find((c) => c.name === 'countyreal') as { values: Float64Array }).values;
    const first = (data.columns.find((c) => c.name === 'first.treat') as { values: Float64Array }).values;
    const year = (data.columns.find((c) => c.name === 'year') as { values: Float64Array }).values;
    const real = new Map<number, number>();
    for (let i = 0; i < data.nrow; i++) if (first[i] > 0) real.set(county[i], first[i]);
    const realSorted = [...real.keys()].sort((a, b) => a - b).map((c) => real.get(c) as number);
    const pseudoIds = [...ids].sort((a, b) => a - b);
    const pseudoFirst = new Map(pseudoIds.map((id, k) => [id, realSorted[k]]));
    const post = new Float64Array(data.nrow);
    for (let i = 0; i < data.nrow; i++) {
      const g = pseudoFirst.get(county[i]) ?? 0;
      post[i] = g > 0 && year[i] >= g ? 1 : 0;
    }
    return { frame: withColumn(data, numericColumn('pseudo_treat_post', post)), pseudoFirst };
  }

  for (const c of loadReference(file).cases.filter((x) => x.id.startsWith('placebo_seed'))) {
    it(c.id, async () => {
      const e = c.expected as Record<string, unknown> & { pseudo_treated_countyreal: number[]; pseudo_first_treat: number[] };
      const data = await loadData('mpdta.csv');
      const { frame, pseudoFirst } = placeboFrame(data, e.pseudo_treated_countyreal);
      // The construction reproduces the listed inputs and counts exactly.
      expect(e.pseudo_treated_countyreal.map((id) => pseudoFirst.get(id))).toEqual(e.pseudo_first_treat);
      expect(pseudoFirst.size).toBe(e.n_pseudo_treated_counties);
      const sizes: Record<string, number> = {};
      for (const g of pseudoFirst.values()) sizes[String(g)] = (sizes[String(g)] ?? 0) + 1;
      expect(sizes).toEqual(e.pseudo_cohort_sizes);
      const post = (frame.columns.find((col) => col.name === 'pseudo_treat_post') as { values: Float64Array }).values;
      expect(post.reduce((s, v) => s + v, 0)).toBe(e.n_pseudo_treat_post_obs);
      const first = (data.columns.find((col) => col.name === 'first.treat') as { values: Float64Array }).values;
      const county = (data.columns.find((col) => col.name === 'countyreal') as { values: Float64Array }).values;
      const everTreated = new Set<number>();
      for (let i = 0; i < data.nrow; i++) if (first[i] > 0) everTreated.add(county[i]);
      expect([...pseudoFirst.keys()].filter((id) => everTreated.has(id)).length).toBe(e.n_pseudo_treated_that_are_ever_treated);

      const r = runFeols(frame, spec('mpdta.csv', { formula: 'lemp ~ pseudo_treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } }));
      expectFixestFit(r, e, BASE_TOL, c.id, PLACEBO_KEYS);
    });
  }
});

describe('feols defaults and options', () => {
  it('clusters by the first fixed effect by default, iid without fixed effects', async () => {
    const data = await loadData('mpdta.csv');
    const a = runFeols(data, spec('mpdta.csv', { formula: 'lemp ~ treat_post | countyreal + year' }));
    expectFixestFit(a, referenceCase('mpdta.json', 'twfe').expected, BASE_TOL, 'default vcov');
    const bd = await loadData('base_did.csv');
    const b = runFeols(bd, spec('base_did.csv', { formula: 'y ~ x1 + treat * post' }));
    expect(b.vcov_type).toBe('IID');
  });

  it('reports confidence intervals from the t distribution with df_t', async () => {
    const bd = await loadData('base_did.csv');
    const r = runFeols(bd, spec('base_did.csv', { formula: 'y ~ x1 + treat:post | id + period', vcov: { cluster: ['id'] } }));
    const c = r.coefficients['treat:post'];
    // qt(0.975, 107) = 1.982383...
    expect((c.conf_high! - c.estimate!) / c.se!).toBeCloseTo(1.9823834, 6);
    const n = runFeols(bd, spec('base_did.csv', { formula: 'y ~ x1 + treat:post | id + period', vcov: { cluster: ['id'] }, p_dist: 'normal', level: 0.9 }));
    expect((n.coefficients['treat:post'].conf_high! - n.coefficients['treat:post'].estimate!) / n.coefficients['treat:post'].se!).toBeCloseTo(1.6448536, 6);
  });

  it('matches HC1 under "HC1" and gives HC3 as sandwich::vcovHC does', async () => {
    const bd = await loadData('base_did.csv');
    const h = runFeols(bd, spec('base_did.csv', { formula: 'y ~ x1 + treat * post', vcov: 'HC1' }));
    expectFixestFit(h, referenceCase('base_did.json', 'ols_hetero').expected, BASE_TOL, 'HC1');
    const h3 = runFeols(bd, spec('base_did.csv', { formula: 'y ~ x1 + treat * post', vcov: 'HC3' }));
    expect(h3.vcov_type).toBe('HC3');
    // HC3 inflates each squared residual by 1/(1-h)^2 > 1 and drops n/(n-K): larger than HC0.
    const hc0 = (h.coefficients.x1.se as number) * Math.sqrt((1080 - 5) / 1080);
    expect(h3.coefficients.x1.se!).toBeGreaterThan(hc0);
  });

  it('applies reghdfe small-sample rules and conventional multiway adjustments', async () => {
    const bd = await loadData('base_did.csv');
    const f = runFeols(bd, spec('base_did.csv', { formula: 'y ~ x1 + treat:post | id + period', vcov: { cluster: ['id'] } }));
    const r = runFeols(bd, spec('base_did.csv', { formula: 'y ~ x1 + treat:post | id + period', vcov: { cluster: ['id'] }, ssc: 'reghdfe' }));
    // Balanced panel: the two fixed effects form one connected component, so the exact count equals the default.
    expect(r.dof_K).toBe(f.dof_K);
    expect(r.ssc).toContain('reghdfe');
    const full = runFeols(bd, spec('base_did.csv', { formula: 'y ~ x1 + treat:post | id + period', vcov: { cluster: ['id'] }, ssc: { fixef_K: 'full' } }));
    expect(full.dof_K).toBe(2 + 108 + 10 - 1);
    expect(full.coefficients.x1.se! / f.coefficients.x1.se!).toBeCloseTo(Math.sqrt((1080 - 12) / (1080 - 119)), 12);
    const conv = runFeols(bd, spec('base_did.csv', { formula: 'y ~ x1 + treat * post', vcov: { cluster: ['id', 'period'] }, ssc: { cluster_df: 'conventional', t_df: 'conventional' } }));
    expect(conv.df_t).toBe(1075);
  });

  it('uses analytic weights like a weighted least squares', async () => {
    const bd = await loadData('base_did.csv');
    const w = numericColumn('w', Array.from({ length: bd.nrow }, (_, i) => 1 + (i % 3)));
    const data = withColumn(bd, w);
    const r = runFeols(data, spec('base_did.csv', { formula: 'y ~ x1', vcov: 'iid', weights: 'w' }));
    // Replicating rows by their integer weights gives the same coefficients.
    const y = (bd.columns.find((c) => c.name === 'y') as { values: Float64Array }).values;
    const x = (bd.columns.find((c) => c.name === 'x1') as { values: Float64Array }).values;
    const ys: number[] = [];
    const xs: number[] = [];
    for (let i = 0; i < bd.nrow; i++) for (let k = 0; k < 1 + (i % 3); k++) {
      ys.push(y[i]);
      xs.push(x[i]);
    }
    const rep = runFeols({ nrow: ys.length, columns: [numericColumn('y', ys), numericColumn('x1', xs)] }, spec('rep', { formula: 'y ~ x1', vcov: 'iid' }));
    expect(r.coefficients.x1.estimate).toBeCloseTo(rep.coefficients.x1.estimate!, 12);
    expect(r.ssr).toBeCloseTo(rep.ssr, 8);
  });
});

describe('edge cases', () => {
  const frameOf = (cols: Record<string, number[]>): Frame => ({ nrow: Object.values(cols)[0].length, columns: Object.entries(cols).map(([k, v]) => numericColumn(k, v)) });
  const base = {
    y: [1.2, 2.3, 2.9, 4.1, 5.2, 5.8, 7.3, 8.1, 8.8, 10.4],
    x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5],
    z: [0.3, -1.2, 0.8, 2.2, -0.5, 1.1, 0.4, -2.1, 1.7, 0.9],
    g: [1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
    t: [1, 2, 1, 2, 1, 2, 1, 2, 1, 2],
  };


  it('drops a perfectly collinear regressor and reports it, keeping the earlier one', () => {
    const f = withColumn(frameOf(base), numericColumn('x2', base.x.map((v, i) => 2 * v - base.z[i])));
    const r = runFeols(f, spec('t', { formula: 'y ~ x + z + x2', vcov: 'iid' }));
    expect(r.collinear_dropped).toEqual(['x2']);
    expect(Object.keys(r.coefficients)).toEqual(['(Intercept)', 'x', 'z']);
    expect(r.notes.join(' ')).toContain("'x2'");
  });

  it('leaves a reused design untouched', () => {
    const f = withColumn(frameOf(base), numericColumn('x2', base.x.map((v) => 3 * v)));
    const design = buildDesign(f, 'y ~ x + x2');
    const a = estimateFeols(design, { vcov: 'iid' }).result;
    const b = estimateFeols(design, { vcov: 'iid' }).result;
    expect(b.notes).toEqual(a.notes);
    expect(design.notes).toEqual([]);
    expect(b.coefficients).toEqual(a.coefficients);
  });

  it('drops a regressor constant within a fixed effect', () => {
    const gmean = base.g.map((g) => g * 10);
    const f = withColumn(frameOf(base), numericColumn('gconst', gmean));
    const r = runFeols(f, spec('t', { formula: 'y ~ x + gconst | g', vcov: 'iid' }));
    expect(r.collinear_dropped).toEqual(['gconst']);
    expect(Object.keys(r.coefficients)).toEqual(['x']);
  });

  it('explains an all-missing column', () => {
    const f = withColumn(frameOf(base), numericColumn('empty', new Array(10).fill(NaN)));
    const e = userErrorOf(() => runFeols(f, spec('t', { formula: 'y ~ x + empty' })));
    expect(e.code).toBe('design.no_observations');
    expect(e.message).toContain('empty (10 of 10 rows)');
  });

  it('refuses clustered errors with a single cluster', () => {
    const f = withColumn(frameOf(base), numericColumn('one', new Array(10).fill(1)));
    const e = userErrorOf(() => runFeols(f, spec('t', { formula: 'y ~ x', vcov: { cluster: ['one'] } })));
    expect(e.code).toBe('vcov.single_cluster');
    expect(e.details.cluster).toBe('one');
  });

  it('refuses more parameters than observations', () => {
    const f = frameOf({ ...base, s: [1, 2, 3, 4, 5, 6, 7, 8, 9, 9] });
    const e = userErrorOf(() => runFeols(f, spec('t', { formula: 'y ~ x | s', vcov: 'iid' })));
    expect(e.code).toBe('feols.no_residual_df');
    expect(e.message).toContain('10 parameters (1 coefficient and 9 fixed-effect levels) for 10 observations');
    const tiny = frameOf({ y: [1, 2, 3], x: [1, 5, 2], z: [3, 1, 4], w: [2, 2, 9] });
    expect(userErrorOf(() => runFeols(tiny, spec('t', { formula: 'y ~ x + z + w', vcov: 'iid' }))).code).toBe('feols.no_residual_df');
  });

  it('refuses a text value in a numeric column, naming the row', () => {
    const f: Frame = { nrow: 4, columns: [numericColumn('y', [1, 2, 3, 4]), { type: 'string', name: 'x', codes: Int32Array.from([0, 1, 2, 3]), levels: ['1.5', '2', 'abc', '4'] }] };
    const e = userErrorOf(() => runFeols(f, spec('t', { formula: 'y ~ x' })));
    expect(e.code).toBe('design.text_in_numeric_column');
    expect(e.details).toMatchObject({ column: 'x', row: 3, value: 'abc' });
    const lhs: Frame = { nrow: 4, columns: [{ type: 'string', name: 'y', codes: Int32Array.from([0, 1, 2, 3]), levels: ['1', '2.5', 'oops', '4'] }, numericColumn('x', [1, 2, 3, 4])] };
    const e2 = userErrorOf(() => runFeols(lhs, spec('t', { formula: 'y ~ x' })));
    expect(e2.code).toBe('feols.bad_response');
    expect(e2.details).toMatchObject({ column: 'y', row: 3, value: 'oops' });
  });

  it('keeps a fixed effect with one observation by default and removes it with fixef_rm', () => {
    const f = frameOf({ ...base, s: [1, 1, 1, 2, 2, 2, 3, 3, 3, 4] });
    const keep = runFeols(f, spec('t', { formula: 'y ~ x + z | s', vcov: 'iid' }));
    expect(keep.nobs).toBe(10);
    expect(keep.singleton_obs_in_sample).toBe(1);
    expect(keep.singletons_removed).toBe(0);
    const drop = runFeols(f, spec('t', { formula: 'y ~ x + z | s', vcov: 'iid', fixef_rm: 'singleton' }));
    expect(drop.nobs).toBe(9);
    expect(drop.singletons_removed).toBe(1);
    expect(drop.obs_removed).toBe(1);
    expect(drop.fixef_sizes).toEqual({ s: 3 });
    // The singleton's own dummy absorbs it exactly, so the slopes do not change.
    expect(drop.coefficients.x.estimate).toBeCloseTo(keep.coefficients.x.estimate!, 10);
  });

  it('estimates a model with fixed effects only', () => {
    const r = runFeols(frameOf(base), spec('t', { formula: 'y ~ 1 | g', vcov: 'iid' }));
    expect(r.coefficients).toEqual({});
    expect(r.r2).toBeGreaterThan(0.9);
    expect(r.r2_within).toBeNull();
  });

  it('never returns NaN in the coefficient table', () => {
    const r = runFeols(frameOf(base), spec('t', { formula: 'y ~ x + z | g', vcov: 'hetero' }));
    for (const row of Object.values(r.coefficients)) for (const v of Object.values(row)) expect(Number.isNaN(v as number)).toBe(false);
  });
});
