/**
 * Runs tasks in worker threads, at most `size` at a time (the rest wait in order). Each worker
 * runs one task and ends. Cancelling sets the task's shared flag, which the task reads between
 * units of work; a worker that has not stopped after the grace period is terminated (its open
 * transaction rolls back). After the first task the pool keeps one spare worker loaded and
 * waiting, so the next task does not pay for starting a thread and loading the code.
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
  /** Keep a spare worker loaded between tasks (default true). */
  spare?: boolean;
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
  private readonly keepSpare: boolean;
  private spare: Worker | null = null;

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? 2;
    this.graceMs = options.graceMs ?? 2000;
    this.entry = options.entry ?? defaultWorkerEntry();
    this.keepSpare = options.spare ?? true;
  }

  /** A worker loads its code, then waits for its task (WorkerInit) as its first message. */
  private spawn(): Worker {
    return new Worker(this.entry.file, { workerData: this.entry.workerData });
  }

  private takeSpare(): Worker | null {
    const w = this.spare;
    this.spare = null;
    if (w) {
      w.removeAllListeners();
      w.ref();
    }
    return w;
  }

  /** The spare does not keep the process alive, and is forgotten if it dies while waiting. */
  private refillSpare(): void {
    if (!this.keepSpare || this.closing || this.spare) return;
    const w = this.spawn();
    w.unref();
    const forget = (): void => {
      if (this.spare === w) this.spare = null;
    };
    w.on('error', forget);
    w.on('exit', forget);
    this.spare = w;
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
      const w = this.takeSpare() ?? this.spawn();
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
        this.refillSpare();
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
      w.postMessage(init);
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
    const spare = this.takeSpare();
    await Promise.all([...this.live, ...(spare ? [spare] : [])].map((w) => w.terminate()));
  }
}
