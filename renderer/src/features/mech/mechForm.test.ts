import { describe, expect, it } from 'vitest';
import { heterogeneitySpec } from '../../../../shared/specs/heterogeneity';
import { indexSpec } from '../../../../shared/specs/composite-index';
import { mediationSpec } from '../../../../shared/specs/mediation';
import { moderationSpec } from '../../../../shared/specs/moderation';
import { buildIndexSpec, indexFormFromSpec, initialIndexForm } from './indexForm';
import {
  buildHeterogeneitySpec,
  buildMediationSpec,
  buildModerationSpec,
  heterogeneityFormFromSpec,
  initialHeterogeneityForm,
  initialMediationForm,
  initialModerationForm,
  mechFieldOf,
  mediationFormFromSpec,
  moderationFormFromSpec,
  type MediationForm,
} from './mechForm';

const COLUMNS = ['resp_id', 'city_id', 'year', 'treat_post', 'age', 'edu', 'urban', 'internet', 'uncertainty', 'participation'];
const model = { outcome: 'participation', treatment: 'treat_post', controls: ['age', 'edu'], fixedEffects: ['city_id', 'year'] };

function mediation(patch: Partial<MediationForm> = {}): MediationForm {
  return { ...initialMediationForm('demo_survey'), ...model, mediator: 'internet', ...patch };
}

describe('the shared model', () => {
  it('leaves clustering to fixest’s default, and writes an explicit choice', () => {
    expect(buildMediationSpec(mediation()).spec).not.toHaveProperty('cluster');
    expect(buildMediationSpec(mediation({ clusterMode: 'column', cluster: 'city_id' })).spec).toMatchObject({ cluster: ['city_id'] });
    expect(buildMediationSpec(mediation({ clusterMode: 'none', vcov: 'hetero' })).spec).toMatchObject({ cluster: [], vcov: 'hetero' });
    expect(buildMediationSpec(mediation({ clusterMode: 'column', cluster: '' })).errors.cluster?.key).toBe('required');
  });

  it('adds typed terms to the controls and interactions to the fixed effects, and the level in percent', () => {
    const spec = buildMediationSpec(mediation({ extraControls: 'factor(urban), log(age)', extraFixedEffects: 'city_id^year', level: '90' })).spec;
    expect(spec).toMatchObject({ controls: ['age', 'edu', 'factor(urban)', 'log(age)'], fixed_effects: ['city_id', 'year', 'city_id^year'], level: 0.9 });
    expect(buildMediationSpec(mediation({ level: '0.95' })).spec).toMatchObject({ level: 0.0095 });
    expect(buildMediationSpec(mediation({ level: '120' })).errors.level?.key).toBe('levelPercent');
  });

  it('keeps a column out of two roles', () => {
    expect(buildMediationSpec(mediation({ treatment: 'participation' })).errors.treatment?.key).toBe('sameAsOutcome');
    expect(buildMediationSpec(mediation({ mediator: 'treat_post' })).errors.mediator?.key).toBe('mediatorRole');
    expect(buildMediationSpec(mediation({ controls: ['internet'] })).errors.controls?.key).toBe('roleAsControl');
  });

  it('maps spec paths to fields', () => {
    expect(mechFieldOf(['data'])).toBe('dataset');
    expect(mechFieldOf(['bootstrap', 'draws'])).toBe('draws');
    expect(mechFieldOf(['permutation', 'unit'])).toBe('permUnit');
    expect(mechFieldOf(['splits', 1, 'groups'])).toBe('splits.1.groups');
    expect(mechFieldOf(['indicators', 0, 'column'])).toBe('indicators.0.column');
  });
});

describe('mediation', () => {
  it('bootstraps 1000 draws with a seed by default, or not at all', () => {
    expect(buildMediationSpec(mediation()).spec).toMatchObject({ model: 'mediation', mediator: 'internet', sobel: ['sobel'], bootstrap: { draws: 1000, seed: 20240601 } });
    expect(buildMediationSpec(mediation({ bootstrap: false })).spec).toMatchObject({ bootstrap: null });
    expect(buildMediationSpec(mediation({ draws: '10' })).errors.draws).toMatchObject({ key: 'min', values: { min: 20 } });
    expect(buildMediationSpec(mediation({ seed: '1.5' })).errors.seed?.key).toBe('integer');
    expect(buildMediationSpec(mediation({ sobel: [] })).errors.sobel?.key).toBe('chooseOne');
  });

  it('opens a saved spec as a form that builds it again', () => {
    const spec = mediationSpec.parse({ model: 'mediation', data: 'demo_survey', outcome: 'participation', treatment: 'treat_post', mediator: 'internet', controls: ['age', 'log(edu)'], fixed_effects: ['city_id', 'year'], cluster: ['city_id'], sobel: ['sobel', 'goodman'], bootstrap: { draws: 200, seed: 7 } });
    expect(buildMediationSpec(mediationFormFromSpec(spec, COLUMNS)).spec).toEqual(spec);
  });
});

