import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import type { FrequencyRowView, PanelDiagnosticsView, SummaryRowView } from '../../../../shared/contract-data';
import { useApi } from '../../app/ApiContext';
import { EChart } from '../../charts/EChart';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Num } from '../../components/Num';
import { formatCount, formatStat } from '../../components/format';
import { codeWithLabel } from '../data/columnText';
import { ColumnSelect } from '../did/ColumnSelect';
import { heatmapHeight, heatmapOption } from './heatmapOption';
import { useDeclaredPanel } from './useStepApply';

export interface DiagnosticsViewProps {
  dataset: DatasetInfo;
}

type Load<T> = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'failed'; error: unknown };

/** Loads `fetch()` whenever its inputs change (null = nothing to load); stale answers are dropped. */
function useLoad<T>(fetch: (() => Promise<T>) | null, deps: readonly unknown[]): Load<T> {
  const [state, setState] = useState<Load<T>>({ kind: 'idle' });
  useEffect(() => {
    if (!fetch) {
      setState({ kind: 'idle' });
      return undefined;
    }
    let live = true;
    setState({ kind: 'loading' });
    fetch().then(
      (value) => live && setState({ kind: 'ready', value }),
      (error: unknown) => live && setState({ kind: 'failed', error }),
    );
    return () => {
      live = false;
    };
    // `fetch` is a new closure on every render; the caller lists what it depends on.
  }, deps);
  return state;
}

/** A tooltip as text nodes (ECharts would insert a string as HTML). */
function cellTooltip(view: PanelDiagnosticsView, labels: { unit: string; time: string; count: string }) {
  return (p: { value?: unknown }): HTMLElement => {
    const box = document.createElement('div');
    const v = Array.isArray(p.value) ? (p.value as number[]) : [];
    const rows = view.heatmap.rows;
    const row = rows[rows.length - 1 - (v[1] ?? 0)];
    const lines = [`${labels.unit}: ${row?.label ?? ''}`, `${labels.time}: ${view.periods[v[0] ?? 0] ?? ''}`, `${labels.count}: ${row?.cells[v[0] ?? 0] ?? 0}`];
    for (const line of lines) {
      const div = document.createElement('div');
      div.textContent = line;
      box.appendChild(div);
    }
    return box;
  };
}

/**
 * Is the panel balanced, with gaps, duplicate unit–period pairs or units seen once; which
 * unit × period cells are observed (heat-map); and summary and frequency tables with the
 * value labels. Everything is computed on the Node side.
 */
