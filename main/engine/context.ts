/**
 * What a long computation may ask of its caller: report progress and learn whether it was
 * cancelled. Estimators call `checkCancelled()` between units of work (a draw, a chunk of
 * rows) so a cancel lands within a fraction of a second; the worker host implements it with
 * a SharedArrayBuffer flag, tests with a plain object.
 */
import { CancelledError } from './errors';

export interface RunContext {
  /** fraction in [0, 1]; message is a short, untranslated phase key such as "draws". */
  progress(fraction: number, message?: string): void;
  /** Throws CancelledError when the job has been cancelled. */
  checkCancelled(): void;
}

export const silentContext: RunContext = {
  progress: () => undefined,
  checkCancelled: () => undefined,
};

/** A context whose cancel flag is a shared Int32Array cell (set to 1 to cancel). */
export function flagContext(flag: Int32Array, onProgress: (fraction: number, message?: string) => void): RunContext {
  let last = -1;
  return {
    progress(fraction, message) {
      // Throttle to 0.5% steps: progress events cross threads and sockets.
      if (fraction - last >= 0.005 || fraction >= 1 || fraction < last) {
        last = fraction;
        onProgress(fraction, message);
      }
    },
    checkCancelled() {
      if (Atomics.load(flag, 0) !== 0) throw new CancelledError();
    },
  };
}
