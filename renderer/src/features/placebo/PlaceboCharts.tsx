import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaceboData, PlaceboPValueData } from '../../../../shared/charts/figureData';
import { placeboOption, placeboPValueOption } from '../../../../shared/charts/options';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';
import { FigureChart } from '../publish/FigureChart';

export interface PlaceboChartsProps {
  density: PlaceboData;
  pValues: PlaceboPValueData | null;
  /** The analysis drawn (the figures' source, as their exports name it). */
  source: string;
}

/**
 * The placebo distribution (kernel density over the histogram, the actual estimate marked:
 * the publication figure `placebo`) and the scatter of placebo p-values (`placebo_pvalues`),
 * each with "Export figure".
 */
export function PlaceboCharts({ density, pValues, source }: PlaceboChartsProps): ReactElement {
  const { t, i18n } = useTranslation();
  const language = outputLanguage(i18n.language);
  const densitySpec = useMemo(
    () => appFigureSpec({ kind: 'placebo', source, title: t('policy.placebo.densityTitle'), x_label: t('policy.placebo.densityX'), y_label: t('policy.placebo.densityY'), language }),
    [source, t, language],
  );
  const pSpec = useMemo(
    () => appFigureSpec({ kind: 'placebo_pvalues', source, title: t('policy.placebo.pTitle'), x_label: t('policy.placebo.densityX'), y_label: t('policy.placebo.pY'), language }),
    [source, t, language],
  );
  const densityOption = useMemo(() => placeboOption(densitySpec, density), [densitySpec, density]);
  const pOption = useMemo(() => (pValues ? placeboPValueOption(pSpec, pValues) : null), [pSpec, pValues]);
  return (
    <div className="chart-pair">
      <div>
        <FigureChart spec={densitySpec} option={densityOption} testId="placebo-density-chart" />
      </div>
      {pOption ? (
        <div>
          <FigureChart spec={pSpec} option={pOption} testId="placebo-p-chart" />
        </div>
      ) : null}
    </div>
  );
}
