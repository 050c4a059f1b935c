/**
 * What the Electron preload exposes as `window.causeway` (main/electron/preload.ts implements
 * it). Only these three functions cross the context bridge: requests go to allow-listed
 * channels, events are job events, and a dropped or picked File's path comes from
 * webUtils.getPathForFile. `F` is the DOM File type in the renderer and the preload.
 */
import type { JobEvent, Reply } from '../../../shared/contract';

export interface CausewayBridge<F = unknown> {
  readonly shell: 'electron';
  request(channel: string, payload: unknown): Promise<Reply>;
  /** Returns a function that removes the listener. */
  onEvent(listener: (event: JobEvent) => void): () => void;
  pathForFile(file: F): string;
}
