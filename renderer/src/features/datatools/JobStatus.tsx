import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import type { DataJob } from './useDataJob';

export interface JobStatusProps {
  job: DataJob;
  /** What is running, e.g. "Applying the step…". */
  label: string;
  /** Heading of a failure, e.g. "The step could not be applied". */
  failedTitle: string;
}

/**
 * Where an expression went wrong: the expression with a caret under the character the
 * engine names (its `position` is 1-based), as text.
 */
export function ExpressionPointer({ expression, position }: { expression: string; position: number }): ReactElement {
  const at = Math.max(0, Math.min(expression.length, position - 1));
  return (
    <pre className="dt-expr-pointer" data-testid="expression-pointer">
      {expression}
      {'\n'}
      {`${' '.repeat(at)}^`}
    </pre>
  );
}

/** A running job's progress with its cancel button, or why it failed (or that it was cancelled). */
export function JobStatus({ job, label, failedTitle }: JobStatusProps): ReactElement | null {
  const { t } = useTranslation();
  const { state } = job;
  if (state.kind === 'running')
    return (
      <div className="dt-job">
        <ProgressBar fraction={state.fraction} label={label} />
        <button type="button" className="btn btn-small" onClick={job.cancel}>
          {t('dataTools.cancelJob')}
        </button>
      </div>
    );
  if (state.kind === 'cancelled')
    return (
      <p className="notice notice-warn" role="status">
        {t('dataTools.cancelled')}
      </p>
    );
  if (state.kind !== 'failed') return null;
  const { error } = state;
  const expression = error instanceof ApiError ? error.details.expression : undefined;
  const position = error instanceof ApiError ? error.details.position : undefined;
  return (
    <div className="dt-failure">
      <ErrorMessage error={error} title={failedTitle} />
      {typeof expression === 'string' && typeof position === 'number' ? <ExpressionPointer expression={expression} position={position} /> : null}
    </div>
  );
}
