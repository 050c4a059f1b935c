import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoefPoint } from '../../../../shared/charts/figureData';
import { coefficientOption, type ChartOption } from '../../../../shared/charts/options';
import type { FigureSpec } from '../../../../shared/specs/figure';
import { formatEstimate } from '../../components/format';
import { FigureChart } from '../publish/FigureChart';
import { textTooltip } from './textTooltip';

export interface CoefficientChartProps {
  /** The figure (a coefficient-plot kind): its title, axis name and the rows' labels by term. */
  spec: FigureSpec;
  /** The rows as the figure export reads them from the result (shared/charts/resultFigures.ts). */
  rows: CoefPoint[];
  testId: string;
}

/**
 * A coefficient plot (shared/charts/options.ts, the exported figure) of labelled estimates with
 * their intervals, one row each, a tooltip of text nodes and "Export figure": subgroup effects,
 * RD checks, aggregated ATTs.
 */
export function CoefficientChart({ spec, rows, testId }: CoefficientChartProps): ReactElement {
  const { t } = useTranslation();
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
          return row
            ? [spec.labels[row.term] ?? row.term, t('rdmech.charts.estimateCi', { estimate: formatEstimate(row.estimate), low: formatEstimate(row.conf_low), high: formatEstimate(row.conf_high) })]
            : null;
        }),
      },
    }),
    [spec, rows, t],
  );
  return <FigureChart spec={spec} option={option} height={Math.max(220, 110 + rows.length * 32)} testId={testId} />;
}
