import { describe, expect, it } from 'vitest';
import { CancelledError, UserError } from '../errors';
import { filterRows, numericColumn, stringColumn, withColumn, type Frame } from '../frame';
import { runFeols } from '../feols';
import { referenceCase } from '../../testing/fixtures';
import { mediationResult, mediationSpec, type MediationSpecInput } from '../../../shared/specs/mediation';
import { generateSurvey, SURVEY_SPECS, SURVEY_TRUTH } from '../../demo/survey';
import { runMediation, sobelTests } from './mediation';
import { baseDid, expectFitMatches, recordingContext, values } from './testing';

const spec = (over: Partial<MediationSpecInput> = {}) =>
  mediationSpec.parse({ model: 'mediation', data: 'base_did.csv', outcome: 'y', treatment: 'tp', mediator: 'x1', fixed_effects: ['id', 'period'], cluster: ['id'], ...over });

describe('mediation on base_did (fixest fixtures)', async () => {
  const frame = await baseDid();
  const r = runMediation(frame, spec());

  it('step 3 is the fixture twfe_cluster_id regression (y ~ x1 + treat:post | id + period, cluster id)', () => {
    expect(mediationResult.safeParse(r).success).toBe(true);
    const exp = referenceCase('base_did.json', 'twfe_cluster_id').expected;
    expectFitMatches(r.steps[2].fit, exp, { 'treat:post': 'tp' }, 1e-8, 'step 3');
    expect(r.paths.b.estimate).toBe(r.steps[2].fit.coefficients.x1.estimate);
    expect(r.paths.c_prime.estimate).toBe(r.steps[2].fit.coefficients.tp.estimate);
  });

  it('steps 1 and 2 are the feols regressions of y and of the mediator on the treatment', () => {
    for (const [k, formula] of [[0, 'y ~ tp | id + period'], [1, 'x1 ~ tp | id + period']] as const) {
      const f = runFeols(frame, { model: 'feols', data: 'x', formula, vcov: { cluster: ['id'] } });
      expect(r.steps[k].fit.coefficients).toEqual(f.coefficients);
      expect(r.steps[k].fit.vcov).toEqual(f.vcov);
    }
    expect(r.paths.c.estimate).toBe(r.steps[0].fit.coefficients.tp.estimate);
    expect(r.paths.a.estimate).toBe(r.steps[1].fit.coefficients.tp.estimate);
  });

  it('indirect effect a·b equals c − c′ (same sample, regressors and fixed effects)', () => {
    const { a, b, c, c_prime } = r.paths;
    expect(r.indirect).toBe((a.estimate as number) * (b.estimate as number));
    expect(Math.abs((c.estimate as number) - (c_prime.estimate as number) - r.indirect)).toBeLessThan(1e-9 * Math.abs(c.estimate as number));
  });

  it("uses the spec's confidence level in every interval", () => {
    const r90 = runMediation(frame, spec({ level: 0.9 }));
    const half = (x: { conf_low?: number | null; conf_high?: number | null }) => ((x.conf_high as number) - (x.conf_low as number)) / 2;
    expect(r90.steps[0].fit.level).toBe(0.9);
    expect(half(r90.sobel[0]) / (r90.sobel[0].se as number)).toBeCloseTo(1.6448536269514722, 12);
    expect(half(r90.paths.a)).toBeLessThan(half(r.paths.a));
  });

  it('builds one table of the three steps: treatment and mediator first', () => {
    expect(r.table.columns).toEqual([{ step: 1, depvar: 'y' }, { step: 2, depvar: 'x1' }, { step: 3, depvar: 'y' }]);
    expect(r.table.rows.map((x) => x.term)).toEqual(['tp', 'x1']);
    expect(r.table.rows[1].cells[0]).toBeNull();
    expect(r.table.rows[1].cells[2]).toEqual(r.steps[2].fit.coefficients.x1);
    expect(r.two_step).toEqual({ policy_outcome: r.paths.c, policy_mechanism: r.paths.a });
  });

  it('is the same with the controls of the spec in every equation', () => {
    const withX = withColumn(frame, numericColumn('z', values(frame, 'x1').map((v, i) => Math.sin(i) + 0.1 * v)));
    const rc = runMediation(withX, spec({ controls: ['z'] }));
    for (const s of rc.steps) expect(Object.keys(s.fit.coefficients)).toContain('z');
    expect(rc.table.rows.map((x) => x.term)).toEqual(['tp', 'x1', 'z']);
  });
});

