/**
 * Result views of the five RD analyses. Every number is the engine's (rdrobust's field names);
 * the charts are the publication figures of shared/charts, so the app shows what is exported.
 */
import { Suspense, lazy, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { rdbwselectResult, type RdbwselectResult } from '../../../../shared/specs/rdbwselect';
import { rddensityResult, type RddensityResult } from '../../../../shared/specs/rddensity';
import { rdplotResult, type RdplotResult } from '../../../../shared/specs/rdplot';
import { rdrobustResult, rdrobustSpec, type RdCoefficients, type RdrobustResult } from '../../../../shared/specs/rdrobust';
import { rdsensitivityResult, type RdSensitivityRow, type RdsensitivityResult } from '../../../../shared/specs/rdsensitivity';
import { RD_SENSITIVITY_CHECKS, type RdSensitivityCheck } from '../../../../shared/charts/resultFigures';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatP } from '../../components/format';
import type { ResultViewProps } from '../results/resultViews';
import { EstimatesTable, N, Notes, SidesTable, StatList, type EstimateRow } from '../analysis-kit/ResultParts';
import { parseResult } from '../didkit/parseResult';
import '../analysis-kit/kit.css';
import { densityFigureSpec, rdplotFigureSpec } from './rdFigures';
import { RD_COMPANIONS, companionSpec, type RdModel } from './rdForm';
import { sensitivityLabel } from './rdLabels';

const RdCharts = lazy(() => import('./RdCharts'));

const COEF_ROWS = ['Conventional', 'Bias-Corrected', 'Robust'] as const;

function coefficientRows(coefs: RdCoefficients, label: (row: (typeof COEF_ROWS)[number]) => string): EstimateRow[] {
  return COEF_ROWS.map((row) => {
    const r = coefs[row];
    return { key: row, label: label(row), estimate: r.estimate, se: r.se, stat: r.z, p: r.p, low: r.ci_lower, high: r.ci_upper, emphasis: row === 'Robust' };
  });
}

function ChartFallback(): ReactElement {
  const { t } = useTranslation();
  return <p className="muted">{t('rdmech.common.chartLoading')}</p>;
}

/** A result that cannot be read as its model's result. */
function Unreadable({ error }: { error: Error }): ReactElement {
  const { t } = useTranslation();
  return <ErrorMessage error={error} title={t('results.loadFailed')} />;
}

