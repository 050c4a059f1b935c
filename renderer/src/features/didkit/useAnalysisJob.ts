import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalysisInfo, RequestOf, StoredResult } from '../../../../shared/contract';
import { ApiError, type JobHandle } from '../../api/client';
import { useApi } from '../../app/ApiContext';

export type JobState =
  | { kind: 'idle' }
  | { kind: 'running'; fraction: number; label?: string }
  | { kind: 'failed'; error: unknown }
  | { kind: 'cancelled' };

export interface StoredRun {
  analysis: AnalysisInfo;
  result: StoredResult;
}

/**
 * `analysis.run` takes any spec of the analysis union; the service validates the spec on
 * arrival, so a model this build does not know comes back as a typed error, never a crash.
 * The builders' specs are typed by their own schemas, which the union may not list yet.
 */
export function runRequest(spec: { model: string }, name: string, analysisId?: string): RequestOf<'analysis.run'> {
  return { name, spec, ...(analysisId ? { analysisId } : {}) } as unknown as RequestOf<'analysis.run'>;
}

/**
 * Runs analyses as jobs with progress and cancel. `run` resolves to the stored run, or null
 * when the job failed (state `failed`, with the error) or was cancelled (state `cancelled`).
 */
export function useAnalysisJob(): {
  state: JobState;
  run: (spec: { model: string }, name: string, label?: string) => Promise<StoredRun | null>;
  cancel: () => void;
  reset: () => void;
} {
  const api = useApi();
  const [state, setState] = useState<JobState>({ kind: 'idle' });
  const job = useRef<JobHandle<StoredRun> | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (spec: { model: string }, name: string, label?: string): Promise<StoredRun | null> => {
      setState({ kind: 'running', fraction: 0, label });
      const handle = api.startJob('analysis.run', runRequest(spec, name), {
        onProgress: (fraction) => mounted.current && setState({ kind: 'running', fraction, label }),
      });
      job.current = handle;
      try {
        const done = await handle.promise;
        if (mounted.current) setState({ kind: 'idle' });
        return done;
      } catch (error) {
        if (mounted.current) {
          setState(error instanceof ApiError && error.code === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', error });
        }
        return null;
      } finally {
        job.current = null;
      }
    },
    [api],
  );

  const cancel = useCallback(() => {
    void job.current?.cancel();
  }, []);
  const reset = useCallback(() => setState({ kind: 'idle' }), []);

  return { state, run, cancel, reset };
}
