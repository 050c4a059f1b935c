/**
 * The observed unit × period heat-map of the panel diagnostics as an ECharts option: one row
 * per unit (or per observation pattern in a large panel), one column per period; a cell is
 * "not observed", "observed once" or "observed more than once" (a duplicate). Pure: labels
 * come in as text, the tooltip is built from text nodes by the caller.
 */
import type { PanelDiagnosticsView } from '../../../../shared/contract-data';
import type { ChartOption } from '../../../../shared/charts/options';
import { CHART_FONT_FAMILY } from '../../charts/fonts';

export interface HeatmapText {
  title: string;
  xName: string;
  yName: string;
  missing: string;
  once: string;
  repeated: string;
  /** A pattern row's label in a large panel: the pattern and how many units share it. */
  patternRow: (pattern: string, units: number) => string;
}

/** Pixel height that gives every row room (ECharts needs a size before it draws). */
export function heatmapHeight(rows: number): number {
  return Math.max(220, Math.min(900, 130 + 16 * rows));
}

export function heatmapOption(view: PanelDiagnosticsView, text: HeatmapText, tooltip?: unknown): ChartOption {
  const { rows } = view.heatmap;
  // The first unit on top: ECharts counts category rows from the bottom.
  const labels = rows.map((r) => (view.heatmap.mode === 'patterns' ? text.patternRow(r.label, r.units) : r.label)).reverse();
  const data: [number, number, number][] = [];
  rows.forEach((r, k) => r.cells.forEach((c, p) => data.push([p, rows.length - 1 - k, Math.min(c, 2)])));
  return {
    animation: false,
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: { text: text.title, left: 'center', top: 4, textStyle: { fontSize: 14, fontWeight: 'bold' } },
    tooltip: tooltip ? { trigger: 'item', formatter: tooltip } : { show: false },
    grid: { left: 12, right: 24, top: 56, bottom: 64, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'category', name: text.xName, nameLocation: 'middle', nameGap: 28, data: view.periods.map(String), splitArea: { show: true } },
    yAxis: { type: 'category', name: text.yName, nameLocation: 'end', data: labels, axisLabel: { fontSize: 11 }, splitArea: { show: true } },
    visualMap: {
      type: 'piecewise',
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      dimension: 2,
      pieces: [
        { value: 0, label: text.missing, color: '#e5e7eb' },
        { value: 1, label: text.once, color: '#1f5fa8' },
        { value: 2, label: text.repeated, color: '#b42318' },
      ],
    },
    series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#ffffff', borderWidth: 1 }, emphasis: { itemStyle: { borderColor: '#111827' } } }],
  };
}
