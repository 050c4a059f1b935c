import { useEffect, useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import type { JobState } from './useAnalysisJob';

export interface RunBarProps {
  state: JobState;
  /** The primary action ("Run placebo test"); a submit button of the surrounding form. */
  runLabel: string;
  onCancel: () => void;
  disabled?: boolean;
}

/**
 * The bottom of a builder: the run button, or while running a progress bar with Cancel; then
 * what came of the last run (cancelled, or the engine's error naming the column or row).
 */
export function RunBar({ state, runLabel, onCancel, disabled }: RunBarProps): ReactElement {
  const { t } = useTranslation();
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.kind === 'failed' || state.kind === 'cancelled') outcome.current?.scrollIntoView?.({ block: 'nearest' });
  }, [state.kind]);
  return (
    <>
      <div className="form-actions">
        {state.kind === 'running' ? (
          <>
            <ProgressBar fraction={state.fraction} label={state.label ?? t('did.running')} />
            <button type="button" className="btn" onClick={onCancel}>
              {t('did.cancel')}
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
            {t('did.cancelled')}
          </p>
        ) : null}
        {state.kind === 'failed' ? <ErrorMessage error={state.error} title={t('did.failed')} /> : null}
      </div>
    </>
  );
}
