/**
 * A thin seam over a WebSocket: what the relay's logic needs (send a frame, close with a code),
 * so the routing and frame handling can be tested with a fake socket.
 */
import type { WebSocket } from 'ws';
import { CLOSE_CODES, type CloseName } from '@switchboard/protocol';

export interface Peer {
  readonly id: string;
  send(frame: object): void;
  close(name: CloseName, reason?: string): void;
  readonly open: boolean;
}

let counter = 0;

export function wrapSocket(socket: WebSocket): Peer {
  const id = `s${++counter}`;
  return {
    id,
    send(frame) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    },
    close(name, reason) {
      const { code, reason: fallback } = CLOSE_CODES[name];
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, (reason ?? fallback).slice(0, 120));
    },
    get open() {
      return socket.readyState === socket.OPEN;
    },
  };
}
