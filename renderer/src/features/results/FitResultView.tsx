import { Suspense, lazy, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { eventStudyFigureSpec } from '../../charts/figureSpecs';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount, formatEstimate, formatP } from '../../components/format';
import { FigureExportButton } from '../publish/FigureExportButton';
import { CoefficientTable } from './CoefficientTable';
import type { ResultViewProps } from './resultViews';
import { toResultView, type ResultView } from './resultView';

/** ECharts is most of the bundle: load it with the first chart, not with the app. */
const EventStudyChart = lazy(() => import('../../charts/EventStudyChart').then((m) => ({ default: m.EventStudyChart })));

/**
 * A DID or feols fit: the treatment summary, the regression table, and the event study with
 * its pre-trend test when the fit has one.
 */
export function FitResultView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const view = useMemo<{ ok: true; view: ResultView } | { ok: false; error: unknown }>(() => {
    try {
      return { ok: true, view: toResultView(stored.spec, stored.result) };
    } catch (error) {
      return { ok: false, error };
    }
  }, [stored]);
  if (!view.ok) return <ErrorMessage error={view.error} title={t('results.loadFailed')} />;
  const { table, eventStudy, treatment, pretrend } = view.view;
  return (
    <>
      {treatment ? (
        <p className="result-summary" data-testid="treatment-summary">
          {t('results.treatmentSummary', {
            treated: formatCount(treatment.treatedUnits, i18n.language),
            obs: formatCount(treatment.treatedObs, i18n.language),
            never: formatCount(treatment.neverTreatedUnits, i18n.language),
            units: formatCount(treatment.units, i18n.language),
          })}
          {treatment.staggered ? <span className="sentence">{t('results.staggered')}</span> : null}
        </p>
      ) : null}
      <CoefficientTable table={table} />
      <section className="chart-section" aria-labelledby="es-title">
        <h3 id="es-title">{t('results.eventStudy')}</h3>
        {eventStudy && eventStudy.length > 0 ? (
          <>
            <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
              <EventStudyChart points={eventStudy} outcome={table.outcome ?? ''} source={analysis.id} />
            </Suspense>
            {/* The same spec as the chart's, so the file is the figure on screen. */}
            <FigureExportButton figures={[eventStudyFigureSpec(t, i18n.language, table.outcome ?? '', analysis.id)]} />
          </>
        ) : (
          <p className="muted">{t('results.noEventStudy')}</p>
        )}
        {pretrend ? (
          <p className="table-note" data-testid="pretrend-test">
            {pretrend.stat === null || pretrend.p === null
              ? t('results.pretrendNa', { reason: pretrend.reason ?? '' })
              : t('results.pretrend', {
                  df1: pretrend.df1,
                  df2: pretrend.df2,
                  stat: formatEstimate(pretrend.stat, 3),
                  p: formatP(pretrend.p),
                })}
          </p>
        ) : null}
      </section>
    </>
  );
}
