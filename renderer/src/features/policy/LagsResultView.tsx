import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { didLagsResult } from '../../../../shared/specs/did-lags';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { StatNum } from '../didkit/StatTable';
import { parseResult } from '../didkit/parseResult';
import { EstimateTable } from '../results/EstimateTable';
import { ResultNotes } from '../results/ResultNotes';
import type { ResultViewProps } from '../results/resultViews';

/** Policy-lag effects: one row per lag (its own regression), as one table. */
export function LagsResultView({ stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const parsed = useMemo(() => parseResult(didLagsResult, stored.result), [stored]);
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r = parsed.data;
  return (
    <div data-testid="lags-result">
      <EstimateTable
        rows={r.rows.map((x) => ({ term: String(x.lag), estimate: x.estimate, se: x.se, stat: x.t ?? x.z ?? null, p: x.p, confLow: x.conf_low ?? null, confHigh: x.conf_high ?? null }))}
        extra={[
          { key: 'term', label: t('results.term'), cells: r.rows.map((x) => x.term), text: true },
          { key: 'nobs', label: t('results.nobs'), cells: r.rows.map((x) => formatCount(x.nobs, i18n.language)) },
          { key: 'r2_within', label: t('policy.lags.r2Within'), cells: r.rows.map((x) => <StatNum key={x.lag} value={x.r2_within} />) },
        ]}
        caption={<span className="caption-title">{t('policy.lags.tableTitle')}</span>}
        termLabel={t('policy.lags.lag')}
        testId="lags-table"
      />
      <p className="table-note">{t('results.starsNote')}</p>
      <ResultNotes notes={r.notes} />
    </div>
  );
}
