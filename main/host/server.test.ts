import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { HOST_PATHS, TOKEN_HEADER, UPLOAD_NAME_HEADER } from '../../shared/contract';
import { createApiClient } from '../../renderer/src/api/client';
import { socketTransport } from '../../renderer/src/api/transport';
import type { OpenSocket } from '../../renderer/src/api/transport';
import { Service } from '../service/service';
import { Home } from '../store/home';
import { tempDir } from '../store/testing';
import { startHost } from './server';
import type { RunningHost } from './server';

/** The renderer's own client, over the `ws` package instead of the browser's WebSocket. */
const openNodeSocket =
  (headers: Record<string, string> = {}): OpenSocket =>
  (url, h) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => h.onOpen());
    ws.on('message', (data, isBinary) => {
      if (!isBinary) h.onMessage(data.toString());
    });
    ws.on('close', () => h.onClose());
    ws.on('error', () => undefined);
    return { send: (d) => ws.send(d), close: () => ws.close() };
  };

/** Resolves with the HTTP status a WebSocket upgrade was refused with (or 101). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

/** A raw GET with a chosen Host header (fetch does not allow setting it). */
function getWithHost(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser host', () => {
  const tmp = tempDir();
  const renderer = join(tmp.dir, 'renderer');
  let service: Service;
  let host: RunningHost;
  let base: string;

  beforeAll(async () => {
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Causeway</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
    service = new Service({ home: new Home(join(tmp.dir, 'home')), shell: 'browser' });
    host = await startHost({ service, rendererDir: renderer });
    base = `http://127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await host.close();
    await service.dispose();
    tmp.remove();
  });

  it('listens on 127.0.0.1 only and prints a URL with the token', () => {
    expect(host.url).toBe(`${base}/?token=${encodeURIComponent(host.token)}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses every request without the token', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}${HOST_PATHS.upload}`, { method: 'POST', body: 'x' })).status).toBe(401);
  });

  it('serves the page with a CSP and a cookie that authorises the assets', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    expect(page.headers.get('set-cookie')).toContain('HttpOnly');
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await asset.text()).toBe('console.log(1)');
    // Routes of the single-page app get the page; files outside the folder do not exist.
    expect(await (await fetch(`${base}/project/data`, { headers: { cookie } })).text()).toContain('<title>Causeway');
    expect((await fetch(`${base}/%2e%2e/secret.txt`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/assets/missing.js`, { headers: { cookie } })).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await getWithHost(host.port, `/?token=${host.token}`, `evil.example:${host.port}`)).toBe(403);
    expect(await getWithHost(host.port, `/?token=${host.token}`, `localhost:${host.port}`)).toBe(200);
  });

  it('refuses sockets without the token or from another origin', async () => {
    const ws = `ws://127.0.0.1:${host.port}${HOST_PATHS.socket}`;
    expect(await upgradeStatus(ws)).toBe(401);
    expect(await upgradeStatus(`${ws}?token=nope`)).toBe(401);
    expect(await upgradeStatus(`${ws}?token=${host.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${ws}?token=${host.token}`, { origin: base })).toBe(101);
  });

  it('speaks the contract over the socket: calls, typed errors, an upload imported as a job', async () => {
    const transport = socketTransport(`ws://127.0.0.1:${host.port}${HOST_PATHS.socket}?token=${host.token}`, openNodeSocket());
    const api = createApiClient(transport);
    try {
      expect(await api.call('project.info', {})).toEqual({ project: null });
      await expect(api.call('dataset.list', {})).rejects.toMatchObject({ code: 'no_project' });
      await api.call('project.new', { name: 'host test' });

      const body = 'county,year,y\n1,2004,0.5\n1,2005,0.7\n2,2004,0.1\n';
      const up = await fetch(`${base}${HOST_PATHS.upload}`, {
        method: 'POST',
        headers: { [TOKEN_HEADER]: host.token, [UPLOAD_NAME_HEADER]: encodeURIComponent('面板.csv') },
        body,
      });
      expect(up.status).toBe(200);
      const { uploadId, name, size } = (await up.json()) as { uploadId: string; name: string; size: number };
      expect({ name, size }).toEqual({ name: '面板.csv', size: Buffer.byteLength(body) });

      const fractions: number[] = [];
      const job = api.startJob('dataset.import', { source: { kind: 'upload', uploadId } }, { onProgress: (f) => fractions.push(f) });
      const { dataset } = await job.promise;
      expect(dataset).toMatchObject({ name: '面板', nrow: 3, ncol: 3 });
      expect(fractions.length).toBeGreaterThan(0);
      const rows = await api.call('dataset.rows', { datasetId: dataset.id, offset: 1, limit: 5 });
      expect(rows.values).toEqual([[1, 2], [2005, 2004], [0.7, 0.1]]);
    } finally {
      transport.close();
    }
  });

  it('hands out a finished download under its file name, with the token only', async () => {
    const spot = service.downloads.reserve('城市 "面板".csv');
    writeFileSync(spot.path, 'a,b\n1,2\n');
    const url = `${base}${spot.url}`;
    expect((await fetch(url, { headers: { [TOKEN_HEADER]: host.token } })).status).toBe(404);
    service.downloads.ready(spot.id);
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { [TOKEN_HEADER]: host.token } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="__ ____.csv"; filename*=UTF-8''${encodeURIComponent('城市 "面板".csv')}`);
    expect(await res.text()).toBe('a,b\n1,2\n');
    expect((await fetch(`${base}${HOST_PATHS.download}/nope`, { headers: { [TOKEN_HEADER]: host.token } })).status).toBe(404);
  });

  it('answers a malformed envelope with invalid_request and ignores garbage', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${HOST_PATHS.socket}?token=${host.token}`);
    await new Promise((r) => ws.on('open', r));
    const reply = new Promise<unknown>((r) => ws.on('message', (d) => r(JSON.parse(d.toString()))));
    ws.send('not json');
    ws.send(JSON.stringify({ kind: 'request', id: 7, channel: 5 }));
    expect(await reply).toEqual({ kind: 'reply', id: 7, reply: { ok: false, error: { code: 'invalid_request', message: 'Malformed request envelope.', details: {} } } });
    ws.close();
  });
});

describe('browser host without a built renderer', () => {
  it('says how to build it', async () => {
    const tmp = tempDir();
    const service = new Service({ home: new Home(join(tmp.dir, 'home')), shell: 'browser' });
    const host = await startHost({ service, rendererDir: join(tmp.dir, 'none') });
    try {
      const res = await fetch(host.url);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await host.close();
      await service.dispose();
      tmp.remove();
    }
  });

  it('explains a port that is in use', async () => {
    const tmp = tempDir();
    const service = new Service({ home: new Home(join(tmp.dir, 'home')), shell: 'browser' });
    const first = await startHost({ service, rendererDir: tmp.dir });
    try {
      await expect(startHost({ service, rendererDir: tmp.dir, port: first.port })).rejects.toThrow(`Port ${first.port} is in use`);
    } finally {
      await first.close();
      await service.dispose();
      tmp.remove();
    }
  });
});
