/** A Service for tests, with helpers to call channels and to wait for a job's end. */
import { join } from 'node:path';
import type { JobEvent, Reply } from '../../shared/contract';
import { Home } from '../store/home';
import { Service } from './service';
import type { ServiceOptions } from './service';

export type Terminal = Exclude<JobEvent, { type: 'job.progress' }>;

export function harness(dir: string, options: Partial<ServiceOptions> = {}) {
  const service = new Service({ home: new Home(join(dir, 'home')), shell: 'browser', ...options });
  const waiting = new Map<string, (e: Terminal) => void>();
  const ended = new Map<string, Terminal>();
  const progress = new Map<string, number[]>();
  const sink = (e: JobEvent): void => {
    if (e.type === 'job.progress') {
      progress.set(e.jobId, [...(progress.get(e.jobId) ?? []), e.fraction]);
      return;
    }
    ended.set(e.jobId, e);
    waiting.get(e.jobId)?.(e);
  };
  const call = (channel: string, payload: unknown): Promise<Reply> => service.handle(channel, payload, sink);
  const ok = async <T = Record<string, unknown>>(channel: string, payload: unknown): Promise<T> => {
    const r = await call(channel, payload);
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
    return r.result as T;
  };
  const end = (jobId: string): Promise<Terminal> => {
    const done = ended.get(jobId);
    return done ? Promise.resolve(done) : new Promise((r) => waiting.set(jobId, r));
  };
  const job = async (channel: string, payload: unknown): Promise<{ jobId: string; end: Terminal }> => {
    const { jobId } = await ok<{ jobId: string }>(channel, payload);
    return { jobId, end: await end(jobId) };
  };
  /** A job's result; throws with the job's error when it did not succeed. */
  const done = async <T>(channel: string, payload: unknown): Promise<T> => {
    const { end: e } = await job(channel, payload);
    if (e.type !== 'job.done') throw new Error(`${channel} ended with ${e.type}: ${JSON.stringify(e)}`);
    return e.result as T;
  };
  return { service, call, ok, job, done, end, progress };
}
