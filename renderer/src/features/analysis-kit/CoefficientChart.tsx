import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoefPoint } from '../../../../shared/charts/figureData';
import { coefficientOption, type ChartOption } from '../../../../shared/charts/options';
import { EChart } from '../../charts/EChart';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';
import { formatEstimate } from '../../components/format';
import { textTooltip } from './textTooltip';

export interface CoefficientChartProps {
  rows: CoefPoint[];
  title: string;
  xLabel: string;
  /** The analysis drawn (the figure spec's source, as in an export). */
  source: string;
  testId: string;
}

/**
 * A coefficient plot (shared/charts/options.ts, the exported figure) of labelled estimates with
 * their intervals, one row each, and a tooltip of text nodes: subgroup effects, RD checks.
 */
export function CoefficientChart({ rows, title, xLabel, source, testId }: CoefficientChartProps): ReactElement {
  const { t, i18n } = useTranslation();
  const spec = useMemo(() => appFigureSpec({ kind: 'coefficients', source, title, x_label: xLabel, language: outputLanguage(i18n.language) }), [source, title, xLabel, i18n.language]);
  const option = useMemo<ChartOption>(
    () => ({
      ...coefficientOption(spec, rows),
      tooltip: {
        trigger: 'item',
        confine: true,
        // The figure puts row i at y = rows.length − 1 − i (top to bottom in the given order).
        formatter: textTooltip(({ value, seriesType }) => {
          if (seriesType !== 'scatter' || !Array.isArray(value) || typeof value[1] !== 'number') return null;
          const row = rows[rows.length - 1 - value[1]];
          return row ? [row.term, t('rdmech.charts.estimateCi', { estimate: formatEstimate(row.estimate), low: formatEstimate(row.conf_low), high: formatEstimate(row.conf_high) })] : null;
        }),
      },
    }),
    [spec, rows, t],
  );
  return <EChart option={option} label={title} height={Math.max(220, 110 + rows.length * 32)} testId={testId} />;
}