describe('Sobel-type tests', () => {
  it('follow the delta-method formulas', () => {
    const [s, ar, g] = sobelTests({ estimate: 0.4, se: 0.1 }, { estimate: 0.5, se: 0.2 }, ['sobel', 'aroian', 'goodman'], 0.95);
    const first = 0.25 * 0.01 + 0.16 * 0.04;
    expect(s.se).toBeCloseTo(Math.sqrt(first), 15);
    expect(ar.se).toBeCloseTo(Math.sqrt(first + 0.0004), 15);
    expect(g.se).toBeCloseTo(Math.sqrt(first - 0.0004), 15);
    expect(s.stat).toBeCloseTo(0.2 / Math.sqrt(first), 14);
    expect(s.conf_high! - s.estimate!).toBeCloseTo(1.959963984540054 * Math.sqrt(first), 12);
    expect(s.dist).toBe('normal');
  });

  it("report Goodman's test as not available when its variance is not positive", () => {
    const [g] = sobelTests({ estimate: 0.001, se: 0.5 }, { estimate: 0.001, se: 0.5 }, ['goodman'], 0.95);
    expect(g.se).toBeNull();
    expect(g.p).toBeNull();
    expect(g.reason).toMatch(/Goodman/);
  });
});

describe('mediation bootstrap', async () => {
  const frame = await baseDid();
  const boot = (seed: number, draws = 60) => runMediation(frame, spec({ bootstrap: { draws, seed } })).bootstrap;

  it('is reproducible for a seed and differs between seeds', () => {
    const a = boot(7);
    expect(boot(7)).toEqual(a);
    expect(boot(8)?.mean).not.toBe(a?.mean);
    expect(a?.draws_used).toBe(60);
    expect(a?.resampled).toBe('clusters');
    expect(a?.cluster_var).toBe('id');
    expect(a?.n_clusters).toBe(108);
  });

  it('gives percentile and bias-corrected intervals around a·b and a histogram of all draws', () => {
    const r = runMediation(frame, spec({ bootstrap: { draws: 99, seed: 3 } }));
    const b = r.bootstrap!;
    expect(b.percentile.conf_low!).toBeLessThan(b.percentile.conf_high!);
    expect(b.bias_corrected.conf_low!).toBeLessThan(b.bias_corrected.conf_high!);
    expect(b.bias_corrected.z0).not.toBeNull();
    expect(b.histogram.counts.reduce((s, c) => s + c, 0)).toBe(99);
    // The bootstrap SE estimates the sampling SD of a·b, as Sobel's delta method does.
    expect(b.se / (r.sobel[0].se as number)).toBeGreaterThan(0.5);
    expect(b.se / (r.sobel[0].se as number)).toBeLessThan(2);
  });

  it('resamples observations when the variance is not clustered', () => {
    const r = runMediation(frame, spec({ fixed_effects: [], cluster: [], vcov: 'hetero', bootstrap: { draws: 30, seed: 1 } }));
    expect(r.bootstrap?.resampled).toBe('observations');
    expect(r.bootstrap?.cluster_var).toBeNull();
    expect(r.vcov_type).toBe('Heteroskedasticity-robust');
  });

  it('uses the first fixed effect as cluster when the spec leaves the variance to fixest', () => {
    const r = runMediation(frame, spec({ cluster: undefined, bootstrap: { draws: 20, seed: 1 } }));
    expect(r.vcov_type).toBe('Clustered (id)');
    expect(r.bootstrap?.cluster_var).toBe('id');
  });

  it('reports progress up to 1 and stops when cancelled', () => {
    const ctx = recordingContext();
    runMediation(frame, spec({ bootstrap: { draws: 20, seed: 1 } }), ctx);
    expect(ctx.fractions.at(-1)).toBe(1);
    for (let i = 1; i < ctx.fractions.length; i++) expect(ctx.fractions[i]).toBeGreaterThanOrEqual(ctx.fractions[i - 1] - 1e-12);
    expect(() => runMediation(frame, spec({ bootstrap: { draws: 1000, seed: 1 } }), recordingContext(ctx.checks + 5))).toThrow(CancelledError);
  });
});

