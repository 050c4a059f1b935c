/**
 * Result views of mediation, moderation, heterogeneity and composite indices. Every number is
 * the engine's (docs/spec-mechanisms.md field names); the renderer only lays them out.
 */
import { Suspense, lazy, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoefRow } from '../../../../shared/specs/common';
import { indexResult, indexSpec, type IndexResult } from '../../../../shared/specs/composite-index';
import { heterogeneityResult, type HeterogeneityResult } from '../../../../shared/specs/heterogeneity';
import type { EstimateRow as MechEstimate, FTest } from '../../../../shared/specs/mech-model';
import { mediationResult, type MediationResult } from '../../../../shared/specs/mediation';
import { moderationResult, type ModerationResult } from '../../../../shared/specs/moderation';
import { useApi } from '../../app/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import { formatEstimate } from '../../components/format';
import { parseResult } from '../didkit/parseResult';
import type { ResultViewProps } from '../results/resultViews';
import { stars } from '../results/resultView';
import { EstimatesTable, N, Notes, StatList, type EstimateRow } from '../analysis-kit/ResultParts';
import '../analysis-kit/kit.css';
import { saveIndexColumn } from './saveIndexColumn';

const MechCharts = lazy(() => import('./MechCharts'));

function Unreadable({ error }: { error: Error }): ReactElement {
  const { t } = useTranslation();
  return <ErrorMessage error={error} title={t('results.loadFailed')} />;
}

function ChartFallback(): ReactElement {
  const { t } = useTranslation();
  return <p className="muted">{t('rdmech.common.chartLoading')}</p>;
}

/** A fixest-style coefficient row as a table row (t or z, whichever the engine reported). */
function coefRow(key: string, label: string, r: CoefRow | null, emphasis = false): EstimateRow {
  return { key, label, estimate: r?.estimate ?? null, se: r?.se ?? null, stat: r?.t ?? r?.z ?? null, p: r?.p ?? null, low: r?.conf_low ?? null, high: r?.conf_high ?? null, emphasis };
}

function mechRow(key: string, label: string, r: MechEstimate, extra?: EstimateRow['extra']): EstimateRow {
  return { key, label, estimate: r.estimate, se: r.se, stat: r.stat, p: r.p, low: r.conf_low, high: r.conf_high, extra };
}

/** "F(2, 279) = 3.21, p = 0.0418", or why the test is not available. */
function FTestText({ test, testId }: { test: FTest; testId?: string }): ReactElement {
  const { t } = useTranslation();
  return (
    <p className="table-note" data-testid={testId}>
      {test.stat === null || test.p === null ? (
        t('rdmech.common.testNa', { reason: test.reason ?? '' })
      ) : (
        <>
          {t('rdmech.common.fTest', { df1: test.df1, df2: test.df2 })} <N value={test.stat} kind="stat" />, p = <N value={test.p} kind="p" /> ({test.vcov})
        </>
      )}
    </p>
  );
}

// ---- mediation ---------------------------------------------------------------------------------

