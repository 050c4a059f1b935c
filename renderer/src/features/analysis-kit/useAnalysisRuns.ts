/**
 * Runs one or more analyses through the generic `analysis.run` job, one after the other, with
 * one progress bar over all of them and one cancel button. A builder that also runs companion
 * analyses (the RD estimate with its plot and density test) gets every stored run back.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalysisInfo, RequestOf, StoredResult } from '../../../../shared/contract';
import type { AnalysisSpecInput } from '../../../../shared/specs/index';
import { ApiError, type JobHandle } from '../../api/client';
import { useApi } from '../../app/ApiContext';

export interface AnalysisRun {
  analysis: AnalysisInfo;
  result: StoredResult;
}

export interface PlannedRun {
  spec: AnalysisSpecInput;
  /** The analysis' name in the project's list. */
  name: string;
  /** Which of the planned runs this is, for the progress label and a failure's title. */
  label: string;
  /** Re-run a saved analysis in place instead of adding a new one. */
  analysisId?: string;
}

/** Work to do with the finished runs (e.g. save a computed column into its dataset). */
export interface AfterRuns {
  label: string;
  run: (done: AnalysisRun[], onProgress: (fraction: number) => void) => Promise<void>;
}

export type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; fraction: number; label: string }
  /** `done` holds the runs that finished before the failure. */
  | { kind: 'failed'; error: unknown; label: string; done: AnalysisRun[] }
  | { kind: 'cancelled' };

export type RunOutcome = { kind: 'done'; runs: AnalysisRun[] } | { kind: 'failed'; error: unknown } | { kind: 'cancelled' };

export interface AnalysisRuns {
  state: RunState;
  /** Runs the plan in order, then `after`; stops at the first failure or at a cancel. */
  start: (plan: PlannedRun[], after?: AfterRuns | null) => Promise<RunOutcome>;
  cancel: () => void;
  reset: () => void;
}

export function useAnalysisRuns(): AnalysisRuns {
  const api = useApi();
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const job = useRef<JobHandle<unknown> | null>(null);
  const cancelled = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const update = useCallback((next: RunState) => {
    if (mounted.current) setState(next);
  }, []);

  const start = useCallback(
    async (plan: PlannedRun[], after: AfterRuns | null = null): Promise<RunOutcome> => {
      cancelled.current = false;
      const done: AnalysisRun[] = [];
      for (let i = 0; i < plan.length; i++) {
        const step = plan[i];
        const share = (fraction: number): number => (i + fraction) / plan.length;
        update({ kind: 'running', fraction: share(0), label: step.label });
        const request: RequestOf<'analysis.run'> = { spec: step.spec, name: step.name, ...(step.analysisId ? { analysisId: step.analysisId } : {}) };
        const handle = api.startJob('analysis.run', request, {
          onProgress: (fraction) => update({ kind: 'running', fraction: share(fraction), label: step.label }),
        });
        job.current = handle;
        try {
          done.push(await handle.promise);
        } catch (error) {
          if ((error instanceof ApiError && error.code === 'cancelled') || cancelled.current) {
            update({ kind: 'cancelled' });
            return { kind: 'cancelled' };
          }
          update({ kind: 'failed', error, label: step.label, done });
          return { kind: 'failed', error };
        } finally {
          job.current = null;
        }
        if (cancelled.current) {
          update({ kind: 'cancelled' });
          return { kind: 'cancelled' };
        }
      }
      if (after) {
        update({ kind: 'running', fraction: 0, label: after.label });
        try {
          await after.run(done, (fraction) => update({ kind: 'running', fraction, label: after.label }));
        } catch (error) {
          update({ kind: 'failed', error, label: after.label, done });
          return { kind: 'failed', error };
        }
      }
      update({ kind: 'idle' });
      return { kind: 'done', runs: done };
    },
    [api, update],
  );

  const cancel = useCallback(() => {
    cancelled.current = true;
    void job.current?.cancel();
  }, []);

  const reset = useCallback(() => update({ kind: 'idle' }), [update]);

  return { state, start, cancel, reset };
}
