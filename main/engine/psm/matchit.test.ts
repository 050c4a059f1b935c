import { describe, expect, it } from 'vitest';
import { runMatchit } from './matchit';
import { silentContext } from '../context';
import { getColumn, setLevelOrder, withColumn, type Frame, type StringColumn } from '../frame';
import { matchitSpec, type MatchitResult, type MatchitSpecInput } from '../../../shared/specs/matchit';
import { expectClose, loadData, referenceCase } from '../../testing/fixtures';

const FORMULA = 'treat ~ age + educ + race + married + nodegree + re74 + re75';

/** lalonde as its data_prep loads it: race with baseline black. */
async function lalonde(): Promise<Frame> {
  const f = await loadData('lalonde.csv');
  return withColumn(f, setLevelOrder(getColumn(f, 'race') as StringColumn, ['black', 'hispan', 'white']).column);
}

function run(frame: Frame, spec: Omit<MatchitSpecInput, 'model' | 'data' | 'formula'>): MatchitResult {
  return runMatchit(frame, matchitSpec.parse({ model: 'matchit', data: 'test', formula: FORMULA, ...spec }), silentContext);
}

type Expected = Record<string, unknown>;
const expected = (id: string): Expected => referenceCase('lalonde.json', id).expected as Expected;

/**
 * Balance statistics at 1e-8 relative. A few "after" differences are zero in exact arithmetic
 * (racewhite with replacement: 1.4e-17 in R, rounding noise of equal means); values below
 * 1e-6 are therefore compared absolutely at 1e-14 (the floor argument of expectClose).
 */
function compareBalance(r: MatchitResult, e: Expected, what: string): void {
  for (const part of ['balance_before', 'balance_after'] as const) {
    const want = e[part] as Record<string, Record<string, number | null>>;
    expect(Object.keys(r[part])).toEqual(Object.keys(want));
    for (const [v, stats] of Object.entries(want))
      for (const [stat, value] of Object.entries(stats)) {
        const got = (r[part][v] as Record<string, number | null>)[stat];
        if (value === null) expect(got, `${what} ${part} ${v} ${stat}`).toBeNull();
        else expectClose(got, value, 1e-8, `${what} ${part} ${v} ${stat}`, 1e-6);
      }
  }
  for (const part of ['smd_before', 'smd_after'] as const) {
    const want = e[part] as Record<string, number>;
    for (const [v, value] of Object.entries(want)) expectClose(r[part][v], value, 1e-8, `${what} ${part} ${v}`, 1e-6);
  }
  const ss = e.sample_sizes as Record<string, { Control: number; Treated: number }>;
  for (const [row, g] of Object.entries(ss)) {
    const got = r.sample_sizes[row as keyof MatchitResult['sample_sizes']];
    expectClose(got.Control, g.Control, 1e-12, `${what} sample_sizes ${row} Control`);
    expectClose(got.Treated, g.Treated, 1e-12, `${what} sample_sizes ${row} Treated`);
  }
  expect(r.n_matched).toEqual(e.n_matched);
}

interface LmExpected {
  coefficients: Record<string, { estimate: number; se: number; t: number; p: number }>;
  nobs: number;
  r2: number;
  adj_r2: number;
  sigma: number;
  df_residual: number;
  ssr: number;
  fstat: number;
  fstat_df: [number, number];
  vcov_type: string;
  vcov: Record<string, Record<string, number>>;
  n_clusters?: number | Record<string, number>;
}

function compareAtt(r: MatchitResult, id: string): void {
  const e = expected(id) as unknown as LmExpected;
  const reg = r.att_regression;
  if (!reg || !r.att) throw new Error('no ATT');
  expect(reg.nobs).toBe(e.nobs);
  expect(reg.df_residual).toBe(e.df_residual);
  expect(reg.vcov_type).toBe(e.vcov_type);
  expect(r.att.df).toBe(e.df_residual);
  for (const [term, row] of Object.entries(e.coefficients)) {
    const got = reg.coefficients[term];
    expectClose(got.estimate, row.estimate, 1e-8, `${id} ${term} estimate`);
    expectClose(got.se, row.se, 1e-8, `${id} ${term} se`);
    expectClose(got.t, row.t, 1e-8, `${id} ${term} t`);
    expectClose(got.p, row.p, 1e-7, `${id} ${term} p`);
    for (const [other, v] of Object.entries(e.vcov[term])) expectClose(reg.vcov[term][other], v, 1e-8, `${id} vcov ${term},${other}`);
  }
  expectClose(r.att.estimate, e.coefficients.treat.estimate, 1e-8, `${id} att`);
  expectClose(r.att.se, e.coefficients.treat.se, 1e-8, `${id} att se`);
  for (const k of ['r2', 'adj_r2', 'sigma', 'ssr', 'fstat'] as const) expectClose(reg[k], e[k], 1e-8, `${id} ${k}`);
  expect(reg.fstat_df).toEqual(e.fstat_df);
  if (typeof e.n_clusters === 'number') expect(reg.n_clusters).toEqual({ subclass: e.n_clusters });
  else if (e.n_clusters) expect(reg.n_clusters).toEqual(e.n_clusters);
}

