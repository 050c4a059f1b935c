import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScoreDensityData } from '../../../../shared/charts/figureData';
import { scoreDensityOption } from '../../../../shared/charts/options';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';
import { FigureChart } from '../publish/FigureChart';

export interface ScoreDensityPlotProps {
  data: ScoreDensityData;
  source: string;
  /** Of a PSM-DID: the position of the matching drawn (the figure spec's panel). */
  panel?: string;
}

/** Propensity-score densities of treated and controls before and after matching (the psm_density figure). */
export function ScoreDensityPlot({ data, source, panel }: ScoreDensityPlotProps): ReactElement {
  const { t, i18n } = useTranslation();
  const spec = useMemo(
    () =>
      appFigureSpec({
        kind: 'psm_density',
        source,
        panel,
        title: t('policy.psm.densityTitle'),
        x_label: t('policy.psm.pscore'),
        y_label: t('policy.placebo.densityY'),
        language: outputLanguage(i18n.language),
      }),
    [source, panel, t, i18n.language],
  );
  const option = useMemo(() => scoreDensityOption(spec, data), [spec, data]);
  return <FigureChart spec={spec} option={option} testId="psm-density-chart" height={400} />;
}
