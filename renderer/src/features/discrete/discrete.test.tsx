// @vitest-environment jsdom
/**
 * The discrete-outcome builders write the formula and the category order R would be given, and
 * the result views show the engine's glm and polr numbers (compared with ordinal_glm.json).
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentContext } from '../../../../main/engine/context';
import { runGlm } from '../../../../main/engine/glm';
import { runPolr } from '../../../../main/engine/polr';
import { prepareFrame } from '../../../../main/service/runner';
import { loadData, referenceCase } from '../../../../main/testing/fixtures';
import type { DatasetInfo } from '../../../../shared/contract';
import { glmSpec } from '../../../../shared/specs/glm';
import { polrSpec } from '../../../../shared/specs/polr';
import { fakeApi } from '../../testing/fakeApi';
import { column, mpdtaDataset, storedRun } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { choose, storedAnalysis, valueIn } from '../didkit/testing';
import type { ResultActions } from '../results/resultViews';
import { DiscreteBuilder } from './DiscreteBuilder';
import { GlmView, PolrView } from './DiscreteResultViews';
import { buildDiscreteSpec, discreteFormFromSpec, initialDiscreteForm, moveLevel } from './discreteForm';

afterEach(cleanup);

const actions: ResultActions = { openBuilder: vi.fn(), openAnalysis: vi.fn(), analysesChanged: vi.fn() };

function housing(): DatasetInfo {
  const columns = [column('Sat', 'string'), column('Infl', 'string'), column('Type', 'string'), column('Cont', 'string'), column('Freq'), column('my var')];
  return { ...mpdtaDataset('ds-h'), name: 'housing', nrow: 72, ncol: columns.length, columns };
}

describe('discreteForm', () => {
  it('writes the formula with quoted names, typed terms and fixed effects', () => {
    const form = { ...initialDiscreteForm('mroz', 'glm'), outcome: 'inlf', regressors: ['educ', 'my var'], extraTerms: 'I(exper^2)', fixedEffects: ['city'] };
    expect(buildDiscreteSpec(form).spec).toMatchObject({ model: 'glm', family: 'logit', formula: 'inlf ~ educ + `my var` + I(exper^2) | city', vcov: 'iid', ame: true, conf_level: 0.95 });
    expect(buildDiscreteSpec({ ...form, vcov: 'cluster', cluster: 'city', link: 'probit' }).spec).toMatchObject({ family: 'probit', vcov: { cluster: ['city'] } });
    expect(buildDiscreteSpec({ ...form, vcov: 'cluster' }).errors.cluster?.key).toBe('required');
    expect(buildDiscreteSpec({ ...form, regressors: [], extraTerms: '' }).errors.regressors?.key).toBe('chooseOne');
    expect(buildDiscreteSpec({ ...form, regressors: ['inlf'] }).errors.regressors?.key).toBe('outcomeAsRegressor');
  });

  it('gives an ordered model its category order as levels', () => {
    const form = { ...initialDiscreteForm('housing', 'polr'), outcome: 'Sat', levelOrder: ['Low', 'Medium', 'High'], regressors: ['Infl'], weights: 'Freq' };
    expect(buildDiscreteSpec(form).spec).toMatchObject({ model: 'polr', method: 'logistic', formula: 'Sat ~ Infl', levels: { Sat: ['Low', 'Medium', 'High'] }, weights: 'Freq' });
    expect(moveLevel(['High', 'Low', 'Medium'], 0, 1)).toEqual(['Low', 'High', 'Medium']);
    expect(moveLevel(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });

  it('opens a saved spec as a form that builds it again', () => {
    const glm = glmSpec.parse({ model: 'glm', data: 'mroz', family: 'probit', formula: 'inlf ~ educ + age + I(exper^2)', vcov: 'HC1', ame: false });
    expect(buildDiscreteSpec(discreteFormFromSpec(glm, ['inlf', 'educ', 'age', 'exper']) ?? initialDiscreteForm('x', 'glm')).spec).toEqual(glm);
    const polr = polrSpec.parse({ model: 'polr', data: 'housing', method: 'probit', formula: 'Sat ~ Infl + Type', levels: { Sat: ['Low', 'Medium', 'High'] } });
    expect(buildDiscreteSpec(discreteFormFromSpec(polr, ['Sat', 'Infl', 'Type']) ?? initialDiscreteForm('x', 'polr')).spec).toEqual(polr);
    expect(discreteFormFromSpec(glmSpec.parse({ model: 'glm', data: 'd', family: 'logit', formula: 'y ~ x | a | b ~ c' }), [])).toBeNull();
  });
});

describe('DiscreteBuilder', () => {
  it('lists an ordered text outcome’s categories for the user to order, and runs polr with them', async () => {
    const fake = fakeApi({
      'dataset.summary': () => ({
        datasetId: 'ds-h',
        nrow: 72,
        variables: [{ name: 'Sat', label: null, type: 'string', n: 72, missing: 0, distinct: 3, mean: null, sd: null, min: null, p25: null, median: null, p75: null, max: null, top: [{ value: 'Medium', count: 24 }, { value: 'High', count: 24 }, { value: 'Low', count: 24 }] }],
      }),
      'analysis.run': () => storedRun({ coefficients: {} }),
    });
    renderWithApi(<DiscreteBuilder model="polr" datasets={[housing()]} initialDataset="housing" onDone={() => undefined} />, fake.api);
    choose('Outcome', 'Sat');
    const order = await screen.findByTestId('level-order');
    await waitFor(() => expect([...order.querySelectorAll('li span')].map((s) => s.textContent)).toEqual(['High', 'Low', 'Medium']));
    fireEvent.click(screen.getByRole('button', { name: 'Move High down' }));
    fireEvent.click(screen.getByRole('button', { name: 'Move High down' }));
    expect([...order.querySelectorAll('li span')].map((s) => s.textContent)).toEqual(['Low', 'Medium', 'High']);
    fireEvent.click(within(screen.getByRole('group', { name: 'Regressors' })).getByLabelText('Infl'));
    choose('Frequency weights', 'Freq');
    fireEvent.click(screen.getByRole('radio', { name: 'Ordered probit' }));
    fireEvent.click(screen.getByRole('button', { name: 'Run Ordered probit' }));
    await waitFor(() => expect(fake.payloads('analysis.run')).toHaveLength(1));
    expect(fake.payloads('analysis.run')[0]).toMatchObject({ spec: { model: 'polr', method: 'probit', formula: 'Sat ~ Infl', levels: { Sat: ['Low', 'Medium', 'High'] }, weights: 'Freq' } });
  });
});

describe('discrete result views', () => {
  it('glm: coefficients with robust SEs and average marginal effects, as R prints them', async () => {
    const frame = await loadData('mroz.csv');
    const spec = glmSpec.parse({ model: 'glm', data: 'mroz', family: 'logit', formula: 'inlf ~ nwifeinc + educ + exper + I(exper^2) + age + kidslt6 + kidsge6', vcov: 'HC1', ame: true });
    const result = runGlm(frame, spec, silentContext);
    const stored = storedAnalysis(spec, result);
    renderWithApi(<GlmView analysis={stored.analysis} stored={stored.result} actions={actions} />, fakeApi({}).api);
    const expected = referenceCase('ordinal_glm.json', 'mroz_logit_hc1_tight').expected as { coefficients: Record<string, { estimate: number; se: number }> };
    const table = screen.getByTestId('coefficient-table');
    expect(valueIn(table.querySelector('tr[data-term="educ"] [data-field="estimate"]'))).toBeCloseTo(expected.coefficients.educ.estimate, 6);
    expect(valueIn(table.querySelector('tr[data-term="educ"] [data-field="se"]'))).toBeCloseTo(expected.coefficients.educ.se, 6);
    expect(valueIn(screen.getByTestId('ame-table').querySelector('tr[data-term="kidslt6"] [data-field="estimate"]'))).toBe(result.ame?.kidslt6.estimate);
    expect(valueIn(screen.getByTestId('glm-stats').querySelector('[data-stat="deviance"]'))).toBe(result.deviance);
  });

  it('polr: slopes and cutpoints as MASS names them, and the category counts, in Chinese', async () => {
    const frame = await loadData('housing.csv');
    const spec = polrSpec.parse({
      model: 'polr',
      data: 'housing',
      method: 'logistic',
      formula: 'Sat ~ Infl + Type + Cont',
      weights: 'Freq',
      levels: { Sat: ['Low', 'Medium', 'High'], Infl: ['Low', 'Medium', 'High'], Type: ['Tower', 'Apartment', 'Atrium', 'Terrace'], Cont: ['Low', 'High'] },
    });
    // The runner applies `levels` before the engine, as in the app.
    const result = runPolr(prepareFrame(frame, spec).frame, spec, silentContext);
    const stored = storedAnalysis(spec, result);
    renderWithApi(<PolrView analysis={stored.analysis} stored={stored.result} actions={actions} />, fakeApi({}).api, 'zh-CN');
    const expected = referenceCase('ordinal_glm.json', 'polr_logistic_tight').expected as { cutpoints: Record<string, { estimate: number }> };
    expect(valueIn(screen.getByTestId('cutpoint-table').querySelector('tr[data-term="Low|Medium"] [data-field="estimate"]'))).toBeCloseTo(expected.cutpoints['Low|Medium'].estimate, 5);
    expect(screen.getByTestId('category-counts').querySelectorAll('tbody tr')).toHaveLength(3);
    expect(screen.getByText('切点')).toBeTruthy();
  });
});
