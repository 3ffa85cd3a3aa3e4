/**
 * One visitor socket that keeps itself alive: reconnects with exponential backoff and jitter
 * unless the relay closed with a final code, answers `hello` on every open, and drops a socket
 * that stops answering pings. Frames are handed on already parsed; the protocol rules live in
 * session.ts. The socket itself is behind `SocketLike` so tests drive a fake one.
 */
import type { VisitorClientFrame, VisitorServerFrame } from '@switchboard/protocol';

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

/** CLOSE_CODES marked `final` in @switchboard/protocol (a test keeps this list in step). */
export const FINAL_CLOSE_CODES: readonly number[] = [1000, 1002, 1008, 1009, 4001, 4003, 4004];

export type ConnStatus = 'connecting' | 'open' | 'reconnecting' | 'down';

export interface ConnectionOptions {
  url: string;
  hello: () => VisitorClientFrame;
  onFrame: (frame: VisitorServerFrame) => void;
  onStatus: (status: ConnStatus, closeCode?: number) => void;
  socket?: SocketFactory;
  /** @default 500 */
  baseDelayMs?: number;
  /** @default 30000 */
  maxDelayMs?: number;
  random?: () => number;
}

export interface Connection {
  start(): void;
  /** True when the frame went out on a socket that has had its `welcome`. */
  send(frame: VisitorClientFrame): boolean;
  /** Reconnect now if waiting for a retry (the browser came back online). */
  kick(): void;
  stop(): void;
}

const OPEN = 1;

export function createConnection(o: ConnectionOptions): Connection {
  const factory: SocketFactory = o.socket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const base = o.baseDelayMs ?? 500;
  const max = o.maxDelayMs ?? 30_000;
  const random = o.random ?? Math.random;
  let ws: SocketLike | null = null;
  let ready = false;
  let attempt = 0;
  let stopped = true;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let lastHeard = 0;

  function connect(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    o.onStatus(attempt ? 'reconnecting' : 'connecting');
    const sock = factory(o.url);
    ws = sock;
    sock.onopen = () => sock.send(JSON.stringify(o.hello()));
    sock.onmessage = (ev) => {
      lastHeard = Date.now();
      let frame: VisitorServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as VisitorServerFrame;
      } catch {
        drop(); // a relay that sends garbage is broken: start over rather than guess
        return;
      }
      if (frame.type === 'welcome') {
        ready = true;
        attempt = 0;
        heartbeat(frame.limits.heartbeatMs);
        o.onStatus('open');
      }
      o.onFrame(frame);
    };
    sock.onclose = (ev) => {
      if (ws !== sock) return;
      detach();
      if (stopped) return;
      if (FINAL_CLOSE_CODES.includes(ev.code)) {
        o.onStatus('down', ev.code);
        return;
      }
      schedule();
    };
    sock.onerror = null; // a close event always follows an error; handled there
  }

  function detach(): void {
    ready = false;
    clearInterval(pingTimer);
    if (ws) ws.onopen = ws.onmessage = ws.onclose = null;
    ws = null;
  }

  /** Abandon the current socket without waiting for its close handshake, then retry. */
  function drop(): void {
    const sock = ws;
    detach();
    sock?.close(4000, 'heartbeat');
    if (!stopped) schedule();
  }

  function schedule(): void {
    // Equal jitter: half the exponential step is fixed, half random, so tabs don't reconnect in lockstep.
    const step = Math.min(max, base * 2 ** attempt++);
    const delay = step / 2 + random() * (step / 2);
    o.onStatus('reconnecting');
    retryTimer = setTimeout(connect, delay);
  }

  function heartbeat(ms: number): void {
    clearInterval(pingTimer);
    if (!(ms > 0)) return;
    lastHeard = Date.now();
    pingTimer = setInterval(() => {
      if (Date.now() - lastHeard > ms * 2) drop();
      else if (ws && ws.readyState === OPEN) ws.send(JSON.stringify({ type: 'ping', ts: Date.now() }));
    }, ms);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      attempt = 0;
      connect();
    },
    send(frame) {
      if (!ready || !ws || ws.readyState !== OPEN) return false;
      ws.send(JSON.stringify(frame));
      return true;
    },
    kick() {
      if (!stopped && retryTimer !== undefined) {
        attempt = 0;
        connect();
      }
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      const sock = ws;
      detach();
      sock?.close(1000, 'bye');
    },
  };
}
