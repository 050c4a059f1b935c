/**
 * The renderer's single entry to the Node side. `api` talks over the Electron preload bridge
 * when `window.causeway` exists, else over the browser host's WebSocket (same origin; the
 * per-launch token comes from the page URL `?token=` and is kept for reloads in
 * sessionStorage). See docs/ipc.md.
 *
 *   const project = await api.call('project.new', { name: 'Pilot study' });
 *   const job = api.startJob('dataset.import', { source: await api.sourceForFile(file) }, { onProgress });
 *   const { dataset } = await job.promise;   // job.cancel() rejects it with code "cancelled"
 */
import { HOST_PATHS } from '../../../shared/contract';
import type { DataSource } from '../../../shared/contract';
import type { CausewayBridge } from './bridge';
import { createApiClient } from './client';
import type { ApiClient } from './client';
import { bridgeTransport, socketTransport } from './transport';
import type { OpenSocket } from './transport';
import { uploadFile } from './upload';

export { ApiError, createApiClient } from './client';
export type { ApiClient, JobHandle, JobOptions } from './client';
export type { CausewayBridge } from './bridge';
export type { Transport } from './transport';

declare global {
  interface Window {
    causeway?: CausewayBridge<File>;
  }
}

export interface Api extends ApiClient {
  readonly shell: 'electron' | 'browser';
  /**
   * Turns a picked or dropped File into an import source: its path in Electron, an upload to
   * the host in the browser (onProgress reports the upload).
   */
  sourceForFile(file: File, onProgress?: (fraction: number) => void): Promise<DataSource>;
}

const TOKEN_KEY = 'causeway.token';

/** The browser host's per-launch token: from the URL, else from earlier in this tab. */
export function hostToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return window.sessionStorage.getItem(TOKEN_KEY);
}

const openBrowserSocket: OpenSocket = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (e: MessageEvent) => {
    if (typeof e.data === 'string') handlers.onMessage(e.data);
  };
  ws.onclose = () => handlers.onClose();
  return { send: (data) => ws.send(data), close: () => ws.close() };
};

function createApi(): Api {
  const bridge = window.causeway;
  if (bridge) {
    return {
      ...createApiClient(bridgeTransport(bridge)),
      shell: 'electron',
      sourceForFile: (file) => Promise.resolve({ kind: 'path', path: bridge.pathForFile(file) }),
    };
  }
  const token = hostToken();
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const transport = socketTransport(`${scheme}://${window.location.host}${HOST_PATHS.socket}${query}`, openBrowserSocket);
  return {
    ...createApiClient(transport),
    shell: 'browser',
    sourceForFile: async (file, onProgress) => ({ kind: 'upload', uploadId: (await uploadFile(file, token, onProgress)).uploadId }),
  };
}

export const api: Api = createApi();
