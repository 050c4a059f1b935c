import { Suspense, lazy, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { didImputationResult } from '../../../../shared/specs/did-imputation';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount, formatEstimate, formatP } from '../../components/format';
import { parseResult } from '../didkit/parseResult';
import { EstimateTable } from '../results/EstimateTable';
import { ResultNotes } from '../results/ResultNotes';
import type { ResultViewProps } from '../results/resultViews';

const EventPlot = lazy(() => import('./StaggeredCharts').then((m) => ({ default: m.EventPlot })));

/** The imputation estimator: the static ATT or event-time effects, pre-trends and their test. */
export function ImputationResultView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const parsed = useMemo(() => parseResult(didImputationResult, stored.result), [stored]);
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r = parsed.data;
  const n = (x: number): string => formatCount(x, i18n.language);
  const events = r.terms.filter((x) => x.kind !== 'static').map((x) => ({ term: x, e: Number(x.term) }));
  const pre = r.pretrend_test;
  return (
    <div data-testid="imputation-result">
      <p className="result-summary">
        {t('policy.imputation.summary', { obs: n(r.n_obs), treated: n(r.n_treated_obs), untreated: n(r.n_untreated_obs), units: n(r.n_units), clusters: n(r.n_clusters) })}
      </p>
      <EstimateTable
        rows={r.terms.map((x) => ({ term: x.term === 'treat' ? t('policy.imputation.static') : x.term, estimate: x.estimate, se: x.se, stat: null, p: null, confLow: x.conf_low, confHigh: x.conf_high }))}
        extra={[
          { key: 'kind', label: t('policy.imputation.kind'), cells: r.terms.map((x) => t(`policy.imputation.kinds.${x.kind}`)), text: true },
          { key: 'n', label: t('policy.imputation.n'), cells: r.terms.map((x) => n(x.n)) },
        ]}
        caption={<span className="caption-title">{t('policy.imputation.title')}</span>}
        termLabel={t('policy.imputation.term')}
        showTest={false}
        testId="imputation-table"
      />
      <p className="table-note">{t('policy.imputation.ciNote', { ci: r.conf_int })}</p>
      {pre ? (
        <p className="table-note" data-testid="imputation-pretest">
          {t('results.pretrend', { df1: pre.df1, df2: pre.df2, stat: formatEstimate(pre.stat, 3), p: formatP(pre.p) })}
        </p>
      ) : null}
      {events.length > 1 ? (
        <section className="chart-section">
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            <EventPlot
              points={events.map(({ term, e }) => ({ period: e, estimate: term.estimate, confLow: term.conf_low, confHigh: term.conf_high, isReference: false, binned: false }))}
              title={t('policy.imputation.chartTitle', { y: stored.spec.model === 'did_imputation' ? stored.spec.yname : '' })}
              xLabel={t('results.chartX')}
              yLabel={t('results.chartY')}
              source={analysis.id}
              testId="imputation-chart"
            />
          </Suspense>
        </section>
      ) : null}
      <ResultNotes notes={r.notes} />
    </div>
  );
}
