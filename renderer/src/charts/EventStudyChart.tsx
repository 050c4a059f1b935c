import { useMemo, type ReactElement } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatEstimate } from '../components/format';
import { EChart } from './EChart';
import { eventStudyOption, type EventStudyPoint, type EventStudyTooltipLabels } from './eventStudyOption';
import { eventStudyFigureSpec } from './figureSpecs';

export interface EventStudyChartProps {
  points: EventStudyPoint[];
  outcome: string;
  /** The analysis drawn (the figure spec's source, as in an export of this chart). */
  source?: string;
}

/** The event-study tooltip's texts in the UI language (also for other event-time charts). */
export function eventStudyTooltipLabels(t: TFunction): EventStudyTooltipLabels {
  return {
    estimate: t('results.chartEstimate'),
    reference: t('results.chartReference'),
    binned: t('results.chartBinned'),
    period: (period) => t('results.chartTooltipPeriod', { period }),
    ci: (low, high) => t('results.chartTooltipCi', { low: formatEstimate(low), high: formatEstimate(high) }),
    formatNumber: (x) => formatEstimate(x),
  };
}

export function EventStudyChart({ points, outcome, source = 'app' }: EventStudyChartProps): ReactElement {
  const { t, i18n } = useTranslation();
  const spec = useMemo(() => eventStudyFigureSpec(t, i18n.language, outcome, source), [t, i18n.language, outcome, source]);
  const option = useMemo(
    () =>
      eventStudyOption(points, spec, eventStudyTooltipLabels(t)),
    [points, spec, t],
  );
  return <EChart option={option} label={spec.title ?? ''} testId="event-study-chart" />;
}