describe('moderation', () => {
  const form = { ...initialModerationForm('demo_survey'), ...model, moderator: 'uncertainty' };

  it('centres at the mean with a 50-point curve and terciles by default', () => {
    expect(buildModerationSpec(form).spec).toMatchObject({ model: 'moderation', moderator: 'uncertainty', center: 'mean', grid_points: 50, at: [], bins: 3 });
  });

  it('takes a centre value, extra points and no binning', () => {
    expect(buildModerationSpec({ ...form, center: 'value', centerValue: '3', at: '2, 4', bins: '0' }).spec).toMatchObject({ center: 3, at: [2, 4], bins: 0 });
    expect(buildModerationSpec({ ...form, center: 'value', centerValue: '' }).errors.center?.key).toBe('number');
    expect(buildModerationSpec({ ...form, at: '2, x' }).errors.at?.key).toBe('numberList');
    expect(buildModerationSpec({ ...form, bins: '1' }).spec).toBeNull();
    expect(buildModerationSpec({ ...form, moderator: 'participation' }).errors.moderator?.key).toBe('moderatorRole');
  });

  it('opens a saved spec as a form that builds it again', () => {
    const spec = moderationSpec.parse({ model: 'moderation', data: 'demo_survey', outcome: 'participation', treatment: 'treat_post', moderator: 'uncertainty', center: 2.5, at: [1], bins: 4, cluster: [], vcov: 'hetero' });
    expect(buildModerationSpec(moderationFormFromSpec(spec, COLUMNS)).spec).toEqual(spec);
  });
});

describe('heterogeneity', () => {
  const numeric = new Set(COLUMNS.filter((c) => c !== 'city'));
  const form = { ...initialHeterogeneityForm('demo_survey'), ...model };

  it('splits by values (numbers kept as numbers) and by quantile groups, with a permutation test', () => {
    const spec = buildHeterogeneitySpec(
      {
        ...form,
        splits: [
          { kind: 'categorical', column: 'urban', values: '2, 1', groups: '2' },
          { kind: 'quantiles', column: 'edu', values: '', groups: '3' },
        ],
        permUnit: 'resp_id',
      },
      numeric,
    ).spec;
    expect(spec).toMatchObject({
      splits: [
        { kind: 'categorical', column: 'urban', values: [2, 1] },
        { kind: 'quantiles', column: 'edu', groups: 3 },
      ],
      permutation: { draws: 500, seed: 20240601, unit: 'resp_id' },
    });
  });

  it('names the split that is wrong', () => {
    const errors = buildHeterogeneitySpec({ ...form, splits: [{ kind: 'categorical', column: '', values: '', groups: '2' }, { kind: 'quantiles', column: 'city', values: '', groups: '2' }] }, numeric).errors;
    expect(errors['splits.0.column']?.key).toBe('required');
    expect(errors['splits.1.column']?.key).toBe('quantilesNumeric');
    expect(buildHeterogeneitySpec({ ...form, splits: [{ kind: 'categorical', column: 'treat_post', values: '', groups: '2' }] }, numeric).errors['splits.0.column']?.key).toBe('splitRole');
  });

  it('opens a saved spec as a form that builds it again', () => {
    const spec = heterogeneitySpec.parse({ model: 'heterogeneity', data: 'demo_survey', outcome: 'participation', treatment: 'treat_post', splits: [{ kind: 'categorical', column: 'urban' }, { kind: 'quantiles', column: 'edu', groups: 2 }], permutation: null });
    expect(buildHeterogeneitySpec(heterogeneityFormFromSpec(spec, COLUMNS), numeric).spec).toEqual(spec);
  });
});

describe('composite index', () => {
  const form = {
    ...initialIndexForm('panel'),
    indicators: [
      { column: 'x1', direction: 'positive' as const },
      { column: 'pollution', direction: 'negative' as const },
    ],
  };

  it('builds an entropy index pooled or by year, leaving the defaults to the schema', () => {
    expect(buildIndexSpec(form).spec).toMatchObject({ model: 'index', name: 'composite_index', method: 'entropy', standardization: 'minmax', shift: 0.0001, weights: 'entropy', components: 'kaiser' });
    expect(buildIndexSpec({ ...form, by: 'year', shift: '0.01' }).spec).toMatchObject({ by: 'year', shift: 0.01 });
  });

  it('builds TOPSIS with equal weights and PCA with a variance share', () => {
    expect(buildIndexSpec({ ...form, method: 'topsis', topsisWeights: 'equal', standardization: 'vector' }).spec).toMatchObject({ method: 'topsis', weights: 'equal', standardization: 'vector' });
    const pca = buildIndexSpec({ ...form, method: 'pca', components: 'cumulative', componentsValue: '0.85', by: 'year' }).spec;
    expect(pca).toMatchObject({ method: 'pca', components: { cumulative: 0.85 } });
    expect(pca).not.toHaveProperty('by');
  });

  it('names the indicator or option that is wrong', () => {
    expect(buildIndexSpec({ ...form, indicators: [form.indicators[0], form.indicators[0]] }).errors['indicators.1.column']?.key).toBe('duplicateIndicator');
    expect(buildIndexSpec({ ...form, indicators: [form.indicators[0]] }).errors.indicators).toMatchObject({ key: 'chooseAtLeast', values: { min: 2 } });
    expect(buildIndexSpec({ ...form, name: '2nd index' }).errors.name?.key).toBe('columnName');
    expect(buildIndexSpec({ ...form, by: 'x1' }).errors.by?.key).toBe('byIsIndicator');
    expect(buildIndexSpec({ ...form, method: 'pca', components: 'number', componentsValue: '' }).errors.components?.key).toBe('number');
  });

  it('opens a saved spec as a form that builds it again', () => {
    const spec = indexSpec.parse({ model: 'index', data: 'panel', name: 'gov', method: 'topsis', indicators: [{ column: 'a' }, { column: 'b', direction: 'negative' }], standardization: 'zscore', by: 'year', weights: 'equal' });
    expect(buildIndexSpec(indexFormFromSpec(spec)).spec).toEqual(spec);
  });
});
