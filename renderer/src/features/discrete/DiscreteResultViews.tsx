/**
 * Result views of glm (binary logit/probit) and polr (ordered logit/probit): coefficients,
 * average marginal effects or cutpoints, and the fit statistics R prints (docs/spec-glm.md).
 */
import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoefRow } from '../../../../shared/specs/common';
import { glmResult, type GlmResult } from '../../../../shared/specs/glm';
import { polrResult, type PolrResult } from '../../../../shared/specs/polr';
import { ErrorMessage } from '../../components/ErrorMessage';
import { parseResult } from '../didkit/parseResult';
import type { ResultViewProps } from '../results/resultViews';
import { EstimatesTable, N, Notes, StatList, type EstimateRow } from '../analysis-kit/ResultParts';
import '../analysis-kit/kit.css';

function rows(coefs: Record<string, CoefRow>): EstimateRow[] {
  return Object.entries(coefs).map(([term, r]) => ({ key: term, label: term, estimate: r.estimate, se: r.se, stat: r.z ?? r.t ?? null, p: r.p, low: r.conf_low ?? null, high: r.conf_high ?? null }));
}

export function GlmView({ stored }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseResult(glmResult, stored.result), [stored]);
  const conf = 'conf_level' in stored.spec && typeof stored.spec.conf_level === 'number' ? stored.spec.conf_level : 0.95;
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r: GlmResult = parsed.data;
  const level = conf * 100;
  return (
    <div data-testid="glm-result">
      <EstimatesTable caption={t('rdmech.glmResult.coefTitle', { family: t(`rdmech.glm.families.${r.family}`) })} labelHeader={t('results.term')} level={level} rows={rows(r.coefficients)} testId="coefficient-table" />
      <p className="table-note">{t('rdmech.glmResult.vcovNote', { vcov: r.vcov_type })}</p>
      {r.ame ? (
        <>
          <EstimatesTable caption={t('rdmech.glmResult.ameTitle')} labelHeader={t('results.term')} level={level} rows={rows(r.ame)} testId="ame-table" />
          <p className="table-note">{t('rdmech.glmResult.ameNote')}</p>
        </>
      ) : null}
      <StatList
        testId="glm-stats"
        items={[
          { key: 'nobs', label: t('rdmech.common.nobs'), value: <N value={r.nobs} kind="count" /> },
          { key: 'loglik', label: t('rdmech.glmResult.loglik'), value: <N value={r.loglik} kind="plain" /> },
          { key: 'deviance', label: t('rdmech.glmResult.deviance'), value: <N value={r.deviance} kind="plain" /> },
          { key: 'null_deviance', label: t('rdmech.glmResult.nullDeviance'), value: <N value={r.null_deviance} kind="plain" /> },
          { key: 'aic', label: 'AIC', value: <N value={r.aic} kind="plain" /> },
          { key: 'bic', label: 'BIC', value: <N value={r.bic} kind="plain" /> },
          { key: 'pseudo_r2', label: t('rdmech.glmResult.pseudoR2'), value: <N value={r.pseudo_r2} /> },
          { key: 'iterations', label: t('rdmech.glmResult.iterations'), value: `${r.iterations} (${r.converged ? t('rdmech.glmResult.converged') : t('rdmech.glmResult.notConverged')})` },
          ...Object.entries(r.n_clusters ?? {}).map(([name, n]) => ({ key: `clusters-${name}`, label: t('rdmech.glmResult.clusters', { name }), value: <N value={n} kind="count" /> })),
          ...Object.entries(r.fixef_sizes).map(([name, n]) => ({ key: `fe-${name}`, label: t('rdmech.glmResult.fixedEffect', { name }), value: <N value={n} kind="count" /> })),
        ]}
      />
      {r.fitted_zero_one > 0 ? (
        <p className="notice notice-warn" role="status">
          {t('rdmech.glmResult.separation', { n: r.fitted_zero_one })}
        </p>
      ) : null}
      {r.collinear_dropped.length > 0 ? <p className="table-note">{t('rdmech.glmResult.dropped', { terms: r.collinear_dropped.join(', ') })}</p> : null}
      <Notes notes={r.notes} />
    </div>
  );
}

export function PolrView({ stored }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseResult(polrResult, stored.result), [stored]);
  const conf = 'conf_level' in stored.spec && typeof stored.spec.conf_level === 'number' ? stored.spec.conf_level : 0.95;
  if (!parsed.ok) return <ErrorMessage error={parsed.error} title={t('results.loadFailed')} />;
  const r: PolrResult = parsed.data;
  const level = conf * 100;
  return (
    <div data-testid="polr-result">
      <EstimatesTable caption={t('rdmech.polrResult.coefTitle', { method: t(`rdmech.polr.methods.${r.method === 'logistic' ? 'logit' : 'probit'}`) })} labelHeader={t('results.term')} level={level} rows={rows(r.coefficients)} testId="coefficient-table" />
      <EstimatesTable caption={t('rdmech.polrResult.cutpoints')} labelHeader={t('rdmech.polrResult.cutpoint')} level={level} rows={rows(r.cutpoints)} testId="cutpoint-table" />
      <p className="table-note">{t('rdmech.polrResult.model')}</p>
      <div className="table-wrap">
        <table className="rm-table" data-testid="category-counts">
          <caption>{t('rdmech.polrResult.categories')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rdmech.polrResult.category')}</th>
              <th scope="col" className="num-col">{t('rdmech.polrResult.count')}</th>
              <th scope="col" className="num-col">{t('rdmech.polrResult.share')}</th>
            </tr>
          </thead>
          <tbody>
            {r.category_counts.map((c) => (
              <tr key={c.category}>
                <th scope="row">{c.category}</th>
                <td className="num-col"><N value={c.count} kind="plain" /></td>
                <td className="num-col"><N value={c.share} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <StatList
        testId="polr-stats"
        items={[
          { key: 'nobs', label: t('rdmech.polrResult.nobsWeighted'), value: <N value={r.nobs_weighted} kind="plain" /> },
          { key: 'rows', label: t('rdmech.polrResult.rows'), value: <N value={r.rows} kind="count" /> },
          { key: 'loglik', label: t('rdmech.glmResult.loglik'), value: <N value={r.loglik} kind="plain" /> },
          { key: 'deviance', label: t('rdmech.glmResult.deviance'), value: <N value={r.deviance} kind="plain" /> },
          { key: 'aic', label: 'AIC', value: <N value={r.aic} kind="plain" /> },
          { key: 'iterations', label: t('rdmech.glmResult.iterations'), value: `${r.iterations} (${r.converged ? t('rdmech.glmResult.converged') : t('rdmech.glmResult.notConverged')})` },
          ...Object.entries(r.fixef_sizes).map(([name, n]) => ({ key: `fe-${name}`, label: t('rdmech.glmResult.fixedEffect', { name }), value: <N value={n} kind="count" /> })),
        ]}
      />
      {r.collinear_dropped.length > 0 ? <p className="table-note">{t('rdmech.glmResult.dropped', { terms: r.collinear_dropped.join(', ') })}</p> : null}
      <Notes notes={r.notes} />
    </div>
  );
}

export const discreteResultViews = { glm: GlmView, polr: PolrView };
