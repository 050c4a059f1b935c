/**
 * The staggered-adoption charts, each the publication figure of shared/charts/options.ts (what
 * an export of it draws) with the app's translated title and axis names. Loaded lazily: ECharts
 * comes with the first chart.
 */
import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { BaconChartData, CoefPoint, CompareChartData } from '../../../../shared/charts/figureData';
import { baconOption, coefficientOption, eventStudyCompareOption } from '../../../../shared/charts/options';
import type { FigureKind } from '../../../../shared/specs/figure';
import { EChart } from '../../charts/EChart';
import { eventStudyTooltipLabels } from '../../charts/EventStudyChart';
import { eventStudyOption, type EventStudyPoint } from '../../charts/eventStudyOption';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';

interface Titles {
  title: string;
  xLabel: string;
  yLabel: string;
  /** The analysis drawn (the figure's source, as an export names it). */
  source: string;
  testId: string;
}

function useFigureSpec(kind: FigureKind, { title, xLabel, yLabel, source }: Titles) {
  const { i18n } = useTranslation();
  return useMemo(
    () => appFigureSpec({ kind, source, title, x_label: xLabel, y_label: yLabel, language: outputLanguage(i18n.language) }),
    [kind, source, title, xLabel, yLabel, i18n.language],
  );
}

/** Estimates by event time with 95% CIs (the event-study figure, with its tooltip). */
export function EventPlot({ points, ...titles }: Titles & { points: EventStudyPoint[] }): ReactElement {
  const { t } = useTranslation();
  const spec = useFigureSpec('event_study', titles);
  const option = useMemo(
    () =>
      eventStudyOption(points, spec, eventStudyTooltipLabels(t)),
    [points, spec, t],
  );
  return <EChart option={option} label={titles.title} testId={titles.testId} />;
}

/** Estimates with CIs by group or period (the coefficient figure). */
export function CoefPlot({ rows, ...titles }: Titles & { rows: CoefPoint[] }): ReactElement {
  const spec = useFigureSpec('coefficients', titles);
  const option = useMemo(() => coefficientOption(spec, rows), [spec, rows]);
  return <EChart option={option} label={titles.title} testId={titles.testId} height={Math.max(260, 80 + rows.length * 34)} />;
}

/** 2×2 estimates against their weights, by comparison type, with the TWFE line. */
export function BaconPlot({ data, ...titles }: Titles & { data: BaconChartData }): ReactElement {
  const spec = useFigureSpec('bacon', titles);
  const option = useMemo(() => baconOption(spec, data), [spec, data]);
  return <EChart option={option} label={titles.title} testId={titles.testId} height={420} />;
}

/** Several estimators' event studies on one axis, markers offset around each event time. */
export function ComparePlot({ data, ...titles }: Titles & { data: CompareChartData }): ReactElement {
  const spec = useFigureSpec('event_study', titles);
  const option = useMemo(() => eventStudyCompareOption(spec, data), [spec, data]);
  return <EChart option={option} label={titles.title} testId={titles.testId} height={440} />;
}
