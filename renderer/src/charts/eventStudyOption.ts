/**
 * The event-study chart of the results view. The figure itself is the publication figure
 * (shared/charts/options.ts eventStudyOption, the same function the PNG/SVG export and
 * `causeway figure` call), so what the app shows is what gets exported; this module only maps
 * the view's points onto it and adds the interactive tooltip.
 *
 * Safety: user text (the outcome name in the title) is only placed where ECharts draws plain
 * text. The shared option defines no `rich` styles, so zrender never parses `{style|text}`
 * markup, and the tooltip is built as DOM nodes with textContent, never HTML.
 */
import type { DefaultLabelFormatterCallbackParams } from 'echarts';
import type { EventPoint } from '../../../shared/charts/figureData';
import { eventStudyOption as figureEventStudyOption, type ChartOption } from '../../../shared/charts/options';
import type { FigureSpec } from '../../../shared/specs/figure';

export interface EventStudyPoint {
  period: number;
  estimate: number | null;
  confLow: number | null;
  confHigh: number | null;
  isReference: boolean;
  /** An end point pooling every period beyond the window. */
  binned: boolean;
}

/** Tooltip texts, already translated and filled in. */
export interface EventStudyTooltipLabels {
  estimate: string;
  reference: string;
  /** Line of an end point that pools the periods beyond the window. */
  binned: string;
  period: (period: number) => string;
  ci: (low: number, high: number) => string;
  /** Formats a number for the tooltip (the table's rounding). */
  formatNumber: (x: number) => string;
}

/** The view's points as the figure's: periods without an estimate are not drawn. */
export function toFigurePoints(points: EventStudyPoint[]): EventPoint[] {
  return points
    .filter((p) => p.isReference || p.estimate !== null)
    .map((p) => ({
      period: p.period,
      estimate: p.isReference ? 0 : (p.estimate as number),
      conf_low: p.isReference ? null : p.confLow,
      conf_high: p.isReference ? null : p.confHigh,
      reference: p.isReference,
    }));
}

/**
 * Tooltip content as DOM nodes filled with textContent: ECharts inserts a returned string as
 * HTML, a returned element as is.
 */
function eventStudyTooltip(points: EventStudyPoint[], labels: EventStudyTooltipLabels) {
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
    line(labels.period(period));
    if (point?.isReference) {
      line(labels.reference);
    } else if (point) {
      if (point.estimate !== null) line(`${labels.estimate}: ${labels.formatNumber(point.estimate)}`);
      if (point.confLow !== null && point.confHigh !== null) line(labels.ci(point.confLow, point.confHigh));
      if (point.binned) line(labels.binned);
    }
    return box;
  };
}

/** The publication event-study figure of `spec` with a tooltip on the points. */
export function eventStudyOption(points: EventStudyPoint[], spec: FigureSpec, tooltip: EventStudyTooltipLabels): ChartOption {
  return {
    ...figureEventStudyOption(spec, toFigurePoints(points)),
    tooltip: { trigger: 'item', confine: true, formatter: eventStudyTooltip(points, tooltip) },
  };
}
