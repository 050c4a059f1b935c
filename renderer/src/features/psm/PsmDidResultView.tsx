import { useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { psmDidResult } from '../../../../shared/specs/psm-did';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { parseResult } from '../didkit/parseResult';
import { SelectField } from '../didkit/fields';
import { CoefficientTable } from '../results/CoefficientTable';
import { EstimateTable } from '../results/EstimateTable';
import { ResultNotes } from '../results/ResultNotes';
import { toResultView } from '../results/resultView';
import type { ResultViewProps } from '../results/resultViews';
import { MatchingSummaryView } from './MatchitResultView';

/** PSM-DID: the DID on the matched sample next to the full sample, and each matching's balance. */
export function PsmDidResultView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const parsed = useMemo(() => parseResult(psmDidResult, stored.result), [stored]);
  const [shown, setShown] = useState(0);
  const views = useMemo(() => {
    if (!parsed.ok) return null;
    try {
      return { matched: toResultView(stored.spec, parsed.data.did_matched), full: toResultView(stored.spec, parsed.data.did_full) };
    } catch (error) {
      return { error };
    }
  }, [parsed, stored.spec]);
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  if (!views || 'error' in views) return <ErrorMessage error={views?.error} title={t('results.loadFailed')} />;
  const r = parsed.data;
  const matching = r.matchings[Math.min(shown, r.matchings.length - 1)];
  const firstTerm = views.matched.table.rows[0]?.term;
  const fullRow = views.full.table.rows.find((x) => x.term === firstTerm) ?? null;
  return (
    <div data-testid="psmdid-result">
      <p className="result-summary">
        {t('policy.psmDid.summary', {
          mode: t(`policy.psmDid.modes.${r.matching_mode}`),
          obs: formatCount(r.nobs_matched, i18n.language),
          units: formatCount(r.n_units_matched, i18n.language),
        })}
      </p>
      {firstTerm ? (
        <EstimateTable
          rows={[
            { ...views.matched.table.rows[0], term: t('policy.psmDid.matchedSample') },
            ...(fullRow ? [{ ...fullRow, term: t('policy.psmDid.fullSample') }] : []),
          ]}
          caption={<span className="caption-title">{t('policy.psmDid.comparison', { term: firstTerm })}</span>}
          extra={[
            {
              key: 'nobs',
              label: t('results.nobs'),
              cells: [views.matched.table.nobs, views.full.table.nobs].map((n) => formatCount(n, i18n.language)),
            },
          ]}
          testId="psmdid-comparison"
        />
      ) : null}
      <CoefficientTable table={views.matched.table} />
      {r.skipped_periods.length > 0 ? (
        <ul className="notice notice-warn compare-missing">
          {r.skipped_periods.map((s) => (
            <li key={String(s.period)}>{t('policy.psmDid.skipped', { period: s.period, reason: s.reason })}</li>
          ))}
        </ul>
      ) : null}
      {matching ? (
        <section aria-label={t('policy.psmDid.matchingTitle')}>
          <h3>{t('policy.psmDid.matchingTitle')}</h3>
          {r.matchings.length > 1 ? (
            <SelectField
              id="psmdid-period"
              label={t('policy.psmDid.period')}
              value={String(shown)}
              options={r.matchings.map((m, i) => ({ value: String(i), label: String(m.period ?? i + 1) }))}
              onChange={(v) => setShown(Number(v))}
            />
          ) : null}
          <MatchingSummaryView key={shown} summary={matching} source={analysis.id} panel={String(r.matchings.indexOf(matching))} />
        </section>
      ) : null}
      <ResultNotes notes={r.notes} />
    </div>
  );
}
