/**
 * One export (a table, a figure or the project report) as a job with progress and cancel. The
 * same service call serves both shells: Electron first asks for a save path (native dialog) and
 * the file is written there; in the browser the host keeps the file and the page downloads it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestOf } from '../../../../shared/contract';
import type { ExportedFile } from '../../../../shared/contract-publish';
import type { Api } from '../../api';
import { ApiError, type JobHandle } from '../../api/client';
import { useApi } from '../../app/ApiContext';

export type ExportChannel = 'table.export' | 'figure.export' | 'project.report';

export type ExportState =
  | { kind: 'idle' }
  | { kind: 'running'; fraction: number }
  | { kind: 'done'; file: ExportedFile }
  | { kind: 'failed'; error: unknown };

export interface ExportRequest<C extends ExportChannel> {
  channel: C;
  request: Omit<RequestOf<C>, 'path'>;
  /** The name the save dialog suggests, and the extensions it offers. */
  suggestedName: string;
  extensions: string[];
}

/** Hands a finished browser-host export to the browser as a download (the page's cookie authorises it). */
export function triggerDownload(url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Starts the export job; null when the user closed Electron's save dialog without a path. */
export async function startExport<C extends ExportChannel>(api: Api, req: ExportRequest<C>, onProgress: (fraction: number) => void): Promise<JobHandle<ExportedFile> | null> {
  let path: string | undefined;
  if (api.shell === 'electron') {
    const chosen = await api.call('file.chooseSavePath', { suggestedName: req.suggestedName, extensions: req.extensions });
    if (chosen.path === null) return null;
    path = chosen.path;
  }
  // The request types of the three channels differ only in their own fields; each carries `path`.
  const request = { ...req.request, ...(path ? { path } : {}) } as RequestOf<C>;
  return api.startJob(req.channel, request, { onProgress }) as JobHandle<ExportedFile>;
}

export interface ExportJob {
  state: ExportState;
  run: <C extends ExportChannel>(req: ExportRequest<C>) => Promise<void>;
  cancel: () => void;
  reset: () => void;
}

export function useExport(): ExportJob {
  const api = useApi();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const job = useRef<JobHandle<ExportedFile> | null>(null);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      void job.current?.cancel();
    };
  }, []);

  const run = useCallback(
    async <C extends ExportChannel>(req: ExportRequest<C>): Promise<void> => {
      setState({ kind: 'running', fraction: 0 });
      try {
        const handle = await startExport(api, req, (fraction) => live.current && setState({ kind: 'running', fraction }));
        if (!handle) {
          if (live.current) setState({ kind: 'idle' });
          return;
        }
        job.current = handle;
        const file = await handle.promise;
        if (file.download) triggerDownload(file.download.url, file.download.name);
        if (live.current) setState({ kind: 'done', file });
      } catch (error) {
        if (!live.current) return;
        setState(error instanceof ApiError && error.code === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', error });
      } finally {
        job.current = null;
      }
    },
    [api],
  );

  const cancel = useCallback(() => void job.current?.cancel(), []);
  const reset = useCallback(() => setState({ kind: 'idle' }), []);
  return { state, run, cancel, reset };
}
