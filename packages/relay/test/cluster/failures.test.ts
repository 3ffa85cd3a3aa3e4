/**
 * Failures under a cluster: Redis restarting mid-conversation, and PostgreSQL becoming
 * unreachable (a proxy this test controls is cut, so the shared database is never touched).
 */
import { describe, expect, it } from 'vitest';
import { agentSocket, api, createAgent, eventually, loginAs } from '../helpers.js';
import { createSchema, dropSchemas, privateRedis, skipWithout, testSchema } from '../services.js';
import { cuttableProxy, pgTarget, startCluster, viaProxy, visitorOn } from './harness.js';

const skip = skipWithout('postgres', 'redis');

describe.skipIf(skip)('cluster failures', () => {
  it('Redis restarts mid-conversation: no acked message is lost and delivery resumes', async () => {
    const redis = await privateRedis();
    const cluster = await startCluster(3, { redisUrl: redis.url });
    try {
      const [r1, r2, r3] = cluster.relays;
      const admin = await loginAs(r1!);
      const acct = await createAgent(r1!, admin, { email: 'redis-restart@example.com', name: 'Rae' });
      const { client: agent } = await agentSocket(r2!, acct.token);
      const { client: visitor, welcome } = await visitorOn(r1!);
      visitor.send({ type: 'message', id: 'before', text: 'before the restart' });
      const { conversationId } = await visitor.type('ack', (f) => f.id === 'before');
      await agent.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.state === 'assigned', 10_000);

      // Redis dies (no persistence: it comes back empty). Writes go on; PostgreSQL still acks.
      await redis.stop();
      const during = ['d-1', 'd-2', 'd-3', 'd-4', 'd-5'];
      for (const id of during) visitor.send({ type: 'message', id, conversationId, text: `during ${id}` });
      const acks = await Promise.all(during.map((id) => visitor.type('ack', (f) => f.id === id)));
      agent.send({ type: 'message', id: 'a-during', conversationId, text: 'agent during the outage' });
      await agent.type('ack', (f) => f.id === 'a-during');
      await new Promise((r) => setTimeout(r, 300));
      await redis.start();

      // What was published during the outage arrives once the relays reconnect.
      const seen = (c: typeof agent, id: string) => c.frames.some((f) => f.type === 'message' && f.message.clientId === id);
      await eventually(() => during.every((id) => seen(agent, id)), 15_000);
      await eventually(() => seen(visitor, 'a-during'), 15_000);
      // And new traffic flows both ways, also through the third relay.
      const { client: tab } = await visitorOn(r3!, { token: welcome.token });
      agent.send({ type: 'message', id: 'a-after', conversationId, text: 'after the restart' });
      await eventually(() => seen(visitor, 'a-after') && seen(tab, 'a-after'), 10_000);
      visitor.send({ type: 'message', id: 'after', conversationId, text: 'visitor after the restart' });
      await eventually(() => seen(agent, 'after'), 10_000);

      // Every acked message is stored, at its acked seq, with no gap.
      const page = await api(r3!, 'GET', `/api/conversations/${conversationId}/messages?limit=500&afterSeq=0`, undefined, welcome.token);
      const byClient = new Map(page.body.messages.map((m: any) => [m.clientId, m.seq]));
      for (const ack of acks) expect(byClient.get(ack.id)).toBe(ack.seq);
      expect(page.body.messages.map((m: any) => m.seq)).toEqual(page.body.messages.map((_: unknown, i: number) => i + 1));
      for (const c of [agent, visitor, tab]) c.close();
    } finally {
      await cluster.stop();
      await redis.stop();
    }
  });

  it('PostgreSQL unreachable: no ack, a retryable STORAGE_UNAVAILABLE, /healthz 503, then recovery', async () => {
    const schema = testSchema();
    await createSchema(schema);
    const proxy = await cuttableProxy(pgTarget());
    const cluster = await startCluster(1, { databaseUrl: viaProxy(proxy.port, schema) });
    try {
      const [relay] = cluster.relays;
      const { client: visitor, welcome } = await visitorOn(relay!);
      visitor.send({ type: 'message', id: 'up', text: 'while the database answers' });
      const first = await visitor.type('ack', (f) => f.id === 'up');
      expect((await api(relay!, 'GET', '/healthz')).status).toBe(200);

      await proxy.cut();
      visitor.send({ type: 'message', id: 'down', conversationId: first.conversationId, text: 'while it does not' });
      const error = await visitor.next((f) => (f.type === 'error' || f.type === 'ack') && f.id === 'down', 10_000);
      expect(error).toMatchObject({ type: 'error', code: 'STORAGE_UNAVAILABLE', retryable: true });
      const health = await api(relay!, 'GET', '/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'unhealthy', storage: 'down' });

      await proxy.restore();
      await eventually(async () => (await api(relay!, 'GET', '/healthz')).status === 200);
      // The client retries with the same id: stored once, right after the first message's events.
      visitor.send({ type: 'message', id: 'down', conversationId: first.conversationId, text: 'while it does not' });
      const ack = await visitor.type('ack', (f) => f.id === 'down', 10_000);
      expect(ack).toMatchObject({ duplicate: false });
      const page = await api(relay!, 'GET', `/api/conversations/${first.conversationId}/messages?limit=500&afterSeq=0`, undefined, welcome.token);
      expect(page.body.messages.filter((m: any) => m.clientId === 'down')).toHaveLength(1);
      expect(page.body.messages.map((m: any) => m.seq)).toEqual(page.body.messages.map((_: unknown, i: number) => i + 1));
      visitor.close();
    } finally {
      await cluster.stop();
      await proxy.close();
      await dropSchemas([schema]);
    }
  });
});
