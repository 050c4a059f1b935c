import { describe, expect, it } from 'vitest';
import {
  attGtFormFromSpec,
  baconFormFromSpec,
  buildAttGtSpec,
  buildBaconSpec,
  buildCompareSpec,
  buildImputationSpec,
  buildSunabSpec,
  compareFormFromSpec,
  imputationFormFromSpec,
  initialAttGtForm,
  initialBaconForm,
  initialCompareForm,
  initialImputationForm,
  initialSunabForm,
  isSunabSpec,
  sunabFormFromSpec,
  updateSunabForm,
  type AttGtFormState,
} from './staggeredForm';

const mpdta = { yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat' };

function attGt(patch: Partial<AttGtFormState> = {}): AttGtFormState {
  return { ...initialAttGtForm('mpdta'), ...mpdta, ...patch };
}

describe('att_gt form', () => {
  it('writes did’s defaults with the dynamic aggregation, and no bootstrap fields without the bootstrap', () => {
    const { spec, errors } = buildAttGtSpec(attGt());
    expect(errors).toEqual({});
    expect(spec).toMatchObject({ model: 'att_gt', data: 'mpdta', ...mpdta, control_group: 'nevertreated', est_method: 'dr', anticipation: 0, base_period: 'varying', aggte: 'dynamic', bstrap: false });
    expect(spec?.xformla).toBeUndefined();
    expect(spec?.min_e).toBeUndefined();
    expect(spec?.seed).toBeUndefined();
  });

  it('writes covariates as a one-sided formula, the event window, and the seeded bootstrap with bands', () => {
    const { spec } = buildAttGtSpec(attGt({ covariates: ['lpop', 'log wage'], minE: '-3', maxE: '3', bstrap: true, biters: '999', seed: '7', cband: true }));
    expect(spec).toMatchObject({ xformla: '~ lpop + `log wage`', min_e: -3, max_e: 3, bstrap: true, biters: 999, seed: 7, cband: true });
  });

  it('drops the event window for other aggregations and sends null for none', () => {
    expect(buildAttGtSpec(attGt({ aggte: 'group', minE: '-3' })).spec).toMatchObject({ aggte: 'group' });
    expect(buildAttGtSpec(attGt({ aggte: 'group', minE: '-3' })).spec?.min_e).toBeUndefined();
    expect(buildAttGtSpec(attGt({ aggte: 'none' })).spec?.aggte).toBeNull();
  });

  it('puts each mistake beside its field', () => {
    expect(buildAttGtSpec(attGt({ anticipation: '-1' })).errors.anticipation).toEqual({ key: 'did.errors.min', values: { min: '0' } });
    expect(buildAttGtSpec(attGt({ minE: '2', maxE: '1' })).errors.maxE).toEqual({ key: 'policy.errors.maxBelowMin' });
    expect(buildAttGtSpec(attGt({ bstrap: true, biters: '5' })).errors.biters).toEqual({ key: 'did.errors.min', values: { min: '10' } });
    expect(buildAttGtSpec(attGt({ covariates: ['lemp'] })).errors.covariates).toEqual({ key: 'did.errors.duplicateControl' });
    expect(buildAttGtSpec(attGt({ tname: 'countyreal' })).errors.tname).toEqual({ key: 'did.errors.unitIsTime' });
    expect(Object.keys(buildAttGtSpec(initialAttGtForm('mpdta')).errors).sort()).toEqual(['gname', 'idname', 'tname', 'yname']);
  });

  it('reads back a spec it wrote', () => {
    const form = attGt({ covariates: ['lpop'], aggte: 'dynamic', minE: '-2', balanceE: '1', bstrap: true, cband: true, seed: '3', controlGroup: 'notyettreated', basePeriod: 'universal' });
    const spec = buildAttGtSpec(form).spec;
    expect(spec && attGtFormFromSpec(spec)).toEqual(form);
  });
});

describe('imputation form', () => {
  const form = { ...initialImputationForm('mpdta'), ...mpdta };

  it('asks for every horizon and the pre-trends −3 … −1 by default (didimputation’s pretrends = -3:-1)', () => {
    expect(buildImputationSpec(form).spec).toMatchObject({ model: 'did_imputation', horizon: true, pretrends: [-3, -1] });
  });

  it('writes chosen horizons, every pre-trend, the static ATT and a cluster column', () => {
    expect(buildImputationSpec({ ...form, horizonMode: 'list', horizons: '0, 2' }).spec?.horizon).toEqual([0, 2]);
    expect(buildImputationSpec({ ...form, pretrendMode: 'all' }).spec?.pretrends).toBe(true);
    const statik = buildImputationSpec({ ...form, horizonMode: 'static', pretrendMode: 'none', cluster: 'state' }).spec;
    expect(statik?.horizon).toBeUndefined();
    expect(statik?.pretrends).toBeUndefined();
    expect(statik?.cluster_var).toBe('state');
  });

  it('refuses horizons that are not whole non-negative numbers and ranges that do not end before 0', () => {
    expect(buildImputationSpec({ ...form, horizonMode: 'list', horizons: '0 1.5' }).errors.horizons).toEqual({ key: 'did.errors.integer' });
    expect(buildImputationSpec({ ...form, horizonMode: 'list', horizons: '' }).errors.horizons).toEqual({ key: 'policy.errors.chooseOne' });
    expect(buildImputationSpec({ ...form, horizonMode: 'list', horizons: '-1' }).errors.horizons).toEqual({ key: 'did.errors.min', values: { min: '0' } });
    expect(buildImputationSpec({ ...form, pretrendFrom: '-1', pretrendTo: '-3' }).errors.pretrendTo).toEqual({ key: 'policy.errors.maxBelowMin' });
    expect(buildImputationSpec({ ...form, pretrendTo: '0' }).errors.pretrendTo).toEqual({ key: 'policy.errors.negative' });
  });

  it('reads back a spec it wrote', () => {
    const f = { ...form, horizonMode: 'list' as const, horizons: '0 1 2', pretrendFrom: '-4', pretrendTo: '-2', cluster: 'state' };
    const spec = buildImputationSpec(f).spec;
    expect(spec && imputationFormFromSpec(spec)).toEqual(f);
  });
});

describe('bacon form', () => {
  it('writes outcome ~ treatment with the panel identifiers, and reads it back', () => {
    const form = { ...initialBaconForm('mpdta'), outcome: 'lemp', treatment: 'treat_post', unit: 'countyreal', time: 'year' };
    const spec = buildBaconSpec(form).spec;
    expect(spec).toEqual({ model: 'bacon', data: 'mpdta', formula: 'lemp ~ treat_post', id_var: 'countyreal', time_var: 'year' });
    expect(spec && baconFormFromSpec(spec)).toEqual(form);
  });

  it('names missing roles and a treatment that is the outcome', () => {
    expect(Object.keys(buildBaconSpec(initialBaconForm('mpdta')).errors).sort()).toEqual(['outcome', 'time', 'treatment', 'unit']);
    expect(buildBaconSpec({ ...initialBaconForm('mpdta'), outcome: 'lemp', treatment: 'lemp', unit: 'countyreal', time: 'year' }).errors.treatment).toEqual({ key: 'did.errors.sameAsOutcome' });
  });
});

describe('estimator comparison form', () => {
  const form = { ...initialCompareForm('mpdta'), ...mpdta };

  it('compares all four estimators on a universal base period by default, in the menu order', () => {
    expect(buildCompareSpec(form).spec).toMatchObject({ model: 'did_compare', estimators: ['twfe', 'cs', 'sa', 'imputation'], base_period: 'universal' });
    expect(buildCompareSpec({ ...form, estimators: ['imputation', 'twfe'] }).spec?.estimators).toEqual(['twfe', 'imputation']);
  });

  it('needs at least one estimator and an ordered window', () => {
    expect(buildCompareSpec({ ...form, estimators: [] }).errors.estimators).toEqual({ key: 'policy.errors.chooseOne' });
    expect(buildCompareSpec({ ...form, minE: '3', maxE: '-3' }).errors.maxE).toEqual({ key: 'policy.errors.maxBelowMin' });
  });

  it('reads back a spec it wrote', () => {
    const f = { ...form, estimators: ['cs' as const, 'sa' as const], minE: '-4', maxE: '3', controlGroup: 'notyettreated' as const };
    const spec = buildCompareSpec(f).spec;
    expect(spec && compareFormFromSpec(spec)).toEqual(f);
  });
});

describe('Sun–Abraham form', () => {
  const form = { ...initialSunabForm('mpdta'), ...mpdta, cluster: 'countyreal' };

  it('writes fixest’s sunab(cohort, period) with unit and period fixed effects, by period or as one ATT', () => {
    expect(buildSunabSpec(form).spec).toMatchObject({ model: 'feols', formula: 'lemp ~ sunab(first.treat, year) | countyreal + year', vcov: { cluster: ['countyreal'] }, agg: 'period' });
    expect(buildSunabSpec({ ...form, agg: 'ATT', controls: ['lpop'], cluster: '' }).spec).toMatchObject({ formula: 'lemp ~ sunab(first.treat, year) + lpop | countyreal + year', vcov: 'hetero', agg: 'ATT' });
  });

  it('reads back the specs it wrote and no other feols spec', () => {
    const spec = buildSunabSpec({ ...form, controls: ['lpop'] }).spec;
    expect(spec && sunabFormFromSpec(spec)).toEqual({ ...form, controls: ['lpop'] });
    expect(isSunabSpec(spec)).toBe(true);
    expect(isSunabSpec({ model: 'feols', data: 'mpdta', formula: 'lemp ~ treat_post | countyreal + year' })).toBe(false);
    expect(isSunabSpec({ model: 'did' })).toBe(false);
  });

  it('follows the unit with the clustering until another choice is made', () => {
    expect(updateSunabForm(initialSunabForm('mpdta'), { idname: 'countyreal' }).cluster).toBe('countyreal');
    expect(updateSunabForm({ ...form, cluster: 'state' }, { idname: 'county' }).cluster).toBe('state');
  });

  it('needs every panel column', () => {
    expect(Object.keys(buildSunabSpec(initialSunabForm('mpdta')).errors).sort()).toEqual(['gname', 'idname', 'tname', 'yname']);
  });
});
