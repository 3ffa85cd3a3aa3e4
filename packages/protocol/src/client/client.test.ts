import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentServerFrame } from '../agent.js';
import { CLOSE_CODES } from '../errors.js';
import type { VisitorServerFrame } from '../visitor.js';
import {
  backoffMs,
  closeReason,
  createAgentClient,
  createVisitorClient,
  isFinalClose,
  type ClientFrame,
  type ClientStatus,
  type ResumePoint,
  type SocketEvents,
  type SocketHandle,
} from './index.js';

/** A socket the test drives: records what the client sends, opens, pushes frames and closes on cue. */
class FakeSocket implements SocketHandle {
  readonly sent: ClientFrame[] = [];
  closedWith: number | undefined;
  constructor(private readonly on: SocketEvents) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientFrame);
  }
  close(code: number): void {
    this.closedWith = code;
  }
  open(): void {
    this.on.open();
  }
  push(frame: unknown): void {
    this.on.message(JSON.stringify(frame));
  }
  raw(data: string): void {
    this.on.message(data);
  }
  /** The relay (or the network) closes the socket. */
  drop(code: number, reason = ''): void {
    this.on.close(code, reason);
  }
  types(): string[] {
    return this.sent.map((f) => f.type);
  }
}

function sockets() {
  const all: FakeSocket[] = [];
  return { all, factory: (_url: string, on: SocketEvents) => all[all.push(new FakeSocket(on)) - 1]!, last: () => all[all.length - 1]! };
}

const welcome = (limits: Partial<{ maxTextBytes: number; heartbeatMs: number; maxFrameBytes: number }> = {}): VisitorServerFrame => ({
  type: 'welcome',
  v: 1,
  visitorId: 'v1',
  token: 't',
  verified: false,
  userId: null,
  conversation: null,
  agentsAvailable: true,
  site: { name: 'Shop', welcomeMessage: null },
  limits: { maxTextBytes: 8192, heartbeatMs: 0, ...limits },
});

const agent = { id: 'a1', email: 'a@x.io', name: 'A', role: 'agent', avatarUrl: null, status: 'online', maxChats: 5, active: true } as const;
const ready = (extra: Partial<Extract<AgentServerFrame, { type: 'ready' }>> = {}): AgentServerFrame => ({
  type: 'ready',
  v: 1,
  agent,
  conversations: [],
  agents: [],
  tickets: [],
  heartbeatMs: 0,
  ...extra,
});

function visitor(over: { resumeFrom?: () => ResumePoint[]; random?: () => number } = {}) {
  const s = sockets();
  const frames: { frame: VisitorServerFrame; sent?: ClientFrame }[] = [];
  const statuses: [ClientStatus, number?][] = [];
  const errors: Error[] = [];
  const client = createVisitorClient({
    url: 'ws://relay/ws/visitor',
    socket: s.factory,
    hello: () => ({ token: 'tok' }),
    onFrame: (frame, sent) => frames.push(sent ? { frame, sent } : { frame }),
    onStatus: (status, code) => statuses.push(code === undefined ? [status] : [status, code]),
    onError: (e) => errors.push(e),
    random: over.random ?? (() => 1),
    ...(over.resumeFrom ? { resumeFrom: over.resumeFrom } : {}),
  });
  client.start();
  const connect = (w = welcome()) => {
    s.last().open();
    s.last().push(w);
    return s.last();
  };
  return { s, client, frames, statuses, errors, connect };
}

describe('backoff', () => {
  it('waits half to all of min(30 s, 0.5 s × 2^attempt)', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const step = Math.min(30_000, 500 * 2 ** attempt);
      expect(backoffMs(attempt, () => 0)).toBe(step / 2);
      expect(backoffMs(attempt, () => 1)).toBe(step);
      const d = backoffMs(attempt);
      expect(d).toBeGreaterThanOrEqual(step / 2);
      expect(d).toBeLessThanOrEqual(step);
    }
    expect(backoffMs(40, () => 1)).toBe(30_000);
  });
});

