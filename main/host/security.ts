/**
 * What the browser host checks on every request: the Host header (against DNS rebinding), the
 * per-launch token (query, header or cookie, compared in constant time) and, for sockets, the
 * Origin. Also the Content-Security-Policy for the pages it serves.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER } from '../../shared/contract';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function cookieName(port: number): string {
  // Cookies ignore ports: one name per port keeps two hosts on one machine apart.
  return `causeway_token_${port}`;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

export interface RequestAuth {
  ok: boolean;
  /** The token came in the URL (the first page load): the response should set the cookie. */
  fromQuery: boolean;
}

export function authenticate(req: IncomingMessage, url: URL, token: string, port: number): RequestAuth {
  if (sameToken(url.searchParams.get('token'), token)) return { ok: true, fromQuery: true };
  const header = req.headers[TOKEN_HEADER];
  if (sameToken(Array.isArray(header) ? header[0] : header, token)) return { ok: true, fromQuery: false };
  return { ok: sameToken(cookies(req).get(cookieName(port)), token), fromQuery: false };
}

/** Only our own addresses: a page on another site resolving its name to 127.0.0.1 is refused. */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Browsers send Origin on WebSocket upgrades; a socket from another site's page is refused. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** The pages' policy; `connect` lists what scripts may connect to besides the page's origin. */
export function contentSecurityPolicy(connect: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // ECharts and React set element styles; no inline scripts are allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connect].join(' '),
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
