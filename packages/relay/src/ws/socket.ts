/**
 * A thin seam over a WebSocket: what the relay's logic needs (send a frame, close with a code,
 * wait for room), so routing and frame handling can be tested with a fake socket.
 *
 * The send buffer is capped (SEND_BUFFER_BYTES): a frame that finds more than the cap still
 * unwritten closes the socket with 4005 instead of queueing, so a reader that stopped reading
 * costs the relay at most the cap (plus one frame), never everything sent to it. The close frame
 * queues behind what is buffered, so a client that reads again sees 4005, reconnects and resumes
 * after its last seq; one that never does is dropped when the close handshake times out (30 s).
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
  /** Resolves once at most half the cap is waiting to be written (or the socket closed): replays pace themselves with it. */
  drained(): Promise<void>;
}

let counter = 0;

interface TcpSocket {
  cork(): void;
  uncork(): void;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

export function wrapSocket(socket: WebSocket, sendBufferBytes: number): Peer {
  const id = `s${++counter}`;
  // A busy agent socket gets many frames in one tick; corking the TCP socket until the tick
  // ends turns them into one write instead of one per frame. `_socket` is ws's net.Socket.
  const tcp = (socket as unknown as { _socket?: TcpSocket })._socket;
  let corked = false;
  const close = (name: CloseName, reason?: string) => {
    const { code, reason: fallback } = CLOSE_CODES[name];
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, (reason ?? fallback).slice(0, 120));
  };
  const write = (text: string) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > sendBufferBytes) return close('SLOW_CONSUMER');
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
  const drained = async (): Promise<void> => {
    while (tcp && socket.readyState === socket.OPEN && socket.bufferedAmount > sendBufferBytes / 2) {
      await new Promise<void>((resolve) => {
        const done = () => {
          tcp.removeListener('drain', done);
          tcp.removeListener('close', done);
          resolve();
        };
        tcp.once('drain', done);
        tcp.once('close', done);
      });
    }
  };
  return {
    id,
    send(frame) {
      write(JSON.stringify(frame));
    },
    sendText: write,
    close,
    drained,
    get open() {
      return socket.readyState === socket.OPEN;
    },
  };
}
