/** Worker thread entry: runs one task (tasks.ts) and reports back (protocol.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { flagContext } from '../engine/context';
import { CancelledError } from '../engine/errors';
import type { WorkerInit, WorkerMessage } from './protocol';
import { toErrorInfo } from './protocol';
import { runTask } from './tasks';

const port = parentPort;
if (!port) throw new Error('main/workers/worker.ts must run in a worker thread');
const { task, cancelFlag } = workerData as WorkerInit;
const post = (m: WorkerMessage): void => port.postMessage(m);
const ctx = flagContext(new Int32Array(cancelFlag), (fraction, message) => post({ type: 'progress', fraction, message }));

try {
  post({ type: 'done', result: await runTask(task, ctx) });
} catch (e) {
  post(e instanceof CancelledError ? { type: 'cancelled' } : { type: 'failed', error: toErrorInfo(e) });
}
