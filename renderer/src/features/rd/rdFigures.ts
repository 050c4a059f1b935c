/**
 * Figure specs of the RD result views (shared/specs/figure.ts): one spec drives the chart on
 * screen and "Export figure", so the exported file is the chart the user sees. Kept apart from
 * RdCharts so a view builds its specs without loading ECharts.
 */
import type { TFunction } from 'i18next';
import { RD_TRUE_CUTOFF, type RdSensitivityCheck } from '../../../../shared/charts/resultFigures';
import type { FigureSpec } from '../../../../shared/specs/figure';
import type { RdsensitivityResult } from '../../../../shared/specs/rdsensitivity';
import { appFigureSpec, outputLanguage } from '../../charts/figureSpecs';
import { sensitivityLabel } from './rdLabels';

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

/** The density test's plot (rdplotdensity). */
export function densityFigureSpec(t: TFunction, uiLanguage: string, source: string): FigureSpec {
  return appFigureSpec({
    kind: 'density_test',
    source,
    title: t('rdmech.charts.densityTitle'),
    x_label: t('rdmech.charts.runningVariable'),
    y_label: t('rdmech.charts.density'),
    language: outputLanguage(uiLanguage),
  });
}

/** One sensitivity check as a coefficient plot, its rows labelled as in the check's table. */
export function sensitivityFigureSpec(t: TFunction, uiLanguage: string, result: RdsensitivityResult, check: RdSensitivityCheck, source: string): FigureSpec {
  const say = (key: string, values?: Record<string, unknown>): string => t(key, values ?? {});
  const labels: Record<string, string> = Object.fromEntries(result[check].map((row, i) => [`${check}:${i}`, sensitivityLabel(say, check, row)]));
  if (check === 'placebo') labels[RD_TRUE_CUTOFF] = t('rdmech.charts.trueCutoff');
  return appFigureSpec({
    kind: 'rd_sensitivity',
    panel: check,
    source,
    title: t(`rdmech.charts.sensTitle.${check}`),
    x_label: t('rdmech.charts.sensX', { level: result.level }),
    labels,
    language: outputLanguage(uiLanguage),
  });
}
