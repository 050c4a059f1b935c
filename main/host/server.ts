/**
 * The browser host: HTTP + WebSocket on 127.0.0.1 only. It serves the built renderer
 * (dist/renderer) and speaks the IPC contract over a WebSocket at /ws (docs/ipc.md); files
 * picked in the page arrive by POST /upload. Every request and socket must carry the
 * per-launch token.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { ERROR_CODES, HOST_PATHS, UPLOAD_NAME_HEADER, wsRequest } from '../../shared/contract';
import type { JobEvent, WsMessage } from '../../shared/contract';
import type { Service } from '../service/service';
import { authenticate, contentSecurityPolicy, cookieName, hostAllowed, newToken, originAllowed } from './security';

export interface HostOptions {
  service: Service;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  token?: string;
}

export interface RunningHost {
  /** The address to open, with the token. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

const MAX_SOCKET_MESSAGE = 16 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

/** A file under `root` for a URL path, or null (no escaping the folder). */
function fileFor(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  if (full !== root && !full.startsWith(root + sep)) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? newToken();
  const root = resolve(options.rendererDir);
  const service = options.service;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SOCKET_MESSAGE });
  let port = 0;

  const staticFile = (req: IncomingMessage, res: ServerResponse, url: URL, setCookie: boolean): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    const index = join(root, 'index.html');
    if (!existsSync(index)) return send(res, 503, 'The Causeway window is not built yet. Run "npm run build", then reload.');
    // Paths without an extension are the single-page app's routes.
    const file = fileFor(root, url.pathname === '/' ? '/index.html' : url.pathname) ?? (extname(url.pathname) === '' ? index : null);
    if (!file) return send(res, 404, 'Not found');
    const isHtml = extname(file) === '.html';
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': isHtml ? 'no-store' : 'private, max-age=3600',
    };
    if (isHtml) {
      headers['content-security-policy'] = contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
      headers['x-frame-options'] = 'DENY';
    }
    if (setCookie) headers['set-cookie'] = `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };

  const upload = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') return send(res, 405, 'Method not allowed');
    const raw = req.headers[UPLOAD_NAME_HEADER];
    let name = '';
    try {
      name = decodeURIComponent(Array.isArray(raw) ? raw[0] : (raw ?? ''));
    } catch {
      name = '';
    }
    if (!name) return sendJson(res, 400, { code: ERROR_CODES.invalidRequest, message: `Send the file name in the ${UPLOAD_NAME_HEADER} header.` });
    service.acceptUpload(name, req).then(
      (r) => sendJson(res, 200, r),
      (e: unknown) => sendJson(res, 500, { code: 'upload_failed', message: `Receiving "${name}" failed: ${(e as Error).message}` }),
    );
  };

  /** An export the service prepared: sent as an attachment under the user-facing file name. */
  const download = (req: IncomingMessage, res: ServerResponse, id: string): void => {
    if (req.method !== 'GET') return send(res, 405, 'Method not allowed');
    const file = service.download(id);
    if (!file) return send(res, 404, 'This download is not available (it failed, or Causeway was restarted). Export the data again.');
    const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(statSync(file.path).size),
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    createReadStream(file.path).pipe(res);
  };

  const server = createServer((req, res) => {
    if (!hostAllowed(req, port)) return send(res, 403, 'Forbidden host');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const auth = authenticate(req, url, token, port);
    if (!auth.ok) return send(res, 401, 'Open Causeway with the address it printed when it started (the address includes the access token).');
    if (url.pathname === HOST_PATHS.upload) return upload(req, res);
    if (url.pathname.startsWith(`${HOST_PATHS.download}/`)) return download(req, res, url.pathname.slice(HOST_PATHS.download.length + 1));
    staticFile(req, res, url, auth.fromQuery);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== HOST_PATHS.socket) return refuseUpgrade(socket, '404 Not Found');
    if (!hostAllowed(req, port) || !originAllowed(req, port)) return refuseUpgrade(socket, '403 Forbidden');
    if (!authenticate(req, url, token, port).ok) return refuseUpgrade(socket, '401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  const serveSocket = (ws: WebSocket): void => {
    const post = (m: WsMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    const sink = (event: JobEvent): void => post({ kind: 'event', event });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        return;
      }
      const msg = wsRequest.safeParse(json);
      if (!msg.success) {
        const id = (json as { id?: unknown } | null)?.id;
        if (typeof id === 'number')
          post({ kind: 'reply', id, reply: { ok: false, error: { code: ERROR_CODES.invalidRequest, message: 'Malformed request envelope.', details: {} } } });
        return;
      }
      const { id, channel, payload } = msg.data;
      void service.handle(channel, payload, sink).then((reply) => post({ kind: 'reply', id, reply }));
    });
  };

  return new Promise((resolvePromise, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new Error(`Port ${options.port} is in use. Choose another with --port, or leave it out to pick a free one.`));
      else reject(e);
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolvePromise({
        url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