/** The three steps as one regression table: a column per step, estimate with stars over (SE). */
function StepsTable({ r }: { r: MediationResult }): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="rm-table" data-testid="mediation-steps">
        <caption>{t('rdmech.mediationResult.stepsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {r.table.columns.map((c) => (
              <th key={c.step} scope="col" className="num-col">
                {t('rdmech.mediationResult.stepColumn', { step: c.step, depvar: c.depvar })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.table.rows.map((row) => (
            <tr key={row.term} data-term={row.term}>
              <th scope="row">{row.term}</th>
              {row.cells.map((cell, i) => (
                <td key={i} className="num-col" data-step={r.table.columns[i]?.step}>
                  {cell && cell.estimate !== null ? (
                    <>
                      <N value={cell.estimate} />
                      {stars(cell.p)}
                      <br />
                      <span className="muted">
                        (<N value={cell.se} />)
                      </span>
                    </>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
          <tr data-stat="nobs">
            <th scope="row">{t('rdmech.common.nobs')}</th>
            {r.steps.map((s) => (
              <td key={s.step} className="num-col">
                <N value={s.fit.nobs} kind="count" />
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <p className="table-note">{t('rdmech.mediationResult.stepsNote', { vcov: r.vcov_type })}</p>
    </div>
  );
}

export function MediationView({ stored }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseResult(mediationResult, stored.result), [stored]);
  if (!parsed.ok) return <Unreadable error={parsed.error} />;
  const r: MediationResult = parsed.data;
  const level = r.level * 100;
  const b = r.bootstrap;
  return (
    <div data-testid="mediation-result">
      <p className="rm-verdict" data-testid="mediation-conclusion">
        {t(`rdmech.mediationResult.conclusion.${r.stepwise.conclusion}`, { mediator: r.mediator })} {t(`rdmech.mediationResult.basis.${r.stepwise.basis}`)}
      </p>
      <EstimatesTable
        caption={t('rdmech.mediationResult.pathsTitle')}
        labelHeader={t('rdmech.mediationResult.path')}
        statName="t"
        level={level}
        testId="mediation-paths"
        rows={[
          coefRow('c', t('rdmech.mediationResult.paths.c', { x: r.treatment, y: r.outcome }), r.paths.c),
          coefRow('a', t('rdmech.mediationResult.paths.a', { x: r.treatment, m: r.mediator }), r.paths.a),
          coefRow('b', t('rdmech.mediationResult.paths.b', { x: r.treatment, m: r.mediator, y: r.outcome }), r.paths.b),
          coefRow('c_prime', t('rdmech.mediationResult.paths.c_prime', { x: r.treatment, y: r.outcome }), r.paths.c_prime),
        ]}
      />
      <StatList
        testId="mediation-indirect"
        items={[
          { key: 'indirect', label: t('rdmech.mediationResult.indirect'), value: <N value={r.indirect} /> },
          {
            key: 'share_mediated',
            label: t('rdmech.mediationResult.share'),
            value: r.share_mediated.estimate === null ? t('rdmech.common.naBecause', { reason: r.share_mediated.reason ?? '' }) : <N value={r.share_mediated.estimate} />,
          },
          { key: 'nobs', label: t('rdmech.common.nobs'), value: <N value={r.nobs} kind="count" /> },
        ]}
      />
      <EstimatesTable
        caption={t('rdmech.mediationResult.sobelTitle')}
        labelHeader={t('rdmech.mediationResult.test')}
        statName="z"
        level={level}
        testId="mediation-sobel"
        rows={r.sobel.map((s) => mechRow(s.variant, t(`rdmech.mediation.sobelVariants.${s.variant}`), s))}
      />
      {r.sobel.some((s) => s.reason) ? <p className="table-note">{r.sobel.filter((s) => s.reason).map((s) => `${s.variant}: ${s.reason}`).join(' ')}</p> : null}
      {b ? (
        <section className="rm-block" data-testid="mediation-bootstrap">
          <h3>{t('rdmech.mediationResult.bootstrapTitle')}</h3>
          <p className="muted small">
            {b.resampled === 'clusters'
              ? t('rdmech.mediationResult.bootClusters', { draws: b.draws, used: b.draws_used, cluster: b.cluster_var ?? '', n: b.n_clusters ?? 0, seed: b.seed })
              : t('rdmech.mediationResult.bootObs', { draws: b.draws, used: b.draws_used, seed: b.seed })}
          </p>
          <div className="table-wrap">
            <table className="rm-table">
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col" className="num-col">{t('rdmech.mediationResult.lower')}</th>
                  <th scope="col" className="num-col">{t('rdmech.mediationResult.upper')}</th>
                </tr>
              </thead>
              <tbody>
                <tr data-term="percentile">
                  <th scope="row">{t('rdmech.mediationResult.percentile', { level })}</th>
                  <td className="num-col"><N value={b.percentile.conf_low} /></td>
                  <td className="num-col"><N value={b.percentile.conf_high} /></td>
                </tr>
                <tr data-term="bias_corrected" className="row-emphasis">
                  <th scope="row">{t('rdmech.mediationResult.biasCorrected', { level })}</th>
                  <td className="num-col"><N value={b.bias_corrected.conf_low} /></td>
                  <td className="num-col"><N value={b.bias_corrected.conf_high} /></td>
                </tr>
                <tr data-term="share">
                  <th scope="row">{t('rdmech.mediationResult.shareInterval', { level })}</th>
                  <td className="num-col"><N value={b.share_mediated.conf_low} /></td>
                  <td className="num-col"><N value={b.share_mediated.conf_high} /></td>
                </tr>
              </tbody>
            </table>
          </div>
          <StatList
            items={[
              { key: 'boot_se', label: t('rdmech.mediationResult.bootSe'), value: <N value={b.se} /> },
              { key: 'boot_mean', label: t('rdmech.mediationResult.bootMean'), value: <N value={b.mean} /> },
              { key: 'boot_p', label: t('rdmech.mediationResult.bootP'), value: <N value={b.p} kind="p" /> },
            ]}
          />
          {b.bias_corrected.reason ? <p className="table-note">{b.bias_corrected.reason}</p> : null}
        </section>
      ) : null}
      <StepsTable r={r} />
      <section className="rm-block" data-testid="mediation-two-step">
        <h3>{t('rdmech.mediationResult.twoStepTitle')}</h3>
        <p className="muted small">{t('rdmech.mediationResult.twoStepBody')}</p>
        <EstimatesTable
          labelHeader={t('rdmech.mediationResult.path')}
          statName="t"
          level={level}
          rows={[
            coefRow('policy_outcome', t('rdmech.mediationResult.paths.c', { x: r.treatment, y: r.outcome }), r.two_step.policy_outcome),
            coefRow('policy_mechanism', t('rdmech.mediationResult.paths.a', { x: r.treatment, m: r.mediator }), r.two_step.policy_mechanism),
          ]}
        />
      </section>
      <Notes notes={r.notes} />
    </div>
  );
}

// ---- moderation --------------------------------------------------------------------------------

export function ModerationView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseResult(moderationResult, stored.result), [stored]);
  if (!parsed.ok) return <Unreadable error={parsed.error} />;
  const r: ModerationResult = parsed.data;
  const level = r.level * 100;
  const jn = r.johnson_neyman;
  const s = r.moderator_summary;
  return (
    <div data-testid="moderation-result">
      <EstimatesTable
        caption={t('rdmech.moderationResult.coefTitle', { center: formatEstimate(r.center, 3) })}
        labelHeader={t('results.term')}
        statName="t"
        level={level}
        testId="moderation-coefficients"
        rows={[
          coefRow(r.terms.treatment, r.terms.treatment, r.coefficients.treatment),
          ...(r.terms.moderator ? [coefRow(r.terms.moderator, r.terms.moderator, r.coefficients.moderator)] : []),
          coefRow(r.terms.interaction, r.terms.interaction, r.coefficients.interaction, true),
        ]}
      />
      <p className="table-note">{r.formula}</p>
      <section className="chart-section">
        <Suspense fallback={<ChartFallback />}>
          <MechCharts kind="moderation" result={r} source={analysis.id} />
        </Suspense>
      </section>
      <p className="rm-verdict" data-testid="johnson-neyman">
        {jn.significant_intervals.length === 0
          ? t('rdmech.moderationResult.jnNone', { moderator: r.moderator })
          : t('rdmech.moderationResult.jnIntervals', {
              moderator: r.moderator,
              intervals: jn.significant_intervals.map(([lo, hi]) => `[${formatEstimate(lo, 3)}, ${formatEstimate(hi, 3)}]`).join(', '),
            })}{' '}
        {t('rdmech.moderationResult.jnCritical', { value: formatEstimate(jn.critical_value, 3) })}
      </p>
      <EstimatesTable
        caption={t('rdmech.moderationResult.atTitle')}
        labelHeader={t('rdmech.moderationResult.atValue', { moderator: r.moderator })}
        statName="t"
        level={level}
        testId="moderation-at"
        rows={r.at.map((m, i) => mechRow(`at-${i}`, `${m.label ? `${m.label}: ` : ''}${formatEstimate(m.moderator, 3)}`, m))}
      />
      {r.binning ? (
        <section className="rm-block" data-testid="moderation-binning">
          <h3>{t('rdmech.moderationResult.binningTitle')}</h3>
          <EstimatesTable
            labelHeader={t('rdmech.moderationResult.bin')}
            statName="t"
            level={level}
            extraColumns={[t('rdmech.moderationResult.binMedian'), t('rdmech.common.nobs'), t('rdmech.moderationResult.linear')]}
            rows={r.binning.bins.map((b) =>
              mechRow(`bin-${b.bin}`, `${b.bin}: [${formatEstimate(b.lower, 3)}, ${formatEstimate(b.upper, 3)}]`, b, [
                <N key="m" value={b.moderator} kind="plain" />,
                <N key="n" value={b.n} kind="count" />,
                <N key="l" value={b.linear} />,
              ]),
            )}
          />
          <FTestText test={r.binning.linearity_test} testId="linearity-test" />
          <p className="muted small">{t('rdmech.moderationResult.binningNote')}</p>
        </section>
      ) : null}
      <StatList
        items={[
          { key: 'n', label: t('rdmech.common.nobs'), value: <N value={s.n} kind="count" /> },
          { key: 'mean', label: t('rdmech.moderationResult.mean'), value: <N value={s.mean} kind="plain" /> },
          { key: 'sd', label: t('rdmech.moderationResult.sd'), value: <N value={s.sd} kind="plain" /> },
          { key: 'min', label: t('rdmech.moderationResult.min'), value: <N value={s.min} kind="plain" /> },
          { key: 'max', label: t('rdmech.moderationResult.max'), value: <N value={s.max} kind="plain" /> },
        ]}
      />
      <Notes notes={r.notes} />
    </div>
  );
}

// ---- heterogeneity -----------------------------------------------------------------------------

export function HeterogeneityView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseResult(heterogeneityResult, stored.result), [stored]);
  if (!parsed.ok) return <Unreadable error={parsed.error} />;
  const r: HeterogeneityResult = parsed.data;
  const level = r.level * 100;
  return (
    <div data-testid="heterogeneity-result">
      <EstimatesTable
        caption={t('rdmech.heterogeneityResult.pooled')}
        labelHeader={t('results.term')}
        statName="t"
        level={level}
        extraColumns={[t('rdmech.common.nobs')]}
        rows={[{ ...coefRow(r.term, r.term, r.pooled.coefficients[r.term] ?? null), extra: [<N key="n" value={r.pooled.nobs} kind="count" />] }]}
      />
      {r.splits.map((split) => (
        <section key={split.column} className="rm-block" data-testid={`split-${split.column}`}>
          <h3>{t('rdmech.heterogeneityResult.byColumn', { column: split.column })}</h3>
          <EstimatesTable
            labelHeader={t('rdmech.heterogeneityResult.group')}
            statName="t"
            level={level}
            extraColumns={[t('rdmech.heterogeneityResult.rule'), t('rdmech.common.nobs')]}
            rows={split.groups.map((g) => ({
              ...coefRow(g.key, g.label, g.estimate),
              extra: [g.rule, <N key="n" value={g.nobs} kind="count" />],
            }))}
          />
          {split.groups.some((g) => g.reason) ? <p className="table-note">{split.groups.filter((g) => g.reason).map((g) => `${g.label}: ${g.reason}`).join(' ')}</p> : null}
          <Suspense fallback={<ChartFallback />}>
            <MechCharts kind="heterogeneity" split={split} outcome={r.outcome} source={analysis.id} />
          </Suspense>
          <h4>{t('rdmech.heterogeneityResult.testsTitle')}</h4>
          <div className="rm-tests">
            <p className="rm-field-label">{t('rdmech.heterogeneityResult.interaction')}</p>
            <FTestText test={split.interaction_test.test} testId={`interaction-test-${split.column}`} />
            <p className="rm-field-label">{t('rdmech.heterogeneityResult.sur')}</p>
            <EstimatesTable
              labelHeader={t('rdmech.heterogeneityResult.difference')}
              statName="t"
              level={level}
              testId={`sur-${split.column}`}
              rows={split.sur_test.differences.map((d) => mechRow(`${d.group}-${d.reference}`, `${d.group} − ${d.reference}`, d))}
            />
            <FTestText test={split.sur_test.test} testId={`sur-test-${split.column}`} />
            <p className="rm-field-label">{t('rdmech.heterogeneityResult.permutation')}</p>
            {split.permutation ? (
              <div className="table-wrap">
                <table className="rm-table" data-testid={`permutation-${split.column}`}>
                  <caption className="muted small">
                    {t('rdmech.heterogeneityResult.permutationInfo', { draws: split.permutation.draws, used: split.permutation.draws_used, unit: split.permutation.unit, n: split.permutation.n_units, seed: split.permutation.seed })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('rdmech.heterogeneityResult.difference')}</th>
                      <th scope="col" className="num-col">{t('rdmech.common.estimate')}</th>
                      <th scope="col" className="num-col">{t('rdmech.heterogeneityResult.pTwo')}</th>
                      <th scope="col" className="num-col">{t('rdmech.heterogeneityResult.pOne')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {split.permutation.differences.map((d) => (
                      <tr key={d.group} data-term={`${d.group}-${d.reference}`}>
                        <th scope="row">{`${d.group} − ${d.reference}`}</th>
                        <td className="num-col"><N value={d.estimate} /></td>
                        <td className="num-col" data-field="p"><N value={d.p_two_sided} kind="p" /></td>
                        <td className="num-col"><N value={d.p_one_sided} kind="p" /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="muted small">{t('rdmech.heterogeneityResult.noPermutation')}</p>
            )}
          </div>
          <Notes notes={split.notes} />
        </section>
      ))}
      <Notes notes={r.notes} />
    </div>
  );
}

// ---- composite index ---------------------------------------------------------------------------

type SaveState = { kind: 'idle' } | { kind: 'saving'; fraction: number } | { kind: 'saved' } | { kind: 'failed'; error: unknown };

export function IndexView({ analysis, stored, actions }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const parsed = useMemo(() => parseResult(indexResult, stored.result), [stored]);
  const spec = useMemo(() => indexSpec.safeParse(stored.spec), [stored]);
  if (!parsed.ok) return <Unreadable error={parsed.error} />;
  const r: IndexResult = parsed.data;
  const grouped = r.weights.some((w) => w.group !== null);

  const saveColumn = async (): Promise<void> => {
    setSave({ kind: 'saving', fraction: 0 });
    try {
      const { datasets } = await api.call('dataset.list', {});
      const dataset = datasets.find((d) => d.name === analysis.dataset);
      if (!dataset) throw new Error(t('rdmech.indexResult.datasetGone', { dataset: analysis.dataset }));
      await saveIndexColumn(api, dataset.id, r.recipe_steps, (fraction) => setSave({ kind: 'saving', fraction }));
      setSave({ kind: 'saved' });
      actions.analysesChanged();
    } catch (error) {
      setSave({ kind: 'failed', error });
    }
  };

  return (
    <div data-testid="index-result">
      <StatList
        items={[
          { key: 'method', label: t('rdmech.index.method'), value: t(`rdmech.index.methods.${r.method}`) },
          { key: 'nobs', label: t('rdmech.common.nobs'), value: <N value={r.nobs} kind="count" /> },
          { key: 'n_missing', label: t('rdmech.indexResult.missing'), value: <N value={r.n_missing} kind="count" /> },
          { key: 'mean', label: t('rdmech.moderationResult.mean'), value: <N value={r.summary.mean} kind="plain" /> },
          { key: 'sd', label: t('rdmech.moderationResult.sd'), value: <N value={r.summary.sd} kind="plain" /> },
          { key: 'range', label: t('rdmech.indexResult.range'), value: <>[<N value={r.summary.min} kind="plain" />, <N value={r.summary.max} kind="plain" />]</> },
        ]}
      />
      <div className="table-wrap">
        <table className="rm-table" data-testid="index-weights">
          <caption>{t('rdmech.indexResult.weightsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rdmech.indexResult.indicator')}</th>
              <th scope="col">{t('rdmech.index.direction')}</th>
              {grouped ? <th scope="col">{t('rdmech.indexResult.group')}</th> : null}
              <th scope="col" className="num-col">{t('rdmech.indexResult.weight')}</th>
              {r.method !== 'pca' ? <th scope="col" className="num-col">{t('rdmech.indexResult.entropy')}</th> : null}
              {r.method !== 'pca' ? <th scope="col" className="num-col">{t('rdmech.indexResult.divergence')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {r.weights.map((w) => (
              <tr key={`${w.indicator}-${w.group ?? ''}`} data-term={w.indicator}>
                <th scope="row">{w.indicator}</th>
                <td>{t(`rdmech.index.${w.direction}`)}</td>
                {grouped ? <td>{w.group}</td> : null}
                <td className="num-col" data-field="weight"><N value={w.weight} /></td>
                {r.method !== 'pca' ? <td className="num-col"><N value={w.entropy} /></td> : null}
                {r.method !== 'pca' ? <td className="num-col"><N value={w.divergence} /></td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.pca ? (
        <div className="table-wrap">
          <table className="rm-table" data-testid="index-pca">
            <caption>{t('rdmech.indexResult.pcaTitle', { k: r.pca.components_used })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rdmech.indexResult.component')}</th>
                <th scope="col" className="num-col">{t('rdmech.indexResult.eigenvalue')}</th>
                <th scope="col" className="num-col">{t('rdmech.indexResult.share')}</th>
                <th scope="col" className="num-col">{t('rdmech.indexResult.cumulative')}</th>
              </tr>
            </thead>
            <tbody>
              {r.pca.eigenvalues.map((ev, i) => (
                <tr key={i} className={i < (r.pca?.components_used ?? 0) ? 'row-emphasis' : undefined}>
                  <th scope="row">{i + 1}</th>
                  <td className="num-col"><N value={ev} /></td>
                  <td className="num-col"><N value={r.pca?.variance_share[i] ?? null} /></td>
                  <td className="num-col"><N value={r.pca?.cumulative_share[i] ?? null} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {r.by_group ? (
        <div className="table-wrap">
          <table className="rm-table">
            <caption>{t('rdmech.indexResult.byGroup', { by: r.by ?? '' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rdmech.indexResult.group')}</th>
                <th scope="col" className="num-col">{t('rdmech.common.nobs')}</th>
                <th scope="col" className="num-col">{t('rdmech.moderationResult.mean')}</th>
                <th scope="col" className="num-col">{t('rdmech.moderationResult.sd')}</th>
              </tr>
            </thead>
            <tbody>
              {r.by_group.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{g.group}</th>
                  <td className="num-col"><N value={g.n} kind="count" /></td>
                  <td className="num-col"><N value={g.mean} kind="plain" /></td>
                  <td className="num-col"><N value={g.sd} kind="plain" /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <section className="rm-block" data-testid="index-recipe">
        <h3>{t('rdmech.indexResult.recipeTitle', { name: r.name })}</h3>
        <p className="muted small">{t('rdmech.indexResult.recipeBody')}</p>
        <ol className="rm-recipe">
          {r.recipe_steps.map((step, i) => (
            <li key={i}>
              <code>{step.op === 'generate' ? `generate ${step.name} = ${step.expr}${step.if ? ` if ${step.if}` : ''}` : step.op === 'drop' ? `drop ${step.columns.join(' ')}` : step.op}</code>
            </li>
          ))}
        </ol>
        {save.kind === 'saving' ? (
          <ProgressBar fraction={save.fraction} label={t('rdmech.index.saving', { name: r.name })} />
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => void saveColumn()} disabled={!spec.success || stored.stale}>
            {t('rdmech.indexResult.save', { name: r.name, dataset: analysis.dataset })}
          </button>
        )}
        {stored.stale ? <p className="field-hint">{t('rdmech.indexResult.staleHint')}</p> : null}
        {save.kind === 'saved' ? (
          <p className="notice" role="status">
            {t('rdmech.indexResult.saved', { name: r.name, dataset: analysis.dataset })}
          </p>
        ) : null}
        {save.kind === 'failed' ? <ErrorMessage error={save.error} title={t('rdmech.indexResult.saveFailed')} /> : null}
      </section>
      <Notes notes={r.notes} />
    </div>
  );
}

export const mechResultViews = {
  mediation: MediationView,
  moderation: ModerationView,
  heterogeneity: HeterogeneityView,
  index: IndexView,
};

