import { Suspense, lazy, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { placeboPValueData } from '../../../../shared/charts/resultFigures';
import { placeboResult, type PlaceboResult } from '../../../../shared/specs/placebo';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { StatTable, type StatRow } from '../didkit/StatTable';
import { parseResult } from '../didkit/parseResult';
import { EstimateTable } from '../results/EstimateTable';
import { ResultNotes } from '../results/ResultNotes';
import type { ResultViewProps } from '../results/resultViews';

const PlaceboCharts = lazy(() => import('./PlaceboCharts').then((m) => ({ default: m.PlaceboCharts })));

/** The headline numbers: the actual estimate, the randomization p-value and how it was drawn. */
function headline(r: PlaceboResult, t: (key: string, values?: Record<string, unknown>) => string, language: string): StatRow[] {
  const valid = r.draws.length - r.draws_failed;
  const rows: StatRow[] = [
    { key: 'estimate', label: t('policy.placebo.actualEstimate', { term: r.treatment }), value: r.estimate },
    { key: 'se', label: t('results.se'), value: r.actual.se },
    { key: 'p', label: t('policy.placebo.actualP'), value: r.actual.p, kind: 'p' },
    r.p_value_ri === null
      ? { key: 'p_value_ri', label: t('policy.placebo.pRi'), value: null, text: r.p_value_ri_reason ?? t('results.notApplicable') }
      : { key: 'p_value_ri', label: t('policy.placebo.pRi'), value: r.p_value_ri, kind: 'p' },
  ];
  if (r.n_extreme !== null) {
    rows.push({
      key: 'n_extreme',
      label: t('policy.placebo.extreme'),
      value: r.n_extreme,
      text: t('policy.placebo.extremeValue', { n: formatCount(r.n_extreme, language), of: formatCount(valid, language) }),
    });
  }
  rows.push(
    { key: 'draws', label: t('policy.placebo.drawsDone'), value: r.draws.length, kind: 'count' },
    { key: 'draws_failed', label: t('policy.placebo.drawsFailed'), value: r.draws_failed, kind: 'count' },
    { key: 'seed', label: t('policy.placebo.seed'), value: r.seed, kind: 'plain' },
    { key: 'n_treated_units', label: t('policy.placebo.treatedUnits'), value: r.n_treated_units, kind: 'count' },
    { key: 'nobs', label: t('results.nobs'), value: r.nobs, kind: 'count' },
  );
  return rows;
}

function summaryRows(s: NonNullable<PlaceboResult['summary']>, t: (key: string) => string): StatRow[] {
  return [
    { key: 'mean', label: t('policy.placebo.mean'), value: s.mean },
    { key: 'sd', label: t('policy.placebo.sd'), value: s.sd },
    { key: 'q025', label: t('policy.placebo.q025'), value: s.q025 },
    { key: 'q975', label: t('policy.placebo.q975'), value: s.q975 },
    { key: 'min', label: t('policy.placebo.min'), value: s.min },
    { key: 'max', label: t('policy.placebo.max'), value: s.max },
    { key: 'share_p_05', label: t('policy.placebo.share05'), value: s.share_p_05, kind: 'plain' },
    { key: 'share_p_10', label: t('policy.placebo.share10'), value: s.share_p_10, kind: 'plain' },
  ];
}

/** A placebo test: the actual estimate against the distribution of placebo estimates. */
export function PlaceboResultView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const parsed = useMemo(() => parseResult(placeboResult, stored.result), [stored]);
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r = parsed.data;
  const density = r.charts.density;
  const inTime = r.kind === 'in_time';
  return (
    <div data-testid="placebo-result">
      <p className="result-summary">
        {t(`policy.placebo.verdict.${r.p_value_ri === null ? 'none' : r.p_value_ri < 0.05 ? 'passes' : 'fails'}`, {
          p: r.p_value_ri === null ? '' : r.p_value_ri.toFixed(3),
        })}
      </p>
      <div className="stat-columns">
        <StatTable rows={headline(r, t, i18n.language)} caption={t(`policy.placebo.kinds.${r.kind}`)} testId="placebo-headline" />
        {r.summary ? <StatTable rows={summaryRows(r.summary, t)} caption={t('policy.placebo.summaryTitle')} testId="placebo-summary" /> : null}
      </div>
      {density ? (
        <section className="chart-section">
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            <PlaceboCharts
              source={analysis.id}
              density={{ density, histogram: r.charts.histogram, actual: r.charts.actual, p: r.p_value_ri }}
              pValues={placeboPValueData(r)}
            />
          </Suspense>
        </section>
      ) : null}
      {inTime ? (
        <EstimateTable
          caption={<span className="caption-title">{t('policy.placebo.shiftTable')}</span>}
          termLabel={t('policy.placebo.shift')}
          testId="placebo-shifts"
          rows={r.draws.map((d) => ({
            term: String(d.shift ?? ''),
            estimate: d.estimate,
            se: d.se,
            stat: d.t,
            p: d.p,
            confLow: null,
            confHigh: null,
          }))}
        />
      ) : null}
      <ResultNotes notes={r.notes} />
    </div>
  );
}
