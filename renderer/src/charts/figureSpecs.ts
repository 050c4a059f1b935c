/**
 * Figure specs (shared/specs/figure.ts) as the app builds them: one spec drives the chart a
 * result view draws and the PNG/SVG the user exports from it, so both show the same figure.
 * Kept apart from the chart components so a view can build a spec without loading ECharts.
 */
import type { TFunction } from 'i18next';
import { figureSpec, type FigureSpec, type FigureSpecInput } from '../../../shared/specs/figure';
import type { TableLanguage } from '../../../shared/specs/table';

/** The figure and table language of a UI language ("zh-CN" → "zh"). */
export function outputLanguage(uiLanguage: string): TableLanguage {
  return uiLanguage.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** A complete figure spec (defaults filled in) from the fields a view sets. */
export function appFigureSpec(input: FigureSpecInput): FigureSpec {
  return figureSpec.parse(input);
}

/** The results view's event-study figure: its title and axis names in the UI language. */
export function eventStudyFigureSpec(t: TFunction, uiLanguage: string, outcome: string, source: string): FigureSpec {
  return appFigureSpec({
    kind: 'event_study',
    source,
    title: t('results.chartTitle', { outcome }),
    x_label: t('results.chartX'),
    y_label: t('results.chartY'),
    language: outputLanguage(uiLanguage),
  });
}
