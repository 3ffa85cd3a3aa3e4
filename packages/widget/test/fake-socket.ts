/** A scripted stand-in for the visitor WebSocket: records sent frames, lets tests push frames and closes. */
import type { VisitorClientFrame, VisitorServerFrame } from '@switchboard/protocol';
import type { SocketEvents, SocketFactory, SocketHandle } from '@switchboard/protocol/client';

export class FakeSocket implements SocketHandle {
  sent: VisitorClientFrame[] = [];
  closedWith: number | undefined;
  constructor(
    readonly url: string,
    private readonly on: SocketEvents,
  ) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as VisitorClientFrame);
  }
  close(code: number): void {
    this.closedWith = code;
  }
  open(): void {
    this.on.open();
  }
  push(frame: VisitorServerFrame): void {
    this.on.message(JSON.stringify(frame));
  }
  /** The relay (or network) closes the socket. */
  drop(code = 1006): void {
    this.on.close(code, '');
  }
  of<T extends VisitorClientFrame['type']>(type: T): Extract<VisitorClientFrame, { type: T }>[] {
    return this.sent.filter((f) => f.type === type) as Extract<VisitorClientFrame, { type: T }>[];
  }
}

export function fakeSockets(): { factory: SocketFactory; all: FakeSocket[]; last: () => FakeSocket } {
  const all: FakeSocket[] = [];
  return {
    all,
    factory: (url, on) => {
      const s = new FakeSocket(url, on);
      all.push(s);
      return s;
    },
    last: () => all[all.length - 1]!,
  };
}

export function welcome(over: Partial<Extract<VisitorServerFrame, { type: 'welcome' }>> = {}): VisitorServerFrame {
  return {
    type: 'welcome',
    v: 1,
    visitorId: 'v1',
    token: 'tok-1',
    verified: false,
    userId: null,
    conversation: null,
    agentsAvailable: true,
    site: { name: 'Shop', welcomeMessage: 'Hi! How can we help?' },
    limits: { maxTextBytes: 8192, heartbeatMs: 0 },
    ...over,
  } as VisitorServerFrame;
}

export function conv(id = 'c1', state: 'bot' | 'queued' | 'assigned' | 'closed' = 'bot', agent: { id: string; name: string } | null = null) {
  return { id, state, agent, lastSeq: 0, createdAt: 1, closedAt: null, rating: null };
}

export function msg(seq: number, text: string, kind: 'bot' | 'agent' | 'visitor' | 'system' = 'bot', extra: Record<string, unknown> = {}): VisitorServerFrame {
  return {
    type: 'message',
    message: { id: `m${seq}`, conversationId: 'c1', seq, kind: 'text', author: { kind }, text, createdAt: 1000 + seq, ...extra },
  } as VisitorServerFrame;
}
