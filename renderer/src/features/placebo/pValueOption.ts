/**
 * The scatter of placebo estimates against their p-values, as policy papers draw it next to
 * the density: most draws should be insignificant (above the 10% line) and centred on zero,
 * far from the actual estimate. Drawn in the publication style of shared/charts/options.ts.
 */
import { ACCENT, GREY, INK, axis, base, zeroLine, type ChartOption } from '../../../../shared/charts/options';

export interface PValueChartData {
  estimate: readonly number[];
  p: readonly number[];
  actual: number;
}

export interface PValueChartLabels {
  title: string;
  xAxis: string;
  yAxis: string;
  draws: string;
  actual: string;
  /** Label of the horizontal line at p = 0.1. */
  threshold: string;
}

export function placeboPValueOption(d: PValueChartData, labels: PValueChartLabels): ChartOption {
  const xs = [...d.estimate, d.actual];
  const pad = (Math.max(...xs) - Math.min(...xs)) * 0.05 || 0.01;
  const frame = base({ title: labels.title }, { legend: [labels.draws, labels.actual] });
  return {
    ...frame,
    // Room on the right for the label of the 10% line.
    grid: { ...(frame.grid as Record<string, unknown>), right: 64 },
    xAxis: axis(labels.xAxis, { type: 'value', min: Math.min(...xs) - pad, max: Math.max(...xs) + pad, nameGap: 30 }),
    yAxis: axis(labels.yAxis, { type: 'value', min: 0, max: 1, nameGap: 44 }),
    series: [
      {
        name: labels.draws,
        type: 'scatter',
        data: d.estimate.map((x, i) => [x, d.p[i]]),
        symbol: 'circle',
        symbolSize: 4,
        itemStyle: { color: 'transparent', borderColor: INK, borderWidth: 0.8, opacity: 0.7 },
        markLine: zeroLine('yAxis', 0.1, GREY, labels.threshold),
      },
      {
        name: labels.actual,
        type: 'line',
        data: [],
        symbol: 'none',
        lineStyle: { color: ACCENT, type: 'dashed' },
        itemStyle: { color: ACCENT },
        markLine: zeroLine('xAxis', d.actual, ACCENT),
      },
    ],
  };
}
