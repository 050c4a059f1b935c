import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { dddResult } from '../../../../shared/specs/ddd';
import { CaptionedTable } from '../../components/CaptionedTable';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { parseResult } from '../didkit/parseResult';
import { CoefficientTable } from '../results/CoefficientTable';
import { ResultNotes } from '../results/ResultNotes';
import { toResultView } from '../results/resultView';
import type { ResultViewProps } from '../results/resultViews';

/** Triple differences: the regression table (the effect is treated × post × group) and the cell counts. */
export function DddResultView({ stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const parsed = useMemo(() => parseResult(dddResult, stored.result), [stored]);
  const view = useMemo(() => {
    if (!parsed.ok) return { error: parsed.error };
    try {
      return { table: toResultView(stored.spec, parsed.data).table };
    } catch (error) {
      return { error };
    }
  }, [parsed, stored.spec]);
  if (!parsed.ok || 'error' in view) return <ErrorMessage error={'error' in view ? view.error : null} title={t('results.loadFailed')} />;
  const r = parsed.data;
  const yes = (x: number): string => (x === 1 ? t('common.yes') : t('builders.no'));
  return (
    <div data-testid="ddd-result">
      <p className="result-summary">
        {t('policy.ddd.designs.' + r.design)}
        <span className="sentence">
          {t('results.treatmentSummary', {
            treated: formatCount(r.treatment.n_treated_units, i18n.language),
            obs: formatCount(r.treatment.n_treated_obs, i18n.language),
            never: formatCount(r.treatment.n_never_treated_units, i18n.language),
            units: formatCount(r.treatment.n_units, i18n.language),
          })}
        </span>
      </p>
      <CoefficientTable table={view.table} />
      <CaptionedTable
        testId="ddd-cells"
        className="coef-table stat-table"
        caption={t('policy.ddd.cells')}
        columns={[{ label: t('policy.ddd.treated') }, { label: t('policy.ddd.groupCell') }, { label: t('policy.ddd.post') }, { label: t('policy.ddd.nObs'), numeric: true }]}
      >
        {r.cells.map((c) => (
          <tr key={`${c.treated}-${c.group}-${c.post}`}>
            <td>{yes(c.treated)}</td>
            <td>{yes(c.group)}</td>
            <td>{yes(c.post)}</td>
            <td className="num-col">{formatCount(c.n_obs, i18n.language)}</td>
          </tr>
        ))}
      </CaptionedTable>
      <ResultNotes notes={r.notes} />
    </div>
  );
}
