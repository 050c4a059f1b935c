// @vitest-environment jsdom
/**
 * The mechanism result views draw the engines' results on a small synthetic panel with a known
 * mediation (a = 0.5, b = 0.6), a moderated effect and two groups: tables carry the engine's
 * numbers (data-value), the charts their titles, axes and legends, and the index's column is
 * saved through the data-management transform job.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { numericColumn, type Frame } from '../../../../main/engine/frame';
import { runHeterogeneity } from '../../../../main/engine/mech/heterogeneity';
import { runMediation } from '../../../../main/engine/mech/mediation';
import { runModeration } from '../../../../main/engine/mech/moderation';
import { runIndex } from '../../../../main/engine/index/index';
import { heterogeneitySpec } from '../../../../shared/specs/heterogeneity';
import { indexSpec } from '../../../../shared/specs/composite-index';
import { mediationSpec } from '../../../../shared/specs/mediation';
import { moderationSpec } from '../../../../shared/specs/moderation';
import { fakeApi } from '../../testing/fakeApi';
import { mpdtaDataset } from '../../testing/fixtures';
import { renderWithApi } from '../../testing/render';
import { storedAnalysis, stubResizeObserver, valueIn } from '../didkit/testing';
import type { ResultActions } from '../results/resultViews';
import { HeterogeneityView, IndexView, MediationView, ModerationView } from './MechResultViews';

afterEach(cleanup);
beforeAll(stubResizeObserver);

/** 80 units × 4 periods; half the units treated from period 3. Noise from a fixed LCG. */
function panel(): Frame {
  let state = 12345;
  const noise = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  const cols: Record<string, number[]> = { unit: [], period: [], d: [], m: [], u: [], g: [], y: [], x1: [], x2: [] };
  for (let i = 0; i < 80; i++) {
    const fe = noise();
    const u0 = 2 + 2 * noise();
    for (let t = 1; t <= 4; t++) {
      const d = i < 40 && t >= 3 ? 1 : 0;
      const g = i % 2 === 0 ? 1 : 2;
      const m = 0.5 * d + fe + noise();
      const u = u0 + noise();
      const y = (g === 1 ? 0.4 : 0.2) * d + 0.6 * m - 0.2 * d * (u - 2) + fe + 0.1 * t + noise();
      Object.entries({ unit: i + 1, period: t, d, m, u, g, y, x1: y + noise(), x2: -y + noise() }).forEach(([k, v]) => cols[k].push(v));
    }
  }
  return { nrow: cols.unit.length, columns: Object.entries(cols).map(([name, v]) => numericColumn(name, v)) };
}

const base = { data: 'panel', outcome: 'y', treatment: 'd', fixed_effects: ['unit', 'period'], cluster: ['unit'] };

function actions(): ResultActions {
  return { openBuilder: vi.fn(), openAnalysis: vi.fn(), analysesChanged: vi.fn() };
}

async function chartTexts(testId: string): Promise<string[]> {
  const chart = await screen.findByTestId(testId, {}, { timeout: 10_000 });
  await waitFor(() => expect(chart.querySelector('svg')).not.toBeNull());
  return [...chart.querySelectorAll('svg text')].map((t) => t.textContent ?? '');
}

