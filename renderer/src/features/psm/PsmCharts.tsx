import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScoreDensityData } from '../../../../shared/charts/figureData';
import { scoreDensityOption } from '../../../../shared/charts/options';
import { EChart } from '../../charts/EChart';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';

/** Propensity-score densities of treated and controls before and after matching (the psm_density figure). */
export function ScoreDensityPlot({ data, source }: { data: ScoreDensityData; source: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const title = t('policy.psm.densityTitle');
  const option = useMemo(
    () =>
      scoreDensityOption(
        appFigureSpec({ kind: 'psm_density', source, title, x_label: t('policy.psm.pscore'), y_label: t('policy.placebo.densityY'), language: outputLanguage(i18n.language) }),
        data,
      ),
    [data, source, title, t, i18n.language],
  );
  return <EChart option={option} label={title} testId="psm-density-chart" height={400} />;
}
