import { describe, expect, it } from 'vitest';
import { CancelledError, UserError } from '../errors';
import { filterRows, numericColumn, stringColumn, withColumn, type Frame } from '../frame';
import { runFeols } from '../feols';
import { referenceCase } from '../../testing/fixtures';
import { heterogeneityResult, heterogeneitySpec, type HeterogeneitySpecInput } from '../../../shared/specs/heterogeneity';
import { generateSurvey, SURVEY_SPECS, SURVEY_TRUTH } from '../../demo/survey';
import { runHeterogeneity } from './heterogeneity';
import { baseDid, expectFitMatches, recordingContext, values } from './testing';

const spec = (over: Partial<HeterogeneitySpecInput> = {}) =>
  heterogeneitySpec.parse({ model: 'heterogeneity', data: 'base_did.csv', outcome: 'y', treatment: 'tp', controls: ['x1'], fixed_effects: ['id', 'period'], cluster: ['id'], splits: [{ kind: 'categorical', column: 'odd' }], ...over });

/** base_did with odd = id mod 2 (constant within a unit; both halves hold treated and control units). */
async function data(): Promise<Frame> {
  const f = await baseDid();
  return withColumn(f, numericColumn('odd', values(f, 'id').map((v) => v % 2), { valueLabels: { '0': 'even', '1': 'odd' } }));
}

