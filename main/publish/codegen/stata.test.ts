import { describe, expect, it } from 'vitest';
import { attGtSpec } from '../../../shared/specs/att-gt';
import { didSpec } from '../../../shared/specs/did';
import { didImputationSpec } from '../../../shared/specs/did-imputation';
import { rdrobustSpec } from '../../../shared/specs/rdrobust';
import { generateStata, stataName } from './stata';

const call = (spec: unknown): string[] => generateStata(spec).call.split('\n');
const script = (spec: unknown): string[] => generateStata(spec).script.trimEnd().split('\n');

describe('Stata code', () => {
  it('names columns as import delimited does (strtoname)', () => {
    expect(stataName('first.treat')).toBe('first_treat');
    expect(stataName('2nd wave')).toBe('_2nd_wave');
    expect(stataName('收入')).toBe('收入');
    expect(stataName('a'.repeat(40))).toHaveLength(32);
  });

  it('translates fixest formulas to reghdfe / regress with factor-variable notation and vce', () => {
    expect(call({ model: 'feols', data: 'b.csv', formula: 'y ~ x1 + treat:post | id + period', vcov: { cluster: ['id'] } })).toEqual(['reghdfe y x1 c.treat#c.post, absorb(id period) vce(cluster id)']);
    expect(call({ model: 'feols', data: 'b.csv', formula: 'y ~ x1 + treat * post', vcov: 'iid' })).toEqual(['regress y x1 c.treat##c.post']);
    expect(call({ model: 'feols', data: 'b.csv', formula: 'y ~ x1 + treat * post', vcov: { cluster: ['id', 'period'] } })).toEqual(['reghdfe y x1 c.treat##c.post, noabsorb vce(cluster id period)']);
    expect(call({ model: 'feols', data: 'b.csv', formula: 'y ~ x1 + i(period, treat, ref = 5) | id', vcov: 'hetero' })).toEqual(['reghdfe y x1 ib5.period#c.treat, absorb(id) vce(robust)']);
    expect(call({ model: 'feols', data: 't.csv', formula: 'y ~ d | o^p + yr', vcov: { cluster: ['o'] } })).toEqual(['reghdfe y d, absorb(o#p yr) vce(cluster o)']);
    expect(call({ model: 'feols', data: 'c.csv', formula: 'lwage ~ exper + black | 0 | educ ~ nearc4', vcov: 'iid' })).toEqual(['ivregress 2sls lwage exper black (educ = nearc4), small']);
    expect(call({ model: 'feols', data: 'c.csv', formula: 'lwage ~ exper | id | educ ~ nearc4', vcov: { cluster: ['id'] } })).toEqual(['ivreghdfe lwage exper (educ = nearc4), absorb(id) vce(cluster id)']);
  });

  it('notes terms Stata factor variables cannot express and refuses the Sun-Abraham estimator', () => {
    const g = generateStata({ model: 'feols', data: 'm.csv', formula: 'lemp ~ i(rel_time, ref = -1) | countyreal + year', vcov: { cluster: ['countyreal'] } });
    expect(g.notes.join(' ')).toMatch(/non-negative integers only/);
    expect(() => generateStata({ model: 'feols', data: 'm.csv', formula: 'lemp ~ sunab(first.treat, year) | countyreal + year' })).toThrow(/eventstudyinteract/);
  });

  it('runs csdid with the design options and the estat aggregation', () => {
    const base = { model: 'att_gt', data: 'mpdta.csv', yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat' };
    expect(call(attGtSpec.parse(base))).toEqual(['csdid lemp, ivar(countyreal) time(year) gvar(first_treat)']);
    expect(call(attGtSpec.parse({ ...base, xformla: '~ lpop', est_method: 'ipw', control_group: 'notyettreated', base_period: 'universal', aggte: 'dynamic' }))).toEqual([
      'csdid lemp lpop, ivar(countyreal) time(year) gvar(first_treat) notyet method(stdipw) long2',
      'estat event',
    ]);
  });

  it('codes never-treated units as missing for did_imputation', () => {
    const s = script(didImputationSpec.parse({ model: 'did_imputation', data: 'mpdta.csv', yname: 'lemp', gname: 'first.treat', tname: 'year', idname: 'countyreal', horizon: [0, 1, 2], pretrends: [-3, -1] }));
    expect(s.slice(-2)).toEqual(['gen first_treat_bjs = cond(first_treat == 0, ., first_treat)', 'did_imputation lemp countyreal year first_treat_bjs, horizons(0 1 2) pretrends(3) autosample']);
  });

  it('writes rdrobust options, clustered vce and covariates', () => {
    expect(call(rdrobustSpec.parse({ model: 'rdrobust', data: 's.csv', y: 'vote', x: 'margin', p: 2, kernel: 'uni', h: [5, 10], covs: ['class', 'termshouse'], cluster: 'state', vce: 'cr1' }))).toEqual([
      'rdrobust vote margin, p(2) h(5 10) covs(class termshouse) kernel(uniform) vce(cluster state)',
    ]);
    expect(call({ model: 'rddensity', data: 's.csv', x: 'margin', h: 10 })).toEqual(['rddensity margin, h(10)']);
  });

  it('turns the DID builder into reghdfe with an event study on shifted event time', () => {
    const s = generateStata(didSpec.parse({ model: 'did', data: 'mpdta.csv', outcome: 'lemp', treatment: { kind: 'first_treat', column: 'first.treat' }, unit: 'countyreal', time: 'year', event_study: { leads: 4, lags: 3 } }));
    expect(s.script).toContain('gen byte treat_post = (first_treat > 0 & !missing(first_treat)) & year >= first_treat');
    expect(s.script).toContain('gen es_period = cond(missing(rel_time), 3, rel_time + 4)');
    expect(s.call.split('\n')).toEqual(['reghdfe lemp treat_post, absorb(countyreal year) vce(cluster countyreal)', 'reghdfe lemp ib3.es_period, absorb(countyreal year) vce(cluster countyreal)']);
  });

  it('matches on a caliper in score units as MatchIt does in SD units', () => {
    const s = script({ model: 'matchit', data: 'lalonde.csv', levels: { race: ['black', 'hispan', 'white'] }, formula: 'treat ~ age + race', caliper: 0.1, outcome: 're78' });
    expect(s).toContain('logit treat age i.race');
    expect(s).toContain('local cal = 0.1 * r(sd)');
    expect(s).toContain("psmatch2 treat, pscore(ps) outcome(re78) neighbor(1) noreplacement descending caliper(`cal')");
  });

  it('writes psmatch2 kernel and radius matching with the spec kernel and bandwidth', () => {
    const base = { model: 'matchit', data: 'l.csv', formula: 'treat ~ age', outcome: 're78' };
    expect(call({ ...base, method: 'kernel', kernel: 'gaussian', bandwidth: 0.1 })).toEqual(['psmatch2 treat, pscore(ps) outcome(re78) kernel kerneltype(normal) bwidth(0.1)']);
    expect(call({ ...base, method: 'radius', caliper: 0.02, std_caliper: false, distance: 'probit' })).toEqual(['psmatch2 treat, pscore(ps) outcome(re78) radius caliper(0.02)']);
    expect(script({ ...base, distance: 'probit' })).toContain('probit treat age');
  });

  it('reads the file type, keeps a row filter and says which packages to install', () => {
    const s = script({ model: 'glm', data: 'x.dta', formula: 'y ~ a + I(a^2)', link: 'probit', vcov: 'HC1', subset: 'year >= 2000' });
    expect(s[0]).toBe('use "x.dta", clear');
    expect(s).toContain('keep if year >= 2000');
    expect(s).toContain('probit y a c.a#c.a, vce(robust)');
    expect(generateStata({ model: 'bacon', data: 'm.csv', formula: 'lemp ~ treat_post', id_var: 'countyreal', time_var: 'year' }).script).toMatch(/^\* Needs: ssc install bacondecomp\n/);
    expect(() => generateStata({ model: 'placebo', data: 'x.csv' })).toThrow(/No Stata code is generated for placebo/);
  });
});
