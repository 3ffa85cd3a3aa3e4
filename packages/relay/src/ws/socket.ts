/**
 * A thin seam over a WebSocket: what the relay's logic needs (send a frame, close with a code),
 * so the routing and frame handling can be tested with a fake socket.
 */
import type { WebSocket } from 'ws';
import { CLOSE_CODES, type CloseName } from '@switchboard/protocol';

export interface Peer {
  readonly id: string;
  send(frame: object): void;
  /** Sends an already serialised frame (fan-out serialises once for all recipients). */
  sendText(text: string): void;
  close(name: CloseName, reason?: string): void;
  readonly open: boolean;
}

let counter = 0;

interface Corkable {
  cork(): void;
  uncork(): void;
}

export function wrapSocket(socket: WebSocket): Peer {
  const id = `s${++counter}`;
  // A busy agent socket gets many frames in one tick; corking the TCP socket until the tick
  // ends turns them into one write instead of one per frame. `_socket` is ws's net.Socket.
  const tcp = (socket as unknown as { _socket?: Corkable })._socket;
  let corked = false;
  const write = (text: string) => {
    if (socket.readyState !== socket.OPEN) return;
    if (tcp && !corked) {
      corked = true;
      tcp.cork();
      process.nextTick(() => {
        corked = false;
        tcp.uncork();
      });
    }
    socket.send(text);
  };
  return {
    id,
    send(frame) {
      write(JSON.stringify(frame));
    },
    sendText(text) {
      write(text);
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
