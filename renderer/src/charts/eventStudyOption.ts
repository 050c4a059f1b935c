/**
 * The event-study chart as an ECharts option: point estimates with 95% CI error bars, the
 * reference period marked (drawn at zero, as the omitted period), a zero line, a title, axis
 * names and a legend. Pure: no DOM, so it is tested directly.
 *
 * Safety: user text (the outcome name in the title) is only placed where ECharts draws plain
 * text. No `rich` styles are defined anywhere, so zrender never parses `{style|text}` markup,
 * and the tooltip is built as DOM nodes with textContent (see eventStudyTooltip), never HTML.
 */
import type { ComposeOption } from 'echarts/core';
import type { CustomSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { CustomSeriesRenderItem, DefaultLabelFormatterCallbackParams } from 'echarts';
import { CHART_FONT_FAMILY } from './fonts';

export type EventStudyChartOption = ComposeOption<
  | CustomSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export interface EventStudyPoint {
  period: number;
  estimate: number | null;
  confLow: number | null;
  confHigh: number | null;
  isReference: boolean;
  /** An end point pooling every period beyond the window. */
  binned: boolean;
}

export interface EventStudyLabels {
  title: string;
  xAxis: string;
  yAxis: string;
  estimate: string;
  ci: string;
  reference: string;
  /** Tooltip line of an end point that pools the periods beyond the window. */
  binned: string;
  /** Tooltip lines, already translated and filled in. */
  tooltipPeriod: (period: number) => string;
  tooltipCi: (low: number, high: number) => string;
  /** Formats a number for the tooltip (the table's rounding). */
  formatNumber: (x: number) => string;
}

const COLORS = { estimate: '#1f5fa8', ci: '#1f5fa8', reference: '#c2410c', zero: '#6b7280' };

/** Half-width of an error-bar cap, in pixels. */
const CAP = 5;

const renderErrorBar: CustomSeriesRenderItem = (_params, api) => {
  const x = api.value(0);
  const low = api.coord([x, api.value(1)]);
  const high = api.coord([x, api.value(2)]);
  const style = { stroke: COLORS.ci, lineWidth: 1.5 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
      { type: 'line', shape: { x1: low[0] - CAP, y1: low[1], x2: low[0] + CAP, y2: low[1] }, style },
      { type: 'line', shape: { x1: high[0] - CAP, y1: high[1], x2: high[0] + CAP, y2: high[1] }, style },
    ],
  };
};

/**
 * Tooltip content as DOM nodes filled with textContent: ECharts inserts a returned string as
 * HTML, a returned element as is.
 */
function eventStudyTooltip(points: EventStudyPoint[], labels: EventStudyLabels) {
  return (params: DefaultLabelFormatterCallbackParams | DefaultLabelFormatterCallbackParams[]): HTMLElement => {
    const first = Array.isArray(params) ? params[0] : params;
    const value = first?.value;
    const period = Number(Array.isArray(value) ? value[0] : NaN);
    const point = points.find((p) => p.period === period);
    const box = document.createElement('div');
    const line = (text: string): void => {
      const div = document.createElement('div');
      div.textContent = text;
      box.appendChild(div);
    };
    line(labels.tooltipPeriod(period));
    if (point?.isReference) {
      line(labels.reference);
    } else if (point) {
      if (point.estimate !== null) line(`${labels.estimate}: ${labels.formatNumber(point.estimate)}`);
      if (point.confLow !== null && point.confHigh !== null) {
        line(labels.tooltipCi(point.confLow, point.confHigh));
      }
      if (point.binned) line(labels.binned);
    }
    return box;
  };
}

export function eventStudyOption(points: EventStudyPoint[], labels: EventStudyLabels): EventStudyChartOption {
  const periods = points.map((p) => String(p.period));
  const reference = points.find((p) => p.isReference) ?? null;
  const estimates = points
    .filter((p) => !p.isReference && p.estimate !== null)
    .map((p) => [String(p.period), p.estimate as number]);
  const intervals = points
    .filter((p) => !p.isReference && p.confLow !== null && p.confHigh !== null)
    .map((p) => [String(p.period), p.confLow as number, p.confHigh as number]);

  return {
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    animation: false,
    title: {
      text: labels.title,
      left: 'center',
      top: 8,
      textStyle: { fontSize: 15, fontWeight: 'bold', fontFamily: CHART_FONT_FAMILY },
    },
    legend: {
      top: 36,
      data: [
        { name: labels.estimate, icon: 'circle' },
        // A thin vertical bar reads as an error bar; the default icon would be a filled box.
        { name: labels.ci, icon: 'path://M4,0 L6,0 L6,14 L4,14 Z' },
        ...(reference ? [{ name: labels.reference, icon: 'diamond' }] : []),
      ],
      textStyle: { fontFamily: CHART_FONT_FAMILY },
    },
    grid: { left: 72, right: 32, top: 80, bottom: 64 },
    tooltip: { trigger: 'item', confine: true, formatter: eventStudyTooltip(points, labels) },
    xAxis: {
      type: 'category',
      data: periods,
      name: labels.xAxis,
      nameLocation: 'middle',
      nameGap: 36,
      axisTick: { alignWithLabel: true },
    },
    yAxis: {
      type: 'value',
      name: labels.yAxis,
      nameLocation: 'middle',
      nameGap: 52,
      scale: true,
      splitLine: { lineStyle: { type: 'dashed', opacity: 0.5 } },
    },
    series: [
      {
        type: 'custom',
        name: labels.ci,
        renderItem: renderErrorBar,
        encode: { x: 0, y: [1, 2] },
        data: intervals,
        itemStyle: { color: COLORS.ci },
        z: 1,
      },
      {
        type: 'scatter',
        name: labels.estimate,
        data: estimates,
        symbol: 'circle',
        symbolSize: 9,
        itemStyle: { color: COLORS.estimate },
        z: 3,
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: false },
          lineStyle: { color: COLORS.zero, type: 'solid', width: 1 },
          data: [{ yAxis: 0 }],
        },
      },
      ...(reference
        ? [
            {
              type: 'scatter' as const,
              name: labels.reference,
              data: [[String(reference.period), 0]],
              symbol: 'diamond',
              symbolSize: 12,
              itemStyle: { color: COLORS.reference },
              z: 4,
              markLine: {
                silent: true,
                symbol: 'none',
                label: { show: true, formatter: labels.reference, color: COLORS.reference, position: 'end' as const },
                lineStyle: { color: COLORS.reference, type: 'dashed' as const, width: 1 },
                data: [{ xAxis: String(reference.period) }],
              },
            },
          ]
        : []),
    ],
  };
}
