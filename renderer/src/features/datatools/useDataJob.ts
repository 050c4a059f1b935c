/**
 * One data-management job at a time from a form or panel: start it, follow its progress,
 * cancel it, and keep its failure to show beside the form. A cancelled job is not a failure.
 */
import { useCallback, useRef, useState } from 'react';
import type { JobChannel, RequestOf, ResponseOf } from '../../../../shared/contract';
import { ApiError } from '../../api/client';
import type { JobHandle } from '../../api/client';
import { useApi } from '../../app/ApiContext';

export type JobState = { kind: 'idle' } | { kind: 'running'; fraction: number } | { kind: 'failed'; error: unknown } | { kind: 'cancelled' };

export type JobOutcome<T> = { kind: 'done'; result: T } | { kind: 'failed'; error: unknown } | { kind: 'cancelled' };

export interface DataJob {
  state: JobState;
  busy: boolean;
  /** Runs the job; its failure also stays in `state` to be shown. */
  run<C extends JobChannel>(channel: C, request: RequestOf<C>): Promise<JobOutcome<ResponseOf<C>>>;
  cancel(): void;
  reset(): void;
}

export function useDataJob(): DataJob {
  const api = useApi();
  const [state, setState] = useState<JobState>({ kind: 'idle' });
  const handle = useRef<JobHandle<unknown> | null>(null);

  const run = useCallback(
    async <C extends JobChannel>(channel: C, request: RequestOf<C>): Promise<JobOutcome<ResponseOf<C>>> => {
      setState({ kind: 'running', fraction: 0 });
      const job = api.startJob(channel, request, { onProgress: (fraction) => setState({ kind: 'running', fraction }) });
      handle.current = job;
      try {
        const result = await job.promise;
        setState({ kind: 'idle' });
        return { kind: 'done', result };
      } catch (error) {
        const outcome: JobOutcome<never> = error instanceof ApiError && error.code === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', error };
        setState(outcome);
        return outcome;
      } finally {
        handle.current = null;
      }
    },
    [api],
  );

  const cancel = useCallback(() => void handle.current?.cancel(), []);
  const reset = useCallback(() => setState({ kind: 'idle' }), []);
  return { state, busy: state.kind === 'running', run, cancel, reset };
}
