// Test double for pool.test.ts: behaves as workerData.task.kind says, speaking protocol.ts.
import { parentPort, workerData } from 'node:worker_threads';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const { task, cancelFlag } = await new Promise((r) => parentPort.once('message', r));
const flag = new Int32Array(cancelFlag);

if (task.kind === 'started') {
  // When the pool created this thread (pool.test.ts stamps it), to tell a spare from a fresh worker.
  parentPort.postMessage({ type: 'done', result: workerData.spawnedAt });
} else if (task.kind === 'echo') {
  parentPort.postMessage({ type: 'progress', fraction: 0.5 });
  parentPort.postMessage({ type: 'done', result: task.value });
} else if (task.kind === 'fail') {
  parentPort.postMessage({ type: 'failed', error: { code: 'bad_input', message: 'Column "x" is text.', details: { column: 'x' } } });
} else if (task.kind === 'crash') {
  process.exit(3);
} else if (task.kind === 'cooperative') {
  while (Atomics.load(flag, 0) === 0) await sleep(5);
  parentPort.postMessage({ type: 'cancelled' });
} else if (task.kind === 'spin') {
  parentPort.postMessage({ type: 'progress', fraction: 0.1 });
  for (;;);
} else if (task.kind === 'slow') {
  await sleep(task.ms);
  parentPort.postMessage({ type: 'done', result: task.value });
}
