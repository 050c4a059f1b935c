/**
 * How requests reach the Node side: over the Electron preload bridge or over the browser
 * host's WebSocket. Both deliver the same contract messages (shared/contract.ts); this module
 * has no DOM dependency so it runs under Node in tests (the socket is injected).
 */
import { ERROR_CODES, jobEvent, wsMessage } from '../../../shared/contract';
import type { JobEvent, Reply, WsRequest } from '../../../shared/contract';
import type { CausewayBridge } from './bridge';

export interface Transport {
  request(channel: string, payload: unknown): Promise<Reply>;
  /** Returns a function that removes the listener. */
  onEvent(listener: (event: JobEvent) => void): () => void;
  /** The connection dropped: running jobs will send no more events. */
  onDisconnect(listener: () => void): () => void;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: string): void;
  onClose(): void;
}

export interface SocketConnection {
  send(data: string): void;
  close(): void;
}

/** Opens a WebSocket (the browser's, or the `ws` package's in tests) and wires its handlers. */
export type OpenSocket = (url: string, handlers: SocketHandlers) => SocketConnection;

function listenerSet<T extends unknown[]>(): { add(l: (...a: T) => void): () => void; emit(...a: T): void } {
  const set = new Set<(...a: T) => void>();
  return {
    add(l) {
      set.add(l);
      return () => set.delete(l);
    },
    emit(...a) {
      for (const l of [...set]) l(...a);
    },
  };
}

function disconnected(): Reply {
  return { ok: false, error: { code: ERROR_CODES.disconnected, message: 'The connection to Causeway was lost. Reload the page to reconnect.', details: {} } };
}

export function bridgeTransport(bridge: CausewayBridge): Transport {
  return {
    request: (channel, payload) => bridge.request(channel, payload),
    onEvent: (listener) =>
      bridge.onEvent((raw) => {
        const parsed = jobEvent.safeParse(raw);
        if (parsed.success) listener(parsed.data);
      }),
    // The preload bridge lives as long as the window: it never disconnects.
    onDisconnect: () => () => undefined,
  };
}

/**
 * A WebSocket transport that connects on the first request and again on the first request
 * after a drop. Replies are matched to requests by id; requests pending when the socket closes
 * are answered with a `disconnected` error.
 */
export function socketTransport(url: string, openSocket: OpenSocket): Transport & { close(): void } {
  const events = listenerSet<[JobEvent]>();
  const drops = listenerSet<[]>();
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  let conn: SocketConnection | null = null;
  let ready: Promise<SocketConnection> | null = null;

  const connect = (): Promise<SocketConnection> => {
    if (ready) return ready;
    ready = new Promise<SocketConnection>((resolve, reject) => {
      let opened = false;
      const c = openSocket(url, {
        onOpen() {
          opened = true;
          resolve(c);
        },
        onMessage(data) {
          let json: unknown;
          try {
            json = JSON.parse(data);
          } catch {
            return;
          }
          const msg = wsMessage.safeParse(json);
          if (!msg.success) return;
          if (msg.data.kind === 'event') events.emit(msg.data.event);
          else {
            const done = pending.get(msg.data.id);
            pending.delete(msg.data.id);
            done?.(msg.data.reply);
          }
        },
        onClose() {
          conn = null;
          ready = null;
          const waiting = [...pending.values()];
          pending.clear();
          for (const done of waiting) done(disconnected());
          if (opened) drops.emit();
          else reject(new Error('connection refused'));
        },
      });
      conn = c;
    });
    return ready;
  };

  return {
    async request(channel, payload) {
      let c: SocketConnection;
      try {
        c = await connect();
      } catch {
        return disconnected();
      }
      const id = nextId++;
      const msg: WsRequest = { kind: 'request', id, channel, payload };
      return new Promise<Reply>((resolve) => {
        pending.set(id, resolve);
        c.send(JSON.stringify(msg));
      });
    },
    onEvent: events.add,
    onDisconnect: drops.add,
    close() {
      conn?.close();
    },
  };
}
