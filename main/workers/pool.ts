/**
 * Runs tasks in worker threads, at most `size` at a time (the rest wait in order). Cancelling
 * sets the task's shared flag, which the task reads between units of work; a worker that has
 * not stopped after the grace period is terminated (its open transaction rolls back).
 */
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../engine/errors';
import type { ErrorInfo } from '../../shared/domain';
import { ERROR_CODES } from '../../shared/domain';
import { defaultWorkerEntry } from './entry';
import type { WorkerEntry } from './entry';
import type { WorkerInit, WorkerMessage, WorkerTask } from './protocol';

/** A task failed: `info` is the typed error to pass on. */
export class TaskFailure extends Error {
  override name = 'TaskFailure';
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

export interface PoolJob {
  /** The task's result; rejects with TaskFailure or CancelledError. */
  promise: Promise<unknown>;
  cancel(): void;
}

export interface PoolOptions {
  size?: number;
  graceMs?: number;
  entry?: WorkerEntry;
}

interface Queued {
  start(): void;
  abandon(): void;
}

export class WorkerPool {
  private readonly size: number;
  private readonly graceMs: number;
  private readonly entry: WorkerEntry;
  private active = 0;
  private readonly queue: Queued[] = [];
  private readonly live = new Set<Worker>();
  private closing = false;

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? 2;
    this.graceMs = options.graceMs ?? 2000;
    this.entry = options.entry ?? defaultWorkerEntry();
  }

  /** Tasks running or waiting. */
  get pending(): number {
    return this.active + this.queue.length;
  }

  run(task: WorkerTask, onProgress: (fraction: number, message?: string) => void): PoolJob {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    let cancelled = false;
    let worker: Worker | null = null;
    let settle: { resolve(v: unknown): void; reject(e: unknown): void } = { resolve: () => undefined, reject: () => undefined };
    const promise = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));

    const start = (): void => {
      this.active++;
      const init: WorkerInit = { task, cancelFlag: flag.buffer as SharedArrayBuffer };
      const w = new Worker(this.entry.file, { workerData: { ...this.entry.workerData, ...init } });
      worker = w;
      this.live.add(w);
      let finished = false;
      const finish = (outcome: () => void): void => {
        if (finished) return;
        finished = true;
        this.live.delete(w);
        this.active--;
        outcome();
        void w.terminate();
        this.next();
      };
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          if (!finished && !cancelled) onProgress(m.fraction, m.message);
        } else if (m.type === 'done') finish(() => settle.resolve(m.result));
        else if (m.type === 'failed') finish(() => settle.reject(new TaskFailure(m.error)));
        else finish(() => settle.reject(new CancelledError()));
      });
      const stopped = (): boolean => cancelled || this.closing;
      w.on('error', (e) => finish(() => settle.reject(stopped() ? new CancelledError() : new TaskFailure({ code: ERROR_CODES.internal, message: e.message, details: { stack: e.stack ?? null } }))));
      w.on('exit', (code) =>
        finish(() =>
          settle.reject(
            stopped()
              ? new CancelledError()
              : new TaskFailure({ code: ERROR_CODES.internal, message: `The worker stopped unexpectedly (exit code ${code}).`, details: { exitCode: code } }),
          ),
        ),
      );
    };

    const queued: Queued = { start, abandon: () => settle.reject(new CancelledError()) };
    if (this.active < this.size) start();
    else this.queue.push(queued);

    return {
      promise,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        const at = this.queue.indexOf(queued);
        if (at >= 0) {
          this.queue.splice(at, 1);
          queued.abandon();
          return;
        }
        Atomics.store(flag, 0, 1);
        const w = worker;
        if (w) setTimeout(() => void w.terminate(), this.graceMs).unref();
      },
    };
  }

  private next(): void {
    while (this.active < this.size && this.queue.length > 0) (this.queue.shift() as Queued).start();
  }

  /** Stops everything: queued tasks are cancelled, running workers terminated. */
  async close(): Promise<void> {
    this.closing = true;
    for (const q of this.queue.splice(0)) q.abandon();
    await Promise.all([...this.live].map((w) => w.terminate()));
  }
}
