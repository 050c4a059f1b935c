/**
 * The Electron shell's security decisions as plain functions (no Electron import, so they are
 * tested in Node): which file an app:// URL may serve, and which IPC senders are trusted.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** The renderer is served from causeway://app/… (a standard, secure custom scheme). */
export const APP_SCHEME = 'causeway';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** The file for a request URL, or null: only files inside `rendererDir`; app routes get index.html. */
export function appFileFor(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root + sep)) return null;
  if (existsSync(file) && statSync(file).isFile()) return file;
  return extname(path) === '' ? join(root, 'index.html') : null;
}

export interface SenderFacts {
  /** webContents id of the sender and of the app's window. */
  senderId: number;
  windowId: number | null;
  /** The sending frame is the window's main frame (not an iframe). */
  isMainFrame: boolean;
  frameUrl: string | null;
}

/** Only the app's own window, main frame, showing our own pages may call the service. */
export function isTrustedSender(f: SenderFacts): boolean {
  return f.windowId !== null && f.senderId === f.windowId && f.isMainFrame && f.frameUrl !== null && f.frameUrl.startsWith(`${APP_ORIGIN}/`);
}

/** Navigation stays inside the app; anything else is refused. */
export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}