export function DiagnosticsView({ dataset }: DiagnosticsViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [unit, setUnit] = useState('');
  const [time, setTime] = useState('');
  const [freqColumn, setFreqColumn] = useState('');
  const numeric = dataset.columns.filter((c) => c.type === 'number');

  useDeclaredPanel(dataset.id, (p) => {
    setUnit(p.unit);
    setTime(p.time);
  });

  const ready = unit !== '' && time !== '' && unit !== time;
  const panel = useLoad<PanelDiagnosticsView>(ready ? () => api.call('dataset.panelDiagnostics', { datasetId: dataset.id, unit, time }) : null, [api, dataset.id, dataset.fingerprint, unit, time]);
  const summary = useLoad<SummaryRowView[]>(() => api.call('dataset.summaryTable', { datasetId: dataset.id }).then((r) => r.rows), [api, dataset.id, dataset.fingerprint]);
  const freq = useLoad<{ rows: FrequencyRowView[]; truncated: boolean }>(
    freqColumn ? () => api.call('dataset.frequency', { datasetId: dataset.id, column: freqColumn }) : null,
    [api, dataset.id, dataset.fingerprint, freqColumn],
  );

  const count = (n: number): ReactElement => <Num value={n} display={formatCount(n, i18n.language)} />;
  const stat = (x: number | null): ReactElement => <Num value={x} display={formatStat(x)} missing={t('common.none')} />;
  const pct = (x: number | null): ReactElement => <Num value={x} display={x === null ? '' : x.toFixed(2)} missing={t('common.none')} />;

  const view = panel.kind === 'ready' ? panel.value : null;
  const option = useMemo(
    () =>
      view
        ? heatmapOption(
            view,
            {
              title: t('dataTools.diag.heatmapTitle'),
              xName: view.time,
              yName: view.heatmap.mode === 'units' ? view.unit : t('dataTools.diag.patterns'),
              missing: t('dataTools.diag.cellMissing'),
              once: t('dataTools.diag.cellOnce'),
              repeated: t('dataTools.diag.cellRepeated'),
              patternRow: (pattern, units) => t('dataTools.diag.patternRow', { pattern, count: units }),
            },
            cellTooltip(view, { unit: view.unit, time: view.time, count: t('dataTools.diag.cellCount') }),
          )
        : null,
    [view, t],
  );

  return (
    <div className="dt-diagnostics">
      <section aria-labelledby="diag-panel-title" className="dt-section">
        <h3 id="diag-panel-title">{t('dataTools.diag.panelTitle')}</h3>
        <div className="field-row">
          <ColumnSelect id="diag-unit" label={t('dataTools.panel.unit')} value={unit} columns={dataset.columns} onChange={setUnit} />
          <ColumnSelect id="diag-time" label={t('dataTools.panel.time')} value={time} columns={numeric} onChange={setTime} />
        </div>
        {!ready ? <p className="muted">{t('dataTools.diag.pickPanel')}</p> : null}
        {panel.kind === 'loading' ? <p className="muted">{t('common.loading')}</p> : null}
        {panel.kind === 'failed' ? <ErrorMessage error={panel.error} /> : null}
        {view ? (
          <>
            <p className={view.balanced ? 'notice' : 'notice notice-warn'} data-testid="panel-balance">
              {view.balanced ? t('dataTools.diag.balanced') : t('dataTools.diag.unbalanced')}
            </p>
            <dl className="dt-facts" data-testid="panel-facts">
              <div>
                <dt>{t('dataTools.diag.units')}</dt>
                <dd>{count(view.nUnits)}</dd>
              </div>
              <div>
                <dt>{t('dataTools.diag.periods')}</dt>
                <dd>{count(view.nPeriods)}</dd>
              </div>
              <div>
                <dt>{t('dataTools.diag.observations')}</dt>
                <dd>{count(view.nObs)}</dd>
              </div>
              <div data-fact="duplicates">
                <dt>{t('dataTools.diag.duplicates')}</dt>
                <dd>{count(view.duplicateCount)}</dd>
              </div>
              <div data-fact="gaps">
                <dt>{t('dataTools.diag.gaps')}</dt>
                <dd>{count(view.unitsWithGaps)}</dd>
              </div>
              <div data-fact="singletons">
                <dt>{t('dataTools.diag.singletons')}</dt>
                <dd>{count(view.singletonCount)}</dd>
              </div>
              {view.rowsMissingKey > 0 ? (
                <div>
                  <dt>{t('dataTools.diag.missingKey')}</dt>
                  <dd>{count(view.rowsMissingKey)}</dd>
                </div>
              ) : null}
            </dl>
            {view.duplicates.length > 0 ? (
              <div className="dt-table-scroll">
                <table className="summary-table" data-testid="duplicates-table">
                  <caption>{t('dataTools.diag.duplicatesTitle', { count: view.duplicateCount })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{view.unit}</th>
                      <th scope="col" className="num-col">
                        {view.time}
                      </th>
                      <th scope="col">{t('dataTools.diag.rows')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.duplicates.map((d) => (
                      <tr key={`${d.unit}|${d.time}`}>
                        <th scope="row">{String(d.unit)}</th>
                        <td className="num-col">{d.time}</td>
                        <td>{d.rows.join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {view.gaps.length > 0 ? (
              <div className="dt-table-scroll">
                <table className="summary-table" data-testid="gaps-table">
                  <caption>{t('dataTools.diag.gapsTitle', { count: view.unitsWithGaps })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{view.unit}</th>
                      <th scope="col">{t('dataTools.diag.missingPeriods')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.gaps.map((g) => (
                      <tr key={String(g.unit)}>
                        <th scope="row">{String(g.unit)}</th>
                        <td>{g.missing.join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {view.singletons.length > 0 ? (
              <p className="small">
                {t('dataTools.diag.singletonsList', { count: view.singletonCount })} {view.singletons.map(String).join(', ')}
                {view.singletonCount > view.singletons.length ? ', …' : ''}
              </p>
            ) : null}
            {option ? <EChart option={option} label={t('dataTools.diag.heatmapTitle')} height={heatmapHeight(view.heatmap.rows.length)} testId="panel-heatmap" /> : null}
            {view.heatmap.mode === 'patterns' ? (
              <p className="muted small">{t('dataTools.diag.patternsNote', { hidden: view.heatmap.hiddenRows, units: view.heatmap.hiddenUnits })}</p>
            ) : null}
          </>
        ) : null}
      </section>

      <section aria-labelledby="diag-summary-title" className="dt-section">
        <h3 id="diag-summary-title">{t('dataTools.diag.summaryTitle')}</h3>
        {summary.kind === 'loading' ? <p className="muted">{t('common.loading')}</p> : null}
        {summary.kind === 'failed' ? <ErrorMessage error={summary.error} /> : null}
        {summary.kind === 'ready' ? (
          <div className="dt-table-scroll">
            <table className="summary-table" data-testid="summary-table">
              <thead>
                <tr>
                  <th scope="col">{t('summary.variable')}</th>
                  <th scope="col">{t('dataTools.variables.label')}</th>
                  {(['n', 'missing', 'mean', 'sd', 'min', 'p25', 'median', 'p75', 'max', 'distinct'] as const).map((k) => (
                    <th key={k} scope="col" className="num-col">
                      {t(`dataTools.diag.stat_${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {summary.value.map((r) => (
                  <tr key={r.name} data-column={r.name}>
                    <th scope="row">{r.name}</th>
                    <td>{r.label ?? ''}</td>
                    <td className="num-col">{count(r.n)}</td>
                    <td className="num-col">{count(r.missing)}</td>
                    {([r.mean, r.sd, r.min, r.p25, r.median, r.p75, r.max] as const).map((x, k) => (
                      <td key={k} className="num-col">
                        {stat(x)}
                      </td>
                    ))}
                    <td className="num-col">{count(r.distinct)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="diag-freq-title" className="dt-section">
        <h3 id="diag-freq-title">{t('dataTools.diag.frequencyTitle')}</h3>
        <ColumnSelect id="diag-freq-column" label={t('dataTools.diag.frequencyColumn')} value={freqColumn} columns={dataset.columns} onChange={setFreqColumn} />
        {freq.kind === 'loading' ? <p className="muted">{t('common.loading')}</p> : null}
        {freq.kind === 'failed' ? <ErrorMessage error={freq.error} /> : null}
        {freq.kind === 'ready' ? (
          <div className="dt-table-scroll">
            <table className="summary-table" data-testid="frequency-table">
              <thead>
                <tr>
                  <th scope="col">{t('dataTools.diag.value')}</th>
                  <th scope="col" className="num-col">
                    {t('dataTools.diag.count')}
                  </th>
                  <th scope="col" className="num-col">
                    {t('dataTools.diag.percent')}
                  </th>
                  <th scope="col" className="num-col">
                    {t('dataTools.diag.validPercent')}
                  </th>
                  <th scope="col" className="num-col">
                    {t('dataTools.diag.cumulative')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {freq.value.rows.map((r) => (
                  <tr key={`${r.missing ? 'm' : 'v'}|${r.value ?? r.label ?? ''}`} className={r.missing ? 'dt-missing-row' : undefined}>
                    <th scope="row">{r.missing ? t('dataTools.diag.missingValue', { kind: r.label ?? '.' }) : r.value === null ? '' : codeWithLabel(r.value, r.label ?? undefined)}</th>
                    <td className="num-col">{count(r.count)}</td>
                    <td className="num-col">{pct(r.percent)}</td>
                    <td className="num-col">{pct(r.validPercent)}</td>
                    <td className="num-col">{pct(r.cumulativePercent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {freq.value.truncated ? <p className="muted small">{t('dataTools.diag.truncated')}</p> : null}
          </div>
        ) : null}
      </section>
    </div>
  );
}
