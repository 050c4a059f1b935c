/**
 * A scripted Node side for component tests: the real typed client (createApiClient, with its
 * response validation) over a transport whose answers come from per-channel handlers.
 *
 * - A call handler returns the response (or a promise of it), or throws an ApiError.
 * - A job handler returns the job's result; the fake answers `{jobId}` at once, then sends
 *   `job.done` (or `job.failed` for a thrown ApiError). A handler that never settles models a
 *   long job; `job.cancel` then sends `job.cancelled`.
 */
import { channels, type ChannelName, type ErrorInfo, type JobEvent } from '../../../shared/contract';
import type { Api } from '../api';
import { ApiError, createApiClient } from '../api/client';
import type { Transport } from '../api/transport';

export type Handler = (payload: unknown) => unknown;

export interface FakeApi {
  api: Api;
  /** Every request in order. */
  sent: { channel: string; payload: unknown }[];
  /** The payloads sent on one channel. */
  payloads(channel: ChannelName): unknown[];
}

function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof ApiError) return { code: e.code, message: e.message, details: e.details };
  return { code: 'internal', message: String(e), details: {} };
}

export function fakeApi(handlers: Partial<Record<ChannelName, Handler>>): FakeApi {
  const listeners = new Set<(e: JobEvent) => void>();
  const sent: { channel: string; payload: unknown }[] = [];
  const live = new Set<string>();
  let nextJob = 1;
  const emit = (e: JobEvent): void => listeners.forEach((l) => l(e));

  const transport: Transport = {
    async request(channel, payload) {
      sent.push({ channel, payload });
      if (channel === 'job.cancel') {
        const { jobId } = payload as { jobId: string };
        const was = live.delete(jobId);
        if (was) setTimeout(() => emit({ type: 'job.cancelled', jobId }), 0);
        return { ok: true, result: { cancelled: was } };
      }
      const handler = handlers[channel as ChannelName];
      if (!handler) return { ok: false, error: { code: 'unknown_channel', message: `no fake for ${channel}`, details: {} } };
      if (channels[channel as ChannelName].kind === 'job') {
        const jobId = `job-${nextJob++}`;
        live.add(jobId);
        Promise.resolve()
          .then(() => handler(payload))
          .then(
            (result) => {
              if (live.delete(jobId)) emit({ type: 'job.done', jobId, result });
            },
            (e: unknown) => {
              if (live.delete(jobId)) emit({ type: 'job.failed', jobId, error: errorInfo(e) });
            },
          );
        return { ok: true, result: { jobId } };
      }
      try {
        return { ok: true, result: await handler(payload) };
      } catch (e) {
        return { ok: false, error: errorInfo(e) };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onDisconnect: () => () => undefined,
  };

  const client = createApiClient(transport);
  return {
    api: {
      ...client,
      shell: 'browser',
      sourceForFile: async (file: File) => ({ kind: 'upload', uploadId: `upload:${file.name}` }),
    },
    sent,
    payloads: (channel) => sent.filter((s) => s.channel === channel).map((s) => s.payload),
  };
}
