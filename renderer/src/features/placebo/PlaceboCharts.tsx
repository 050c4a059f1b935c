import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaceboData } from '../../../../shared/charts/figureData';
import { placeboOption } from '../../../../shared/charts/options';
import { EChart } from '../../charts/EChart';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';
import { placeboPValueOption, type PValueChartData } from './pValueOption';

export interface PlaceboChartsProps {
  density: PlaceboData;
  pValues: PValueChartData | null;
  /** The analysis drawn (the figure's source, as an export of it names it). */
  source: string;
}

/**
 * The placebo distribution (kernel density over the histogram, the actual estimate marked:
 * the publication figure `placebo`) and the scatter of placebo p-values.
 */
export function PlaceboCharts({ density, pValues, source }: PlaceboChartsProps): ReactElement {
  const { t, i18n } = useTranslation();
  const densityOption = useMemo(
    () =>
      placeboOption(
        appFigureSpec({
          kind: 'placebo',
          source,
          title: t('policy.placebo.densityTitle'),
          x_label: t('policy.placebo.densityX'),
          y_label: t('policy.placebo.densityY'),
          language: outputLanguage(i18n.language),
        }),
        density,
      ),
    [density, source, t, i18n.language],
  );
  const pOption = useMemo(
    () =>
      pValues
        ? placeboPValueOption(pValues, {
            title: t('policy.placebo.pTitle'),
            xAxis: t('policy.placebo.densityX'),
            yAxis: t('policy.placebo.pY'),
            draws: t('policy.placebo.pDraws'),
            actual: t('policy.placebo.actual'),
            threshold: 'p = 0.1',
          })
        : null,
    [pValues, t],
  );
  return (
    <div className="chart-pair">
      <EChart option={densityOption} label={t('policy.placebo.densityTitle')} testId="placebo-density-chart" />
      {pOption ? <EChart option={pOption} label={t('policy.placebo.pTitle')} testId="placebo-p-chart" /> : null}
    </div>
  );
}
