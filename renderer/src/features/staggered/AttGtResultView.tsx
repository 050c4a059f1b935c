import { Suspense, lazy, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { attGtResult, type AggteResult, type AttGtResult } from '../../../../shared/specs/att-gt';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount, formatEstimate, formatP } from '../../components/format';
import { parseResult } from '../didkit/parseResult';
import { EstimateTable } from '../results/EstimateTable';
import { ResultNotes } from '../results/ResultNotes';
import type { CoefficientView } from '../results/resultView';
import type { ResultViewProps } from '../results/resultViews';

const EventPlot = lazy(() => import('./StaggeredCharts').then((m) => ({ default: m.EventPlot })));
const CoefPlot = lazy(() => import('./StaggeredCharts').then((m) => ({ default: m.CoefPlot })));

/** A row of estimates that carry an SE and CI but no test (did reports none). */
function row(term: string, estimate: number | null, se: number | null, low: number | null, high: number | null): CoefficientView {
  return { term, estimate, se, stat: null, p: null, confLow: low, confHigh: high };
}

/** The key of an aggte row: its event time, cohort or period. */
function byKey(agg: AggteResult, r: AggteResult['by'][number]): number {
  return (agg.type === 'dynamic' ? r.e : agg.type === 'group' ? r.g : r.t) ?? NaN;
}

function AggregateSection({ agg, source }: { agg: AggteResult; source: string }): ReactElement {
  const { t } = useTranslation();
  const type = agg.type;
  const overall = row(t('policy.attgt.overall'), agg.overall_att, agg.overall_se, agg.overall_conf_low, agg.overall_conf_high);
  const by = agg.by.map((r) => ({ key: byKey(agg, r), r }));
  const byLabel = t(`policy.attgt.byLabel.${type}`);
  const title = t(`policy.attgt.chartTitle.${type}`);
  return (
    <section className="chart-section" aria-label={title}>
      <EstimateTable
        rows={[overall, ...by.map(({ key, r }) => row(String(key), r.att, r.se, r.conf_low, r.conf_high))]}
        caption={<span className="caption-title">{t(`policy.attgt.aggregations.${type}`)}</span>}
        termLabel={byLabel}
        showTest={false}
        testId="aggte-table"
      />
      {agg.crit_val !== null && by.length > 0 ? (
        <p className="table-note">{t('policy.attgt.critVal', { value: formatEstimate(agg.crit_val, 3) })}</p>
      ) : null}
      {by.length > 0 ? (
        <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
          {type === 'dynamic' ? (
            <EventPlot
              points={by.map(({ key, r }) => ({ period: key, estimate: r.att, confLow: r.conf_low, confHigh: r.conf_high, isReference: false, binned: false }))}
              title={title}
              xLabel={t('results.chartX')}
              yLabel={t('results.chartY')}
              source={source}
              testId="aggte-chart"
            />
          ) : (
            <CoefPlot
              rows={by.map(({ key, r }) => ({ term: `${byLabel} ${key}`, estimate: r.att, conf_low: r.conf_low, conf_high: r.conf_high }))}
              title={title}
              xLabel={t('results.chartY')}
              yLabel={byLabel}
              source={source}
              testId="aggte-chart"
            />
          )}
        </Suspense>
      ) : null}
    </section>
  );
}

function pretest(r: AttGtResult, t: (key: string, values?: Record<string, unknown>) => string): string {
  if (r.pretest_W === null || r.pretest_Wpval === null) return t('policy.attgt.pretestNa');
  return t('policy.attgt.pretest', { w: formatEstimate(r.pretest_W, 3), df: r.pretest_df ?? '', p: formatP(r.pretest_Wpval) });
}

/** Callaway–Sant'Anna: the aggregated effect with its chart, the pre-test, every ATT(g,t). */
export function AttGtResultView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const parsed = useMemo(() => parseResult(attGtResult, stored.result), [stored]);
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r = parsed.data;
  const n = (x: number): string => formatCount(x, i18n.language);
  return (
    <div data-testid="attgt-result">
      <p className="result-summary">
        {t('policy.attgt.summary', {
          method: t(`policy.attgt.methods.${r.est_method}`),
          control: t(`policy.staggered.${r.control_group}`),
          units: n(r.n_units),
          cohorts: n(r.groups.length),
          never: n(r.n_never_treated),
          periods: n(r.n_periods),
        })}
        <span className="sentence">{r.bootstrap ? t('policy.attgt.seBootstrap', { biters: n(r.bootstrap.biters), seed: r.bootstrap.seed }) : t('policy.attgt.seAnalytic')}</span>
      </p>
      {r.aggte ? <AggregateSection agg={r.aggte} source={analysis.id} /> : null}
      <p className="table-note" data-testid="attgt-pretest">
        {pretest(r, t)}
      </p>
      <EstimateTable
        rows={r.att_gt.map((g) => row(`${g.group}`, g.att, g.se, g.conf_low, g.conf_high))}
        extra={[
          { key: 'time', label: t('policy.attgt.time'), cells: r.att_gt.map((g) => String(g.time)) },
          { key: 'post', label: t('policy.attgt.post'), cells: r.att_gt.map((g) => (g.post === 1 ? t('common.yes') : t('builders.no'))) },
        ]}
        caption={<span className="caption-title">{t('policy.attgt.groupTime')}</span>}
        termLabel={t('policy.attgt.group')}
        showTest={false}
        testId="attgt-table"
      />
      <ResultNotes notes={r.notes} />
    </div>
  );
}
