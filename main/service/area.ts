/**
 * What the service's channel areas (data.ts, publish.ts) share: the handler map an area adds to
 * the service for its own channels, and a call answered by a worker task.
 */
import { UserError } from '../engine/errors';
import { TaskFailure } from '../workers/pool';
import type { WorkerPool } from '../workers/pool';
import type { WorkerTask } from '../workers/protocol';
import type { ChannelName, ParsedRequestOf, ResponseOf } from '../../shared/contract';
import type { PreparedJob } from './service';

type Kinded = Record<string, { kind: 'call' | 'job' }>;
type OfKind<D extends Kinded, K extends 'call' | 'job'> = { [C in keyof D]: D[C]['kind'] extends K ? C : never }[keyof D] & ChannelName;

/** Handlers for an area's channels `D` (e.g. `typeof publishChannels`), spread into the service's maps. */
export interface AreaHandlers<D extends Kinded> {
  calls: { [C in OfKind<D, 'call'>]: (req: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };
  jobs: { [C in OfKind<D, 'job'>]: (req: ParsedRequestOf<C>) => PreparedJob };
}

/** A worker task answered as a call: its failure is the task's own typed error. */
export async function callInWorker<T>(pool: WorkerPool, task: WorkerTask): Promise<T> {
  try {
    return (await pool.run(task, () => undefined).promise) as T;
  } catch (e) {
    throw e instanceof TaskFailure ? new UserError(e.info.code, e.info.message, e.info.details) : e;
  }
}
