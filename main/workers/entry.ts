/**
 * Where the worker script is. Running from source (tests, tsx) this module is a .ts file and
 * the worker boots through tsx; in a build, esbuild bundles this module into
 * dist/main/{cli,electron-main}.mjs and the worker is dist/main/worker.mjs beside it.
 */
export interface WorkerEntry {
  file: URL;
  workerData: Record<string, unknown>;
}

export function defaultWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  if (moduleUrl.endsWith('.ts')) return { file: new URL('./boot-dev.mjs', moduleUrl), workerData: { entry: new URL('./worker.ts', moduleUrl).href } };
  return { file: new URL('./worker.mjs', moduleUrl), workerData: {} };
}
