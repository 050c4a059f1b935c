/**
 * Electron main process: one window showing the built renderer from causeway://app/ (a custom
 * secure scheme with a strict CSP), context isolation, sandbox, no Node in the page; the
 * preload exposes only the typed API. Every IPC message is checked against the sender before
 * its payload is looked at, then handed to the same service layer as the browser host.
 */
import { BrowserWindow, app, dialog, ipcMain, net, protocol, session } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ERROR_CODES, IPC_EVENT, IPC_REQUEST, ipcRequest } from '../../shared/contract';
import type { Reply } from '../../shared/contract';
import { contentSecurityPolicy } from '../host/security';
import { Service } from '../service/service';
import { Home, causewayHome } from '../store/home';
import { APP_ORIGIN, APP_SCHEME, appFileFor, isAppUrl, isTrustedSender } from './policy';

// Built layout: dist/main/electron-main.mjs, dist/main/preload.cjs, dist/renderer/.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preload = join(here, 'preload.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let window: BrowserWindow | null = null;
let service: Service | null = null;

function forbidden(): Reply {
  return { ok: false, error: { code: 'forbidden', message: 'This page may not use the Causeway API.', details: {} } };
}

async function serveAppFile(request: Request): Promise<Response> {
  const file = appFileFor(rendererDir, request.url);
  if (!file) return new Response('Not found', { status: 404 });
  const res = await net.fetch(pathToFileURL(file).toString());
  const headers = new Headers(res.headers);
  if (extname(file) === '.html') headers.set('content-security-policy', contentSecurityPolicy());
  headers.set('x-content-type-options', 'nosniff');
  return new Response(res.body, { status: res.status, headers });
}

/** Exports go where the user says: the native save dialog, over the app's window. */
async function chooseSavePath(suggestedName: string, extensions: string[]): Promise<string | null> {
  const options = { defaultPath: suggestedName, filters: [{ name: extensions.map((e) => `.${e}`).join(', '), extensions }] };
  const r = window && !window.isDestroyed() ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? null : r.filePath;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Causeway',
    webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

async function handleRequest(event: IpcMainInvokeEvent, raw: unknown): Promise<Reply> {
  const frame = event.senderFrame;
  const trusted = isTrustedSender({
    senderId: event.sender.id,
    windowId: window && !window.isDestroyed() ? window.webContents.id : null,
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    frameUrl: frame ? frame.url : null,
  });
  if (!trusted || !service) return forbidden();
  const req = ipcRequest.safeParse(raw);
  if (!req.success) return { ok: false, error: { code: ERROR_CODES.invalidRequest, message: 'Malformed request.', details: {} } };
  const sender = event.sender;
  return service.handle(req.data.channel, req.data.payload, (jobEvent) => {
    if (!sender.isDestroyed()) sender.send(IPC_EVENT, jobEvent);
  });
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, serveAppFile);
    // Only the app's own page may write the clipboard ("Copy table": HTML + text); nothing else is granted.
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) => callback(permission === 'clipboard-sanitized-write' && isAppUrl(details.requestingUrl)));
    service = new Service({ home: new Home(causewayHome()), shell: 'electron', chooseSavePath });
    ipcMain.handle(IPC_REQUEST, handleRequest);
    window = createWindow();
    window.on('closed', () => (window = null));
  });

  app.on('web-contents-created', (_event, contents) => {
    // No webviews, no new windows, from any page.
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.on('window-all-closed', () => {
    const s = service;
    service = null;
    void (s ? s.dispose() : Promise.resolve()).then(() => app.quit());
  });
}
