import { Suspense, lazy, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisInfo, StoredResult } from '../../../../shared/contract';
import { didSpec, type DidSpec } from '../../../../shared/specs/did';
import { ApiError } from '../../api/client';
import type { JobHandle } from '../../api/client';
import { useApi } from '../../app/ApiContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount, formatEstimate, formatP } from '../../components/format';
import { CoefficientTable } from './CoefficientTable';
import { toResultView, type ResultView } from './resultView';

export interface ResultsViewProps {
  analysisId: string | null;
  onBuildDid: () => void;
  /** Opens the DID builder filled with a saved DID analysis' spec. */
  onEditDid: (spec: DidSpec) => void;
  /** An analysis was run from here (the list's last-run dates change). */
  onRan: () => void;
}

type RunState = { kind: 'idle' } | { kind: 'running'; fraction: number } | { kind: 'failed'; error: unknown };

/** ECharts is most of the bundle: load it with the first chart, not with the app. */
const EventStudyChart = lazy(() => import('../../charts/EventStudyChart').then((m) => ({ default: m.EventStudyChart })));

type State =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'ready'; analysis: AnalysisInfo; result: StoredResult | null }
  | { kind: 'failed'; error: unknown };

function ResultBody({ stored }: { stored: StoredResult }): ReactElement {
  const { t, i18n } = useTranslation();
  const view = useMemo<{ ok: true; view: ResultView } | { ok: false; error: unknown }>(() => {
    try {
      return { ok: true, view: toResultView(stored.spec, stored.result) };
    } catch (error) {
      return { ok: false, error };
    }
  }, [stored]);
  if (!view.ok) return <ErrorMessage error={view.error} title={t('results.loadFailed')} />;
  const { table, eventStudy, treatment, pretrend } = view.view;
  return (
    <>
      {treatment ? (
        <p className="result-summary" data-testid="treatment-summary">
          {t('results.treatmentSummary', {
            treated: formatCount(treatment.treatedUnits, i18n.language),
            obs: formatCount(treatment.treatedObs, i18n.language),
            never: formatCount(treatment.neverTreatedUnits, i18n.language),
            units: formatCount(treatment.units, i18n.language),
          })}
          {treatment.staggered ? <span className="sentence">{t('results.staggered')}</span> : null}
        </p>
      ) : null}
      <CoefficientTable table={table} />
      <section className="chart-section" aria-labelledby="es-title">
        <h3 id="es-title">{t('results.eventStudy')}</h3>
        {eventStudy && eventStudy.length > 0 ? (
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            <EventStudyChart points={eventStudy} outcome={table.outcome ?? ''} />
          </Suspense>
        ) : (
          <p className="muted">{t('results.noEventStudy')}</p>
        )}
        {pretrend ? (
          <p className="table-note" data-testid="pretrend-test">
            {pretrend.stat === null || pretrend.p === null
              ? t('results.pretrendNa', { reason: pretrend.reason ?? '' })
              : t('results.pretrend', {
                  df1: pretrend.df1,
                  df2: pretrend.df2,
                  stat: formatEstimate(pretrend.stat, 3),
                  p: formatP(pretrend.p),
                })}
          </p>
        ) : null}
      </section>
    </>
  );
}

/** A stored analysis and its latest result, exactly as saved in the project. */
export function ResultsView({ analysisId, onBuildDid, onEditDid, onRan }: ResultsViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<State>({ kind: analysisId ? 'loading' : 'none' });
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const job = useRef<JobHandle<unknown> | null>(null);

  useEffect(() => {
    setRun({ kind: 'idle' });
    if (!analysisId) {
      setState({ kind: 'none' });
      return undefined;
    }
    let live = true;
    setState({ kind: 'loading' });
    api.call('analysis.get', { analysisId }).then(
      (r) => live && setState({ kind: 'ready', analysis: r.analysis, result: r.result }),
      (error: unknown) => live && setState({ kind: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [api, analysisId]);

  if (state.kind === 'none') {
    return (
      <EmptyState
        title={t('results.empty')}
        body={t('results.emptyBody')}
        action={
          <button type="button" className="btn btn-primary" onClick={onBuildDid}>
            {t('results.goToBuilder')}
          </button>
        }
      />
    );
  }
  if (state.kind === 'loading') return <p className="muted">{t('common.loading')}</p>;
  if (state.kind === 'failed') return <ErrorMessage error={state.error} title={t('results.loadFailed')} />;

  const { analysis, result } = state;
  const did = didSpec.safeParse(analysis.spec);

  /** Runs the stored spec again (a saved but never-run analysis, or a stale result). */
  const runAgain = async (): Promise<void> => {
    setRun({ kind: 'running', fraction: 0 });
    const handle = api.startJob(
      'analysis.run',
      { analysisId: analysis.id, spec: analysis.spec },
      { onProgress: (fraction) => setRun({ kind: 'running', fraction }) },
    );
    job.current = handle;
    try {
      const done = await handle.promise;
      setState({ kind: 'ready', analysis: done.analysis, result: done.result });
      setRun({ kind: 'idle' });
      onRan();
    } catch (error) {
      setRun(error instanceof ApiError && error.code === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', error });
    } finally {
      job.current = null;
    }
  };

  return (
    <div className="results-view" data-testid="results-view">
      <div className="view-head">
        <div>
          <h2>{analysis.name}</h2>
          <p className="muted">
            {analysis.dataset}
            {result ? ` · ${t('results.ranAt', { time: new Date(result.createdAt).toLocaleString(i18n.language) })}` : ''}
          </p>
        </div>
        <div className="view-actions">
          {did.success ? (
            <button type="button" className="btn" onClick={() => onEditDid(did.data)} disabled={run.kind === 'running'}>
              {t('results.edit')}
            </button>
          ) : null}
          {!result || result.stale ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void runAgain()}
              disabled={run.kind === 'running'}
            >
              {result ? t('results.runAgain') : t('results.run')}
            </button>
          ) : null}
        </div>
      </div>
      {run.kind === 'running' ? (
        <div className="form-actions">
          <ProgressBar fraction={run.fraction} label={t('did.running')} />
          <button type="button" className="btn" onClick={() => void job.current?.cancel()}>
            {t('did.cancel')}
          </button>
        </div>
      ) : null}
      {run.kind === 'failed' ? <ErrorMessage error={run.error} title={t('did.failed')} /> : null}
      {result?.stale ? (
        <p className="notice notice-warn" role="status">
          {result.staleReason === 'dataset_missing' ? t('results.staleMissing') : t('results.staleChanged')}
        </p>
      ) : null}
      {result && result.notes.length > 0 ? (
        <ul className="run-notes">
          {result.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      {result ? <ResultBody stored={result} /> : <p className="muted">{t('results.notRun')}</p>}
    </div>
  );
}
