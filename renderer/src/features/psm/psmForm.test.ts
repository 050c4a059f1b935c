import { describe, expect, it } from 'vitest';
import { buildMatchitSpec, buildPsmDidSpec, initialMatchitForm, initialPsmDidForm, matchitFormFromSpec, psmDidFormFromSpec, type MatchitFormState, type PsmDidFormState } from './psmForm';

const covariates = ['age', 'educ', 'race', 'married', 'nodegree', 're74', 're75'];

function matchit(patch: Partial<MatchitFormState> = {}): MatchitFormState {
  return { ...initialMatchitForm('lalonde'), treated: 'treat', covariates, ...patch };
}

describe('matchit form', () => {
  it('writes MatchIt’s defaults: logit score, nearest 1:1 without replacement, largest first, no caliper', () => {
    const { spec, errors } = buildMatchitSpec(matchit({ outcome: 're78' }));
    expect(errors).toEqual({});
    expect(spec).toMatchObject({
      model: 'matchit',
      formula: 'treat ~ age + educ + race + married + nodegree + re74 + re75',
      method: 'nearest',
      distance: 'logit',
      replace: false,
      ratio: 1,
      m_order: 'largest',
      discard: 'none',
      outcome: 're78',
      att_vcov: 'auto',
    });
    expect(spec?.caliper).toBeUndefined();
  });

  it('writes the lalonde case with replacement and a 0.1 SD caliper', () => {
    expect(buildMatchitSpec(matchit({ replace: true, caliper: '0.1' })).spec).toMatchObject({ replace: true, caliper: 0.1, std_caliper: true });
    expect(buildMatchitSpec(matchit({ caliper: '0.01', stdCaliper: false })).spec).toMatchObject({ caliper: 0.01, std_caliper: false });
  });

  it('sends only the fields of the chosen method', () => {
    const kernel = buildMatchitSpec(matchit({ method: 'kernel', caliper: '0.1', kernel: 'gaussian', bandwidth: '0.1' })).spec;
    expect(kernel).toMatchObject({ method: 'kernel', kernel: 'gaussian', bandwidth: 0.1 });
    expect(kernel?.caliper).toBeUndefined();
    expect(buildMatchitSpec(matchit({ method: 'radius', caliper: '0.05' })).spec).toMatchObject({ method: 'radius', caliper: 0.05 });
  });

  it('needs a radius for radius matching, a treatment and a covariate, and a positive caliper', () => {
    expect(buildMatchitSpec(matchit({ method: 'radius' })).errors.caliper).toEqual({ key: 'policy.errors.caliperRadius' });
    expect(buildMatchitSpec(matchit({ treated: '' })).errors.treated).toEqual({ key: 'did.errors.required' });
    expect(buildMatchitSpec(matchit({ covariates: [] })).errors.covariates).toEqual({ key: 'policy.errors.chooseOne' });
    expect(buildMatchitSpec(matchit({ caliper: 'wide' })).errors.caliper).toEqual({ key: 'did.errors.number' });
    expect(buildMatchitSpec(matchit({ caliper: '-1' })).errors.caliper).toEqual({ key: 'policy.errors.above', values: { min: '0' } });
    expect(buildMatchitSpec(matchit({ outcome: 'age' })).errors.outcome).toEqual({ key: 'policy.errors.outcomeInModel' });
  });

  it('reads back a spec it wrote', () => {
    const form = matchit({ outcome: 're78', replace: true, caliper: '0.1', mOrder: 'random', seed: '5', attVcov: 'pair_id', distance: 'probit' });
    const spec = buildMatchitSpec(form).spec;
    expect(spec && matchitFormFromSpec(spec)).toEqual(form);
  });
});

function psmDid(patch: Partial<PsmDidFormState> = {}): PsmDidFormState {
  const form = initialPsmDidForm('mpdta');
  return {
    ...form,
    treated: 'treat',
    covariates: ['lpop'],
    did: { ...form.did, outcome: 'lemp', treatment: 'treat_post', unit: 'countyreal', time: 'year', cluster: 'countyreal' },
    ...patch,
  };
}

describe('psm_did form', () => {
  it('matches period by period and runs the DID on the matched sample, weighted, clustered by unit', () => {
    const { spec, errors } = buildPsmDidSpec(psmDid());
    expect(errors).toEqual({});
    expect(spec).toMatchObject({
      model: 'psm_did',
      formula: 'treat ~ lpop',
      unit: 'countyreal',
      time: 'year',
      matching: 'by_period',
      did_formula: 'lemp ~ treat_post | countyreal + year',
      vcov: { cluster: ['countyreal'] },
      use_weights: true,
    });
  });

  it('sends the baseline period of baseline matching as a number when it is one', () => {
    expect(buildPsmDidSpec(psmDid({ matching: 'baseline', baselinePeriod: '2003' })).spec?.baseline_period).toBe(2003);
    expect(buildPsmDidSpec(psmDid({ matching: 'baseline', baselinePeriod: '' })).spec?.baseline_period).toBeUndefined();
    expect(buildPsmDidSpec(psmDid({ matching: 'pooled', baselinePeriod: '2003' })).spec?.baseline_period).toBeUndefined();
  });

  it('keeps panel identifiers out of the score model', () => {
    expect(buildPsmDidSpec(psmDid({ covariates: ['lpop', 'year'] })).errors.covariates).toEqual({ key: 'did.errors.duplicateControl' });
  });

  it('reads back a spec it wrote', () => {
    const form = psmDid({ matching: 'baseline', baselinePeriod: '2003', replace: true, caliper: '0.05', useWeights: false });
    const spec = buildPsmDidSpec(form).spec;
    expect(spec && psmDidFormFromSpec(spec)).toEqual(form);
  });
});
