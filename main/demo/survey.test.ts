import { describe, expect, it } from 'vitest';
import type { Frame } from '../engine/frame';
import { values } from '../engine/mech/testing';
import { getColumn } from '../engine/frame';
import { applyStep } from '../data/recipe';
import { runIndex } from '../engine/index/index';
import { runFeols } from '../engine/feols';
import { mediationSpec } from '../../shared/specs/mediation';
import { moderationSpec } from '../../shared/specs/moderation';
import { heterogeneitySpec } from '../../shared/specs/heterogeneity';
import { indexSpec } from '../../shared/specs/composite-index';
import { generateDemoPanel, N_CITIES, POLICY_YEAR } from './generate';
import { generateSurvey, RESPONDENTS_PER_CITY, SURVEY_SPECS, SURVEY_TRUTH, SURVEY_WAVES, URBAN_PER_CITY } from './survey';

function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('demo survey', () => {
  const frame = generateSurvey();

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSurvey()).toEqual(frame);
    expect(getColumn(generateSurvey(1), 'participation')).not.toEqual(getColumn(frame, 'participation'));
  });

  it('follows every respondent of the demo cities over four waves, 60% urban in each city', () => {
    expect(frame.nrow).toBe(N_CITIES * RESPONDENTS_PER_CITY * SURVEY_WAVES.length);
    const id = values(frame, 'resp_id');
    const year = values(frame, 'year');
    const keys = new Set<string>();
    for (let i = 0; i < frame.nrow; i++) keys.add(`${id[i]}:${year[i]}`);
    expect(keys.size).toBe(frame.nrow);
    expect(new Set(id).size).toBe(N_CITIES * RESPONDENTS_PER_CITY);
    const urban = values(frame, 'urban');
    const city = values(frame, 'city_id');
    const urbanByCity = new Map<number, number>();
    for (let i = 0; i < frame.nrow; i++) if (urban[i] === 1 && year[i] === SURVEY_WAVES[0]) urbanByCity.set(city[i], (urbanByCity.get(city[i]) ?? 0) + 1);
    expect(new Set(urbanByCity.values())).toEqual(new Set([URBAN_PER_CITY]));
    const u = getColumn(frame, 'urban');
    expect(u.valueLabels).toEqual({ '1': '城镇', '2': '农村' });
  });

  it('uses the pilot list and policy year of the demo city panel', () => {
    const panel = generateDemoPanel();
    const pilotOf = new Map<number, number>();
    const pc = values(panel, 'city_id');
    const pp = values(panel, 'pilot');
    for (let i = 0; i < panel.nrow; i++) pilotOf.set(pc[i], pp[i]);
    const city = values(frame, 'city_id');
    const pilot = values(frame, 'pilot');
    const year = values(frame, 'year');
    const tp = values(frame, 'treat_post');
    let wrong = 0;
    for (let i = 0; i < frame.nrow; i++) if (pilot[i] !== pilotOf.get(city[i]) || tp[i] !== (pilot[i] === 1 && year[i] >= POLICY_YEAR ? 1 : 0)) wrong++;
    expect(wrong).toBe(0);
  });

  it('has worked-example specs that every builder accepts', () => {
    expect(mediationSpec.safeParse(SURVEY_SPECS.mediation).success).toBe(true);
    expect(moderationSpec.safeParse(SURVEY_SPECS.moderation).success).toBe(true);
    expect(heterogeneitySpec.safeParse(SURVEY_SPECS.heterogeneity).success).toBe(true);
    expect(indexSpec.safeParse(SURVEY_SPECS.index).success).toBe(true);
  });

  it('the treatment → mechanism regression (the two-step report) recovers a = 0.4', () => {
    const r = runFeols(frame, { model: 'feols', data: 'x', formula: 'internet ~ treat_post + age + edu + urban | city_id + year', vcov: { cluster: ['city_id'] } });
    const a = r.coefficients.treat_post;
    expect(a.conf_low!).toBeLessThan(SURVEY_TRUTH.a);
    expect(a.conf_high!).toBeGreaterThan(SURVEY_TRUTH.a);
  });

  describe('participation index (the index builder)', () => {
    const r = runIndex(frame, indexSpec.parse(SURVEY_SPECS.index));
    const participation = values(frame, 'participation');

    it('tracks participation, with the negative item reversed', () => {
      expect(r.nobs).toBe(frame.nrow);
      expect(correlation(r.values as number[], participation)).toBeGreaterThan(0.9);
      expect(r.pca!.components_used).toBe(1);
      const apathy = r.weights.find((w) => w.indicator === 'pa_apathy')!;
      expect(apathy.direction).toBe('negative');
      expect(apathy.weight).toBeGreaterThan(0);
    });

    it('recreates the same column from its recipe steps', async () => {
      let f = frame;
      for (const step of r.recipe_steps) f = (await applyStep(f, step)).frame;
      const again = values(f, 'participation_index');
      const gap = r.values.reduce((m: number, v, i) => Math.max(m, Math.abs(again[i] - (v as number))), 0);
      expect(gap).toBeLessThan(1e-12);
    });

    it('as an outcome, shows the policy effect on participation', () => {
      const entropy = runIndex(frame, indexSpec.parse({ ...SURVEY_SPECS.index, method: 'entropy', by: 'year' }));
      const values = Float64Array.from(entropy.values, (v) => v as number);
      const f: Frame = { nrow: frame.nrow, columns: [...frame.columns, { type: 'number', name: 'pidx', values }] };
      const fit = runFeols(f, { model: 'feols', data: 'x', formula: 'pidx ~ treat_post + age + edu + urban | city_id + year', vcov: { cluster: ['city_id'] } });
      expect(fit.coefficients.treat_post.estimate!).toBeGreaterThan(0);
      expect(fit.coefficients.treat_post.p!).toBeLessThan(0.001);
    });
  });
});
