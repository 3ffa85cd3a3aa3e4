import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, privateRedis, skipWithout, testPrefix } from '../../test/services.js';
import { RedisBus } from './redis.js';
import type { Delivery } from './types.js';

const skip = skipWithout('redis');

const typing = (n: number, exceptSocket?: string): Delivery => ({
  to: 'visitor',
  visitorId: 'v1',
  frame: { type: 'typing', conversationId: `c${n}`, author: { kind: 'agent' }, on: true },
  ...(exceptSocket ? { exceptSocket } : {}),
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(skip)('redis bus', () => {
  const buses: RedisBus[] = [];
  const bus = (url = REDIS_URL, prefix = testPrefix()) => {
    const b = new RedisBus({ url, prefix });
    buses.push(b);
    return b;
  };
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
  });

  /** Two relays' buses, both reading before the test publishes. */
  async function pair(url = REDIS_URL) {
    const prefix = testPrefix();
    const a = bus(url, prefix);
    const b = bus(url, prefix);
    const got = { a: [] as Delivery[], b: [] as Delivery[] };
    a.subscribe((d) => got.a.push(d));
    b.subscribe((d) => got.b.push(d));
    // A probe round trip proves both readers are past their starting point.
    await new Promise((r) => setTimeout(r, 100));
    await a.publish(typing(-1));
    await until(() => got.b.length === 1);
    got.a.length = 0;
    got.b.length = 0;
    return { a, b, got };
  }

  it('delivers to the other relay, in order, and once locally', async () => {
    const { a, got } = await pair();
    for (let i = 0; i < 100; i++) await a.publish(typing(i));
    await until(() => got.b.length === 100);
    expect(got.b.map((d) => (d.frame as { conversationId: string }).conversationId)).toEqual(Array.from({ length: 100 }, (_, i) => `c${i}`));
    await new Promise((r) => setTimeout(r, 100));
    expect(got.a).toHaveLength(100);
  });

  it('drops the sender-socket exception on other relays (socket ids are per process)', async () => {
    const { a, got } = await pair();
    await a.publish(typing(1, 's7'));
    await until(() => got.b.length === 1);
    expect(got.a[0]).toMatchObject({ exceptSocket: 's7' });
    expect(got.b[0]).not.toHaveProperty('exceptSocket');
  });

  it('keeps what was published while Redis was down and delivers it after a restart', async () => {
    const redis = await privateRedis();
    try {
      const { a, b, got } = await pair(redis.url);
      await redis.stop();
      for (let i = 0; i < 5; i++) await a.publish(typing(i));
      expect(got.a).toHaveLength(5);
      await redis.start();
      await until(() => got.b.length === 5, 10_000);
      expect(got.b.map((d) => (d.frame as { conversationId: string }).conversationId)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
      // And the other direction works again too.
      await b.publish(typing(9));
      await until(() => got.a.length === 6);
    } finally {
      await Promise.all(buses.splice(0).map((x) => x.close()));
      await redis.stop();
    }
  });
});
