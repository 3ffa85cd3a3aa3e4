/**
 * An agent's own account: the session list (device, last seen), ending one session, "sign out
 * everywhere else" and a password change — each closes the affected sockets at once (4004) and
 * leaves the current session working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, api, createAgent, loginAs, testRelay, type Client, type TestRelay } from './helpers.js';

function closedWithin(client: Client, ms: number): Promise<{ code: number }> {
  return Promise.race([client.waitClosed(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms))]);
}

async function loginFrom(relay: { url: string }, email: string, password: string, userAgent: string): Promise<string> {
  const res = await fetch(`${relay.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': userAgent }, body: JSON.stringify({ email, password }) });
  return ((await res.json()) as { token: string }).token;
}

describe("an agent's own sessions and password", () => {
  let relay: TestRelay;
  let admin: string;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null });
    admin = await loginAs(relay);
  });
  afterAll(() => relay.stop());

  it('lists sessions with device and last seen, and ending one closes its sockets only', async () => {
    await createAgent(relay, admin, { email: 'eve@example.com', name: 'Eve' });
    const laptop = await loginFrom(relay, 'eve@example.com', 'agent-password-1', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0');
    const phone = await loginFrom(relay, 'eve@example.com', 'agent-password-1', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1');
    const { client: phoneSocket } = await agentSocket(relay, phone);
    const { client: laptopSocket } = await agentSocket(relay, laptop);

    const list = await api(relay, 'GET', '/api/me/sessions', undefined, laptop);
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as { id: string; current: boolean; userAgent: string; ip: string; lastSeenAt: number }[];
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.find((s) => s.current)!.userAgent).toContain('Linux');
    const phoneSession = sessions.find((s) => s.userAgent?.includes('iPhone'))!;
    expect(phoneSession.ip).toBe('127.0.0.1');
    expect(phoneSession.lastSeenAt).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(list.body)).not.toContain(phone);

    // Not someone else's session.
    expect((await api(relay, 'DELETE', `/api/me/sessions/${phoneSession.id}`, undefined, admin)).status).toBe(404);
    expect((await api(relay, 'DELETE', `/api/me/sessions/${phoneSession.id}`, undefined, laptop)).status).toBe(204);
    expect((await closedWithin(phoneSocket, 1000)).code).toBe(4004);
    expect((await api(relay, 'GET', '/api/me', undefined, phone)).status).toBe(401);
    expect(laptopSocket.closed).toBeNull();
    laptopSocket.close();
  });

  it('"sign out everywhere else" closes every other session\'s sockets at once and keeps this one', async () => {
    await createAgent(relay, admin, { email: 'fay@example.com', name: 'Fay' });
    const here = await loginAs(relay, 'fay@example.com', 'agent-password-1');
    const there = await loginAs(relay, 'fay@example.com', 'agent-password-1');
    const { client: hereSocket } = await agentSocket(relay, here);
    const { client: thereSocket } = await agentSocket(relay, there);
    const res = await api(relay, 'DELETE', '/api/me/sessions', undefined, here);
    expect(res.body).toEqual({ ended: 2 });
    expect((await closedWithin(thereSocket, 1000)).code).toBe(4004);
    expect((await api(relay, 'GET', '/api/me/sessions', undefined, here)).body.sessions).toHaveLength(1);
    const ping = { type: 'ping', ts: 1 };
    hereSocket.send(ping);
    expect((await hereSocket.type('pong')).ts).toBe(1);
  });

  it('a password change needs the current one, ends the other sessions and keeps this one', async () => {
    await createAgent(relay, admin, { email: 'gus@example.com', name: 'Gus' });
    const here = await loginAs(relay, 'gus@example.com', 'agent-password-1');
    const there = await loginAs(relay, 'gus@example.com', 'agent-password-1');
    const { client: thereSocket } = await agentSocket(relay, there);
    expect((await api(relay, 'POST', '/api/me/password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-password-2' }, here)).status).toBe(401);
    expect((await api(relay, 'POST', '/api/me/password', { currentPassword: 'agent-password-1', newPassword: 'short' }, here)).status).toBe(400);
    expect((await api(relay, 'POST', '/api/me/password', { currentPassword: 'agent-password-1', newPassword: 'a-new-password-2' }, here)).status).toBe(204);
    expect((await closedWithin(thereSocket, 1000)).code).toBe(4004);
    expect((await api(relay, 'GET', '/api/me', undefined, here)).status).toBe(200);
    expect((await api(relay, 'POST', '/api/login', { email: 'gus@example.com', password: 'agent-password-1' })).status).toBe(401);
    expect((await api(relay, 'POST', '/api/login', { email: 'gus@example.com', password: 'a-new-password-2' })).status).toBe(200);
  });
});
