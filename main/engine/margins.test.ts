import { describe, expect, it } from 'vitest';
import { runGlm } from './glm';
import { silentContext } from './context';
import { getColumn, setLevelOrder, withColumn, type Frame, type NumericColumn, type StringColumn } from './frame';
import { logisticCdf, logisticPdf, normalCdf, normalPdf } from './dist';
import { glmSpec, type GlmResult, type GlmSpecInput } from '../../shared/specs/glm';
import { expectClose, loadData } from '../testing/fixtures';

function run(frame: Frame, spec: Omit<GlmSpecInput, 'model' | 'data' | 'ame'>): GlmResult {
  return runGlm(frame, glmSpec.parse({ model: 'glm', data: 'test', ame: true, ...spec }), silentContext);
}

const num = (f: Frame, c: string): Float64Array => (getColumn(f, c) as NumericColumn).values;

/** Delta-method SE of a scalar function of beta, by central differences on beta. */
function deltaSe(fn: (b: Record<string, number>) => number, r: GlmResult): number {
  const terms = Object.keys(r.coefficients);
  const b0 = Object.fromEntries(terms.map((t) => [t, r.coefficients[t].estimate as number]));
  const grad = terms.map((t) => {
    const h = 1e-6 * Math.max(1e-3, Math.abs(b0[t]));
    return (fn({ ...b0, [t]: b0[t] + h }) - fn({ ...b0, [t]: b0[t] - h })) / (2 * h);
  });
  let v = 0;
  terms.forEach((a, i) => terms.forEach((c, j) => (v += grad[i] * r.vcov[a][c] * grad[j])));
  return Math.sqrt(v);
}

describe('average marginal effects', () => {
  it('probit on mroz: slopes through I(exper^2) by the chain rule, SEs by the delta method', async () => {
    const f = await loadData('mroz.csv');
    const r = run(f, { family: 'probit', formula: 'inlf ~ nwifeinc + educ + exper + I(exper^2) + age + kidslt6 + kidsge6' });
    const vars = ['nwifeinc', 'educ', 'exper', 'age', 'kidslt6', 'kidsge6'];
    const cols = Object.fromEntries(vars.map((v) => [v, num(f, v)]));
    const eta = (b: Record<string, number>, i: number): number =>
      b['(Intercept)'] + vars.reduce((s, v) => s + b[v] * cols[v][i], 0) + b['I(exper^2)'] * cols.exper[i] * cols.exper[i];
    // dP/dv = phi(eta) * d eta/dv, with d eta/d exper = b_exper + 2 b_exper2 exper.
    const ame = (v: string) => (b: Record<string, number>): number => {
      let s = 0;
      for (let i = 0; i < f.nrow; i++) s += normalPdf(eta(b, i)) * (v === 'exper' ? b.exper + 2 * b['I(exper^2)'] * cols.exper[i] : b[v]);
      return s / f.nrow;
    };
    const b0 = Object.fromEntries(Object.entries(r.coefficients).map(([t, c]) => [t, c.estimate as number]));
    expect(Object.keys(r.ame ?? {})).toEqual(vars);
    for (const v of vars) {
      const got = r.ame?.[v];
      expectClose(got?.estimate, ame(v)(b0), 1e-8, `${v} AME`);
      expectClose(got?.se, deltaSe(ame(v), r), 1e-6, `${v} AME se`);
    }
    // Wooldridge (Introductory Econometrics, Example 17.2) reports these probit APEs rounded.
    expect(r.ame?.kidslt6.estimate).toBeCloseTo(-0.261, 3);
    expect(r.ame?.educ.estimate).toBeCloseTo(0.039, 3);
  });

  it('logit on lalonde: a text factor gives discrete contrasts against its reference level', async () => {
    const raw = await loadData('lalonde.csv');
    const f = withColumn(raw, setLevelOrder(getColumn(raw, 'race') as StringColumn, ['black', 'hispan', 'white']).column);
    const r = run(f, { family: 'logit', formula: 'treat ~ age + race + re74' });
    const age = num(f, 'age');
    const re74 = num(f, 're74');
    const contrast = (level: 'racehispan' | 'racewhite') => (b: Record<string, number>): number => {
      let s = 0;
      for (let i = 0; i < f.nrow; i++) {
        const base = b['(Intercept)'] + b.age * age[i] + b.re74 * re74[i];
        s += logisticCdf(base + b[level]) - logisticCdf(base);
      }
      return s / f.nrow;
    };
    const b0 = Object.fromEntries(Object.entries(r.coefficients).map(([t, c]) => [t, c.estimate as number]));
    expect(Object.keys(r.ame ?? {})).toEqual(['age', 'racehispan', 'racewhite', 're74']);
    for (const level of ['racehispan', 'racewhite'] as const) {
      expectClose(r.ame?.[level].estimate, contrast(level)(b0), 1e-12, `${level} AME`);
      expectClose(r.ame?.[level].se, deltaSe(contrast(level), r), 1e-6, `${level} AME se`);
    }
    // A plain slope: mean logistic density times the coefficient.
    let m = 0;
    const race = getColumn(f, 'race') as StringColumn;
    for (let i = 0; i < f.nrow; i++) {
      const lv = race.levels[race.codes[i]];
      const e = b0['(Intercept)'] + b0.age * age[i] + b0.re74 * re74[i] + (lv === 'hispan' ? b0.racehispan : lv === 'white' ? b0.racewhite : 0);
      m += logisticPdf(e);
    }
    expectClose(r.ame?.age.estimate, (m / f.nrow) * b0.age, 1e-8, 'age AME');
  });

  it('averages with the prior weights', async () => {
    const f = await loadData('mroz.csv');
    const r = run(f, { family: 'logit', formula: 'inlf ~ educ + kidslt6', weights: 'kidsge6' });
    const educ = num(f, 'educ');
    const kids = num(f, 'kidslt6');
    const w = num(f, 'kidsge6');
    let s = 0;
    let sw = 0;
    for (let i = 0; i < f.nrow; i++) {
      if (!(w[i] > 0)) continue;
      const e = r.coefficients['(Intercept)'].estimate as number;
      const eta = e + (r.coefficients.educ.estimate as number) * educ[i] + (r.coefficients.kidslt6.estimate as number) * kids[i];
      s += w[i] * logisticPdf(eta);
      sw += w[i];
    }
    expectClose(r.ame?.educ.estimate, (s / sw) * (r.coefficients.educ.estimate as number), 1e-8, 'weighted AME');
  });

  it('a numeric variable inside factor() is treated as categorical', async () => {
    const f = await loadData('mroz.csv');
    const r = run(f, { family: 'probit', formula: 'inlf ~ educ + factor(kidslt6)' });
    const educ = num(f, 'educ');
    const b = Object.fromEntries(Object.entries(r.coefficients).map(([t, c]) => [t, c.estimate as number]));
    let s = 0;
    for (let i = 0; i < f.nrow; i++) {
      const base = b['(Intercept)'] + b.educ * educ[i];
      s += normalCdf(base + b['factor(kidslt6)1']) - normalCdf(base);
    }
    expectClose(r.ame?.['factor(kidslt6)1'].estimate, s / f.nrow, 1e-12, 'contrast');
    expect(r.ame).not.toHaveProperty('kidslt6');
  });
});
