import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, skipWithout, testPrefix } from '../test/services.js';
import { RedisPresence } from './presence-redis.js';

const skip = skipWithout('redis');

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(skip)('redis presence', () => {
  const open: RedisPresence[] = [];
  const presence = (prefix: string, extra: { ttlMs?: number; refreshMs?: number; localBot?: () => boolean } = {}) => {
    const p = new RedisPresence({ url: REDIS_URL, prefix, ...extra });
    open.push(p);
    return p;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
  });

  it('shows an agent connected on one relay as online on another, with the chosen status', async () => {
    const prefix = testPrefix();
    const a = presence(prefix);
    const b = presence(prefix);
    await Promise.all([a.refresh(), b.refresh()]);
    await new Promise((r) => setTimeout(r, 100));
    expect(b.status('ag1')).toBe('offline');
    a.connected('ag1');
    await until(() => b.status('ag1') === 'online');
    a.setStatus('ag1', 'away');
    await until(() => b.status('ag1') === 'away');
    a.markAssigned('ag1', 1234);
    await until(() => b.lastAssignedAt('ag1') === 1234);
    a.disconnected('ag1');
    await until(() => b.status('ag1') === 'offline');
  });

  it('forgets the sockets of a relay that stopped refreshing (killed)', async () => {
    const prefix = testPrefix();
    const dying = presence(prefix, { ttlMs: 300, refreshMs: 100_000 });
    const alive = presence(prefix, { refreshMs: 100 });
    await new Promise((r) => setTimeout(r, 100));
    dying.connected('ag2');
    await until(() => alive.status('ag2') === 'online');
    // Stop its heartbeat without the goodbye a clean close sends.
    (dying as unknown as { closed: boolean }).closed = true;
    await until(() => alive.status('ag2') === 'offline', 3000);
    (dying as unknown as { closed: boolean }).closed = false;
  });

  it('learns that an external bot is connected to another relay', async () => {
    const prefix = testPrefix();
    let bot = false;
    const a = presence(prefix, { refreshMs: 100, localBot: () => bot });
    const b = presence(prefix, { refreshMs: 100 });
    await new Promise((r) => setTimeout(r, 150));
    expect(b.botElsewhere()).toBe(false);
    bot = true;
    await until(() => b.botElsewhere());
    expect(a.botElsewhere()).toBe(false);
  });
});
