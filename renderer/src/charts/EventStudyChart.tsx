import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatEstimate } from '../components/format';
import { EChart } from './EChart';
import { eventStudyOption, type EventStudyPoint } from './eventStudyOption';

export interface EventStudyChartProps {
  points: EventStudyPoint[];
  outcome: string;
}

export function EventStudyChart({ points, outcome }: EventStudyChartProps): ReactElement {
  const { t } = useTranslation();
  const title = t('results.chartTitle', { outcome });
  const option = useMemo(
    () =>
      eventStudyOption(points, {
        title,
        xAxis: t('results.chartX'),
        yAxis: t('results.chartY'),
        estimate: t('results.chartEstimate'),
        ci: t('results.chartCi'),
        reference: t('results.chartReference'),
        binned: t('results.chartBinned'),
        tooltipPeriod: (period) => t('results.chartTooltipPeriod', { period }),
        tooltipCi: (low, high) =>
          t('results.chartTooltipCi', { low: formatEstimate(low), high: formatEstimate(high) }),
        formatNumber: (x) => formatEstimate(x),
      }),
    [points, title, t],
  );
  return <EChart option={option} label={title} testId="event-study-chart" />;
}
