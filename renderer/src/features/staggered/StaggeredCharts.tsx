/**
 * The staggered-adoption charts, each the publication figure of shared/charts/options.ts (what
 * "Export figure" under it writes) with the app's translated title, axis names and labels.
 * Loaded lazily: ECharts comes with the first chart.
 */
import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { BaconChartData, CoefPoint, CompareChartData } from '../../../../shared/charts/figureData';
import { baconOption, coefficientOption, eventStudyCompareOption } from '../../../../shared/charts/options';
import type { FigureKind, FigureSpec } from '../../../../shared/specs/figure';
import { eventStudyTooltipLabels } from '../../charts/EventStudyChart';
import { eventStudyOption, type EventStudyPoint } from '../../charts/eventStudyOption';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';
import { FigureChart } from '../publish/FigureChart';

interface Titles {
  title: string;
  xLabel: string;
  yLabel: string;
  /** The analysis drawn (the figure's source, as an export names it). */
  source: string;
  testId: string;
  /** Names of terms, comparison types or estimators on the figure, by their key in the result. */
  labels?: Record<string, string>;
}

function useFigureSpec(kind: FigureKind, { title, xLabel, yLabel, source, labels }: Titles, terms?: string[]): FigureSpec {
  const { i18n } = useTranslation();
  return useMemo(
    () => appFigureSpec({ kind, source, title, x_label: xLabel, y_label: yLabel, labels, terms, language: outputLanguage(i18n.language) }),
    [kind, source, title, xLabel, yLabel, labels, terms, i18n.language],
  );
}

/** Estimates by event time with 95% CIs (the event-study figure, with its tooltip). */
export function EventPlot({ points, ...titles }: Titles & { points: EventStudyPoint[] }): ReactElement {
  const { t } = useTranslation();
  const spec = useFigureSpec('event_study', titles);
  const option = useMemo(() => eventStudyOption(points, spec, eventStudyTooltipLabels(t)), [points, spec, t]);
  return <FigureChart spec={spec} option={option} testId={titles.testId} />;
}

/** Estimates with CIs by group or period (the coefficient figure of these terms, in this order). */
export function CoefPlot({ rows, ...titles }: Titles & { rows: CoefPoint[] }): ReactElement {
  const terms = useMemo(() => rows.map((r) => r.term), [rows]);
  const spec = useFigureSpec('coefficients', titles, terms);
  const option = useMemo(() => coefficientOption(spec, rows), [spec, rows]);
  return <FigureChart spec={spec} option={option} testId={titles.testId} height={Math.max(260, 80 + rows.length * 34)} />;
}

/** 2×2 estimates against their weights, by comparison type, with the TWFE line. */
export function BaconPlot({ data, ...titles }: Titles & { data: BaconChartData }): ReactElement {
  const spec = useFigureSpec('bacon', titles);
  const option = useMemo(() => baconOption(spec, data), [spec, data]);
  return <FigureChart spec={spec} option={option} testId={titles.testId} height={420} />;
}

/** Several estimators' event studies on one axis, markers offset around each event time. */
export function ComparePlot({ data, ...titles }: Titles & { data: CompareChartData }): ReactElement {
  const spec = useFigureSpec('event_study', titles);
  const option = useMemo(() => eventStudyCompareOption(spec, data), [spec, data]);
  return <FigureChart spec={spec} option={option} testId={titles.testId} height={440} />;
}
