/**
 * Figure specs of the RD result views (shared/specs/figure.ts): one spec drives the chart on
 * screen and "Export figure", so the exported file is the chart the user sees. Kept apart from
 * RdCharts so a view builds its specs without loading ECharts.
 */
import type { TFunction } from 'i18next';
import type { FigureSpec } from '../../../../shared/specs/figure';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';

/** The RD plot of `outcome`; its bins' confidence intervals only when `showCi` (rdplot's default is none). */
export function rdplotFigureSpec(t: TFunction, uiLanguage: string, outcome: string, source: string, showCi: boolean): FigureSpec {
  return appFigureSpec({
    kind: 'rd_plot',
    source,
    title: t('rdmech.charts.rdplotTitle', { outcome }),
    x_label: t('rdmech.charts.runningVariable'),
    y_label: outcome || undefined,
    language: outputLanguage(uiLanguage),
    show_ci: showCi,
  });
}
