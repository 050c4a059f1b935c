import { describe, expect, it } from 'vitest';
import { attGtSpec } from '../../../shared/specs/att-gt';
import { baconSpec } from '../../../shared/specs/bacon';
import { didCompareSpec } from '../../../shared/specs/did-compare';
import { didSpec } from '../../../shared/specs/did';
import { didImputationSpec } from '../../../shared/specs/did-imputation';
import { feolsSpec } from '../../../shared/specs/feols';
import { glmSpec } from '../../../shared/specs/glm';
import { matchitSpec } from '../../../shared/specs/matchit';
import { polrSpec } from '../../../shared/specs/polr';
import { rddensitySpec } from '../../../shared/specs/rddensity';
import { rdbwselectSpec } from '../../../shared/specs/rdbwselect';
import { rdrobustSpec } from '../../../shared/specs/rdrobust';
import { loadReference, referenceCase } from '../../testing/fixtures';
import type { ReferenceCase } from '../../testing/fixtures';
import { dataNameFor } from './common';
import { normalizeR } from './normalize';
import { generateR, rString } from './r';
import { generateStata } from './stata';

/** The name each fixture file's data_prep gives its data frame (the r_calls use it). */
function fixtureDataNames(file: string): string[] {
  const prep = loadReference(file).data_prep;
  return [...prep.matchAll(/(?:^|;\s*)([A-Za-z.][A-Za-z0-9._]*)\s*<-\s*read\.csv/g)].map((m) => m[1]);
}

const feols = (data: string, formula: string, vcov: unknown, extra: Record<string, unknown> = {}) => feolsSpec.parse({ model: 'feols', data, formula, vcov, ...extra });
/** R's default stopping rule (epsilon = 1e-8) unless `exact`: Causeway's exact MLE, R's *_tight fits. */
const glm = (data: string, formula: string, family: string, vcov = 'iid', exact = false) =>
  glmSpec.parse({ model: 'glm', data, formula, family, vcov, ...(exact ? {} : { epsilon: 1e-8 }) });
const HOUSING_LEVELS = { Sat: ['Low', 'Medium', 'High'], Infl: ['Low', 'Medium', 'High'], Type: ['Tower', 'Apartment', 'Atrium', 'Terrace'], Cont: ['Low', 'High'] };
const polr = (method: string) => polrSpec.parse({ model: 'polr', data: 'housing.csv', levels: HOUSING_LEVELS, formula: 'Sat ~ Infl + Type + Cont', weights: 'Freq', method });
const didimp = (extra: Record<string, unknown>) => didImputationSpec.parse({ model: 'did_imputation', data: 'mpdta.csv', yname: 'lemp', gname: 'first.treat', tname: 'year', idname: 'countyreal', ...extra });
const LALONDE_PS = 'treat ~ age + educ + race + married + nodegree + re74 + re75';
const MROZ = 'inlf ~ nwifeinc + educ + exper + I(exper^2) + age + kidslt6 + kidsge6';
const matchit = (extra: Record<string, unknown>) => matchitSpec.parse({ model: 'matchit', data: 'lalonde.csv', levels: { race: ['black', 'hispan', 'white'] }, formula: LALONDE_PS, ...extra });
const senate = (extra: Record<string, unknown>) => rdrobustSpec.parse({ model: 'rdrobust', data: 'rdrobust_senate.csv', y: 'vote', x: 'margin', ...extra });

