import { useEffect, useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import type { AnalysisRun, RunState } from './useAnalysisRuns';

export interface RunFooterProps {
  state: RunState;
  /** Text of the primary (submit) button. */
  runLabel: string;
  onCancel: () => void;
  /** After a failure part-way through several runs: show those that finished. */
  onShowDone?: (done: AnalysisRun[]) => void;
  disabled?: boolean;
}

/**
 * The bottom of a builder: the primary Run button, or the progress of the running analyses
 * with a cancel button; then what happened (cancelled, or the engine's error naming the
 * column, row or term).
 */
export function RunFooter({ state, runLabel, onCancel, onShowDone, disabled }: RunFooterProps): ReactElement {
  const { t } = useTranslation();
  const outcome = useRef<HTMLDivElement>(null);
  // The outcome of a run appears below the button; bring it into view (jsdom has no scrolling).
  useEffect(() => {
    if (state.kind === 'failed' || state.kind === 'cancelled') outcome.current?.scrollIntoView?.({ block: 'nearest' });
  }, [state.kind]);

  return (
    <>
      <div className="form-actions">
        {state.kind === 'running' ? (
          <>
            <ProgressBar fraction={state.fraction} label={t('rdmech.common.runningWhat', { what: state.label })} />
            <button type="button" className="btn" onClick={onCancel}>
              {t('rdmech.common.cancel')}
            </button>
          </>
        ) : (
          <button type="submit" className="btn btn-primary btn-large" disabled={disabled}>
            {runLabel}
          </button>
        )}
      </div>
      <div ref={outcome}>
        {state.kind === 'cancelled' ? (
          <p className="notice" role="status">
            {t('rdmech.common.cancelled')}
          </p>
        ) : null}
        {state.kind === 'failed' ? (
          <>
            <ErrorMessage error={state.error} title={t('rdmech.common.failedWhat', { what: state.label })} />
            {state.done.length > 0 && onShowDone ? (
              <button type="button" className="btn" onClick={() => onShowDone(state.done)}>
                {t('rdmech.common.showDone', { count: state.done.length })}
              </button>
            ) : null}
          </>
        ) : null}
      </div>
    </>
  );
}