describe('heterogeneity on base_did', async () => {
  const frame = await data();
  const r = runHeterogeneity(frame, spec());
  const split = r.splits[0];

  it('the pooled model is the fixture twfe_cluster_id regression', () => {
    expect(heterogeneityResult.safeParse(r).success).toBe(true);
    expectFitMatches(r.pooled, referenceCase('base_did.json', 'twfe_cluster_id').expected, { 'treat:post': 'tp' }, 1e-8, 'pooled');
  });

  it('each group is the same feols regression on its rows, labelled with its value labels', () => {
    expect(split.groups.map((g) => [g.key, g.label, g.rule])).toEqual([
      ['0', 'even', 'odd = 0 (even)'],
      ['1', 'odd', 'odd = 1 (odd)'],
    ]);
    split.groups.forEach((g, k) => {
      const rows = filterRows(frame, Uint8Array.from(values(frame, 'odd'), (v) => (v === k ? 1 : 0)));
      const f = runFeols(rows, { model: 'feols', data: 'x', formula: 'y ~ tp + x1 | id + period', vcov: { cluster: ['id'] } });
      expect(g.fit?.coefficients).toEqual(f.coefficients);
      expect(g.estimate).toEqual(f.coefficients.tp);
      expect(g.nobs).toBe(f.nobs);
    });
  });

  it('the interaction test is the t test of tp × 1[odd] in the pooled model with common fixed effects', () => {
    const odd = values(frame, 'odd');
    const tp = values(frame, 'tp');
    const withInter = withColumn(frame, numericColumn('tp_odd', tp.map((v, i) => v * odd[i])));
    const f = runFeols(withInter, { model: 'feols', data: 'x', formula: 'y ~ tp + tp_odd + odd + x1 | id + period', vcov: { cluster: ['id'] } });
    const t = split.interaction_test;
    expect(t.terms).toHaveLength(1);
    expect(t.terms[0].estimate).toBeCloseTo(f.coefficients.tp_odd.estimate!, 10);
    expect(t.terms[0].se).toBeCloseTo(f.coefficients.tp_odd.se!, 10);
    expect(t.test.stat! / f.coefficients.tp_odd.t! ** 2).toBeCloseTo(1, 10);
    expect(t.test.p! / f.coefficients.tp_odd.p!).toBeCloseTo(1, 8);
    expect(t.test.df2).toBe(107);
  });

  it('the stacked (SUR) model reproduces the subgroup estimates and equals the fully interacted feols with a common cluster', () => {
    const odd = values(frame, 'odd');
    let wide = frame;
    for (const v of ['tp', 'x1']) for (const g of [0, 1]) wide = withColumn(wide, numericColumn(`${v}_${g}`, values(frame, v).map((x, i) => (odd[i] === g ? x : 0))));
    const f = runFeols(wide, { model: 'feols', data: 'x', formula: 'y ~ tp_0 + x1_0 + tp_1 + x1_1 | id^odd + period^odd', vcov: { cluster: ['id'] } });
    const diff = split.sur_test.differences[0];
    expect(diff.estimate).toBeCloseTo(f.coefficients.tp_1.estimate! - f.coefficients.tp_0.estimate!, 10);
    expect(diff.estimate).toBeCloseTo(split.groups[1].estimate!.estimate! - split.groups[0].estimate!.estimate!, 8);
    const V = f.vcov;
    expect(diff.se! / Math.sqrt(V.tp_1.tp_1 + V.tp_0.tp_0 - 2 * V.tp_1.tp_0)).toBeCloseTo(1, 9);
    expect(diff.df).toBe(f.df_t);
    expect(split.sur_test.test.stat! / (diff.stat! * diff.stat!)).toBeCloseTo(1, 10);
    expect(split.sur_test.nobs).toBe(1080);
  });

  it('without fixed effects the stacked model has one intercept per group (robust variance, no shared clusters)', () => {
    const odd = values(frame, 'odd');
    let wide = frame;
    for (const v of ['tp', 'x1']) for (const g of [0, 1]) wide = withColumn(wide, numericColumn(`${v}_${g}`, values(frame, v).map((x, i) => (odd[i] === g ? x : 0))));
    for (const g of [0, 1]) wide = withColumn(wide, numericColumn(`i_${g}`, odd.map((o) => (o === g ? 1 : 0))));
    const f = runFeols(wide, { model: 'feols', data: 'x', formula: 'y ~ 0 + i_0 + tp_0 + x1_0 + i_1 + tp_1 + x1_1', vcov: 'hetero' });
    const s = runHeterogeneity(frame, spec({ fixed_effects: [], cluster: [], vcov: 'hetero' })).splits[0];
    const diff = s.sur_test.differences[0];
    expect(diff.estimate).toBeCloseTo(f.coefficients.tp_1.estimate! - f.coefficients.tp_0.estimate!, 10);
    const V = f.vcov;
    expect(diff.se! / Math.sqrt(V.tp_1.tp_1 + V.tp_0.tp_0 - 2 * V.tp_1.tp_0)).toBeCloseTo(1, 9);
    expect(V.tp_1.tp_0).toBe(0);
    expect(s.groups[0].fit?.vcov_type).toBe('Heteroskedasticity-robust');
  });

  it('the permutation test is seeded, shuffles whole clusters by default, and compares the observed difference', () => {
    const p = (seed: number) => runHeterogeneity(frame, spec({ permutation: { draws: 40, seed } })).splits[0].permutation!;
    const a = p(4);
    expect(p(4)).toEqual(a);
    expect(a.unit).toBe('id');
    expect(a.n_units).toBe(108);
    expect(a.draws_used).toBe(40);
    const d = a.differences[0];
    expect(d.estimate).toBeCloseTo(split.groups[1].estimate!.estimate! - split.groups[0].estimate!.estimate!, 6);
    for (const v of [d.p_two_sided, d.p_one_sided]) {
      expect(v).toBeGreaterThanOrEqual(1 / 41);
      expect(v).toBeLessThanOrEqual(1);
      expect(Number.isInteger(v * 41 + 1e-9) || Math.abs(v * 41 - Math.round(v * 41)) < 1e-9).toBe(true);
    }
    expect(p(5).differences[0].p_two_sided).not.toBeNaN();
  });

  it('chooses the permutation unit among clusters and fixed effects, else rows', () => {
    const byPeriod = withColumn(frame, numericColumn('even_period', values(frame, 'period').map((p) => p % 2)));
    const even = runHeterogeneity(byPeriod, spec({ splits: [{ kind: 'categorical', column: 'even_period' }], permutation: { draws: 20, seed: 1 } })).splits[0];
    expect(even.permutation?.unit).toBe('period');
    expect(even.permutation?.n_units).toBe(10);
    const rows = runHeterogeneity(frame, spec({ splits: [{ kind: 'quantiles', column: 'x1', groups: 2 }], permutation: { draws: 20, seed: 1 } })).splits[0];
    expect(rows.permutation?.unit).toBe('(rows)');
    expect(rows.permutation?.n_units).toBe(1080);
    const skipped = runHeterogeneity(frame, spec({ splits: [{ kind: 'quantiles', column: 'x1', groups: 2 }], permutation: { draws: 20, seed: 1, unit: 'id' } })).splits[0];
    expect(skipped.permutation).toBeNull();
    expect(skipped.notes.join(' ')).toMatch(/varies within units of "id"/);
  });

  it('quantile groups follow Stata xtile cut points', () => {
    const q = runHeterogeneity(frame, spec({ splits: [{ kind: 'quantiles', column: 'x1', groups: 4 }] })).splits[0];
    const sorted = Float64Array.from(values(frame, 'x1')).sort();
    // Stata's default percentile: n·p = 270, 540, 810 are integers, so the means of the neighbours.
    expect(q.cut_points).toEqual([0.25, 0.5, 0.75].map((p) => (sorted[1080 * p - 1] + sorted[1080 * p]) / 2));
    expect(q.groups.map((g) => g.key)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(q.groups.map((g) => g.nobs)).toEqual([270, 270, 270, 270]);
    expect(q.groups[0].rule).toMatch(/^x1 ≤ /);
    expect(q.groups[3].rule).toMatch(/^x1 > /);
    expect(q.interaction_test.test.df1).toBe(3);
    expect(q.sur_test.differences.map((d) => d.group)).toEqual(['Q2', 'Q3', 'Q4']);
  });

  it('listed values pick and order the groups; other rows are left out with a note', () => {
    const three = withColumn(frame, stringColumn('region', Array.from({ length: frame.nrow }, (_, i) => ['东部', '中部', '西部'][Math.floor(i / 10) % 3])));
    const r3 = runHeterogeneity(three, spec({ splits: [{ kind: 'categorical', column: 'region', values: ['西部', '东部'] }] })).splits[0];
    expect(r3.groups.map((g) => g.key)).toEqual(['西部', '东部']);
    expect(r3.groups.reduce((s, g) => s + g.nobs, 0)).toBe(720);
    expect(r3.notes[0]).toMatch(/360 rows .* left out/);
    expect(() => runHeterogeneity(three, spec({ splits: [{ kind: 'categorical', column: 'region', values: ['北部', '东部'] }] }))).toThrow(/no row with the value "北部"/);
  });

  it('reports a group without treatment variation as not estimable and skips its permutation test', () => {
    const treated = values(frame, 'treat');
    const g = withColumn(frame, numericColumn('arm', treated.map((t, i) => (t === 0 && i % 20 < 10 ? 0 : 1))));
    const s = runHeterogeneity(g, spec({ splits: [{ kind: 'categorical', column: 'arm' }], permutation: { draws: 20, seed: 1 } })).splits[0];
    expect(s.groups[0].estimate).toBeNull();
    expect(s.groups[0].reason).toMatch(/treatment "tp" could not be estimated/);
    expect(s.sur_test.differences[0].estimate).toBeNull();
    expect(s.sur_test.test.stat).toBeNull();
    expect(s.permutation).toBeNull();
    expect(s.notes.join(' ')).toMatch(/permutation test is skipped/);
  });

  it('refuses splits that cannot form groups', () => {
    expect(() => runHeterogeneity(frame, spec({ splits: [{ kind: 'categorical', column: 'tp' }] }))).toThrow(/is the treatment/);
    const text = withColumn(frame, stringColumn('s', Array.from({ length: frame.nrow }, () => 'a')));
    expect(() => runHeterogeneity(text, spec({ splits: [{ kind: 'quantiles', column: 's', groups: 2 }] }))).toThrow(/Quantile groups need a numeric column/);
    expect(() => runHeterogeneity(text, spec({ splits: [{ kind: 'categorical', column: 's' }] }))).toThrow(UserError);
    expect(() => runHeterogeneity(frame, spec({ splits: [{ kind: 'categorical', column: 'nope' }] }))).toThrow(/split column "nope" is not in the data/);
  });

  it('reports progress and can be cancelled during the permutations', () => {
    const ctx = recordingContext();
    runHeterogeneity(frame, spec({ permutation: { draws: 20, seed: 1 } }), ctx);
    expect(ctx.fractions.at(-1)).toBe(1);
    for (let i = 1; i < ctx.fractions.length; i++) expect(ctx.fractions[i]).toBeGreaterThanOrEqual(ctx.fractions[i - 1] - 1e-12);
    expect(() => runHeterogeneity(frame, spec({ permutation: { draws: 500, seed: 1 } }), recordingContext(ctx.checks + 3))).toThrow(CancelledError);
  });
});

describe('heterogeneity on the demo survey recovers the urban–rural difference', () => {
  const r = runHeterogeneity(
    generateSurvey(),
    // The demo's worked example with fewer permutations (the demo runs 200).
    heterogeneitySpec.parse({ ...SURVEY_SPECS.heterogeneity, permutation: { draws: 20, seed: 3, unit: 'resp_id' } }),
  );
  const s = r.splits[0];
  const covers = (row: { conf_low?: number | null; conf_high?: number | null }, truth: number) => (row.conf_low as number) < truth && truth < (row.conf_high as number);

  it('the group effects cover 0.6 (城镇) and 0.35 (农村), the difference covers −0.25, and both tests reject equality', () => {
    expect(s.groups.map((g) => g.label)).toEqual(['城镇', '农村']);
    expect(covers(s.groups[0].estimate!, SURVEY_TRUTH.totalUrban)).toBe(true);
    expect(covers(s.groups[1].estimate!, SURVEY_TRUTH.totalRural)).toBe(true);
    expect(covers(s.sur_test.differences[0], SURVEY_TRUTH.totalRural - SURVEY_TRUTH.totalUrban)).toBe(true);
    expect(s.sur_test.test.p!).toBeLessThan(0.01);
    expect(s.interaction_test.test.p!).toBeLessThan(0.01);
    // Every one of the 20 permutations gives a smaller difference: the smallest attainable p.
    expect(s.permutation?.unit).toBe('resp_id');
    expect(s.permutation?.differences[0].p_two_sided).toBe(1 / 21);
  });

  it('finds no difference by schooling, where the model has none', () => {
    const edu = r.splits[1];
    expect(edu.groups.map((g) => g.rule)).toEqual([`edu ≤ ${edu.cut_points[0]}`, `edu > ${edu.cut_points[0]}`]);
    expect(edu.sur_test.test.p!).toBeGreaterThan(0.01);
    expect(edu.permutation!.differences[0].p_two_sided).toBeGreaterThan(0.01);
  });
});
