/** Worker thread entry: runs one task (tasks.ts) and reports back (protocol.ts). */
import { parentPort } from 'node:worker_threads';
import { flagContext } from '../engine/context';
import { CancelledError } from '../engine/errors';
import type { WorkerInit, WorkerMessage } from './protocol';
import { toErrorInfo } from './protocol';
import { runTask } from './tasks';

const port = parentPort;
if (!port) throw new Error('main/workers/worker.ts must run in a worker thread');
const post = (m: WorkerMessage): void => port.postMessage(m);

// The pool may start this worker ahead of time: the task arrives as the first message.
port.once('message', (init: WorkerInit) => {
  const ctx = flagContext(new Int32Array(init.cancelFlag), (fraction, message) => post({ type: 'progress', fraction, message }));
  runTask(init.task, ctx).then(
    (result) => post({ type: 'done', result }),
    (e: unknown) => post(e instanceof CancelledError ? { type: 'cancelled' } : { type: 'failed', error: toErrorInfo(e) }),
  );
});
