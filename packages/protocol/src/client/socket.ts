/**
 * The seam between the client core and a real socket (hono's WebSocket helper keeps the same
 * shape): the core opens a socket through a factory and hears about it through four callbacks.
 * Browsers use `browserSocket`, Node passes one built on `ws`, unit tests pass a fake.
 */

export interface SocketEvents {
  open(): void;
  message(data: string): void;
  /** Always called once per socket, also after an error or a failed connect. */
  close(code: number, reason: string): void;
  /** A transport error worth reporting; `close` follows. */
  error(error: Error): void;
}

export interface SocketHandle {
  /** Only called between `open` and `close`. */
  send(data: string): void;
  close(code: number, reason: string): void;
}

export type SocketFactory = (url: string, on: SocketEvents) => SocketHandle;

/** What the core uses of the standard `WebSocket`, typed here so the core needs no DOM types. */
interface StandardWebSocket {
  onopen: (() => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  send(data: string): void;
  close(code: number, reason: string): void;
}

/** The standard `WebSocket` of browsers (and Node 22+). */
export const browserSocket: SocketFactory = (url, on) => {
  const { WebSocket } = globalThis as unknown as { WebSocket: new (url: string) => StandardWebSocket };
  const ws = new WebSocket(url);
  ws.onopen = () => on.open();
  ws.onmessage = (ev) => on.message(String(ev.data));
  // A browser's error event carries no detail and is always followed by close: nothing to report.
  ws.onclose = (ev) => on.close(ev.code, ev.reason);
  return { send: (data) => ws.send(data), close: (code, reason) => ws.close(code, reason) };
};
