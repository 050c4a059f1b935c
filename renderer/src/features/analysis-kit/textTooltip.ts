/**
 * An ECharts tooltip formatter that builds its content as DOM nodes filled with textContent:
 * ECharts inserts a returned string as HTML, a returned element as is, so labels from the data
 * (column names, group values) can never become markup.
 */
import type { DefaultLabelFormatterCallbackParams } from 'echarts';

export interface TooltipPoint {
  seriesName: string;
  /** "scatter", "line", "bar" …: tells the points of a figure from its lines and bands. */
  seriesType: string;
  dataIndex: number;
  value: unknown;
}

export function textTooltip(lines: (point: TooltipPoint) => string[] | null) {
  return (params: DefaultLabelFormatterCallbackParams | DefaultLabelFormatterCallbackParams[]): HTMLElement | string => {
    const first = Array.isArray(params) ? params[0] : params;
    if (!first) return '';
    const text = lines({ seriesName: String(first.seriesName ?? ''), seriesType: String(first.seriesType ?? ''), dataIndex: first.dataIndex, value: first.value });
    if (!text || text.length === 0) return '';
    const box = document.createElement('div');
    for (const line of text) {
      const div = document.createElement('div');
      div.textContent = line;
      box.appendChild(div);
    }
    return box;
  };
}