describe('mediation input checks', async () => {
  const frame = await baseDid();

  it('drops rows missing the mediator from every equation', () => {
    const x1 = Float64Array.from(values(frame, 'x1'));
    x1[0] = Number.NaN;
    x1[5] = Number.NaN;
    const r = runMediation(withColumn(frame, numericColumn('x1', x1)), spec());
    expect(r.nobs).toBe(1078);
    expect(r.obs_removed).toBe(2);
    expect(r.steps.map((s) => s.fit.nobs)).toEqual([1078, 1078, 1078]);
    expect(r.notes[0]).toMatch(/2 rows .* dropped from all three equations .*x1: 2/);
  });

  it('refuses text columns, a column in two roles, and a mediator absorbed by the fixed effects', () => {
    const text = withColumn(frame, stringColumn('m_text', Array.from({ length: frame.nrow }, (_, i) => (i % 2 ? 'a' : 'b'))));
    expect(() => runMediation(text, spec({ mediator: 'm_text' }))).toThrow(/holds text/);
    expect(() => runMediation(frame, spec({ mediator: 'tp' }))).toThrow(/both the treatment and the mediator/);
    expect(() => runMediation(frame, spec({ controls: ['x1'] }))).toThrow(/cannot also be a control/);
    expect(() => runMediation(frame, spec({ mediator: 'treat' }))).toThrow(UserError);
    expect(() => runMediation(frame, spec({ mediator: 'treat' }))).toThrow(/mediator "treat" could not be estimated.*absorbed by the fixed effects/);
    expect(() => runMediation(frame, spec({ mediator: 'nope' }))).toThrow(/mediator column "nope" is not in the data/);
  });

  it('notes failed bootstrap draws, and refuses the bootstrap when most fail', () => {
    // 4 units × 10 periods: unit 1 treated from period 6; the mediator varies in unit 2 only. A
    // resample without unit 1 has no treatment variation, one without unit 2 none in the mediator.
    const n = 40;
    const unit = Float64Array.from({ length: n }, (_, i) => 1 + Math.floor(i / 10));
    const period = Float64Array.from({ length: n }, (_, i) => 1 + (i % 10));
    const d = unit.map((u, i) => (u === 1 && period[i] > 5 ? 1 : 0));
    const m = unit.map((u, i) => (u === 2 ? Math.cos(i * 1.7) : 0));
    const y = d.map((v, i) => v + m[i] + Math.sin(i * 2.3));
    const small: Frame = { nrow: n, columns: [numericColumn('u', unit), numericColumn('t', period), numericColumn('d', d), numericColumn('m', m), numericColumn('y', y)] };
    const s = (draws: number) => spec({ outcome: 'y', treatment: 'd', mediator: 'm', fixed_effects: ['u', 't'], cluster: ['u'], bootstrap: { draws, seed: 5 } });
    expect(() => runMediation(small, s(200))).toThrow(/bootstrap draws the treatment or the mediator had no variation/);
    const dropped = runMediation(filterRows(frame, Uint8Array.from(values(frame, 'id'), (id) => (id <= 3 || id >= 100 ? 1 : 0))), spec({ bootstrap: { draws: 200, seed: 2 } }));
    expect(dropped.bootstrap?.failed).toBeGreaterThan(0);
    expect(dropped.bootstrap?.draws_used).toBe(200 - (dropped.bootstrap?.failed ?? 0));
    expect(dropped.notes.join(' ')).toMatch(/bootstrap draws were dropped/);
  });
});

describe('mediation on the demo survey recovers the true paths', () => {
  const survey = generateSurvey();
  const r = runMediation(
    survey,
    // The demo's worked example with fewer draws (the demo runs 500).
    mediationSpec.parse({ ...SURVEY_SPECS.mediation, bootstrap: { draws: 40, seed: 11 } }),
  );
  const inside = (ci: { conf_low?: number | null; conf_high?: number | null }, truth: number): boolean => (ci.conf_low as number) < truth && truth < (ci.conf_high as number);

  it('a, b, c and c′ cover their true values', () => {
    expect(inside(r.paths.a, SURVEY_TRUTH.a)).toBe(true);
    expect(inside(r.paths.b, SURVEY_TRUTH.b)).toBe(true);
    expect(inside(r.paths.c, SURVEY_TRUTH.total)).toBe(true);
    expect(inside(r.paths.c_prime, SURVEY_TRUTH.direct)).toBe(true);
  });

  it('the Sobel and bootstrap intervals of a·b cover 0.2, and the stepwise reading is partial mediation', () => {
    expect(inside(r.sobel[0], SURVEY_TRUTH.indirect)).toBe(true);
    expect(inside(r.bootstrap!.percentile, SURVEY_TRUTH.indirect)).toBe(true);
    expect(r.stepwise.conclusion).toBe('partial');
    expect(Math.abs((r.share_mediated.estimate as number) - SURVEY_TRUTH.shareMediated)).toBeLessThan(0.1);
  });
});

describe('stepwise reading', async () => {
  const frame: Frame = await baseDid();
  it('is "none" when the mediator is unrelated to the treatment', () => {
    const noise = Float64Array.from({ length: frame.nrow }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const r = runMediation(withColumn(frame, numericColumn('noise', noise)), spec({ mediator: 'noise' }));
    expect(r.stepwise.a_significant).toBe(false);
    expect(r.stepwise.basis).toBe('sobel');
    expect(r.stepwise.conclusion).toBe('none');
  });
});
