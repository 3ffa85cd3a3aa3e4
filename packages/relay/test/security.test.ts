import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ORIGIN, agentSocket, api, cid, createAgent, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

const IDENTITY_SECRET = 'site-identity-secret-0123456789';
const sign = (userId: string) => createHmac('sha256', IDENTITY_SECRET).update(userId).digest('hex');

describe('who may do what', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null, identitySecret: IDENTITY_SECRET, allowedOrigins: ['https://shop.example', 'http://localhost:*'] });
  });
  afterAll(() => relay.stop());

  it("a visitor cannot read or write another visitor's conversation", async () => {
    const { client: mallory, welcome: m } = await visitor(relay);
    const { client: victim, welcome: v } = await visitor(relay);
    const id = cid();
    victim.send({ type: 'message', id, text: 'my secret address is 1 Main St' });
    const ack = await victim.type('ack', (f) => f.id === id);
    const target = ack.conversationId;

    const write = cid();
    mallory.send({ type: 'message', id: write, text: 'hijack', conversationId: target });
    expect((await mallory.type('error', (f) => f.id === write)).code).toBe('NOT_FOUND');
    mallory.send({ type: 'resume', conversationId: target, afterSeq: 0 });
    expect((await mallory.type('error')).code).toBe('NOT_FOUND');
    const rest = await api(relay, 'GET', `/api/conversations/${target}/messages`, undefined, m.token);
    expect(rest.status).toBe(404);
    // Resume for someone else's conversation in hello replays nothing of it.
    const { client: again } = await visitor(relay, { token: m.token, resume: { conversationId: target, afterSeq: 0 } });
    await new Promise((r) => setTimeout(r, 100));
    expect(JSON.stringify(again.frames)).not.toContain('1 Main St');
    expect(JSON.stringify(mallory.frames)).not.toContain('1 Main St');
    // A forged token does not open the victim's account: it gets a fresh visitor.
    const forged = v.token.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const { welcome: f } = await visitor(relay, { token: forged });
    expect(f.visitorId).not.toBe(v.visitorId);
    expect(f.conversation).toBeNull();
    for (const c of [mallory, victim, again]) c.close();
  });

  it('visitor sockets from a disallowed origin are refused before the upgrade', async () => {
    const ws = new WebSocket(`${relay.wsUrl}/ws/visitor`, { origin: 'https://evil.example' });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
    const allowed = await Client.open(`${relay.wsUrl}/ws/visitor`, { origin: 'https://shop.example' });
    allowed.close();
  });

  it('agents with a bad or expired token are refused with 4001', async () => {
    const bad = await Client.open(`${relay.wsUrl}/ws/agent`);
    bad.send({ type: 'auth', v: 1, token: 'not-a-real-token' });
    expect((await bad.type('error')).code).toBe('UNAUTHORIZED');
    expect((await bad.waitClosed()).code).toBe(4001);

    const token = await loginAs(relay);
    // Expire the session in storage (sessions last SESSION_TTL_HOURS).
    const { hashSessionToken } = await import('../src/auth/tokens.js');
    const storage = relay.storage;
    const session = await storage.agents.getSession(hashSessionToken(token));
    await storage.agents.deleteSession(session!.tokenHash);
    await storage.agents.createSession({ ...session!, expiresAt: Date.now() - 1 });
    const expired = await Client.open(`${relay.wsUrl}/ws/agent`);
    expired.send({ type: 'auth', v: 1, token });
    expect((await expired.type('error')).message).toMatch(/expired/);
    expect((await expired.waitClosed()).code).toBe(4001);
    expect((await api(relay, 'GET', '/api/me', undefined, token)).status).toBe(401);
    // Visitors' tokens are not agent tokens.
    const { welcome } = await visitor(relay);
    expect((await api(relay, 'GET', '/api/conversations', undefined, welcome.token)).status).toBe(401);
  });

  it("a deactivated agent's sockets close at once and only admins manage agents", async () => {
    const admin = await loginAs(relay);
    const frank = await createAgent(relay, admin, { email: 'frank@example.com', name: 'Frank' });
    const { client } = await agentSocket(relay, frank.token);
    expect((await api(relay, 'POST', '/api/agents', { email: 'x@example.com', name: 'X', password: 'password-123' }, frank.token)).status).toBe(403);
    expect((await api(relay, 'GET', '/api/figures', undefined, frank.token)).status).toBe(403);
    const res = await api(relay, 'PATCH', `/api/agents/${frank.id}`, { active: false }, admin);
    expect(res.status).toBe(200);
    expect((await client.waitClosed()).code).toBe(4004);
    expect((await api(relay, 'POST', '/api/login', { email: 'frank@example.com', password: 'agent-password-1' })).status).toBe(403);
  });

  it('only a valid identity signature marks a visitor as that user, across devices', async () => {
    const { client: bad, welcome: anon } = await visitor(relay, { identity: { userId: 'user-42', signature: sign('user-41') } });
    expect(anon.verified).toBe(false);
    expect(bad.frames.some((f) => f.type === 'error' && f.code === 'INVALID_SIGNATURE')).toBe(true);
    const { client: laptop, welcome: w1 } = await visitor(relay, { identity: { userId: 'user-42', signature: sign('user-42'), name: 'Pat' } });
    expect(w1.verified).toBe(true);
    expect(w1.userId).toBe('user-42');
    const id = cid();
    laptop.send({ type: 'message', id, text: 'from my laptop' });
    await laptop.type('ack', (f) => f.id === id);
    const { client: phone, welcome: w2 } = await visitor(relay, { identity: { userId: 'user-42', signature: sign('user-42') } });
    expect(w2.visitorId).toBe(w1.visitorId);
    await phone.type('synced');
    expect(phone.frames.some((f) => f.type === 'message' && f.message.text === 'from my laptop')).toBe(true);
    for (const c of [bad, laptop, phone]) c.close();
  });

  it('a malformed identity in hello gets INVALID_SIGNATURE and an anonymous welcome, not a hang', async () => {
    for (const identity of [{ userId: 'user-42', signature: 'not-hex' }, { userId: '', signature: sign('') }, { signature: sign('x') }, 'user-42']) {
      const { client, welcome } = await visitor(relay, { identity });
      expect(welcome.verified, JSON.stringify(identity)).toBe(false);
      expect(welcome.userId).toBeNull();
      const error = client.frames.find((f) => f.type === 'error');
      expect(error, JSON.stringify(identity)).toMatchObject({ code: 'INVALID_SIGNATURE', frame: 'hello' });
      expect(client.frames.some((f) => f.type === 'error' && f.code === 'INVALID_FRAME')).toBe(false);
      client.close();
    }
  });

  it('closes dead sockets that stop answering pings', async () => {
    const quick = await testRelay({ botEngine: null, heartbeatMs: 1000 });
    try {
      const ws = new WebSocket(`${quick.wsUrl}/ws/visitor`, { origin: ORIGIN, autoPong: false });
      const client = new Client(ws);
      await new Promise((r) => ws.once('open', r));
      client.send({ type: 'hello', v: 1 });
      await client.type('welcome');
      const closed = await client.waitClosed();
      expect(closed.code).toBe(1006); // terminated, no close frame
    } finally {
      await quick.stop();
    }
  });
});
