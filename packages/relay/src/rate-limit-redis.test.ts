import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, skipWithout, testPrefix } from '../test/services.js';
import { MemoryRateLimiter, RedisRateLimiter, type SharedRateLimiter } from './rate-limit-redis.js';

const skip = skipWithout('redis');
const rule = { limit: 5, windowMs: 60_000 };

async function takeMany(limiters: SharedRateLimiter[], n: number, key: string, now: number): Promise<number> {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => (limiters[i % limiters.length] as RedisRateLimiter).take('visitor', key, rule, now)));
  return results.filter(Boolean).length;
}

describe('memory rate limiter', () => {
  it('allows the limit per window and weighs the previous window', async () => {
    const m = new MemoryRateLimiter();
    const t0 = 120_000; // start of a window
    expect(await takeMany([m], 8, 'v1', t0)).toBe(5);
    // Halfway into the next window, half of the previous one still counts: 5 * 0.5 = 2.5 → 2 more.
    expect(await takeMany([m], 8, 'v1', t0 + 90_000)).toBe(2);
    expect(await takeMany([m], 8, 'v2', t0)).toBe(5);
  });
});

describe.skipIf(skip)('redis rate limiter', () => {
  const open: RedisRateLimiter[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((l) => l.close()));
  });
  const limiter = (prefix: string) => {
    const l = new RedisRateLimiter({ url: REDIS_URL, prefix });
    open.push(l);
    return l;
  };

  it('shares one limit between relays', async () => {
    const prefix = testPrefix();
    const a = limiter(prefix);
    const b = limiter(prefix);
    await new Promise((r) => setTimeout(r, 100));
    const now = Date.now();
    expect(await takeMany([a, b], 20, 'visitor-1', now)).toBe(5);
    expect(await takeMany([a, b], 3, 'visitor-2', now)).toBe(3);
  });

  it('fails open when Redis does not answer', async () => {
    const l = new RedisRateLimiter({ url: 'redis://127.0.0.1:1', prefix: testPrefix() });
    open.push(l);
    expect(await takeMany([l], 20, 'v', Date.now())).toBe(20);
  });
});
