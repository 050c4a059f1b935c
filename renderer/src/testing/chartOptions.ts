/**
 * What the charts of a component test drew, to compare with what "Export figure" writes.
 * A test replaces charts/EChart with a recording wrapper (the real chart still renders):
 *
 *   vi.mock('../../charts/EChart', async (original) => recordingEChart(await original()));
 *
 * then `drawnOption(testId)` is the option the chart with that test id was last given, and
 * `comparable(option)` drops what only the app adds (the interactive tooltip) and what JSON
 * cannot hold (formatter functions), so the app's option and the Node side's `figureOption`
 * for the exported spec compare with toEqual.
 */
import type { ReactElement } from 'react';
import type { ChartOption } from '../../../shared/charts/options';
import type { EChartProps } from '../charts/EChart';

const drawn = new Map<string, ChartOption>();

export function recordingEChart(original: { EChart: (props: EChartProps) => ReactElement }): { EChart: (props: EChartProps) => ReactElement } {
  return {
    EChart: (props) => {
      drawn.set(props.testId ?? props.label, props.option);
      return original.EChart(props);
    },
  };
}

/** The option last drawn by the chart with this test id (or label). */
export function drawnOption(testId: string): ChartOption {
  const option = drawn.get(testId);
  if (!option) throw new Error(`no chart "${testId}" was drawn; drawn: ${[...drawn.keys()].join(', ')}`);
  return option;
}

/** The figure without the app's tooltip and without functions. */
export function comparable(option: ChartOption): unknown {
  const { tooltip: _tooltip, ...figure } = option;
  return JSON.parse(JSON.stringify(figure)) as unknown;
}
