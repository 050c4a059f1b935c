/**
 * The figure kinds drawn from results with more than one chart (placebo p-values, an RD
 * sensitivity check, a moderation's marginal effects, a heterogeneity split, a PSM-DID's
 * matchings): real engine results rendered to SVG, the panel chosen by the spec, bad panels
 * and shapes refused with a specific error.
 */
import { describe, expect, it } from 'vitest';
import { silentContext } from '../../engine/context';
import { runHeterogeneity } from '../../engine/mech/heterogeneity';
import { baseDid, values } from '../../engine/mech/testing';
import { runModeration } from '../../engine/mech/moderation';
import { runPlacebo } from '../../engine/policy/placebo';
import { runRdsensitivity } from '../../engine/rd/sensitivity';
import { numericColumn, withColumn } from '../../engine/frame';
import { userErrorCode } from '../../engine/did/testing';
import { loadData } from '../../testing/fixtures';
import { rdSensitivityLabels, rdSensitivityPoints } from '../../../shared/charts/resultFigures';
import { figureSpec, type FigureSpecInput } from '../../../shared/specs/figure';
import { heterogeneitySpec } from '../../../shared/specs/heterogeneity';
import { moderationSpec } from '../../../shared/specs/moderation';
import { placeboSpec } from '../../../shared/specs/placebo';
import { rdsensitivitySpec } from '../../../shared/specs/rdsensitivity';
import { figureOption, renderSvg } from './render';

const svgOf = (input: Omit<FigureSpecInput, 'source'>, result: unknown): string => {
  const spec = figureSpec.parse({ source: 'analysis', ...input });
  return renderSvg(figureOption(spec, result), spec.width, spec.height);
};

describe('placebo_pvalues', async () => {
  const mp = await loadData('mpdta.csv');
  const r = runPlacebo(
    mp,
    placeboSpec.parse({
      model: 'placebo',
      data: 'mpdta.csv',
      base: { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } },
      treatment: 'treat_post',
      unit: 'countyreal',
      time: 'year',
      draws: 100,
      seed: 7,
    }),
    silentContext,
  );

  it('draws one point per draw at (estimate, p) with the 10% line and the actual estimate', () => {
    const option = figureOption(figureSpec.parse({ kind: 'placebo_pvalues', source: 'pl' }), r) as { series: { data: number[][] }[] };
    expect(option.series[0].data).toHaveLength(100);
    expect(option.series[0].data[3]).toEqual([r.charts.p_values.estimate[3], r.charts.p_values.p[3]]);
    const svg = svgOf({ kind: 'placebo_pvalues', language: 'zh' }, r);
    expect(svg).toContain('p = 0.1');
    expect(svg).toContain('p 值');
  });

  it('refuses a result without draws', () => {
    expect(userErrorCode(() => figureOption(figureSpec.parse({ kind: 'placebo_pvalues', source: 'pl' }), { ...r, charts: { ...r.charts, p_values: { estimate: [], p: [] } } }))).toBe('figure_result_shape');
  });
});

describe('rd_sensitivity', async () => {
  const senate = await loadData('rdrobust_senate.csv');
  const r = runRdsensitivity(
    senate,
    rdsensitivitySpec.parse({ model: 'rdsensitivity', data: 'senate', y: 'vote', x: 'margin', h_grid: [10, 20], placebo_cutoffs: [-10, 10], donut_radii: [1], balance_covs: ['termshouse'] }),
    silentContext,
  );

  it('draws the first check with rows by default, labelled by its bandwidths', () => {
    const svg = svgOf({ kind: 'rd_sensitivity' }, r);
    expect(svg).toContain('h = 10');
    expect(svg).toContain('h = 20');
  });

  it('draws the placebo check with the true cutoff beside the placebo cutoffs, in Chinese', () => {
    const points = rdSensitivityPoints(r, 'placebo');
    expect(points.map((p) => p.term)).toEqual(['placebo:0', 'placebo:1', 'main']);
    expect(points[2].estimate).toBe(r.main.estimate);
    expect(rdSensitivityLabels(r, 'placebo', 'zh')).toEqual({ 'placebo:0': 'c = -10', 'placebo:1': 'c = 10', main: '真实断点' });
    const svg = svgOf({ kind: 'rd_sensitivity', panel: 'placebo', language: 'zh', labels: { main: 'c = 0' } }, r);
    expect(svg).toContain('c = -10');
    expect(svg).toContain('c = 0');
    expect(svg).not.toContain('真实断点');
  });

  it('names the checks that have estimates when the panel is none of them', () => {
    expect(userErrorCode(() => svgOf({ kind: 'rd_sensitivity', panel: 'kink' }, r))).toBe('figure_no_panel');
    expect(() => svgOf({ kind: 'rd_sensitivity', panel: 'kink' }, r)).toThrow(/Checks: bandwidth, placebo, donut, balance/);
    expect(userErrorCode(() => svgOf({ kind: 'rd_sensitivity' }, { model: 'rdrobust' }))).toBe('figure_result_shape');
  });
});

describe('marginal_effects and heterogeneity', async () => {
  const frame = await baseDid();
  const withOdd = withColumn(frame, numericColumn('odd', values(frame, 'id').map((v) => v % 2), { valueLabels: { '0': 'even', '1': 'odd' } }));

  it('draws the marginal-effect curve over the moderator with its axis names', () => {
    const r = runModeration(frame, moderationSpec.parse({ model: 'moderation', data: 'b', outcome: 'y', treatment: 'tp', moderator: 'x1', fixed_effects: ['id', 'period'], cluster: ['id'], grid_points: 25 }));
    const svg = svgOf({ kind: 'marginal_effects', x_label: 'x1 (moderator)', y_label: 'Effect of tp' }, r);
    expect(svg).toContain('x1 (moderator)');
    expect(svg).toContain('Effect of tp');
    expect(userErrorCode(() => svgOf({ kind: 'marginal_effects' }, { model: 'heterogeneity' }))).toBe('figure_result_shape');
  });

  it('draws the split named by the panel, its groups labelled with their size', () => {
    const r = runHeterogeneity(
      withOdd,
      heterogeneitySpec.parse({ model: 'heterogeneity', data: 'b', outcome: 'y', treatment: 'tp', controls: ['x1'], fixed_effects: ['id', 'period'], cluster: ['id'], splits: [{ kind: 'categorical', column: 'odd' }] }),
    );
    const [even, odd] = r.splits[0].groups;
    const svg = svgOf({ kind: 'heterogeneity', panel: 'odd' }, r);
    expect(svg).toContain(`even (N = ${even.nobs})`);
    expect(svg).toContain(`odd (N = ${odd.nobs})`);
    expect(() => svgOf({ kind: 'heterogeneity', panel: 'region' }, r)).toThrow(/no split by "region"\. Splits: odd/);
  });
});

describe('psm_density of a PSM-DID', () => {
  const dist = (shift: number) => ({ grid: [0, 0.5, 1], density_before: { treated: [1, 2, 1], control: [2, 1, shift] }, density_after: { treated: [1, 2, 1], control: [1, 2, 1] } });
  const result = { model: 'psm_did', matchings: [{ distributions: dist(0) }, { distributions: dist(0.5) }] };

  it('draws the matching the panel names and refuses one out of range', () => {
    const option = (panel?: string) => figureOption(figureSpec.parse({ kind: 'psm_density', source: 'p', panel }), result);
    expect(JSON.stringify(option())).not.toContain('0.5]');
    expect(JSON.stringify(option('1'))).toContain('[1,0.5]');
    expect(() => option('2')).toThrow(/has no matching "2": it has 2 \(0 to 1\)/);
  });
});
