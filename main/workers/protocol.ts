/**
 * Messages between the main thread and a worker thread. A worker runs exactly one task and
 * ends with one of done / failed / cancelled; progress messages may precede it. The cancel
 * flag is a SharedArrayBuffer cell read by RunContext.checkCancelled (engine/context.ts).
 */
import type { ErrorInfo, ImportOptions } from '../../shared/domain';
import type { AnalysisSpec } from '../../shared/specs/index';
import type { DataTask } from './data-tasks';
import type { PublishTask } from './publish-tasks';
import { CancelledError, UserError } from '../engine/errors';
import { ColumnNotFoundError } from '../engine/frame';
import { ERROR_CODES } from '../../shared/domain';

export type WorkerTask =
  | {
      kind: 'import';
      projectPath: string;
      /** The file to read and the name errors and the dataset show (an upload's original name). */
      file: { path: string; label: string };
      name?: string;
      options: ImportOptions;
    }
  | { kind: 'analysis'; projectPath: string; analysisId?: string; name?: string; spec: AnalysisSpec }
  | { kind: 'summary'; projectPath: string; datasetId: string; columns?: string[] }
  | DataTask
  | PublishTask;

/** The first message a worker receives. */
export interface WorkerInit {
  task: WorkerTask;
  cancelFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; fraction: number; message?: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: ErrorInfo }
  | { type: 'cancelled' };

/** Any thrown value as a typed error: user mistakes keep their code, anything else is internal. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof UserError) return { code: e.code, message: e.message, details: e.details };
  if (e instanceof ColumnNotFoundError) return { code: 'column_not_found', message: e.message, details: { column: e.column, available: e.available } };
  if (e instanceof CancelledError) return { code: ERROR_CODES.cancelled, message: 'Cancelled.', details: {} };
  const err = e instanceof Error ? e : new Error(String(e));
  return { code: ERROR_CODES.internal, message: err.message, details: { stack: err.stack ?? null } };
}
