/**
 * Test helper run as a child process by crash.test.ts: starts a write, announces on stdout that
 * it is in the middle of it, and waits there to be killed (SIGKILL; no cleanup runs).
 *   import <project>           inserts a dataset; pauses inside the transaction
 *   saveAs <project> <target>  copies the project over <target>; pauses inside the copy
 */
import type { RunContext } from '../engine/context';
import { numericColumn } from '../engine/frame';
import { ProjectStore } from './project';

const [mode, path, target] = process.argv.slice(2);
const pause = (): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
};

const store = ProjectStore.open(path);
if (mode === 'import') {
  const columns = Array.from({ length: 8 }, (_, j) => numericColumn(`x${j}`, Float64Array.from({ length: 50_000 }, (_v, i) => i * j)));
  let announced = false;
  const ctx: RunContext = {
    checkCancelled: () => undefined,
    progress() {
      if (announced) return;
      announced = true;
      process.stdout.write('in-write\n');
      pause();
    },
  };
  store.insertDataset({ nrow: 50_000, columns }, { name: 'half-written', source: { file: null, format: 'test', encoding: null, delimiter: null } }, ctx);
  process.stdout.write('finished\n');
} else if (mode === 'saveAs') {
  let announced = false;
  await store.saveCopy(target, {
    overwrite: true,
    onProgress(f) {
      if (announced || f >= 1) return;
      announced = true;
      process.stdout.write('in-write\n');
      pause();
    },
  });
  process.stdout.write('finished\n');
}
