import { Suspense, lazy, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { didCompareResult, type EventEstimate } from '../../../../shared/specs/did-compare';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { StatNum } from '../didkit/StatTable';
import { parseResult } from '../didkit/parseResult';
import { ResultNotes } from '../results/ResultNotes';
import type { ResultViewProps } from '../results/resultViews';

const ComparePlot = lazy(() => import('./StaggeredCharts').then((m) => ({ default: m.ComparePlot })));

/** An estimate with its SE under it in parentheses, as papers print them. */
function Cell({ point }: { point: Pick<EventEstimate, 'estimate' | 'se' | 'conf_low' | 'conf_high'> | null }): ReactElement {
  const { t } = useTranslation();
  if (!point || point.estimate === null) return <span className="num-missing">{t('results.notApplicable')}</span>;
  return (
    <span className="estimate-se">
      <span data-field="estimate">
        <StatNum value={point.estimate} />
      </span>
      {point.se !== null ? (
        <span className="se-line" data-field="se">
          (<StatNum value={point.se} />)
        </span>
      ) : null}
    </span>
  );
}

/** TWFE, Callaway–Sant'Anna, Sun–Abraham and imputation event-time estimates side by side. */
export function CompareResultView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const parsed = useMemo(() => parseResult(didCompareResult, stored.result), [stored]);
  // The chart names the estimators in the UI language (the figure's labels by series id, so the export does too).
  const names = useMemo(() => (parsed.ok ? Object.fromEntries(parsed.data.chart.series.map((s) => [s.id, t(`policy.compare.names.${s.id}`)])) : {}), [parsed, t]);
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r = parsed.data;
  const chart = r.chart;
  const shown = r.series.filter((s) => s.available);
  const missing = r.series.filter((s) => !s.available);
  return (
    <div data-testid="compare-result">
      <p className="result-summary">
        {t('policy.compare.summary', { units: formatCount(r.n_units, i18n.language), obs: formatCount(r.n_obs, i18n.language) })}
      </p>
      {missing.length > 0 ? (
        <ul className="notice notice-warn compare-missing">
          {missing.map((s) => (
            <li key={s.id}>{t('policy.compare.unavailable', { name: t(`policy.compare.names.${s.id}`), reason: s.note ?? '' })}</li>
          ))}
        </ul>
      ) : null}
      {chart.series.length > 0 ? (
        <section className="chart-section">
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            <ComparePlot
              data={chart}
              labels={names}
              title={t('policy.compare.chartTitle')}
              xLabel={t('results.chartX')}
              yLabel={t('results.chartY')}
              source={analysis.id}
              testId="compare-chart"
            />
          </Suspense>
          <p className="table-note">{t('policy.compare.offsetNote')}</p>
        </section>
      ) : null}
      <div className="table-wrap">
        <table className="coef-table estimate-table compare-table" data-testid="compare-table">
          <caption>
            <span className="caption-title">{t('policy.compare.tableTitle')}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('policy.compare.eventTime')}</th>
              {shown.map((s) => (
                <th key={s.id} scope="col" className="num-col">
                  {t(`policy.compare.names.${s.id}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.table.map((row) => (
              <tr key={row.e} data-term={String(row.e)}>
                <th scope="row">{row.e}</th>
                {shown.map((s) => (
                  <td key={s.id} className="num-col" data-series={s.id}>
                    {s.reference_periods.includes(row.e) ? (
                      <span className="muted">{t('policy.compare.reference')}</span>
                    ) : (
                      <Cell point={row.cells[s.id] ?? null} />
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tbody className="stats-body">
            <tr data-stat="overall">
              <th scope="row">{t('policy.compare.overall')}</th>
              {shown.map((s) => (
                <td key={s.id} className="num-col" data-series={s.id}>
                  <Cell point={s.overall} />
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <p className="table-note">{t('policy.compare.seNote')}</p>
      <ResultNotes notes={[...r.notes, ...shown.flatMap((s) => (s.note ? [`${t(`policy.compare.names.${s.id}`)}: ${s.note}`] : []))]} />
    </div>
  );
}
