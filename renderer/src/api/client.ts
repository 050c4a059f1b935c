/**
 * The typed API the renderer calls: `call(channel, request)` for calls and
 * `startJob(channel, request, {onProgress})` for jobs (imports, analysis runs). Channel names,
 * request and response types all come from shared/contract.ts, and every response is
 * validated against its schema on arrival.
 */
import { ERROR_CODES, channels, jobStarted } from '../../../shared/contract';
import type { CallChannel, ErrorInfo, JobChannel, JobEvent, Reply, RequestOf, ResponseOf } from '../../../shared/contract';
import type { Transport } from './transport';

/** A failed request or job: `code` is stable (see docs/ipc.md), `message` is for people. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static from(info: ErrorInfo): ApiError {
    return new ApiError(info.code, info.message, info.details);
  }
}

export interface JobOptions {
  /** fraction in [0, 1]; message is an untranslated phase key such as "read" or "write". */
  onProgress?: (fraction: number, message?: string) => void;
}

export interface JobHandle<T> {
  /** Resolves once the host has accepted the job. */
  readonly jobId: Promise<string>;
  /** The job's result; rejects with an ApiError (code "cancelled" after a cancel). */
  readonly promise: Promise<T>;
  /** Asks the host to stop the job; `promise` then rejects with code "cancelled". */
  cancel(): Promise<void>;
}

export interface ApiClient {
  call<C extends CallChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  startJob<C extends JobChannel>(channel: C, request: RequestOf<C>, options?: JobOptions): JobHandle<ResponseOf<C>>;
}

/** Events that arrive before the reply carrying their job id (Electron sends them on another path). */
const MAX_EARLY_JOBS = 64;

function unwrap(reply: Reply): unknown {
  if (!reply.ok) throw ApiError.from(reply.error);
  return reply.result;
}

function invalidResponse(channel: string, issues: unknown): ApiError {
  return new ApiError(ERROR_CODES.internal, `The answer on channel "${channel}" does not match the contract.`, { channel, issues });
}

export function createApiClient(transport: Transport): ApiClient {
  const running = new Map<string, (event: JobEvent) => void>();
  const early = new Map<string, JobEvent[]>();

  transport.onEvent((event) => {
    const handler = running.get(event.jobId);
    if (handler) {
      handler(event);
      return;
    }
    let list = early.get(event.jobId);
    if (!list) {
      if (early.size >= MAX_EARLY_JOBS) early.delete(early.keys().next().value as string);
      list = [];
      early.set(event.jobId, list);
    }
    list.push(event);
  });

  transport.onDisconnect(() => {
    const handlers = [...running.entries()];
    for (const [jobId, handler] of handlers)
      handler({ type: 'job.failed', jobId, error: { code: ERROR_CODES.disconnected, message: 'The connection to Causeway was lost while the job was running.', details: {} } });
  });

  const call = async <C extends CallChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const result = unwrap(await transport.request(channel, request));
    const parsed = channels[channel].response.safeParse(result);
    if (!parsed.success) throw invalidResponse(channel, parsed.error.issues);
    return parsed.data as ResponseOf<C>;
  };

  const startJob = <C extends JobChannel>(channel: C, request: RequestOf<C>, options: JobOptions = {}): JobHandle<ResponseOf<C>> => {
    let acceptJob: (id: string) => void = () => undefined;
    let refuseJob: (e: unknown) => void = () => undefined;
    const jobId = new Promise<string>((resolve, reject) => {
      acceptJob = resolve;
      refuseJob = reject;
    });
    // A caller that only awaits `promise` must not see an unhandled rejection from `jobId`.
    jobId.catch(() => undefined);

    const promise = new Promise<ResponseOf<C>>((resolve, reject) => {
      const onEvent = (event: JobEvent): void => {
        switch (event.type) {
          case 'job.progress':
            options.onProgress?.(event.fraction, event.message);
            return;
          case 'job.done': {
            running.delete(event.jobId);
            const parsed = channels[channel].response.safeParse(event.result);
            if (parsed.success) resolve(parsed.data as ResponseOf<C>);
            else reject(invalidResponse(channel, parsed.error.issues));
            return;
          }
          case 'job.failed':
            running.delete(event.jobId);
            reject(ApiError.from(event.error));
            return;
          case 'job.cancelled':
            running.delete(event.jobId);
            reject(new ApiError(ERROR_CODES.cancelled, 'The job was cancelled.', { jobId: event.jobId }));
        }
      };
      transport.request(channel, request).then(
        (reply) => {
          let id: string;
          try {
            const started = jobStarted.safeParse(unwrap(reply));
            if (!started.success) throw invalidResponse(channel, started.error.issues);
            id = started.data.jobId;
          } catch (e) {
            refuseJob(e);
            reject(e);
            return;
          }
          running.set(id, onEvent);
          const before = early.get(id) ?? [];
          early.delete(id);
          acceptJob(id);
          for (const e of before) onEvent(e);
        },
        (e: unknown) => {
          refuseJob(e);
          reject(e);
        },
      );
    });

    return {
      jobId,
      promise,
      async cancel() {
        let id: string;
        try {
          id = await jobId;
        } catch {
          return;
        }
        if (running.has(id)) unwrap(await transport.request('job.cancel', { jobId: id }));
      },
    };
  };

  return { call, startJob };
}
