import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisInfo, StoredResult } from '../../../../shared/contract';
import { ApiError } from '../../api/client';
import type { JobHandle } from '../../api/client';
import { useApi } from '../../app/ApiContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import { resultViewFor, type ResultActions } from './resultViews';
import { CodeButton } from '../publish/CodeButton';

export interface ResultsViewProps {
  analysisId: string | null;
  onBuildDid: () => void;
  /** The builder that edits a saved analysis of `model` with `spec` (its translated name), if any. */
  editorFor: (model: string, spec: unknown) => { name: string; open: (spec: unknown) => void } | null;
  /** What result views may do; `analysesChanged` also follows a run from here. */
  actions: ResultActions;
}

type RunState = { kind: 'idle' } | { kind: 'running'; fraction: number } | { kind: 'failed'; error: unknown };

type State =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'ready'; analysis: AnalysisInfo; result: StoredResult | null }
  | { kind: 'failed'; error: unknown };

/** A stored analysis and its latest result, exactly as saved in the project. */
export function ResultsView({ analysisId, onBuildDid, editorFor, actions }: ResultsViewProps): ReactElement {
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
  const editor = editorFor(analysis.model, analysis.spec);
  const Body = resultViewFor(analysis.model);

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
      actions.analysesChanged();
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
          {result ? <CodeButton analysisId={analysis.id} /> : null}
          {editor ? (
            <button type="button" className="btn" onClick={() => editor.open(analysis.spec)} disabled={run.kind === 'running'}>
              {t('builders.editIn', { name: editor.name })}
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
      {result ? (
        <Body key={result.id} analysis={analysis} stored={result} actions={actions} />
      ) : (
        <p className="muted">{t('results.notRun')}</p>
      )}
    </div>
  );
}
