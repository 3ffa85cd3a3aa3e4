import { CLOSE_CODES } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSockets, welcome } from '../../test/fake-socket.js';
import { FINAL_CLOSE_CODES, createConnection, type ConnStatus } from './connection.js';

describe('connection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(random = () => 1) {
    const sockets = fakeSockets();
    const statuses: ConnStatus[] = [];
    const frames: string[] = [];
    const conn = createConnection({
      url: 'ws://relay/ws/visitor',
      socket: sockets.factory,
      hello: () => ({ type: 'hello', v: 1 }),
      onFrame: (f) => frames.push(f.type),
      onStatus: (s) => statuses.push(s),
      random,
    });
    return { sockets, statuses, frames, conn };
  }

  it('keeps its final close codes in step with the protocol table', () => {
    const final = Object.values(CLOSE_CODES).filter((c) => c.final).map((c) => c.code);
    expect([...FINAL_CLOSE_CODES].sort()).toEqual(final.sort());
  });

  it('sends hello on open and only sends frames after welcome', () => {
    const { sockets, conn, statuses } = setup();
    conn.start();
    const s = sockets.last();
    expect(conn.send({ type: 'ping' })).toBe(false);
    s.open();
    expect(s.sent).toEqual([{ type: 'hello', v: 1 }]);
    s.push(welcome());
    expect(conn.send({ type: 'ping' })).toBe(true);
    expect(statuses).toEqual(['connecting', 'open']);
  });

  it('reconnects with growing, jittered delays and resets after a welcome', () => {
    const { sockets, conn, statuses } = setup(() => 1);
    conn.start();
    sockets.last().drop(1006);
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(499);
    expect(sockets.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets.all).toHaveLength(2);
    sockets.last().drop(1006);
    vi.advanceTimersByTime(999);
    expect(sockets.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets.all).toHaveLength(3);
    sockets.last().open();
    sockets.last().push(welcome());
    sockets.last().drop(1001);
    vi.advanceTimersByTime(500);
    expect(sockets.all).toHaveLength(4);
  });

  it('uses jitter: half of each step is random', () => {
    const { sockets, conn } = setup(() => 0);
    conn.start();
    sockets.last().drop(1006);
    vi.advanceTimersByTime(250);
    expect(sockets.all).toHaveLength(2);
  });

  it('stops for good on a final close code', () => {
    const { sockets, conn, statuses } = setup();
    conn.start();
    sockets.last().drop(4001);
    vi.advanceTimersByTime(60_000);
    expect(sockets.all).toHaveLength(1);
    expect(statuses.at(-1)).toBe('down');
  });

  it('drops a silent socket after two heartbeat intervals and reconnects', () => {
    const { sockets, conn } = setup();
    conn.start();
    const s = sockets.last();
    s.open();
    s.push(welcome({ limits: { maxTextBytes: 8192, heartbeatMs: 1000 } }));
    vi.advanceTimersByTime(1000);
    expect(s.of('ping')).toHaveLength(1);
    vi.advanceTimersByTime(2000);
    expect(s.closedWith).toBe(4000);
    vi.advanceTimersByTime(500);
    expect(sockets.all).toHaveLength(2);
  });

  it('reconnects at once when kicked (browser back online)', () => {
    const { sockets, conn } = setup();
    conn.start();
    sockets.last().drop(1006);
    conn.kick();
    expect(sockets.all).toHaveLength(2);
  });

  it('closes normally on stop and does not reconnect', () => {
    const { sockets, conn } = setup();
    conn.start();
    conn.stop();
    expect(sockets.last().closedWith).toBe(1000);
    vi.advanceTimersByTime(60_000);
    expect(sockets.all).toHaveLength(1);
  });
});