/** rdrobust: the three inference rows, first stage, sides, covariates, and the next checks. */
export function RdrobustView({ stored, actions }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseResult(rdrobustResult, stored.result), [stored]);
  const spec = useMemo(() => rdrobustSpec.safeParse(stored.spec), [stored]);
  if (!parsed.ok) return <Unreadable error={parsed.error} />;
  const r: RdrobustResult = parsed.data;
  const fuzzy = r.first_stage !== null;
  const rowLabel = (row: (typeof COEF_ROWS)[number]): string => t(`rdmech.rdResult.rows.${row}`);
  const running = spec.success ? (spec.data.x ?? t('rdmech.rdResult.timeRunning', { column: spec.data.time?.column ?? '' })) : '';
  return (
    <div data-testid="rdrobust-result">
      <p className="result-summary">
        {t(fuzzy ? 'rdmech.rdResult.summaryFuzzy' : 'rdmech.rdResult.summarySharp', {
          y: spec.success ? spec.data.y : '',
          x: running,
          c: r.c,
        })}
      </p>
      <StatList
        items={[
          { key: 'p', label: t('rdmech.rdResult.order'), value: `p = ${r.p}, q = ${r.q}` },
          { key: 'kernel', label: t('rdmech.rd.kernel'), value: r.kernel },
          { key: 'bwselect', label: t('rdmech.rdResult.bwselect'), value: r.bwselect },
          { key: 'vce', label: t('rdmech.rd.vce'), value: r.vce },
          { key: 'masspoints', label: t('rdmech.rd.masspoints'), value: r.masspoints },
        ]}
      />
      <EstimatesTable
        caption={t('rdmech.rdResult.tableTitle')}
        rows={coefficientRows(r.coefficients, rowLabel)}
        labelHeader={t('rdmech.rdResult.method')}
        level={r.level}
        testId="rd-coefficients"
      />
      <p className="table-note">{t('rdmech.rdResult.robustNote')}</p>
      {r.first_stage ? (
        <EstimatesTable
          caption={t('rdmech.rdResult.firstStage')}
          rows={coefficientRows(r.first_stage, rowLabel)}
          labelHeader={t('rdmech.rdResult.method')}
          level={r.level}
          testId="rd-first-stage"
        />
      ) : null}
      <SidesTable
        caption={t('rdmech.rdResult.sides')}
        testId="rd-sides"
        rows={[
          { key: 'N', label: t('rdmech.rdResult.N'), left: r.N.left, right: r.N.right, kind: 'count', total: true },
          { key: 'N_h', label: t('rdmech.rdResult.N_h'), left: r.N_h.left, right: r.N_h.right, kind: 'count', total: true },
          { key: 'N_b', label: t('rdmech.rdResult.N_b'), left: r.N_b.left, right: r.N_b.right, kind: 'count', total: true },
          { key: 'h', label: t('rdmech.rdResult.h'), left: r.h.left, right: r.h.right },
          { key: 'b', label: t('rdmech.rdResult.b'), left: r.b.left, right: r.b.right },
          { key: 'M_unique', label: t('rdmech.rdResult.M_unique'), left: r.M_unique.left, right: r.M_unique.right, kind: 'count' },
          ...(r.n_clust ? [{ key: 'n_clust', label: t('rdmech.rdResult.n_clust'), left: r.n_clust.left, right: r.n_clust.right, kind: 'count' as const, total: true }] : []),
        ]}
      />
      {r.covs_names.length > 0 ? (
        <div className="table-wrap">
          <table className="rm-table" data-testid="rd-covariates">
            <caption>{t('rdmech.rdResult.covariates')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('results.term')}</th>
                <th scope="col" className="num-col">{t('rdmech.rdResult.covCoef')}</th>
              </tr>
            </thead>
            <tbody>
              {r.covs_names.map((name, i) => (
                <tr key={name} data-term={name}>
                  <th scope="row">{name}</th>
                  <td className="num-col">
                    <N value={r.coef_covs?.[i] ?? null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.covs_dropped.length > 0 ? <p className="table-note">{t('rdmech.rdResult.covsDropped', { names: r.covs_dropped.join(', ') })}</p> : null}
        </div>
      ) : null}
      {spec.success ? (
        <section className="rm-block">
          <h3>{t('rdmech.rdResult.nextTitle')}</h3>
          <p className="muted">{t('rdmech.rdResult.nextBody')}</p>
          <div className="view-actions">
            {RD_COMPANIONS.map((m) => (
              <button key={m} type="button" className="btn" onClick={() => actions.openBuilder(m, companionSpec(spec.data, m))}>
                {t(`rdmech.rdResult.next.${m}`)}
              </button>
            ))}
          </div>
        </section>
      ) : null}
      <Notes notes={r.notes} />
    </div>
  );
}

/** rdbwselect: the bandwidths of each selector. */
export function RdbwselectView({ stored }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseResult(rdbwselectResult, stored.result), [stored]);
  if (!parsed.ok) return <Unreadable error={parsed.error} />;
  const r: RdbwselectResult = parsed.data;
  return (
    <div data-testid="rdbwselect-result">
      <StatList
        items={[
          { key: 'p', label: t('rdmech.rdResult.order'), value: `p = ${r.p}, q = ${r.q}` },
          { key: 'kernel', label: t('rdmech.rd.kernel'), value: r.kernel },
          { key: 'vce', label: t('rdmech.rd.vce'), value: r.vce },
          { key: 'c', label: t('rdmech.rd.c'), value: <N value={r.c} kind="plain" /> },
        ]}
      />
      <div className="table-wrap">
        <table className="rm-table" data-testid="rd-bandwidths">
          <caption>{t('rdmech.rdResult.bandwidths')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rdmech.rd.bwselect')}</th>
              <th scope="col" className="num-col">{t('rdmech.rdResult.hLeft')}</th>
              <th scope="col" className="num-col">{t('rdmech.rdResult.hRight')}</th>
              <th scope="col" className="num-col">{t('rdmech.rdResult.bLeft')}</th>
              <th scope="col" className="num-col">{t('rdmech.rdResult.bRight')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(r.bws).map(([name, bw]) => (
              <tr key={name} data-term={name}>
                <th scope="row">{name}</th>
                <td className="num-col" data-field="h_left"><N value={bw.h_left} /></td>
                <td className="num-col" data-field="h_right"><N value={bw.h_right} /></td>
                <td className="num-col" data-field="b_left"><N value={bw.b_left} /></td>
                <td className="num-col" data-field="b_right"><N value={bw.b_right} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SidesTable
        rows={[
          { key: 'N', label: t('rdmech.rdResult.N'), left: r.N.left, right: r.N.right, kind: 'count', total: true },
          { key: 'N_h', label: t('rdmech.rdResult.N_h'), left: r.N_h.left, right: r.N_h.right, kind: 'count', total: true },
          { key: 'M_unique', label: t('rdmech.rdResult.M_unique'), left: r.M_unique.left, right: r.M_unique.right, kind: 'count' },
        ]}
      />
      <Notes notes={r.notes} />
    </div>
  );
}

/** rdplot: the chart, then the bin choice. */
export function RdplotView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  // rdplot draws no confidence intervals unless asked (its `ci` option); the export follows the toggle.
  const [showCi, setShowCi] = useState(false);
  const parsed = useMemo(() => parseResult(rdplotResult, stored.result), [stored]);
  const y = 'y' in stored.spec && typeof stored.spec.y === 'string' ? stored.spec.y : '';
  const figure = useMemo(() => rdplotFigureSpec(t, i18n.language, y, analysis.id, showCi), [t, i18n.language, y, analysis.id, showCi]);
  if (!parsed.ok) return <Unreadable error={parsed.error} />;
  const r: RdplotResult = parsed.data;
  return (
    <div data-testid="rdplot-result">
      <section className="chart-section">
        <Suspense fallback={<ChartFallback />}>
          <RdCharts
            kind="rdplot"
            result={r}
            spec={figure}
            controls={
              <label className="check">
                <input type="checkbox" checked={showCi} onChange={(e) => setShowCi(e.target.checked)} />
                <span>{t('rdmech.charts.showCi')}</span>
              </label>
            }
          />
        </Suspense>
      </section>
      <SidesTable
        caption={r.binselect}
        testId="rdplot-bins"
        rows={[
          { key: 'J', label: t('rdmech.rdResult.J'), left: r.J.left, right: r.J.right, kind: 'count', total: true },
          { key: 'J_IMSE', label: t('rdmech.rdResult.J_IMSE'), left: r.J_IMSE.left, right: r.J_IMSE.right, kind: 'count' },
          { key: 'J_MV', label: t('rdmech.rdResult.J_MV'), left: r.J_MV.left, right: r.J_MV.right, kind: 'count' },
          { key: 'bin_width_avg', label: t('rdmech.rdResult.binWidth'), left: r.bin_width_avg.left, right: r.bin_width_avg.right },
          { key: 'N', label: t('rdmech.rdResult.N'), left: r.N.left, right: r.N.right, kind: 'count', total: true },
          { key: 'h', label: t('rdmech.rdResult.polyRange'), left: r.h.left, right: r.h.right },
        ]}
      />
      <p className="table-note">{t('rdmech.rdResult.rdplotNote', { p: r.p, kernel: r.kernel })}</p>
      <Notes notes={r.notes} />
    </div>
  );
}

/** rddensity: the manipulation test, its bandwidths, the density plot and the binomial tests. */
export function RddensityView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const parsed = useMemo(() => parseResult(rddensityResult, stored.result), [stored]);
  const figure = useMemo(() => densityFigureSpec(t, i18n.language, analysis.id), [t, i18n.language, analysis.id]);
  if (!parsed.ok) return <Unreadable error={parsed.error} />;
  const r: RddensityResult = parsed.data;
  const verdict = r.test.p_jk === null ? null : r.test.p_jk < 0.05 ? 'reject' : 'keep';
  return (
    <div data-testid="rddensity-result">
      <div className="table-wrap">
        <table className="rm-table" data-testid="rd-density-test">
          <caption>{t('rdmech.rdResult.densityTest')}</caption>
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col" className="num-col">{t('rdmech.rdResult.tStat')}</th>
              <th scope="col" className="num-col">{t('rdmech.common.p')}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-term="robust" className="row-emphasis">
              <th scope="row">{t(r.vce === 'plugin' ? 'rdmech.rdResult.testRobustPlugin' : 'rdmech.rdResult.testRobust')}</th>
              <td className="num-col" data-field="stat"><N value={r.vce === 'plugin' ? r.test.t_asy : r.test.t_jk} kind="stat" /></td>
              <td className="num-col" data-field="p"><N value={r.vce === 'plugin' ? r.test.p_asy : r.test.p_jk} kind="p" /></td>
            </tr>
            {r.conventional ? (
              <tr data-term="conventional">
                <th scope="row">{t('rdmech.rdResult.testConventional')}</th>
                <td className="num-col" data-field="stat"><N value={r.vce === 'plugin' ? r.conventional.test.t_asy : r.conventional.test.t_jk} kind="stat" /></td>
                <td className="num-col" data-field="p"><N value={r.vce === 'plugin' ? r.conventional.test.p_asy : r.conventional.test.p_jk} kind="p" /></td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {verdict ? <p className="rm-verdict">{t(`rdmech.rdResult.densityVerdict.${verdict}`, { p: formatP(r.test.p_jk) })}</p> : null}
      <SidesTable
        caption={t('rdmech.rdResult.densitySides')}
        testId="rd-density-sides"
        rows={[
          { key: 'h', label: t('rdmech.rdResult.h'), left: r.h.left, right: r.h.right },
          { key: 'N', label: t('rdmech.rdResult.N'), left: r.N.left, right: r.N.right, kind: 'count', total: true },
          { key: 'N_eff', label: t('rdmech.rdResult.N_h'), left: r.N.eff_left, right: r.N.eff_right, kind: 'count', total: true },
          { key: 'hat', label: t('rdmech.rdResult.densityAtCutoff'), left: r.hat.left, right: r.hat.right },
        ]}
      />
      <p className="table-note">{t('rdmech.rdResult.densityDesign', { p: r.p, q: r.q, kernel: r.kernel, fitselect: r.fitselect, bwmethod: r.bwmethod })}</p>
      <section className="chart-section">
        <Suspense fallback={<ChartFallback />}>
          <RdCharts kind="rddensity" result={r} spec={figure} />
        </Suspense>
      </section>
      {r.binomial_tests.length > 0 ? (
        <div className="table-wrap">
          <table className="rm-table" data-testid="rd-binomial">
            <caption>{t('rdmech.rdResult.binomial')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num-col">{t('rdmech.rdResult.window')}</th>
                <th scope="col" className="num-col">{t('rdmech.rdResult.nLeft')}</th>
                <th scope="col" className="num-col">{t('rdmech.rdResult.nRight')}</th>
                <th scope="col" className="num-col">{t('rdmech.common.p')}</th>
              </tr>
            </thead>
            <tbody>
              {r.binomial_tests.map((b) => (
                <tr key={`${b.window_left}:${b.window_right}`}>
                  <td className="num-col">
                    [<N value={b.window_left} kind="plain" />, <N value={b.window_right} kind="plain" />]
                  </td>
                  <td className="num-col"><N value={b.n_left} kind="count" /></td>
                  <td className="num-col"><N value={b.n_right} kind="count" /></td>
                  <td className="num-col"><N value={b.p} kind="p" /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Notes notes={r.notes} />
    </div>
  );
}

/** rdsensitivity: the main estimate, then each check as a chart and a table. */
export function RdsensitivityView({ analysis, stored }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseResult(rdsensitivityResult, stored.result), [stored]);
  if (!parsed.ok) return <Unreadable error={parsed.error} />;
  const r: RdsensitivityResult = parsed.data;
  const say = (key: string, values?: Record<string, unknown>): string => t(key, values ?? {});
  const rowOf = (check: RdSensitivityCheck, row: RdSensitivityRow, i: number): EstimateRow => ({
    key: `${check}-${i}`,
    label: sensitivityLabel(say, check, row),
    estimate: row.estimate,
    se: row.se_robust,
    stat: null,
    p: row.p_robust,
    low: row.ci_lower,
    high: row.ci_upper,
    emphasis: row.label === 'selected',
    extra: [<N key="nl" value={row.N_h_left} kind="count" />, <N key="nr" value={row.N_h_right} kind="count" />, row.error ?? ''],
  });
  return (
    <div data-testid="rdsensitivity-result">
      <EstimatesTable
        caption={t('rdmech.rdResult.sens.main')}
        rows={[rowOf('bandwidth', { ...r.main, label: 'main' }, 0)]}
        labelHeader={t('rdmech.rdResult.sens.check')}
        level={r.level}
        showStat={false}
        extraColumns={[t('rdmech.rdResult.nLeft'), t('rdmech.rdResult.nRight'), '']}
        testId="rd-sens-main"
      />
      {RD_SENSITIVITY_CHECKS.map((check) =>
        r[check].length === 0 ? null : (
          <section key={check} className="rm-block" data-testid={`rd-sens-${check}`}>
            <h3>{t(`rdmech.rd.checkNames.${check}`)}</h3>
            <p className="muted small">{t(`rdmech.rdResult.sens.help.${check}`)}</p>
            <Suspense fallback={<ChartFallback />}>
              <RdCharts kind="sensitivity" check={check} result={r} source={analysis.id} />
            </Suspense>
            <EstimatesTable
              rows={r[check].map((row, i) => rowOf(check, row, i))}
              labelHeader={t('rdmech.rdResult.sens.check')}
              level={r.level}
              showStat={false}
              extraColumns={[t('rdmech.rdResult.nLeft'), t('rdmech.rdResult.nRight'), t('rdmech.rdResult.sens.error')]}
            />
          </section>
        ),
      )}
      <p className="table-note">{t('rdmech.rdResult.sens.robustNote')}</p>
      <Notes notes={r.notes} />
    </div>
  );
}

/** Result view per RD model, for features/results/resultViews.tsx. */
export const rdResultViews: Record<RdModel, (props: ResultViewProps) => ReactElement> = {
  rdrobust: RdrobustView,
  rdbwselect: RdbwselectView,
  rdplot: RdplotView,
  rddensity: RddensityView,
  rdsensitivity: RdsensitivityView,
};
