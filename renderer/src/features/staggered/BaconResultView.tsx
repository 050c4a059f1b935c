import { Suspense, lazy, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { baconResult, type BaconType } from '../../../../shared/specs/bacon';
import { CaptionedTable } from '../../components/CaptionedTable';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { StatNum, StatTable } from '../didkit/StatTable';
import { parseResult } from '../didkit/parseResult';
import { ResultNotes } from '../results/ResultNotes';
import type { ResultViewProps } from '../results/resultViews';

const BaconPlot = lazy(() => import('./StaggeredCharts').then((m) => ({ default: m.BaconPlot })));

/** i18n keys of bacondecomp's comparison types. */
const TYPE_KEYS: Record<BaconType, string> = {
  'Earlier vs Later Treated': 'earlierVsLater',
  'Later vs Earlier Treated': 'laterVsEarlier',
  'Treated vs Untreated': 'treatedVsUntreated',
  'Later vs Always Treated': 'laterVsAlways',
};

/** bacondecomp's code for the never-treated group. */
const NEVER = 99999;

/** The Goodman-Bacon decomposition: every 2×2 comparison, its weight, and the scatter. */
export function BaconResultView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const parsed = useMemo(() => parseResult(baconResult, stored.result), [stored]);
  const typeName = (type: BaconType): string => t(`policy.bacon.types.${TYPE_KEYS[type]}`);
  // The chart names bacondecomp's comparison types in the UI language (the figure's labels, so the export does too).
  const typeLabels = useMemo(() => Object.fromEntries(Object.entries(TYPE_KEYS).map(([type, key]) => [type, t(`policy.bacon.types.${key}`)])), [t]);
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r = parsed.data;
  const cohort = (g: number): string => (g === NEVER ? t('policy.bacon.never') : String(g));
  return (
    <div data-testid="bacon-result">
      <StatTable
        testId="bacon-summary"
        rows={[
          { key: 'twfe_coefficient', label: t('policy.bacon.twfe'), value: r.twfe_coefficient },
          { key: 'weighted_sum', label: t('policy.bacon.weightedSum'), value: r.weighted_sum },
          { key: 'n_comparisons', label: t('policy.bacon.nComparisons'), value: r.n_comparisons, kind: 'count' },
          { key: 'n_obs', label: t('results.nobs'), value: r.n_obs, kind: 'count' },
        ]}
      />
      <CaptionedTable
        testId="bacon-by-type"
        className="coef-table estimate-table"
        caption={t('policy.bacon.byType')}
        columns={[{ label: t('policy.bacon.type') }, { label: t('policy.bacon.nComparisons'), numeric: true }, { label: t('policy.bacon.weight'), numeric: true }, { label: t('policy.bacon.avgEstimate'), numeric: true }]}
      >
        {r.by_type.map((b) => (
          <tr key={b.type} data-term={b.type}>
            <th scope="row">{typeName(b.type)}</th>
            <td className="num-col">{formatCount(b.n_comparisons, i18n.language)}</td>
            <td className="num-col" data-field="weight">
              <StatNum value={b.weight} />
            </td>
            <td className="num-col" data-field="estimate">
              <StatNum value={b.avg_estimate} />
            </td>
          </tr>
        ))}
      </CaptionedTable>
      <section className="chart-section">
        <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
          <BaconPlot data={r.chart} labels={typeLabels} title={t('policy.bacon.chartTitle')} xLabel={t('policy.bacon.weight')} yLabel={t('policy.bacon.estimate')} source={analysis.id} testId="bacon-chart" />
        </Suspense>
      </section>
      <CaptionedTable
        testId="bacon-comparisons"
        className="coef-table estimate-table"
        caption={t('policy.bacon.comparisons')}
        columns={[{ label: t('policy.bacon.treated') }, { label: t('policy.bacon.untreated') }, { label: t('policy.bacon.type') }, { label: t('policy.bacon.estimate'), numeric: true }, { label: t('policy.bacon.weight'), numeric: true }]}
      >
        {r.comparisons.map((c) => (
          <tr key={`${c.treated}-${c.untreated}-${c.type}`} data-term={`${c.treated}-${c.untreated}`}>
            <th scope="row">{cohort(c.treated)}</th>
            <td>{cohort(c.untreated)}</td>
            <td>{typeName(c.type)}</td>
            <td className="num-col" data-field="estimate">
              <StatNum value={c.estimate} />
            </td>
            <td className="num-col" data-field="weight">
              <StatNum value={c.weight} />
            </td>
          </tr>
        ))}
      </CaptionedTable>
      <ResultNotes notes={r.notes} />
    </div>
  );
}
