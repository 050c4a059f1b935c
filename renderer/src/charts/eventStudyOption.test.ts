// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { eventStudyOption, type EventStudyLabels, type EventStudyPoint } from './eventStudyOption';
import { CHART_FONT_FAMILY } from './fonts';

const labels: EventStudyLabels = {
  title: 'Event study: <img src=x onerror=alert(1)> {a|b}',
  xAxis: 'Periods relative to treatment',
  yAxis: 'Estimate and 95% CI',
  estimate: 'Estimate',
  ci: '95% CI',
  reference: 'Reference period',
  binned: 'End point',
  tooltipPeriod: (p) => `Period ${p}`,
  tooltipCi: (lo, hi) => `CI [${lo}, ${hi}]`,
  formatNumber: (x) => x.toFixed(2),
};

const points: EventStudyPoint[] = [
  { period: -2, estimate: 0.02, confLow: -0.01, confHigh: 0.05, isReference: false, binned: true },
  { period: -1, estimate: 0, confLow: null, confHigh: null, isReference: true, binned: false },
  { period: 0, estimate: -0.03, confLow: -0.06, confHigh: 0, isReference: false, binned: false },
  { period: 1, estimate: null, confLow: null, confHigh: null, isReference: false, binned: false },
];

type Series = { type: string; name: string; data: unknown[]; markLine?: { data: unknown[] } };

describe('eventStudyOption', () => {
  const option = eventStudyOption(points, labels);
  const series = option.series as Series[];

  it('has a title, axis names, a legend and a CJK-capable font', () => {
    expect(option.title).toMatchObject({ text: labels.title });
    expect(option.xAxis).toMatchObject({ name: labels.xAxis, data: ['-2', '-1', '0', '1'] });
    expect(option.yAxis).toMatchObject({ name: labels.yAxis });
    const legend = option.legend as { data: { name: string }[] };
    expect(legend.data.map((d) => d.name)).toEqual(['Estimate', '95% CI', 'Reference period']);
    expect(option.textStyle).toMatchObject({ fontFamily: CHART_FONT_FAMILY });
  });

  it('draws estimates, CI bars only where the result has bounds, and the reference period', () => {
    const byName = new Map(series.map((s) => [s.name, s]));
    expect(byName.get('Estimate')?.data).toEqual([
      ['-2', 0.02],
      ['0', -0.03],
    ]);
    expect(byName.get('95% CI')?.data).toEqual([
      ['-2', -0.01, 0.05],
      ['0', -0.06, 0],
    ]);
    expect(byName.get('Reference period')?.data).toEqual([['-1', 0]]);
    expect(byName.get('Reference period')?.markLine?.data).toEqual([{ xAxis: '-1' }]);
  });

  it('draws a zero line', () => {
    expect(series.find((s) => s.name === 'Estimate')?.markLine?.data).toEqual([{ yAxis: 0 }]);
  });

  it('defines no rich-text styles, so labels from data are drawn as plain text', () => {
    expect(JSON.stringify(option)).not.toContain('"rich"');
  });

  it('omits the reference legend entry when there is no reference period', () => {
    const plain = eventStudyOption(points.filter((p) => !p.isReference), labels);
    expect((plain.legend as { data: { name: string }[] }).data.map((d) => d.name)).toEqual(['Estimate', '95% CI']);
    expect((plain.series as Series[]).map((s) => s.name)).toEqual(['95% CI', 'Estimate']);
  });

  it('builds the tooltip as text nodes', () => {
    const tooltip = option.tooltip as { formatter: (p: unknown) => HTMLElement };
    const el = tooltip.formatter({ value: ['0', -0.03] });
    expect(el.textContent).toBe('Period 0Estimate: -0.03CI [-0.06, 0]');
    expect(el.querySelector('img')).toBeNull();
    expect(tooltip.formatter({ value: ['-2', -0.01, 0.05] }).textContent).toBe('Period -2Estimate: 0.02CI [-0.01, 0.05]End point');
    const ref = tooltip.formatter({ value: ['-1', 0] });
    expect(ref.textContent).toBe('Period -1Reference period');
  });
});
