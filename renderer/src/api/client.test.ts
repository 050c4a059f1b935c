import { describe, expect, it } from 'vitest';
import type { JobEvent, Reply } from '../../../shared/contract';
import { ApiError, createApiClient } from './client';
import type { Transport } from './transport';
import { socketTransport } from './transport';

/** A transport whose answers the test scripts: `answer(channel, payload)` returns the reply. */
function fakeTransport(answer: (channel: string, payload: unknown) => Reply | Promise<Reply>) {
  const listeners = new Set<(e: JobEvent) => void>();
  const drops = new Set<() => void>();
  const sent: { channel: string; payload: unknown }[] = [];
  const transport: Transport = {
    request: async (channel, payload) => {
      sent.push({ channel, payload });
      return answer(channel, payload);
    },
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onDisconnect: (l) => {
      drops.add(l);
      return () => drops.delete(l);
    },
  };
  return {
    transport,
    sent,
    emit: (e: JobEvent) => listeners.forEach((l) => l(e)),
    drop: () => drops.forEach((l) => l()),
  };
}

const settingsReply: Reply = { ok: true, result: { language: 'en', demoOffered: false } };

describe('api client', () => {
  it('returns a validated call response', async () => {
    const f = fakeTransport(() => settingsReply);
    const api = createApiClient(f.transport);
    await expect(api.call('settings.get', {})).resolves.toEqual({ language: 'en', demoOffered: false });
    expect(f.sent).toEqual([{ channel: 'settings.get', payload: {} }]);
  });

  it('turns an error reply into an ApiError with code and details', async () => {
    const f = fakeTransport(() => ({ ok: false, error: { code: 'no_project', message: 'Open a project first.', details: { channel: 'dataset.list' } } }));
    const api = createApiClient(f.transport);
    const err = await api.call('dataset.list', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'no_project', details: { channel: 'dataset.list' } });
  });

  it('rejects a response that breaks the contract', async () => {
    const f = fakeTransport(() => ({ ok: true, result: { language: 'fr', demoOffered: 1 } }));
    await expect(createApiClient(f.transport).call('settings.get', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('runs a job: progress, then the validated result', async () => {
    const f = fakeTransport(() => ({ ok: true, result: { jobId: 'j1' } }));
    const api = createApiClient(f.transport);
    const seen: number[] = [];
    const job = api.startJob('analysis.run', { spec: { model: 'describe', data: 'd' } }, { onProgress: (p) => seen.push(p) });
    await expect(job.jobId).resolves.toBe('j1');
    f.emit({ type: 'job.progress', jobId: 'j1', fraction: 0.5 });
    f.emit({ type: 'job.progress', jobId: 'other', fraction: 0.9 });
    f.emit({ type: 'job.done', jobId: 'j1', result: { wrong: true } });
    await expect(job.promise).rejects.toMatchObject({ code: 'internal' });
    expect(seen).toEqual([0.5]);
  });

  it('delivers events that arrive before the job id', async () => {
    let release: (r: Reply) => void = () => undefined;
    const f = fakeTransport(() => new Promise<Reply>((r) => (release = r)));
    const api = createApiClient(f.transport);
    const seen: number[] = [];
    const job = api.startJob('dataset.import', { source: { kind: 'path', path: '/x.csv' } }, { onProgress: (p) => seen.push(p) });
    await Promise.resolve();
    f.emit({ type: 'job.progress', jobId: 'j7', fraction: 0.25 });
    f.emit({ type: 'job.failed', jobId: 'j7', error: { code: 'malformed_csv', message: 'x.csv, line 3: bad', details: { line: 3 } } });
    release({ ok: true, result: { jobId: 'j7' } });
    await expect(job.promise).rejects.toMatchObject({ code: 'malformed_csv', details: { line: 3 } });
    expect(seen).toEqual([0.25]);
  });

  it('cancel sends job.cancel once the id is known and rejects with "cancelled"', async () => {
    const f = fakeTransport((channel) => (channel === 'job.cancel' ? { ok: true, result: { cancelled: true } } : { ok: true, result: { jobId: 'j2' } }));
    const api = createApiClient(f.transport);
    const job = api.startJob('dataset.import', { source: { kind: 'upload', uploadId: 'u' } });
    await job.cancel();
    expect(f.sent.map((s) => s.channel)).toEqual(['dataset.import', 'job.cancel']);
    expect(f.sent[1].payload).toEqual({ jobId: 'j2' });
    f.emit({ type: 'job.cancelled', jobId: 'j2' });
    await expect(job.promise).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('fails running jobs when the connection drops', async () => {
    const f = fakeTransport(() => ({ ok: true, result: { jobId: 'j3' } }));
    const job = createApiClient(f.transport).startJob('dataset.import', { source: { kind: 'upload', uploadId: 'u' } });
    await job.jobId;
    f.drop();
    await expect(job.promise).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('a refused job rejects both jobId and promise', async () => {
    const f = fakeTransport(() => ({ ok: false, error: { code: 'invalid_request', message: 'bad', details: {} } }));
    const job = createApiClient(f.transport).startJob('dataset.import', { source: { kind: 'upload', uploadId: 'u' } });
    await expect(job.promise).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(job.jobId).rejects.toBeInstanceOf(ApiError);
    await expect(job.cancel()).resolves.toBeUndefined();
  });
});

describe('socket transport', () => {
  it('answers pending requests with "disconnected" when the socket closes, and reconnects', async () => {
    const opened: { close(): void; sent: string[] }[] = [];
    const transport = socketTransport('ws://test/ws', (_url, h) => {
      const conn = {
        sent: [] as string[],
        send(data: string) {
          this.sent.push(data);
        },
        close: () => h.onClose(),
      };
      opened.push(conn);
      queueMicrotask(() => h.onOpen());
      return conn;
    });
    const drops: number[] = [];
    transport.onDisconnect(() => drops.push(1));
    const pending = transport.request('settings.get', {});
    await new Promise((r) => setTimeout(r, 0));
    expect(JSON.parse(opened[0].sent[0])).toEqual({ kind: 'request', id: 1, channel: 'settings.get', payload: {} });
    opened[0].close();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect(drops).toEqual([1]);
    void transport.request('settings.get', {});
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toHaveLength(2);
  });

  it('answers "disconnected" when the socket cannot open', async () => {
    const transport = socketTransport('ws://test/ws', (_url, h) => {
      queueMicrotask(() => h.onClose());
      return { send: () => undefined, close: () => undefined };
    });
    await expect(transport.request('settings.get', {})).resolves.toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });
});
