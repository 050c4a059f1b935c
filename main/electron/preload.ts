/**
 * The preload (sandboxed, bundled to dist/main/preload.cjs): exposes `window.causeway` with
 * exactly the bridge the renderer's API client uses (renderer/src/api/bridge.ts). Requests
 * go only to channel names of the contract; nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, ERROR_CODES, IPC_EVENT, IPC_REQUEST, jobEvent } from '../../shared/contract';
import type { JobEvent, Reply } from '../../shared/contract';
import type { CausewayBridge } from '../../renderer/src/api/bridge';

const allowed = new Set<string>(CHANNEL_NAMES);

const bridge: CausewayBridge<File> = {
  shell: 'electron',
  request(channel: string, payload: unknown): Promise<Reply> {
    if (typeof channel !== 'string' || !allowed.has(channel))
      return Promise.resolve({ ok: false, error: { code: ERROR_CODES.unknownChannel, message: `There is no channel "${String(channel)}".`, details: {} } });
    return ipcRenderer.invoke(IPC_REQUEST, { channel, payload }) as Promise<Reply>;
  },
  onEvent(listener: (event: JobEvent) => void): () => void {
    const handler = (_e: IpcRendererEvent, raw: unknown): void => {
      const parsed = jobEvent.safeParse(raw);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('causeway', bridge);