describe('matchit: nearest neighbour 1:1 without replacement (documented rule)', () => {
  it('forms the documented pairs, in the documented order', async () => {
    const r = run(await lalonde(), {});
    const e = expected('nearest_documented_rule_pairs');
    expect(r.match_pairs).toEqual(e.match_pairs);
    expect(r.matching_order).toEqual(e.matching_order);
    expect(r.n_matched).toEqual(e.n_matched);
    expect(r.unmatched_treated).toEqual([]);
    expect(r.caliper).toBeNull();
  });

  it('forms the same pairs from the exactly converged score (robustness in the fixture)', async () => {
    const r = run(await lalonde(), { ps_fit: 'exact' });
    const e = expected('nearest_documented_rule_pairs') as { robustness: { same_pairs_with_pscore_logit_tight: boolean }; match_pairs: unknown };
    expect(e.robustness.same_pairs_with_pscore_logit_tight).toBe(true);
    expect(r.match_pairs).toEqual(e.match_pairs);
  });

  it('reproduces the balance table', async () => {
    compareBalance(run(await lalonde(), {}), expected('nearest_documented_rule_balance'), 'balance');
  });

  it('ATT by weighted lm with SEs clustered by pair', async () => {
    const r = run(await lalonde(), { outcome: 're78' });
    expect(r.att?.layout).toBe('match_data');
    compareAtt(r, 'nearest_documented_rule_att_cluster_subclass');
  });

  it('is not the MatchIt 4.5.1 output (which took the nearest lower-or-equal control)', async () => {
    const r = run(await lalonde(), {});
    const legacy = expected('matchit451_nearest') as { match_pairs: number[][] };
    const e = expected('nearest_documented_rule_pairs') as { n_pairs_differing_from_matchit451: number };
    const differing = r.match_pairs.filter((p, i) => p[1] !== legacy.match_pairs[i][1]).length;
    expect(differing).toBe(e.n_pairs_differing_from_matchit451);
  });
});

describe('matchit: nearest neighbour with replacement and a 0.1 SD caliper (documented rule)', () => {
  const opts = { replace: true, caliper: 0.1 };

  it('forms the documented pairs and leaves rows 95 and 178 unmatched', async () => {
    const r = run(await lalonde(), opts);
    const e = expected('nearest_documented_rule_replace_caliper_pairs') as {
      match_pairs: number[][];
      unmatched_treated: number[];
      n_matched: unknown;
      caliper: { sd_units: number; sd_of_distance_all_units: number; distance_units: number };
    };
    expect(r.match_pairs).toEqual(e.match_pairs);
    expect(r.unmatched_treated).toEqual(e.unmatched_treated);
    expect(r.n_matched).toEqual(e.n_matched);
    expect(r.caliper?.sd_units).toBe(e.caliper.sd_units);
    expectClose(r.caliper?.sd_of_distance, e.caliper.sd_of_distance_all_units, 1e-12, 'sd of the score');
    expectClose(r.caliper?.distance_units, e.caliper.distance_units, 1e-12, 'caliper');
  });

  it('reproduces the balance table (reused controls weighted)', async () => {
    compareBalance(run(await lalonde(), opts), expected('nearest_documented_rule_replace_caliper_balance'), 'balance');
  });

  it('ATT: weighted lm on match.data with HC3', async () => {
    const r = run(await lalonde(), { ...opts, outcome: 're78', att_vcov: 'HC3' });
    expect(r.att?.layout).toBe('match_data');
    compareAtt(r, 'nearest_documented_rule_replace_caliper_att_hc3');
  });

  it('ATT: get_matches layout clustered by pair', async () => {
    const r = run(await lalonde(), { ...opts, outcome: 're78', att_vcov: 'pair' });
    expect(r.att?.layout).toBe('get_matches');
    compareAtt(r, 'nearest_documented_rule_replace_caliper_att_cluster_subclass');
  });

  it('ATT: get_matches layout clustered by pair and unit (the default with replacement)', async () => {
    const r = run(await lalonde(), { ...opts, outcome: 're78' });
    compareAtt(r, 'nearest_documented_rule_replace_caliper_att_cluster_subclass_id');
  });
});

