import { describe, expect, it } from 'vitest';
import { figureSpec } from '../specs/figure';
import { baconOption } from './options';

describe('baconOption', () => {
  const spec = figureSpec.parse({ kind: 'bacon', source: 'test' });
  const option = baconOption(spec, {
    series: [{ type: 'Treated vs Untreated', points: [{ x: 0.4, y: 0.05, label: '2004 vs never' }] }],
    reference_y: -0.25,
  });
  const series = option.series as { type: string; data: number[][]; symbolSize: number; markLine?: { label: { position: string } } }[];

  it('keeps the TWFE line in range through the data, so the axis keeps round ticks', () => {
    const yAxis = option.yAxis as Record<string, unknown>;
    expect(yAxis.min).toBeUndefined();
    expect(yAxis.max).toBeUndefined();
    const hidden = series[series.length - 1];
    expect(hidden).toMatchObject({ type: 'scatter', data: [[0, -0.25]], symbolSize: 0 });
  });

  it('puts the TWFE label inside the plot', () => {
    expect(series[0].markLine?.label.position).toBe('insideEndTop');
  });
});
