import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisInfo } from '../../../../shared/contract';
import { robustnessResult, type RobustnessColumn } from '../../../../shared/specs/robustness';
import { useApi } from '../../app/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { StatNum } from '../didkit/StatTable';
import { parseResult } from '../didkit/parseResult';
import { ResultNotes } from '../results/ResultNotes';
import { stars } from '../results/resultView';
import type { ResultViewProps } from '../results/resultViews';

/** The saved analysis of a variant column: same base, same label. */
function savedVariant(analyses: AnalysisInfo[], baseId: string | undefined, column: RobustnessColumn): AnalysisInfo | null {
  if (!baseId || column.kind === 'base') return null;
  return (
    analyses.find((a) => {
      const spec = a.spec as { model: string; base_id?: string; label?: string };
      return spec.model === 'did' && spec.base_id === baseId && spec.label === column.label;
    }) ?? null
  );
}

/** The base DID and its robustness variants side by side, each column linked to its analysis. */
export function RobustnessResultView({ stored, actions }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const parsed = useMemo(() => parseResult(robustnessResult, stored.result), [stored]);
  const [analyses, setAnalyses] = useState<AnalysisInfo[]>([]);
  useEffect(() => {
    let live = true;
    // Links are a convenience: without the list the table still shows every number.
    api.call('analysis.list', {}).then(
      (r) => live && setAnalyses(r.analyses),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, stored.id]);
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r = parsed.data;
  const baseId = stored.spec.model === 'did_robustness' ? stored.spec.base_id : undefined;
  const cols = r.columns;
  const n = (x: number | null): string => (x === null ? t('results.notApplicable') : formatCount(x, i18n.language));
  const row = (key: string, label: string, cell: (c: RobustnessColumn) => ReactElement | string): ReactElement => (
    <tr data-stat={key}>
      <th scope="row">{label}</th>
      {cols.map((c, i) => (
        <td key={i} className="num-col">
          {c.error === null ? cell(c) : ''}
        </td>
      ))}
    </tr>
  );
  return (
    <div data-testid="robustness-result">
      <div className="table-wrap">
        <table className="coef-table robustness-table" data-testid="robustness-table">
          <caption>
            <span className="caption-title">{t('policy.robustness.tableTitle', { term: r.term })}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col" />
              {cols.map((c, i) => {
                const saved = c.kind === 'base' ? (baseId ?? null) : (savedVariant(analyses, baseId, c)?.id ?? null);
                return (
                  <th key={i} scope="col" className="num-col" data-column={c.kind}>
                    <span className="column-number">({i + 1})</span>
                    <span className="column-label">{c.label}</span>
                    {saved ? (
                      <button type="button" className="btn btn-link" onClick={() => actions.openAnalysis(saved)}>
                        {t('policy.robustness.open')}
                      </button>
                    ) : null}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            <tr data-term={r.term}>
              <th scope="row">{t('policy.robustness.estimate')}</th>
              {cols.map((c, i) => (
                <td key={i} className="num-col" data-field="estimate" data-column={c.kind}>
                  {c.error !== null || !c.estimate ? (
                    <span className="field-error">{t('policy.robustness.failed', { message: c.error ?? '' })}</span>
                  ) : (
                    <span className="estimate-se">
                      <span>
                        <StatNum value={c.estimate.estimate} />
                        <span className="stars">{stars(c.estimate.p)}</span>
                      </span>
                      <span className="se-line" data-field="se">
                        (<StatNum value={c.estimate.se} />)
                      </span>
                    </span>
                  )}
                </td>
              ))}
            </tr>
          </tbody>
          <tbody className="stats-body">
            {row('outcome', t('did.outcome'), (c) => c.outcome)}
            {row('nobs', t('results.nobs'), (c) => n(c.nobs))}
            {row('r2', t('results.r2'), (c) => <StatNum value={c.r2} />)}
            {row('r2_within', t('results.r2Within'), (c) => <StatNum value={c.r2_within} />)}
            {row('fe', t('policy.robustness.fe'), (c) => c.fixed_effects.join(', '))}
            {row('controls', t('policy.robustness.controls'), (c) => c.controls.join(', ') || t('common.none'))}
            {row('unit_trends', t('policy.robustness.unitTrends'), (c) => (c.unit_trends ? t('common.yes') : t('builders.no')))}
            {row('excluded_obs', t('policy.robustness.excluded'), (c) => n(c.excluded_obs))}
            {row('winsorized', t('policy.robustness.winsorized'), (c) => c.winsorized.join(', ') || t('common.none'))}
            {row('clusters', t('policy.robustness.clusters'), (c) =>
              c.n_clusters ? Object.entries(c.n_clusters).map(([k, v]) => `${k}: ${n(v)}`).join(', ') : t('common.none'),
            )}
          </tbody>
        </table>
      </div>
      <p className="table-note">{t('results.starsNote')}</p>
      <ResultNotes notes={r.notes} />
    </div>
  );
}
