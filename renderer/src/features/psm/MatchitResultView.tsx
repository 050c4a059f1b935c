import { Suspense, lazy, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { matchitResult, type matchingSummary } from '../../../../shared/specs/matchit';
import { CaptionedTable } from '../../components/CaptionedTable';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { StatNum } from '../didkit/StatTable';
import { parseResult } from '../didkit/parseResult';
import { EstimateTable } from '../results/EstimateTable';
import { ResultNotes } from '../results/ResultNotes';
import type { ResultViewProps } from '../results/resultViews';
import { BalanceTable } from './BalanceTable';

const ScoreDensityPlot = lazy(() => import('./PsmCharts').then((m) => ({ default: m.ScoreDensityPlot })));

type Summary = Omit<z.infer<typeof matchingSummary>, 'pscore' | 'weights' | 'subclass' | 'matching_order'>;

const SAMPLE_ROWS = ['All', 'Matched', 'Matched (ESS)', 'Unmatched', 'Discarded'] as const;

/** MatchIt's sample sizes: all, matched (and its effective size), unmatched, discarded. */
export function SampleSizes({ sizes }: { sizes: Summary['sample_sizes'] }): ReactElement {
  const { t } = useTranslation();
  return (
    <CaptionedTable
      testId="psm-sample-sizes"
      className="coef-table stat-table"
      caption={t('policy.psm.sampleSizes')}
      columns={[{ label: '' }, { label: t('policy.psm.control'), numeric: true }, { label: t('policy.psm.treatedGroup'), numeric: true }]}
    >
      {SAMPLE_ROWS.map((key) => (
        <tr key={key} data-stat={key}>
          <th scope="row">{t(`policy.psm.sizes.${key === 'Matched (ESS)' ? 'matchedEss' : key.toLowerCase()}`)}</th>
          <td className="num-col">
            <StatNum value={sizes[key].Control} kind="plain" />
          </td>
          <td className="num-col">
            <StatNum value={sizes[key].Treated} kind="plain" />
          </td>
        </tr>
      ))}
    </CaptionedTable>
  );
}

/** The matching itself: how it went, balance before/after and the score densities. */
export function MatchingSummaryView({ summary, source, panel }: { summary: Summary; source: string; panel?: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const c = summary.caliper;
  return (
    <>
      <p className="result-summary">
        {t('policy.psm.summary', {
          method: t(`policy.psm.methods.${summary.method}`),
          distance: t(`policy.psm.${summary.distance}`),
          treated: formatCount(summary.n_matched.treated, i18n.language),
          control: formatCount(summary.n_matched.control, i18n.language),
        })}
        {c ? (
          <span className="sentence">
            {c.sd_units !== null
              ? t('policy.psm.caliperSummarySd', { sd: c.sd_units, distance: c.distance_units.toPrecision(4) })
              : t('policy.psm.caliperSummary', { distance: c.distance_units.toPrecision(4) })}
          </span>
        ) : null}
        {summary.unmatched_treated.length > 0 ? (
          <span className="sentence">{t('policy.psm.unmatched', { n: formatCount(summary.unmatched_treated.length, i18n.language) })}</span>
        ) : null}
      </p>
      <div className="stat-columns">
        <SampleSizes sizes={summary.sample_sizes} />
      </div>
      <BalanceTable before={summary.balance_before} after={summary.balance_after} testId="psm-balance" />
      <section className="chart-section">
        <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
          <ScoreDensityPlot
            source={source}
            panel={panel}
            data={{ grid: summary.distributions.grid, density_before: summary.distributions.density_before, density_after: summary.distributions.density_after }}
          />
        </Suspense>
      </section>
    </>
  );
}

/** Propensity-score matching: the ATT, sample sizes, balance and the score densities. */
export function MatchitResultView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseResult(matchitResult, stored.result), [stored]);
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r = parsed.data;
  const att = r.att;
  return (
    <div data-testid="psm-result">
      {att ? (
        <>
          <EstimateTable
            rows={[{ term: t('policy.psm.att'), estimate: att.estimate, se: att.se, stat: att.t, p: att.p, confLow: att.conf_low, confHigh: att.conf_high }]}
            caption={<span className="caption-title">{t('policy.psm.attTitle', { outcome: stored.spec.model === 'matchit' ? (stored.spec.outcome ?? '') : '' })}</span>}
            testId="psm-att"
          />
          <p className="table-note">{t('policy.psm.attNote', { vcov: att.vcov_type, nobs: att.nobs, df: att.df })}</p>
        </>
      ) : (
        <p className="muted">{t('policy.psm.noAtt')}</p>
      )}
      <MatchingSummaryView summary={r} source={analysis.id} />
      <EstimateTable
        rows={Object.entries(r.ps_model.coefficients).map(([term, c]) => ({ term, estimate: c.estimate, se: c.se, stat: c.z ?? c.t ?? null, p: c.p, confLow: null, confHigh: null }))}
        caption={<span className="caption-title">{t('policy.psm.psModel', { link: t(`policy.psm.${r.ps_model.link}`) })}</span>}
        statName="z"
        testId="psm-model"
      />
      <ResultNotes notes={r.notes} />
    </div>
  );
}
