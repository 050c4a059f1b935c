import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../engine/errors';
import { TaskFailure, WorkerPool } from './pool';
import type { WorkerTask } from './protocol';

/** workerData is read once per spawned worker: it stamps when the pool created the thread. */
const entry = {
  file: new URL('./pool-test-worker.mjs', import.meta.url),
  get workerData() {
    return { spawnedAt: Date.now() };
  },
};
/** The test worker understands its own task kinds, not the app's. */
const task = (t: Record<string, unknown>): WorkerTask => t as unknown as WorkerTask;

describe('worker pool', () => {
  let pool: WorkerPool;
  afterEach(() => pool.close());

  it('returns the result and forwards progress', async () => {
    pool = new WorkerPool({ entry });
    const seen: number[] = [];
    await expect(pool.run(task({ kind: 'echo', value: { a: [1, 2] } }), (f) => seen.push(f)).promise).resolves.toEqual({ a: [1, 2] });
    expect(seen).toEqual([0.5]);
  });

  it('passes a typed failure on', async () => {
    pool = new WorkerPool({ entry });
    const e = await pool.run(task({ kind: 'fail' }), () => undefined).promise.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TaskFailure);
    expect((e as TaskFailure).info).toEqual({ code: 'bad_input', message: 'Column "x" is text.', details: { column: 'x' } });
  });

  it('reports a worker that dies as an internal error', async () => {
    pool = new WorkerPool({ entry });
    const e = await pool.run(task({ kind: 'crash' }), () => undefined).promise.catch((x: unknown) => x);
    expect((e as TaskFailure).info).toMatchObject({ code: 'internal', details: { exitCode: 3 } });
  });

  it('cancels through the shared flag', async () => {
    pool = new WorkerPool({ entry });
    const job = pool.run(task({ kind: 'cooperative' }), () => undefined);
    setTimeout(() => job.cancel(), 50);
    await expect(job.promise).rejects.toBeInstanceOf(CancelledError);
  });

  it('terminates a worker that ignores the flag after the grace period', async () => {
    pool = new WorkerPool({ entry, graceMs: 100 });
    let started: () => void = () => undefined;
    const running = new Promise<void>((r) => (started = r));
    const job = pool.run(task({ kind: 'spin' }), () => started());
    await running;
    const t0 = Date.now();
    job.cancel();
    await expect(job.promise).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it('queues beyond its size and drops a cancelled queued task without starting it', async () => {
    pool = new WorkerPool({ entry, size: 1 });
    const order: string[] = [];
    const first = pool.run(task({ kind: 'slow', ms: 100, value: 'first' }), () => undefined);
    const dropped = pool.run(task({ kind: 'crash' }), () => undefined);
    const second = pool.run(task({ kind: 'echo', value: 'second' }), () => undefined);
    expect(pool.pending).toBe(3);
    dropped.cancel();
    await expect(dropped.promise).rejects.toBeInstanceOf(CancelledError);
    await Promise.all([first.promise.then((v) => order.push(v as string)), second.promise.then((v) => order.push(v as string))]);
    expect(order).toEqual(['first', 'second']);
    expect(pool.pending).toBe(0);
  });

  it('runs the next task on a spare worker started in advance', async () => {
    pool = new WorkerPool({ entry });
    const firstStart = (await pool.run(task({ kind: 'started' }), () => undefined).promise) as number;
    await new Promise((r) => setTimeout(r, 20));
    const submitted = Date.now();
    const secondStart = (await pool.run(task({ kind: 'started' }), () => undefined).promise) as number;
    expect(secondStart).toBeGreaterThanOrEqual(firstStart);
    expect(secondStart).toBeLessThan(submitted);
  });

  it('starts a fresh worker for each task without a spare', async () => {
    pool = new WorkerPool({ entry, spare: false });
    await pool.run(task({ kind: 'started' }), () => undefined).promise;
    await new Promise((r) => setTimeout(r, 20));
    const submitted = Date.now();
    expect((await pool.run(task({ kind: 'started' }), () => undefined).promise) as number).toBeGreaterThanOrEqual(submitted);
  });

  it('close cancels queued and running tasks', async () => {
    pool = new WorkerPool({ entry, size: 1 });
    const running = pool.run(task({ kind: 'spin' }), () => undefined);
    const queued = pool.run(task({ kind: 'echo', value: 1 }), () => undefined);
    const outcomes = Promise.all([expect(running.promise).rejects.toBeInstanceOf(CancelledError), expect(queued.promise).rejects.toBeInstanceOf(CancelledError)]);
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    await outcomes;
  });
});
