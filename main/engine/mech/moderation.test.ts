import { describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { numericColumn, withColumn, type Frame } from '../frame';
import { referenceCase } from '../../testing/fixtures';
import { moderationResult, moderationSpec, type ModerationSpecInput } from '../../../shared/specs/moderation';
import { generateSurvey, SURVEY_SPECS, SURVEY_TRUTH } from '../../demo/survey';
import { seededDraws } from './resample';
import { johnsonNeyman, runModeration } from './moderation';
import { baseDid, expectFitMatches, values } from './testing';

const spec = (over: Partial<ModerationSpecInput> = {}) =>
  moderationSpec.parse({ model: 'moderation', data: 'base_did.csv', outcome: 'y', treatment: 'treat', moderator: 'post', controls: ['x1'], center: 'none', cluster: [], vcov: 'iid', bins: 0, ...over });

describe('moderation against fixest fixtures (y ~ x1 + treat * post)', async () => {
  const frame = await baseDid();

  const cases: [string, Partial<ModerationSpecInput>][] = [
    ['ols_iid', {}],
    ['ols_twoway_cluster', { cluster: ['id', 'period'] }],
  ];
  for (const [id, over] of cases) {
    it(`${id}: the interaction model and the effect of treat at post = 0 and 1`, () => {
      const r = runModeration(frame, spec({ ...over, at: [0, 1] }));
      expect(moderationResult.safeParse(r).success).toBe(true);
      const exp = referenceCase('base_did.json', id).expected as { vcov: Record<string, Record<string, number>>; coefficients: Record<string, { estimate: number }> };
      expectFitMatches(r.fit, exp, { 'treat:post': 'treat_x_post' }, 1e-8, id);
      expect(r.terms).toEqual({ treatment: 'treat', moderator: 'post', interaction: 'treat_x_post' });
      const V = exp.vcov;
      const b = exp.coefficients;
      const [at0, at1] = r.at.filter((a) => a.label === 'at');
      expect(at0.estimate).toBeCloseTo(b.treat.estimate, 10);
      expect(at1.estimate! / (b.treat.estimate + b['treat:post'].estimate)).toBeCloseTo(1, 10);
      const se1 = Math.sqrt(V.treat.treat + V['treat:post']['treat:post'] + 2 * V.treat['treat:post']);
      expect(at1.se! / se1).toBeCloseTo(1, 8);
      expect(at1.df).toBe(r.fit.df_t);
    });
  }
});

describe('moderation: centring, curve, Johnson–Neyman, distribution', async () => {
  const frame = await baseDid();
  const base: Partial<ModerationSpecInput> = { treatment: 'tp', moderator: 'x1', controls: [], fixed_effects: ['id', 'period'], cluster: ['id'], grid_points: 25 };
  const raw = runModeration(frame, spec({ ...base, center: 'none' }));
  const centred = runModeration(frame, spec({ ...base, center: 'mean' }));

  it('the marginal-effect curve does not depend on the centre; the treatment coefficient is the effect at it', () => {
    expect(centred.center).toBeCloseTo(values(frame, 'x1').reduce((s, v) => s + v, 0) / frame.nrow, 12);
    expect(raw.center).toBe(0);
    centred.marginal_effects.forEach((m, k) => {
      expect(m.moderator).toBe(raw.marginal_effects[k].moderator);
      expect(m.estimate!).toBeCloseTo(raw.marginal_effects[k].estimate!, 9);
      expect(m.se!).toBeCloseTo(raw.marginal_effects[k].se!, 9);
    });
    const atMean = centred.at.find((a) => a.label === 'mean')!;
    expect(atMean.estimate!).toBeCloseTo(centred.coefficients.treatment.estimate!, 12);
    expect(centred.coefficients.interaction.estimate!).toBeCloseTo(raw.coefficients.interaction.estimate!, 10);
    expect(centred.marginal_effects[0].moderator).toBe(centred.moderator_summary.min);
    expect(centred.marginal_effects.at(-1)!.moderator).toBe(centred.moderator_summary.max);
  });

  it('Johnson–Neyman bounds are where |t| equals the critical value, and the intervals agree with the curve', () => {
    const jn = centred.johnson_neyman;
    for (const bound of jn.bounds) {
      const r = runModeration(frame, spec({ ...base, center: 'mean', at: [bound] })).at.at(-1)!;
      expect(Math.abs(r.stat!)).toBeCloseTo(jn.critical_value, 8);
    }
    const alpha = 1 - centred.level;
    for (const m of centred.marginal_effects) {
      const inside = jn.significant_intervals.some(([lo, hi]) => m.moderator >= lo && m.moderator <= hi);
      const sig = m.p! < alpha;
      if (Math.abs(Math.abs(m.stat!) - jn.critical_value) > 1e-6) expect(inside).toBe(sig);
    }
  });

  it('solves the degenerate cases of the quadratic', () => {
    // Always significant: a large effect with no interaction uncertainty.
    expect(johnsonNeyman({ d: 5, dx: 0 }, { dd: 1, xx: 0, dx: 0 }, 2, 0, -1, 1).significant_intervals).toEqual([[-1, 1]]);
    // Never significant.
    expect(johnsonNeyman({ d: 0.1, dx: 0 }, { dd: 1, xx: 0, dx: 0 }, 2, 0, -1, 1).significant_intervals).toEqual([]);
    // Linear case (A = 0 when b_dx² = q²·V_xx): t(u) = (1 + 2u) / √(1 + u²) reaches 2 at u = 0.75 only.
    const lin = johnsonNeyman({ d: 1, dx: 2 }, { dd: 1, xx: 1, dx: 0 }, 2, 0, -10, 10);
    expect(lin.bounds).toEqual([0.75]);
    expect(lin.significant_intervals).toEqual([[0.75, 10]]);
    // Significant outside two roots: effect u, variance 1 + ... → |u| > q.
    const two = johnsonNeyman({ d: 0, dx: 1 }, { dd: 1, xx: 0, dx: 0 }, 2, 1, -5, 5);
    expect(two.bounds).toEqual([-1, 3]);
    expect(two.significant_intervals).toEqual([[-5, -1], [3, 5]]);
  });

  it('describes the moderator and its distribution among treated and untreated rows', () => {
    const s = centred.moderator_summary;
    expect(s.n).toBe(frame.nrow);
    expect(s.min).toBeLessThan(s.p10);
    expect(s.p25).toBeLessThan(s.p75);
    expect(centred.distribution.counts.reduce((a, c) => a + c, 0)).toBe(frame.nrow);
    const treated = values(frame, 'tp').reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
    expect(centred.distribution.treated_counts.reduce((a, c) => a + c, 0)).toBe(treated);
    expect(centred.distribution.breaks).toHaveLength(21);
  });

  it('notes a moderator absorbed by the fixed effects and still estimates the interaction', () => {
    const unitLevel = withColumn(frame, numericColumn('m_unit', values(frame, 'id').map((v) => Math.log(v))));
    const r = runModeration(unitLevel, spec({ ...base, moderator: 'm_unit' }));
    expect(r.coefficients.moderator).toBeNull();
    expect(r.terms.moderator).toBeNull();
    expect(r.coefficients.interaction.se).toBeGreaterThan(0);
    expect(r.notes[0]).toMatch(/absorbed by the fixed effects/);
  });

  it('refuses a constant moderator and text columns', () => {
    const constant = withColumn(frame, numericColumn('k', new Float64Array(frame.nrow).fill(2)));
    expect(() => runModeration(constant, spec({ ...base, moderator: 'k' }))).toThrow(/single value/);
    expect(() => runModeration(frame, spec({ ...base, moderator: 'tp' }))).toThrow(UserError);
  });
});

describe('binning estimator', () => {
  /** 60 clusters × 20 rows; the effect of d is 1 + slope·x + curve·x². */
  function simulated(curve: number): Frame {
    const r = seededDraws(99);
    const n = 1200;
    const g = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 20));
    const x = Float64Array.from({ length: n }, () => r.normal());
    const d = Float64Array.from({ length: n }, () => (r.uniform() < 0.5 ? 1 : 0));
    const y = Float64Array.from({ length: n }, (_, i) => 0.5 * x[i] + d[i] * (1 + 0.5 * x[i] + curve * (x[i] * x[i] - 1)) + 0.5 * r.normal());
    return { nrow: n, columns: [numericColumn('g', g), numericColumn('x', x), numericColumn('d', d), numericColumn('y', y)] };
  }
  const s = (bins: number) => spec({ outcome: 'y', treatment: 'd', moderator: 'x', controls: [], center: 'mean', cluster: ['g'], bins });

  it('agrees with the linear model when the effect is linear in the moderator', () => {
    const r = runModeration(simulated(0), s(3));
    const b = r.binning!;
    expect(b.bins).toHaveLength(3);
    expect(b.bins.reduce((a, x) => a + x.n, 0)).toBe(1200);
    for (const bin of b.bins) expect(Math.abs(bin.estimate! - bin.linear)).toBeLessThan(3 * bin.se!);
    expect(b.linearity_test.df1).toBe(8);
    expect(b.linearity_test.p!).toBeGreaterThan(0.01);
  });

  it('rejects linearity when the effect is U-shaped', () => {
    const r = runModeration(simulated(1), s(3));
    expect(r.binning!.linearity_test.p!).toBeLessThan(0.001);
    const [lo, mid, hi] = r.binning!.bins;
    expect(lo.estimate!).toBeGreaterThan(mid.estimate!);
    expect(hi.estimate!).toBeGreaterThan(mid.estimate!);
  });

  it('is skipped with bins = 0', () => {
    expect(runModeration(simulated(0), s(0)).binning).toBeNull();
  });
});

describe('moderation on the demo survey recovers the true moderation', () => {
  const r = runModeration(
    generateSurvey(),
    moderationSpec.parse(SURVEY_SPECS.moderation),
  );
  const covers = (row: { conf_low: number | null; conf_high: number | null }, truth: number) => (row.conf_low as number) < truth && truth < (row.conf_high as number);

  it('the interaction covers −0.25 and the effect at each quartile covers 0.5 − 0.25(u − 3)', () => {
    expect(covers({ conf_low: r.coefficients.interaction.conf_low ?? null, conf_high: r.coefficients.interaction.conf_high ?? null }, SURVEY_TRUTH.moderation)).toBe(true);
    for (const a of r.at.filter((x) => ['p25', 'p50', 'p75'].includes(x.label ?? ''))) {
      expect(covers(a, SURVEY_TRUTH.total + SURVEY_TRUTH.moderation * (a.moderator - SURVEY_TRUTH.uncertaintyMean))).toBe(true);
    }
    expect(r.binning!.linearity_test.p!).toBeGreaterThan(0.05);
  });
});
