/**
 * Redis going away is visible: each Redis-backed part (rate limits, bus, presence) logs once when
 * it goes down and once when it is back, and /healthz shows its state and counts its failures.
 * Meanwhile chat goes on (rate limits fail open to the per-socket limits).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { api, cid, eventually, testRelay, visitor } from './helpers.js';
import { privateRedis, skipWithout } from './services.js';

const skip = skipWithout('redis');

describe.skipIf(skip)('a Redis outage', () => {
  it('during rate limiting logs once per state change and shows in /healthz', async () => {
    const redis = await privateRedis();
    const lines: { dependency?: string; state?: string; msg?: string }[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const relay = await testRelay({ botEngine: null, redisUrl: redis.url, logLevel: 'info', logStream });
    const changes = (dependency: string, state: string) => lines.filter((l) => l.dependency === dependency && l.state === state).length;
    try {
      const { client, welcome } = await visitor(relay);
      const first = cid();
      client.send({ type: 'message', id: first, text: 'before the outage' });
      const { conversationId } = await client.type('ack', (f) => f.id === first);
      await eventually(async () => (await api(relay, 'GET', '/healthz')).body.redis?.rateLimit?.state === 'up');

      await redis.stop();
      for (let i = 0; i < 10; i++) {
        const id = cid();
        client.send({ type: 'message', id, conversationId, text: `during the outage ${i}` });
        await client.type('ack', (f) => f.id === id);
        await new Promise((r) => setTimeout(r, 150));
      }
      // A new tab connects meanwhile (the per-IP connection limit is in Redis too).
      const { client: tab } = await visitor(relay, { token: welcome.token });
      const health = await api(relay, 'GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.redis.rateLimit).toMatchObject({ state: 'down', outages: 1 });
      expect(health.body.redis.rateLimit.failures).toBeGreaterThanOrEqual(11);
      for (const part of ['rateLimit', 'bus', 'presence']) expect(health.body.redis[part].state, part).toBe('down');
      for (const dependency of ['redis.rateLimit', 'redis.bus', 'redis.presence']) expect(changes(dependency, 'down'), dependency).toBe(1);

      await redis.start();
      await eventually(async () => {
        const body = (await api(relay, 'GET', '/healthz')).body;
        return ['rateLimit', 'bus', 'presence'].every((part) => body.redis[part].state === 'up');
      }, 15_000);
      expect((await api(relay, 'GET', '/healthz')).body.status).toBe('ok');
      for (const dependency of ['redis.rateLimit', 'redis.bus', 'redis.presence']) {
        expect(changes(dependency, 'down'), dependency).toBe(1);
        expect(changes(dependency, 'up'), dependency).toBe(1);
      }
      client.close();
      tab.close();
    } finally {
      await relay.stop();
      await redis.stop();
    }
  });
});
