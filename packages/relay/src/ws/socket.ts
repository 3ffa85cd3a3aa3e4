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

/** One per socket; methods live on the prototype, so a socket costs its fields, not a set of closures. */
class WsPeer implements Peer {
  readonly id = `s${++counter}`;
  private corked = false;
  /** ws's net.Socket: corked for the rest of a tick, so many frames become one write. */
  private readonly tcp: TcpSocket | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly sendBufferBytes: number,
  ) {
    this.tcp = (socket as unknown as { _socket?: TcpSocket })._socket;
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(frame: object): void {
    this.sendText(JSON.stringify(frame));
  }

  sendText(text: string): void {
    const { socket, tcp } = this;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.sendBufferBytes) return this.close('SLOW_CONSUMER');
    if (tcp && !this.corked) {
      this.corked = true;
      tcp.cork();
      process.nextTick(uncork, this);
    }
    socket.send(text);
  }

  close(name: CloseName, reason?: string): void {
    const { code, reason: fallback } = CLOSE_CODES[name];
    const { socket } = this;
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, (reason ?? fallback).slice(0, 120));
  }

  async drained(): Promise<void> {
    const { socket, tcp } = this;
    while (tcp && socket.readyState === socket.OPEN && socket.bufferedAmount > this.sendBufferBytes / 2) {
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
  }

  uncork(): void {
    this.corked = false;
    this.tcp?.uncork();
  }
}

const uncork = (peer: WsPeer) => peer.uncork();

export function wrapSocket(socket: WebSocket, sendBufferBytes: number): Peer {
  return new WsPeer(socket, sendBufferBytes);
}

/** What a command may do with the socket that sent the frame (see conversation/ports.ts): answer it, and wait for room. */
export class SocketConnection<F extends object> {
  constructor(protected readonly peer: Peer) {}

  get socketId(): string {
    return this.peer.id;
  }

  send(frame: F): void {
    this.peer.send(frame);
  }

  drained(): Promise<void> {
    return this.peer.drained();
  }
}