describe('matchit options and inputs', () => {
  it('kernel matching: the ATT is the weighted mean difference, with HC3 by default', async () => {
    const f = await lalonde();
    const r = run(f, { method: 'kernel', outcome: 're78' });
    const y = (getColumn(f, 're78') as { values: Float64Array }).values;
    const t = (getColumn(f, 'treat') as { values: Float64Array }).values;
    let st = 0;
    let nt = 0;
    let sc = 0;
    let wc = 0;
    r.weights.forEach((w, i) => {
      if (!(w > 0)) return;
      if (t[i] === 1) {
        st += y[i];
        nt++;
      } else {
        sc += w * y[i];
        wc += w;
      }
    });
    expectClose(r.att?.estimate, st / nt - sc / wc, 1e-9, 'kernel ATT');
    expect(r.att?.vcov_type).toBe('vcovHC type HC3');
    expect(r.match_pairs).toEqual([]);
    expect(() => run(f, { method: 'kernel', outcome: 're78', att_vcov: 'pair' })).toThrow(/pairs/);
  });

  it('radius matching needs a caliper', async () => {
    const f = await lalonde();
    expect(() => run(f, { method: 'radius' })).toThrow(/caliper/);
    const r = run(f, { method: 'radius', caliper: 0.05 });
    expect(r.n_matched.treated).toBeGreaterThan(0);
  });

  it('2:1 matching without replacement gives every treated unit two controls, weighted 1/2', async () => {
    const r = run(await lalonde(), { ratio: 2 });
    expect(r.n_matched).toEqual({ treated: 185, control: 370 });
    expect(r.match_pairs.length).toBe(370);
    const controls = r.weights.filter((w, i) => w > 0 && !r.match_pairs.some((p) => p[0] === i + 1));
    // Raw weight 1/2 each, rescaled to sum to the 370 controls used: 1.
    controls.forEach((w) => expect(w).toBeCloseTo(1, 14));
    expect(new Set(r.subclass?.filter((s) => s > 0)).size).toBe(185);
  });

  it('warns when there are too few controls for k:1 without replacement and stops when they run out', async () => {
    const r = run(await lalonde(), { ratio: 3 });
    expect(r.notes.join(' ')).toMatch(/Fewer control units \(429\) than 3 × 185/);
    expect(r.n_matched.control).toBe(429);
    expect(r.match_pairs.length).toBe(429);
  });

  it('common support: discarded units are listed, excluded, and the caliper SD uses the rest', async () => {
    const r = run(await lalonde(), { discard: 'both', caliper: 0.2 });
    expect(r.discarded.length).toBeGreaterThan(0);
    const pairedRows = new Set(r.match_pairs.flat());
    for (const row of r.discarded) {
      expect(pairedRows.has(row)).toBe(false);
      expect(r.weights[row - 1]).toBe(0);
    }
    const s = r.sample_sizes.Discarded;
    expect(s.Control + s.Treated).toBe(r.discarded.length);
    const kept = r.pscore.filter((p, i) => p !== null && !r.discarded.includes(i + 1)) as number[];
    const m = kept.reduce((a, b) => a + b, 0) / kept.length;
    const sd = Math.sqrt(kept.reduce((a, b) => a + (b - m) ** 2, 0) / (kept.length - 1));
    expectClose(r.caliper?.sd_of_distance, sd, 1e-12, 'sd over kept units');
  });

  it('random matching order is reproducible from the seed and required', async () => {
    const f = await lalonde();
    expect(() => run(f, { m_order: 'random' })).toThrow(/seed/);
    const a = run(f, { m_order: 'random', seed: 11 });
    const b = run(f, { m_order: 'random', seed: 11 });
    expect(a.match_pairs).toEqual(b.match_pairs);
    expect(a.matching_order).not.toEqual(run(f, {}).matching_order);
  });

  it('rows with a missing covariate are left out and rows keep their numbers', async () => {
    const f = await lalonde();
    const age = Float64Array.from((getColumn(f, 'age') as { values: Float64Array }).values);
    age[2] = NaN;
    const g = withColumn(f, { ...(getColumn(f, 'age') as { type: 'number'; name: string; values: Float64Array }), values: age });
    const r = run(g, {});
    expect(r.pscore[2]).toBeNull();
    expect(r.weights[2]).toBe(0);
    expect(r.match_pairs.flat()).not.toContain(3);
    expect(r.sample_sizes.All.Treated + r.sample_sizes.All.Control).toBe(613);
  });

  it('refuses a treatment that does not vary', async () => {
    const f = await lalonde();
    const ones = withColumn(f, { type: 'number', name: 'treat', values: new Float64Array(f.nrow).fill(1) });
    expect(() => run(ones, {})).toThrow(/treated and control/);
  });

  it('regression adjustment adds the covariates to the outcome model', async () => {
    const r = run(await lalonde(), { outcome: 're78', att_covariates: true });
    expect(Object.keys(r.att_regression?.coefficients ?? {})).toEqual(['(Intercept)', 'treat', 'age', 'educ', 'racehispan', 'racewhite', 'married', 'nodegree', 're74', 're75']);
    expect(r.att?.estimate).toBe(r.att_regression?.coefficients.treat.estimate);
  });
});
