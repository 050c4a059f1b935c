// Development and tests only: a worker thread does not inherit tsx from the parent process,
// so register it here, then load the TypeScript entry. Built apps start dist/main/worker.mjs.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