/** did's designs in mpdta.json, each with its att_gt case and its four aggregations. */
const CS_DESIGNS: Record<string, Record<string, unknown>> = {
  cs_never: { control_group: 'nevertreated' },
  cs_notyet: { control_group: 'notyettreated' },
  cs_never_lpop_dr: { xformla: '~ lpop', est_method: 'dr' },
  cs_never_lpop_ipw: { xformla: '~lpop', est_method: 'ipw' },
  cs_never_lpop_reg: { xformla: '~lpop', est_method: 'reg' },
};
const csCases: Record<string, unknown> = {};
for (const [design, extra] of Object.entries(CS_DESIGNS)) {
  const base = { model: 'att_gt', data: 'mpdta.csv', yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat', ...extra };
  csCases[`mpdta.json:${design}_att_gt`] = attGtSpec.parse(base);
  for (const type of ['simple', 'dynamic', 'group', 'calendar']) csCases[`mpdta.json:${design}_aggte_${type}`] = attGtSpec.parse({ ...base, aggte: type });
}

/** Fixture case → the Causeway spec of the same analysis. */
const SPECS: Record<string, unknown> = {
  'base_did.json:twfe_iid': feols('base_did.csv', 'y ~ x1 + treat:post | id + period', 'iid'),
  'base_did.json:twfe_hetero': feols('base_did.csv', 'y ~ x1 + treat:post | id + period', 'hetero'),
  'base_did.json:twfe_cluster_id': feols('base_did.csv', 'y ~ x1 + treat:post | id + period', { cluster: ['id'] }),
  'base_did.json:event_study_cluster_id': feols('base_did.csv', 'y ~ x1 + i(period, treat, 5) | id + period', { cluster: ['id'] }),
  'base_did.json:ols_iid': feols('base_did.csv', 'y ~ x1 + treat * post', 'iid'),
  'base_did.json:ols_hetero': feols('base_did.csv', 'y ~ x1 + treat * post', 'HC1'),
  'base_did.json:ols_twoway_cluster': feols('base_did.csv', 'y ~ x1 + treat * post', { cluster: ['id', 'period'] }),
  'iv_card.json:iv_nearc4_iid': feols('card.csv', 'lwage ~ exper + expersq + black + south + smsa | 0 | educ ~ nearc4', 'iid'),
  'iv_card.json:iv_nearc4_hetero': feols('card.csv', 'lwage ~ exper + expersq + black + south + smsa | 0 | educ ~ nearc4', 'hetero'),
  'lalonde.json:pscore_logit': glm('lalonde.csv', LALONDE_PS, 'logit'),
  'lalonde.json:pscore_logit_tight': glm('lalonde.csv', LALONDE_PS, 'logit', 'iid', true),
  'lalonde.json:pscore_probit': glm('lalonde.csv', LALONDE_PS, 'probit'),
  'lalonde.json:pscore_probit_tight': glm('lalonde.csv', LALONDE_PS, 'probit', 'iid', true),
  'lalonde.json:matchit451_nearest': matchit({}),
  'lalonde.json:matchit451_nearest_replace_caliper': matchit({ replace: true, caliper: 0.1 }),
  'lalonde.json:matchit451_att_nearest_cluster_subclass': matchit({ outcome: 're78' }),
  'lalonde.json:matchit451_att_replace_caliper_hc3': matchit({ replace: true, caliper: 0.1, outcome: 're78', att_vcov: 'HC3' }),
  'lalonde.json:matchit451_att_replace_caliper_cluster_subclass': matchit({ replace: true, caliper: 0.1, outcome: 're78', att_vcov: 'pair' }),
  'lalonde.json:matchit451_att_replace_caliper_cluster_subclass_id': matchit({ replace: true, caliper: 0.1, outcome: 're78' }),
  'mpdta.json:twfe': didSpec.parse({ model: 'did', data: 'mpdta.csv', outcome: 'lemp', treatment: { kind: 'column', column: 'treat_post' }, unit: 'countyreal', time: 'year' }),
  'mpdta.json:twfe_lpop_collinear': feols('mpdta.csv', 'lemp ~ treat_post + lpop | countyreal + year', { cluster: ['countyreal'] }),
  'mpdta.json:event_study_i': feols('mpdta.csv', 'lemp ~ i(rel_time, ref = c(-1, -1000)) | countyreal + year', { cluster: ['countyreal'] }),
  'mpdta.json:sunab_period': feols('mpdta.csv', 'lemp ~ sunab(first.treat, year) | countyreal + year', { cluster: ['countyreal'] }),
  'mpdta.json:sunab_att': feols('mpdta.csv', 'lemp ~ sunab(first.treat, year) | countyreal + year', { cluster: ['countyreal'] }, { agg: 'ATT' }),
  'mpdta.json:sunab_cohort': feols('mpdta.csv', 'lemp ~ sunab(first.treat, year) | countyreal + year', { cluster: ['countyreal'] }, { agg: false }),
  ...csCases,
  'mpdta_extra.json:didimp_static_tight': didimp({}),
  'mpdta_extra.json:didimp_horizon_tight': didimp({ horizon: true }),
  'mpdta_extra.json:didimp_horizon_pretrends_tight': didimp({ horizon: true, pretrends: [-3, -1] }),
  'mpdta_extra.json:bacon': baconSpec.parse({ model: 'bacon', data: 'mpdta.csv', formula: 'lemp ~ treat_post', id_var: 'countyreal', time_var: 'year' }),
  'ordinal_glm.json:polr_logistic_tight': polr('logistic'),
  'ordinal_glm.json:polr_probit_tight': polr('probit'),
  'ordinal_glm.json:mroz_logit_classic': glm('mroz.csv', MROZ, 'logit'),
  'ordinal_glm.json:mroz_logit_classic_tight': glm('mroz.csv', MROZ, 'logit', 'iid', true),
  'ordinal_glm.json:mroz_logit_hc1': glm('mroz.csv', MROZ, 'logit', 'HC1'),
  'ordinal_glm.json:mroz_logit_hc1_tight': glm('mroz.csv', MROZ, 'logit', 'HC1', true),
  'ordinal_glm.json:mroz_probit_classic': glm('mroz.csv', MROZ, 'probit'),
  'ordinal_glm.json:mroz_probit_classic_tight': glm('mroz.csv', MROZ, 'probit', 'iid', true),
  'ordinal_glm.json:mroz_probit_hc1': glm('mroz.csv', MROZ, 'probit', 'HC1'),
  'ordinal_glm.json:mroz_probit_hc1_tight': glm('mroz.csv', MROZ, 'probit', 'HC1', true),
  'placebo_reference.json:twfe_actual': feols('mpdta.csv', 'lemp ~ treat_post | countyreal + year', { cluster: ['countyreal'] }),
  'rdrobust_senate.json:rdrobust_default': senate({}),
  'rdrobust_senate.json:rdrobust_p2': senate({ p: 2 }),
  'rdrobust_senate.json:rdrobust_uniform': senate({ kernel: 'uniform' }),
  'rdrobust_senate.json:rdrobust_msetwo': senate({ bwselect: 'msetwo' }),
  'rdrobust_senate.json:rdrobust_cerrd': senate({ bwselect: 'cerrd' }),
  'rdrobust_senate.json:rdrobust_h10': senate({ h: 10 }),
  'rdrobust_senate.json:rdrobust_covs': senate({ covs: ['class', 'termshouse', 'termssenate'] }),
  'rdrobust_senate.json:rdrobust_cluster_state': senate({ cluster: 'state', vce: 'cr1' }),
  'rdrobust_senate.json:rdbwselect_all': rdbwselectSpec.parse({ model: 'rdbwselect', data: 'rdrobust_senate.csv', y: 'vote', x: 'margin', all: true }),
  'rdrobust_senate.json:rddensity_default': rddensitySpec.parse({ model: 'rddensity', data: 'rdrobust_senate.csv', x: 'margin' }),
  'rdrobust_senate.json:rddensity_h10': rddensitySpec.parse({ model: 'rddensity', data: 'rdrobust_senate.csv', x: 'margin', h: 10 }),
  'trade.json:fe4_iid': feols('trade.csv', 'log_euros ~ log_dist | Origin + Destination + Product + Year', 'iid'),
  'trade.json:fe4_cluster_origin': feols('trade.csv', 'log_euros ~ log_dist | Origin + Destination + Product + Year', { cluster: ['Origin'] }),
  'trade.json:fe4_twoway_origin_destination': feols('trade.csv', 'log_euros ~ log_dist | Origin + Destination + Product + Year', { cluster: ['Origin', 'Destination'] }),
  'trade.json:fe_interacted_origin_product': feols('trade.csv', 'log_euros ~ log_dist | Origin^Product + Year', { cluster: ['Origin'] }),
};

/**
 * Fixture cases the generator does not reproduce, each with the reason. A new fixture case
 * must be added to SPECS or here, so none is skipped silently.
 */
const NOT_GENERATED: Record<string, string> = {
  'polr_logistic': "R's default optim tolerance stops ~1e-7 short of the exact MLE Causeway computes; the generated code tightens it (polr_*_tight)",
  'polr_probit': 'as polr_logistic',
  'mpdta_extra.json:didimp_static': "fixest's default demeaning tolerance moves the results by up to 1e-7; the generated code tightens it as Causeway solves exactly (didimp_*_tight)",
  'mpdta_extra.json:didimp_horizon': 'as didimp_static',
  'iv_card.json:iv_nearc4_iid_first_stage': 'first stage and IV diagnostics are parts of one IV fit, not separate analyses',
  'iv_card.json:iv_nearc4_iid_ivf': 'IV diagnostic',
  'iv_card.json:iv_nearc4_iid_ivwald': 'IV diagnostic',
  'iv_card.json:iv_nearc4_iid_fitstat_extra': 'IV diagnostic',
  'iv_card.json:iv_nearc4_hetero_first_stage': 'first stage',
  'iv_card.json:iv_nearc4_hetero_ivf': 'IV diagnostic',
  'iv_card.json:iv_nearc4_hetero_ivwald': 'IV diagnostic',
  'iv_card.json:iv_nearc4_hetero_fitstat_extra': 'IV diagnostic',
  'lalonde.json:nearest_documented_rule_': 'spells the matching rule out in base R; the generated code calls MatchIt (>= 4.5.4), which follows that rule',
  'placebo_reference.json:placebo_seed': "the pseudo-treatment draw uses R's sample(); the generated feols on the drawn column is the same as twfe_actual",
  'rdrobust_senate.json:rdplot_default': 'hide = TRUE only stops R drawing the plot (the generated rdplot draws it); numbers are the same',
};

function allCases(): [string, ReferenceCase][] {
  const files = ['base_did.json', 'iv_card.json', 'lalonde.json', 'mpdta.json', 'mpdta_extra.json', 'ordinal_glm.json', 'placebo_reference.json', 'rdrobust_senate.json', 'trade.json'];
  return files.flatMap((f) => loadReference(f).cases.map((c): [string, ReferenceCase] => [`${f}:${c.id}`, c]));
}

describe('R code equals each fixture r_call up to formatting', () => {
  const cases = allCases();

  it('covers every fixture case: generated or listed with a reason', () => {
    const orphans = cases.map(([key]) => key).filter((key) => !(key in SPECS) && !Object.keys(NOT_GENERATED).some((k) => key.includes(k)));
    expect(orphans).toEqual([]);
    expect(Object.keys(SPECS).length).toBeGreaterThanOrEqual(70);
  });

  for (const [key, c] of cases) {
    if (!(key in SPECS)) continue;
    it(key, () => {
      const file = key.split(':')[0];
      const gen = generateR(SPECS[key]);
      const names = [...fixtureDataNames(file), gen.dataName];
      expect(normalizeR(gen.call, names)).toEqual(normalizeR(c.r_call, names));
    });
  }
});

describe('R scripts', () => {
  it('load the data, set factor levels, filter rows and call the package', () => {
    const gen = generateR({ ...feols('data/lalonde.csv', 're78 ~ treat + race', 'HC1'), subset: 'age >= 20', levels: { race: ['black', 'hispan', 'white'] } });
    expect(gen.script.split('\n')).toEqual([
      'library(fixest)',
      'lalonde <- read.csv("data/lalonde.csv")',
      'lalonde$race <- factor(lalonde$race, levels = c("black", "hispan", "white"))',
      'lalonde <- subset(lalonde, age >= 20)',
      'feols(re78 ~ treat + race, data = lalonde, vcov = "hetero")',
      '',
    ]);
  });

  it('read Stata, SPSS and Excel files with haven / readxl', () => {
    expect(generateR(feols('x.dta', 'y ~ x', 'iid')).script).toContain('x <- as.data.frame(haven::read_dta("x.dta"))');
    expect(generateR(feols('x.sav', 'y ~ x', 'iid')).script).toContain('haven::read_sav("x.sav")');
    expect(generateR(feols('x.xlsx', 'y ~ x', 'iid')).script).toContain('readxl::read_excel("x.xlsx")');
  });

  it('builds the DID builder treatment and event time as the engine defines them', () => {
    const spec = didSpec.parse({
      model: 'did',
      data: 'mpdta.csv',
      outcome: 'lemp',
      treatment: { kind: 'first_treat', column: 'first.treat' },
      unit: 'countyreal',
      time: 'year',
      controls: ['lpop'],
      event_study: { leads: 4, lags: 3 },
    });
    const gen = generateR(spec);
    expect(gen.script).toContain('mpdta$treat_post <- as.integer(!is.na(mpdta$first.treat) & mpdta$first.treat > 0 & mpdta$year >= mpdta$first.treat)');
    expect(gen.script).toContain('mpdta$rel_time <- ifelse(!is.na(mpdta$first.treat) & mpdta$first.treat > 0, mpdta$year - mpdta$first.treat, -1000)');
    expect(gen.script).toContain('mpdta$rel_time <- ifelse(mpdta$rel_time == -1000, -1000, pmin(pmax(mpdta$rel_time, -4), 3))');
    expect(gen.call.split('\n')).toEqual([
      'feols(lemp ~ treat_post + lpop | countyreal + year, data = mpdta, cluster = ~countyreal)',
      'feols(lemp ~ i(rel_time, ref = c(-1, -1000)) + lpop | countyreal + year, data = mpdta, cluster = ~countyreal)',
    ]);
    const ids = generateR(didSpec.parse({ model: 'did', data: 'p.csv', outcome: 'y', treatment: { kind: 'ids', ids: [3, 7], policy_time: 2010 }, unit: 'city', time: 'year', cluster: [], vcov: 'hetero', event_study: { endpoints: 'trim' } }));
    expect(ids.script).toContain('p$treat_post <- as.integer(p$city %in% c(3, 7) & p$year >= 2010)');
    expect(ids.script).toContain('p_es <- subset(p, rel_time == -1000 | (rel_time >= -4 & rel_time <= 3))');
    expect(ids.call).toContain('data = p_es, vcov = "hetero")');
  });

  it('applies the DID builder exclusions, winsorizing and unit trends before the fit', () => {
    const gen = generateR(
      didSpec.parse({
        model: 'did',
        data: 'mpdta.csv',
        outcome: 'lemp',
        treatment: { kind: 'column', column: 'treat_post' },
        unit: 'countyreal',
        time: 'year',
        cluster: [],
        exclude: { units: [8001], times: [2003], values: [{ column: 'region', values: ['West'] }] },
        winsorize: { lower: 5, upper: 95, by_time: true },
        unit_trends: true,
      }),
    );
    const lines = gen.script.split('\n');
    expect(lines.slice(2, 7)).toEqual([
      'mpdta <- mpdta[!(mpdta$countyreal %in% 8001), ]',
      'mpdta <- mpdta[!(mpdta$year %in% 2003), ]',
      'mpdta <- mpdta[!(mpdta$region %in% "West"), ]',
      'winsor <- function(x) { q <- quantile(x, c(0.05, 0.95), type = 2, na.rm = TRUE); pmin(pmax(x, q[1]), q[2]) }',
      'mpdta$lemp <- ave(mpdta$lemp, mpdta$year, FUN = winsor)',
    ]);
    expect(gen.call).toBe('feols(lemp ~ treat_post + i(countyreal, year) | countyreal + year, data = mpdta, vcov = "hetero")');
    const st = generateStata(didSpec.parse({ model: 'did', data: 'mpdta.csv', outcome: 'lemp', treatment: { kind: 'column', column: 'treat_post' }, unit: 'countyreal', time: 'year', exclude: { units: [8001] }, winsorize: {}, unit_trends: true }));
    expect(st.script).toContain('drop if inlist(countyreal, 8001)\nwinsor2 lemp, cuts(1 99) replace\n');
    expect(st.call).toBe('reghdfe lemp treat_post, absorb(countyreal year countyreal#c.year) vce(cluster countyreal)');
  });

  it('writes each estimator of the staggered-adoption comparison as the fixtures call it', () => {
    const gen = generateR(didCompareSpec.parse({ model: 'did_compare', data: 'mpdta.csv', yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat', min_e: -3, max_e: 3 }));
    const calls = gen.call.split('\n');
    expect(calls.map((c) => c.split(' <- ')[0])).toEqual(['es_twfe', 'es_cs', 'es_sa', 'setFixest_estimation(fixef.tol = 1e-11); es_bjs']);
    const same = (call: string, file: string, id: string) => expect(normalizeR(call.replace(/^es_\w+ <- /, ''), ['mpdta'])).toEqual(normalizeR(referenceCase(file, id).r_call, ['mpdta']));
    same(calls[0], 'mpdta.json', 'event_study_i');
    same(calls[2], 'mpdta.json', 'sunab_period');
    expect(calls[1]).toContain('base_period = "universal"');
    expect(calls[1]).not.toContain('min_e');
    expect(calls[3]).toContain('horizon = TRUE, pretrends = TRUE');
    expect(gen.script).toContain('mpdta$rel_time <- ifelse(!is.na(mpdta$first.treat) & mpdta$first.treat > 0, mpdta$year - mpdta$first.treat, -1000)');
  });

  it('notes that bootstrap draws differ from R and names the bootstrap arguments', () => {
    const gen = generateR(attGtSpec.parse({ model: 'att_gt', data: 'mpdta.csv', yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat', bstrap: true, cband: true, biters: 999 }));
    expect(gen.call).toContain('bstrap = TRUE, biters = 999, cband = TRUE');
    expect(gen.notes[0]).toMatch(/random-number stream/);
    expect(gen.script).toContain('# Note: ');
  });

  it('passes fixest small-sample and demeaning settings through', () => {
    expect(generateR(feols('m.csv', 'y ~ x | id', { cluster: ['id'] }, { ssc: 'reghdfe' })).call).toBe('feols(y ~ x | id, data = m, cluster = ~id, ssc = ssc(fixef.force_exact = TRUE))');
    expect(generateR(feols('m.csv', 'y ~ x | id', 'iid', { ssc: { adj: false, cluster_df: 'conventional' }, fixef_tol: 1e-10, fixef_rm: 'singleton', weights: 'w' })).call).toBe(
      'feols(y ~ x | id, data = m, weights = ~w, vcov = "iid", ssc = ssc(adj = FALSE, cluster.df = "conventional"), fixef.tol = 1e-10, fixef.rm = "singleton")',
    );
    expect(generateR(feols('m.csv', 'y ~ x', undefined)).call).toBe('feols(y ~ x, data = m)');
  });

  it('writes glm and polr fixed effects as factor dummies, with weights and R-rule controls', () => {
    const g = generateR(glmSpec.parse({ model: 'glm', data: 'p.csv', formula: 'y ~ x | firm + year', family: 'probit', weights: 'w', epsilon: 1e-10, vcov: { cluster: ['firm'] } }));
    expect(g.call).toBe('fit <- glm(y ~ x + factor(firm) + factor(year), data = p, family = binomial(link = "probit"), weights = w, control = glm.control(epsilon = 1e-10, maxit = 25)); lmtest::coeftest(fit, vcov. = sandwich::vcovCL(fit, cluster = ~firm))');
    expect(generateR(polrSpec.parse({ model: 'polr', data: 'h.csv', formula: 'y ~ x | g' })).call).toBe('polr(y ~ x + factor(g), data = h, Hess = TRUE, method = "logistic", control = list(reltol = 1e-14, maxit = 1000))');
  });

  it('writes the matching options and outcome-model variants, and refuses kernel matching in R', () => {
    const m = generateR(matchit({ distance: 'probit', ratio: 2, m_order: 'random', discard: 'both', caliper: 0.05, std_caliper: false, outcome: 're78', att_covariates: true, att_vcov: 'iid' }));
    expect(m.call).toBe(
      'md <- match.data(matchit(treat ~ age + educ + race + married + nodegree + re74 + re75, data = lalonde, method = "nearest", distance = "glm", link = "probit", ratio = 2, caliper = 0.05, std.caliper = FALSE, m.order = "random", discard = "both")); fit <- lm(re78 ~ treat + age + educ + race + married + nodegree + re74 + re75, data = md, weights = weights); lmtest::coeftest(fit)',
    );
    expect(m.notes.join(' ')).toMatch(/random-number stream/);
    expect(() => generateR(matchit({ method: 'kernel' }))).toThrow(/kernel matching follows psmatch2/);
  });

  it('writes rddensity options that differ from the defaults', () => {
    expect(generateR(rddensitySpec.parse({ model: 'rddensity', data: 's.csv', x: 'margin', c: 1, p: 3, h: [5, 8], fitselect: 'restricted', vce: 'plugin', all: true })).call).toBe(
      'rddensity(X = s$margin, c = 1, p = 3, h = c(5, 8), fitselect = "restricted", vce = "plugin", all = TRUE)',
    );
  });

  it('quotes odd column names and strings', () => {
    expect(rString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
    const gen = generateR(senate({ y: '得票率 %', x: 'margin' }));
    expect(gen.call).toBe('rdrobust(y = rdrobust_senate$`得票率 %`, x = rdrobust_senate$margin)');
  });

  it('names data sets with valid R names', () => {
    expect(dataNameFor('/a/b/2020 panel-data.csv')).toBe('d_2020_panel_data');
    expect(dataNameFor('数据.csv')).toBe('df');
  });

  it('refuses what it cannot express, with the reason', () => {
    expect(() => generateR({ model: 'placebo', data: 'x.csv' })).toThrow(/No R code is generated for placebo/);
    expect(() => generateR(feols('x.csv', 'y ~ x', 'HC3'))).toThrow(/fixest has no HC3/);
    expect(() => generateR(rdrobustSpec.parse({ model: 'rdrobust', data: 'x.csv', y: 'y', time: { column: 'date', policy: '2020-01-01' } }))).toThrow(/RD in time/);
    expect(() => generateR({ model: 'feols', data: 'x.csv' })).toThrow(/has no "formula"/);
    expect(() => generateR('nope')).toThrow(/analysis spec/);
  });
});
