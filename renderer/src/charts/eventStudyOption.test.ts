// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { eventStudyOption as figureEventStudyOption } from '../../../shared/charts/options';
import { FIGURE_FONT_FAMILY } from '../../../shared/charts/fonts';
import { eventStudyOption, toFigurePoints, type EventStudyPoint, type EventStudyTooltipLabels } from './eventStudyOption';
import { appFigureSpec, eventStudyFigureSpec, outputLanguage } from './figureSpecs';

const tooltip: EventStudyTooltipLabels = {
  estimate: 'Estimate',
  reference: 'Reference period',
  binned: 'End point',
  period: (p) => `Period ${p}`,
  ci: (lo, hi) => `CI [${lo}, ${hi}]`,
  formatNumber: (x) => x.toFixed(2),
};

const spec = appFigureSpec({
  kind: 'event_study',
  source: 'a1',
  title: 'Event study: <img src=x onerror=alert(1)> {a|b}',
  x_label: 'Periods relative to treatment',
  y_label: 'Estimate and 95% CI',
});

const points: EventStudyPoint[] = [
  { period: -2, estimate: 0.02, confLow: -0.01, confHigh: 0.05, isReference: false, binned: true },
  { period: -1, estimate: 0, confLow: null, confHigh: null, isReference: true, binned: false },
  { period: 0, estimate: -0.03, confLow: -0.06, confHigh: 0, isReference: false, binned: false },
  { period: 1, estimate: null, confLow: null, confHigh: null, isReference: false, binned: false },
];

type Series = { type: string; name: string; data: unknown[] };

describe('eventStudyOption (the publication figure plus a tooltip)', () => {
  const option = eventStudyOption(points, spec, tooltip);

  it('is the exported figure: the shared option for the same spec and points', () => {
    const { tooltip: _tooltip, ...figure } = option;
    expect(JSON.stringify(figure)).toBe(JSON.stringify(figureEventStudyOption(spec, toFigurePoints(points))));
  });

  it('has the title, axis names, legend and the figure font stack', () => {
    expect(option.title).toMatchObject({ text: spec.title });
    expect(option.xAxis).toMatchObject({ name: 'Periods relative to treatment' });
    expect(option.yAxis).toMatchObject({ name: 'Estimate and 95% CI' });
    expect((option.legend as { data: string[] }).data).toEqual(['Estimate', '95% CI', 'Reference period']);
    expect(option.textStyle).toMatchObject({ fontFamily: FIGURE_FONT_FAMILY });
  });

  it('draws estimates, drops periods without one, and puts the reference period at zero', () => {
    expect(toFigurePoints(points)).toEqual([
      { period: -2, estimate: 0.02, conf_low: -0.01, conf_high: 0.05, reference: false },
      { period: -1, estimate: 0, conf_low: null, conf_high: null, reference: true },
      { period: 0, estimate: -0.03, conf_low: -0.06, conf_high: 0, reference: false },
    ]);
    const byName = new Map((option.series as Series[]).map((s) => [s.name, s]));
    expect(byName.get('Estimate')?.data).toEqual([
      [-2, 0.02],
      [0, -0.03],
    ]);
    expect(byName.get('Reference period')?.data).toEqual([[-1, 0]]);
  });

  it('defines no rich-text styles, so labels from data are drawn as plain text', () => {
    expect(JSON.stringify(option)).not.toContain('"rich"');
  });

  it('builds the tooltip as text nodes', () => {
    const formatter = (option.tooltip as { formatter: (p: unknown) => HTMLElement }).formatter;
    const el = formatter({ value: [0, -0.03] });
    expect(el.textContent).toBe('Period 0Estimate: -0.03CI [-0.06, 0]');
    expect(el.querySelector('img')).toBeNull();
    expect(formatter({ value: [-2, 0.02] }).textContent).toBe('Period -2Estimate: 0.02CI [-0.01, 0.05]End point');
    expect(formatter({ value: [-1, 0] }).textContent).toBe('Period -1Reference period');
  });
});

describe('figure specs of the app', () => {
  it('maps the UI language to the figure language', () => {
    expect(outputLanguage('zh-CN')).toBe('zh');
    expect(outputLanguage('en')).toBe('en');
  });

  it('builds the event-study spec from translated texts, defaults filled in', () => {
    const t = ((key: string, o?: { outcome?: string }) => (o?.outcome !== undefined ? `${key}:${o.outcome}` : key)) as unknown as Parameters<typeof eventStudyFigureSpec>[0];
    expect(eventStudyFigureSpec(t, 'zh-CN', 'lemp', 'a1')).toEqual({
      kind: 'event_study',
      source: 'a1',
      title: 'results.chartTitle:lemp',
      x_label: 'results.chartX',
      y_label: 'results.chartY',
      language: 'zh',
      width: 720,
      height: 450,
      dpi: 300,
      labels: {},
      reference_period: -1,
    });
  });
});