describe('client core', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('greets on open with the protocol version and sends nothing else before the answer', () => {
    const { s, client } = visitor();
    expect(client.send({ type: 'typing', conversationId: 'c1', on: true })).toBe('dropped');
    expect(client.send({ type: 'message', id: 'm1', text: 'hi' })).toBe('queued');
    s.last().open();
    expect(s.last().sent).toEqual([{ type: 'hello', v: 1, token: 'tok' }]);
    s.last().push(welcome());
    expect(s.last().types()).toEqual(['hello', 'message']);
    expect(client.connected).toBe(true);
    expect(client.send({ type: 'typing', conversationId: 'c1', on: true })).toBe('sent');
  });

  it('reconnects with growing equal-jitter delays, and starts over after an answer', () => {
    const { s, statuses } = visitor({ random: () => 1 });
    s.last().drop(1006);
    expect(statuses.at(-1)).toEqual(['reconnecting']);
    vi.advanceTimersByTime(499);
    expect(s.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(s.all).toHaveLength(2);
    s.last().drop(1006);
    vi.advanceTimersByTime(999);
    expect(s.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(s.all).toHaveLength(3);
    s.last().open();
    s.last().push(welcome());
    s.last().drop(1001);
    vi.advanceTimersByTime(500);
    expect(s.all).toHaveLength(4);
  });

  it('uses jitter: with random() = 0 the wait is half the step', () => {
    const { s } = visitor({ random: () => 0 });
    s.last().drop(1006);
    vi.advanceTimersByTime(250);
    expect(s.all).toHaveLength(2);
  });

  it('obeys the CLOSE_CODES table: final codes stop for good, every other code reconnects', () => {
    expect(isFinalClose(1006)).toBe(false);
    expect(closeReason(CLOSE_CODES.TOO_BIG.code)).toBe(CLOSE_CODES.TOO_BIG.reason);
    for (const { code, final } of [...Object.values(CLOSE_CODES), { code: 1006, final: false }, { code: 1005, final: false }]) {
      const { s, statuses, client } = visitor();
      s.last().open();
      s.last().drop(code, 'bye');
      vi.advanceTimersByTime(60_000);
      expect(s.all.length > 1, `close ${code}`).toBe(!final);
      expect(statuses.some(([st]) => st === 'down'), `close ${code}`).toBe(final);
      if (final) expect(statuses.at(-1)).toEqual(['down', code]);
      void client.stop();
    }
  });

  it('lets the caller repair a final close (recover) and reconnect', () => {
    const s = sockets();
    const seen: number[] = [];
    const client = createAgentClient({
      url: 'ws://relay/ws/agent',
      socket: s.factory,
      token: () => 'tok',
      onFrame: () => {},
      recover: (code) => (seen.push(code), code === CLOSE_CODES.UNAUTHORIZED.code),
      random: () => 1,
    });
    client.start();
    s.last().drop(CLOSE_CODES.UNAUTHORIZED.code);
    vi.advanceTimersByTime(500);
    expect(s.all).toHaveLength(2);
    s.last().drop(CLOSE_CODES.SESSION_REVOKED.code);
    vi.advanceTimersByTime(60_000);
    expect(s.all).toHaveLength(2);
    expect(seen).toEqual([4001, 4004]);
  });

  it('keeps the outbox until acked or refused for good, and resends it with the same ids after every answer', () => {
    const { s, client, frames, connect } = visitor();
    const first = connect();
    client.send({ type: 'message', id: 'm1', text: 'one' });
    client.send({ type: 'handoff', id: 'h1' });
    client.send({ type: 'message', id: 'm2', text: 'two' });
    first.push({ type: 'ack', id: 'm1', messageId: 'x1', conversationId: 'c1', seq: 1 });
    first.push({ type: 'error', id: 'h1', code: 'CONFLICT', message: 'no', retryable: false });
    expect(frames.map((f) => f.sent && f.sent.type)).toEqual([undefined, 'message', 'handoff']);
    expect(client.pending().map((f) => f.id)).toEqual(['m2']);
    first.drop(1006);
    vi.advanceTimersByTime(500);
    const second = connect();
    expect(second.sent.slice(1)).toEqual([{ type: 'message', id: 'm2', text: 'two' }]);
    second.drop(1011);
    vi.advanceTimersByTime(500);
    const third = connect();
    expect(third.sent.slice(1)).toEqual([{ type: 'message', id: 'm2', text: 'two' }]);
    client.forget('m2');
    expect(client.pending()).toEqual([]);
    expect(s.all).toHaveLength(3);
  });

  it('resends a frame the relay refused as retryable after a backoff, with the same id', () => {
    const { client, connect } = visitor({ random: () => 1 });
    const s = connect();
    client.send({ type: 'message', id: 'm1', text: 'one' });
    s.push({ type: 'error', id: 'm1', code: 'RATE_LIMITED', message: 'slow down', retryable: true });
    expect(client.pending().map((f) => f.id)).toEqual(['m1']);
    vi.advanceTimersByTime(499);
    expect(s.sent.filter((f) => f.type === 'message')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(s.sent.filter((f) => f.type === 'message').map((f) => 'id' in f && f.id)).toEqual(['m1', 'm1']);
    // A second refusal in a row waits twice as long.
    s.push({ type: 'error', id: 'm1', code: 'RATE_LIMITED', message: 'slow down', retryable: true });
    vi.advanceTimersByTime(999);
    expect(s.sent.filter((f) => f.type === 'message')).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(s.sent.filter((f) => f.type === 'message')).toHaveLength(3);
  });

  it('pings at the announced interval and drops a socket silent for two intervals, then reconnects', () => {
    const { s, connect } = visitor();
    const first = connect(welcome({ heartbeatMs: 1000 }));
    vi.advanceTimersByTime(1000);
    expect(first.types()).toEqual(['hello', 'ping']);
    first.push({ type: 'pong' });
    vi.advanceTimersByTime(1000);
    expect(first.types()).toEqual(['hello', 'ping', 'ping']);
    expect(first.closedWith).toBeUndefined();
    vi.advanceTimersByTime(1000);
    expect(first.closedWith).toBe(CLOSE_CODES.HEARTBEAT_TIMEOUT.code);
    vi.advanceTimersByTime(500);
    expect(s.all).toHaveLength(2);
    // The abandoned socket's late close changes nothing.
    first.drop(1006);
    vi.advanceTimersByTime(60_000);
    expect(s.all).toHaveLength(2);
  });

  it('visitors resume in hello after the last seq the caller holds', () => {
    let points: ResumePoint[] = [];
    const { s, connect } = visitor({ resumeFrom: () => points });
    const first = connect();
    expect(first.sent[0]).not.toHaveProperty('resume');
    points = [{ conversationId: 'c1', afterSeq: 7 }];
    first.drop(1006);
    vi.advanceTimersByTime(500);
    s.last().open();
    expect(s.last().sent[0]).toEqual({ type: 'hello', v: 1, token: 'tok', resume: { conversationId: 'c1', afterSeq: 7 } });
  });

  it('agents resume each conversation after ready, before the outbox is resent', () => {
    const s = sockets();
    const client = createAgentClient({
      url: 'ws://relay/ws/agent',
      socket: s.factory,
      token: () => 'tok',
      scope: 'all',
      resumeFrom: () => [
        { conversationId: 'c1', afterSeq: 3 },
        { conversationId: 'c2', afterSeq: 9 },
      ],
      onFrame: () => {},
    });
    client.start();
    client.send({ type: 'claim', id: 'k1', conversationId: 'c1' });
    s.last().open();
    s.last().push(ready());
    expect(s.last().sent).toEqual([
      { type: 'auth', v: 1, token: 'tok', scope: 'all' },
      { type: 'resume', conversationId: 'c1', afterSeq: 3 },
      { type: 'resume', conversationId: 'c2', afterSeq: 9 },
      { type: 'claim', id: 'k1', conversationId: 'c1' },
    ]);
  });

  it('refuses a frame over the caps locally, with TOO_LARGE, and never sends or resends it', () => {
    const { client, frames, connect, s } = visitor();
    // Before any welcome only the default 64 KB frame cap is known.
    expect(client.send({ type: 'message', id: 'big', text: 'x'.repeat(70_000) })).toBe('refused');
    expect(frames.at(-1)).toMatchObject({ frame: { type: 'error', code: 'TOO_LARGE', id: 'big', retryable: false }, sent: { id: 'big' } });
    expect(client.send({ type: 'message', id: 'm9k', text: 'é'.repeat(4500) })).toBe('queued');
    // The welcome announces 8 KB of text: the 9 KB (UTF-8) message queued offline is refused, not sent.
    const first = connect(welcome({ maxTextBytes: 8192, maxFrameBytes: 20_000 }));
    expect(first.types()).toEqual(['hello']);
    expect(frames.at(-1)).toMatchObject({ frame: { code: 'TOO_LARGE', id: 'm9k', message: 'The text is 9000 bytes; the limit is 8192.' } });
    expect(client.pending()).toEqual([]);
    expect(client.send({ type: 'offline_ticket', id: 't1', email: 'a@b.co', message: 'y'.repeat(8193) })).toBe('refused');
    expect(client.send({ type: 'profile', attributes: { a: 'z'.repeat(20_000) } })).toBe('refused');
    expect(frames.at(-1)!.frame).toMatchObject({ type: 'error', code: 'TOO_LARGE' });
    expect(frames.at(-1)!.frame).not.toHaveProperty('id');
    expect(client.send({ type: 'message', id: 'ok', text: 'fine' })).toBe('sent');
    first.drop(1006);
    vi.advanceTimersByTime(500);
    const second = connect();
    expect(second.sent.slice(1)).toEqual([{ type: 'message', id: 'ok', text: 'fine' }]);
    expect(s.all.flatMap((x) => x.sent).filter((f) => 'id' in f && f.id !== 'ok')).toEqual([]);
  });

  it('agents take the caps from ready; without them only the 64 KB frame cap applies', () => {
    const s = sockets();
    const refused: string[] = [];
    const client = createAgentClient({
      url: 'ws://relay/ws/agent',
      socket: s.factory,
      token: () => 'tok',
      onFrame: (f) => f.type === 'error' && refused.push(f.message),
    });
    client.start();
    s.last().open();
    s.last().push(ready());
    expect(client.send({ type: 'message', id: 'a', conversationId: 'c1', text: 'x'.repeat(20_000) })).toBe('sent');
    s.last().push({ type: 'ack', id: 'a', messageId: 'm1', conversationId: 'c1', seq: 1 });
    s.last().push(ready({ maxTextBytes: 100, maxFrameBytes: 1024 }));
    expect(client.send({ type: 'message', id: 'b', conversationId: 'c1', text: 'x'.repeat(101) })).toBe('refused');
    expect(client.send({ type: 'transfer', id: 'c', conversationId: 'c1', toAgentId: 'a2', note: 'n'.repeat(2000) })).toBe('refused');
    expect(refused).toEqual(['The text is 101 bytes; the limit is 100.', expect.stringMatching(/^The frame is \d+ bytes; the relay reads at most 1024\.$/)]);
  });

  it('skips frames that do not decode, reports frames that are not JSON', () => {
    const s = sockets();
    const got: string[] = [];
    const errors: string[] = [];
    const client = createAgentClient({
      url: 'ws://relay/ws/agent',
      socket: s.factory,
      token: () => 'tok',
      decode: (v) => ((v as { type?: string }).type === 'mystery' ? undefined : (v as AgentServerFrame)),
      onFrame: (f) => got.push(f.type),
      onError: (e) => errors.push(e.message),
    });
    client.start();
    s.last().open();
    s.last().push(ready());
    s.last().push({ type: 'mystery' });
    s.last().raw('{not json');
    s.last().push({ type: 'pong' });
    expect(got).toEqual(['ready', 'pong']);
    expect(errors).toEqual(['The relay sent a frame that is not JSON.']);
  });

  it('runs prepare before each socket, reporting and retrying when it fails', async () => {
    const s = sockets();
    const errors: string[] = [];
    let fail = true;
    const client = createAgentClient({
      url: 'ws://relay/ws/agent',
      socket: s.factory,
      token: () => 'tok',
      prepare: async () => {
        if (fail) throw new Error('login failed');
      },
      onFrame: () => {},
      onError: (e) => errors.push(e.message),
      random: () => 1,
    });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual(['login failed']);
    expect(s.all).toHaveLength(0);
    fail = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(s.all).toHaveLength(1);
  });

  it('kick reconnects at once while waiting; stop closes with 1000, resolves on close and stays down', async () => {
    const { s, client } = visitor();
    s.last().drop(1006);
    client.kick();
    expect(s.all).toHaveLength(2);
    const stopped = client.stop();
    expect(s.last().closedWith).toBe(CLOSE_CODES.NORMAL.code);
    s.last().drop(1000);
    await stopped;
    vi.advanceTimersByTime(60_000);
    expect(s.all).toHaveLength(2);
    client.kick();
    expect(s.all).toHaveLength(2);
  });
});