describe('mechanism result views', () => {
  it('mediation: the conclusion, the paths, the indirect effect, the bootstrap and the three steps', () => {
    const spec = mediationSpec.parse({ ...base, model: 'mediation', mediator: 'm', sobel: ['sobel', 'aroian'], bootstrap: { draws: 40, seed: 1 } });
    const result = runMediation(panel(), spec);
    const stored = storedAnalysis(spec, result);
    renderWithApi(<MediationView analysis={stored.analysis} stored={stored.result} actions={actions()} />, fakeApi({}).api);
    expect(screen.getByTestId('mediation-conclusion').textContent).toContain(`mediation`);
    const paths = screen.getByTestId('mediation-paths');
    expect(valueIn(paths.querySelector('tr[data-term="a"] [data-field="estimate"]'))).toBe(result.paths.a.estimate);
    expect(valueIn(paths.querySelector('tr[data-term="c_prime"] [data-field="se"]'))).toBe(result.paths.c_prime.se);
    expect(valueIn(screen.getByTestId('mediation-indirect').querySelector('[data-stat="indirect"]'))).toBe(result.indirect);
    expect(screen.getByTestId('mediation-sobel').querySelectorAll('tbody tr')).toHaveLength(2);
    expect(screen.getByTestId('mediation-bootstrap').textContent).toContain('40 draws used; whole clusters of unit resampled (80 clusters); seed 1.');
    expect(valueIn(screen.getByTestId('mediation-bootstrap').querySelector('tr[data-term="bias_corrected"] td'))).toBe(result.bootstrap?.bias_corrected.conf_low);
    const steps = screen.getByTestId('mediation-steps');
    expect(steps.querySelectorAll('thead th')).toHaveLength(4);
    expect(steps.querySelector('tr[data-term="m"] td[data-step="3"]')?.textContent).toContain('***');
    expect(screen.getByText('b: m → y (given d)')).toBeTruthy();
  });

  it('moderation: coefficients, the marginal-effect chart, Johnson–Neyman and the binning check', async () => {
    const spec = moderationSpec.parse({ ...base, model: 'moderation', moderator: 'u', at: [3] });
    const result = runModeration(panel(), spec);
    const stored = storedAnalysis(spec, result);
    renderWithApi(<ModerationView analysis={stored.analysis} stored={stored.result} actions={actions()} />, fakeApi({}).api);
    const coefs = screen.getByTestId('moderation-coefficients');
    expect(valueIn(coefs.querySelector(`tr[data-term="${result.terms.interaction}"] [data-field="estimate"]`))).toBe(result.coefficients.interaction.estimate);
    expect(screen.getByTestId('moderation-at').querySelectorAll('tbody tr')).toHaveLength(result.at.length);
    expect(screen.getByTestId('johnson-neyman').textContent).toContain('Johnson–Neyman, critical value');
    expect(screen.getByTestId('linearity-test').textContent).toContain('F(');
    const texts = await chartTexts('marginal-effects-chart');
    for (const text of ['Marginal effect of d by u', 'u', 'Marginal effect of d', 'Marginal effect', '95% CI', 'Binned estimates', 'Distribution of the moderator']) expect(texts).toContain(text);
  });

  it('heterogeneity: groups side by side, their chart and the three tests, in Chinese', async () => {
    const spec = heterogeneitySpec.parse({ ...base, model: 'heterogeneity', splits: [{ kind: 'categorical', column: 'g' }], permutation: { draws: 20, seed: 3, unit: 'unit' } });
    const result = runHeterogeneity(panel(), spec);
    const stored = storedAnalysis(spec, result);
    renderWithApi(<HeterogeneityView analysis={stored.analysis} stored={stored.result} actions={actions()} />, fakeApi({}).api, 'zh-CN');
    const split = screen.getByTestId('split-g');
    expect(valueIn(split.querySelector('tr[data-term="1"] [data-field="estimate"]'))).toBe(result.splits[0].groups[0].estimate?.estimate);
    expect(screen.getByTestId('interaction-test-g').textContent).toContain('F(');
    expect(screen.getByTestId('sur-g').querySelectorAll('tbody tr')).toHaveLength(1);
    expect(valueIn(screen.getByTestId('permutation-g').querySelector('[data-field="p"]'))).toBe(result.splits[0].permutation?.differences[0].p_two_sided);
    const texts = await chartTexts('heterogeneity-chart-g');
    expect(texts).toContain('对 y 的效应：按 g 分组');
    expect(texts).toContain('估计值与置信区间');
  });

  it('index: the weights table, the recipe, and saving the column runs each step through dataset.transform', async () => {
    const spec = indexSpec.parse({ model: 'index', data: 'mpdta', name: 'idx', method: 'entropy', indicators: [{ column: 'x1' }, { column: 'x2', direction: 'negative' }], by: 'period' });
    const result = runIndex(panel(), spec);
    const stored = storedAnalysis(spec, result);
    const fake = fakeApi({
      'dataset.list': () => ({ datasets: [mpdtaDataset('ds-9')] }),
      'dataset.transform': () => ({ dataset: mpdtaDataset('ds-9'), report: { message: 'ok' } }),
    });
    const act = actions();
    renderWithApi(<IndexView analysis={stored.analysis} stored={stored.result} actions={act} />, fake.api);
    expect(screen.getByTestId('index-weights').querySelectorAll('tbody tr')).toHaveLength(8);
    expect(valueIn(screen.getByTestId('index-weights').querySelector('tr[data-term="x1"] [data-field="weight"]'))).toBe(result.weights[0].weight);
    expect(screen.getByTestId('index-recipe').querySelectorAll('li')).toHaveLength(result.recipe_steps.length);
    fireEvent.click(screen.getByRole('button', { name: 'Save idx to mpdta' }));
    expect(await screen.findByText('Saved: idx is now a column of mpdta and its steps are in the recipe.')).toBeTruthy();
    expect(fake.payloads('dataset.transform')).toEqual(result.recipe_steps.map((step) => ({ datasetId: 'ds-9', step })));
    expect(act.analysesChanged).toHaveBeenCalled();
  });
});
