import { describe, expect, it } from 'vitest';
import { marginalEffectsOption, type MarginalEffectsData } from './mechanisms';
import { rdplotOption } from './options';
import { figureSpec } from '../specs/figure';

type Series = { name?: string; type: string; data: unknown[]; yAxisIndex?: number; markLine?: { data: Record<string, unknown>[] } };

const data: MarginalEffectsData = {
  curve: [
    { moderator: 1, estimate: 1, conf_low: 0.5, conf_high: 1.5 },
    { moderator: 3, estimate: 0.5, conf_low: 0.2, conf_high: 0.8 },
    { moderator: 5, estimate: 0, conf_low: null, conf_high: null },
    { moderator: 6, estimate: null, conf_low: null, conf_high: null },
  ],
  level: 0.9,
  distribution: { breaks: [1, 3, 5], counts: [10, 30] },
  bins: [{ moderator: 2, estimate: 0.8, conf_low: 0.6, conf_high: 1 }],
  jn_bounds: [4.2],
};

describe('marginalEffectsOption', () => {
  const option = marginalEffectsOption({ language: 'en', title: 'Effect of <b>x</b>', x_label: undefined, y_label: undefined }, data);
  const series = option.series as Series[];
  const named = (name: string): Series[] => series.filter((s) => s.name === name);

  it('has a title, axis names and a legend with the interval at the result’s level', () => {
    expect(option.title).toMatchObject({ text: 'Effect of <b>x</b>' });
    expect((option.legend as { data: string[] }).data).toEqual(['Marginal effect', '90% CI', 'Binned estimates', 'Distribution of the moderator']);
    expect(option.xAxis).toMatchObject({ name: 'Moderator' });
    expect((option.yAxis as Record<string, unknown>[])[0]).toMatchObject({ name: 'Marginal effect of the treatment' });
  });

  it('draws the curve where it is estimated and the band where it has bounds', () => {
    expect(named('Marginal effect')[0].data).toEqual([
      [1, 1],
      [3, 0.5],
      [5, 0],
    ]);
    // Stacked band: lower bound, then width.
    const stack = series.filter((s) => (s as { stack?: string }).stack === 'ci');
    // Stacked whatever the sign of the lower bound.
    expect(stack.map((s) => (s as { stackStrategy?: string }).stackStrategy)).toEqual(['all', 'all']);
    expect(stack.map((s) => s.data)).toEqual([
      [
        [1, 0.5],
        [3, 0.2],
      ],
      [
        [1, 1],
        [3, 0.6000000000000001],
      ],
    ]);
  });

  it('marks zero and the Johnson–Neyman bounds, and puts the histogram on its own axis', () => {
    const lines = named('Marginal effect')[0].markLine?.data ?? [];
    expect(lines.map((l) => l.yAxis ?? l.xAxis)).toEqual([0, 4.2]);
    const hist = named('Distribution of the moderator')[0];
    expect(hist.yAxisIndex).toBe(1);
    expect(hist.data).toEqual([
      [2, 10],
      [4, 30],
    ]);
    expect((option.yAxis as Record<string, unknown>[])[1]).toMatchObject({ max: 120, show: false });
  });

  it('speaks Chinese and defines no rich text', () => {
    const zh = marginalEffectsOption({ language: 'zh', title: undefined, x_label: '不确定性', y_label: undefined }, { ...data, distribution: null, bins: [] });
    expect((zh.legend as { data: string[] }).data).toEqual(['边际效应', '90% 置信区间']);
    expect(zh.xAxis).toMatchObject({ name: '不确定性' });
    expect(JSON.stringify(zh)).not.toContain('"rich"');
  });
});

describe('rdplotOption', () => {
  const rdSpec = figureSpec.parse({ kind: 'rd_plot', source: 'x' });
  const rdData = {
    c: 0,
    bins: [
      { mean_bin: -0.5, mean_y: 1, side: 'left' as const, min_bin: -1, max_bin: 0, ci_lower: 0.8, ci_upper: 1.2 },
      { mean_bin: 0.5, mean_y: 2, side: 'right' as const, min_bin: 0, max_bin: 1, ci_lower: 1.7, ci_upper: 2.3 },
    ],
    curve: { left: { x: [-1, 0], y: [1, 1] }, right: { x: [0, 1], y: [2, 2] } },
  };

  it('draws no confidence intervals unless asked for, as R’s rdplot', () => {
    const option = rdplotOption(rdSpec, rdData);
    expect((option.legend as { data: string[] }).data).toEqual(['Bin means', 'Polynomial fit']);
    expect((option.series as Series[]).map((s) => s.name)).not.toContain('95% CI');
  });

  it('bases the y range on the bin means and the fit, not on a wide interval', () => {
    const wide = { ...rdData, bins: [rdData.bins[0], { ...rdData.bins[1], ci_lower: -100, ci_upper: 300 }] };
    for (const show_ci of [false, true]) {
      // Means and fit span 1…2: steps of 0.2 from 1 to 2, whatever the interval of the second bin.
      expect(rdplotOption({ ...rdSpec, show_ci }, wide).yAxis).toMatchObject({ min: 1, max: 2, interval: 0.2 });
    }
  });

  it('draws each bin’s confidence interval when asked, with a legend', () => {
    const option = rdplotOption({ ...rdSpec, show_ci: true }, rdData);
    expect((option.legend as { data: string[] }).data).toEqual(['Bin means', 'Polynomial fit', '95% CI']);
    const ci = (option.series as Series[]).find((s) => s.name === '95% CI');
    // Whisker, then caps a quarter of the bin width wide, for each bin.
    expect(ci?.data.slice(0, 3)).toEqual([[-0.5, 0.8], [-0.5, 1.2], [null, null]]);
    expect(ci?.data[3]).toEqual([-0.75, 0.8]);
  });
});
