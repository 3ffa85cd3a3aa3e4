/**
 * An agent socket belongs to the session that authenticated it: logging that session out closes
 * its sockets (4004) and refuses what they send next, while the agent's other sessions go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, api, cid, createAgent, loginAs, testRelay, visitor, type Client, type TestRelay } from './helpers.js';

function closedWithin(client: Client, ms: number): Promise<{ code: number }> {
  return Promise.race([
    client.waitClosed(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`socket still open ${ms} ms after logout`)), ms)),
  ]);
}

describe('agent sessions and their sockets', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null });
  });
  afterAll(() => relay.stop());

  it("logout closes that session's sockets within a second and refuses their next frame", async () => {
    const token = await loginAs(relay);
    const otherSession = await loginAs(relay);
    const { client: loggedOut } = await agentSocket(relay, token);
    const { client: stays } = await agentSocket(relay, otherSession);
    const { client: v } = await visitor(relay);
    const first = cid();
    v.send({ type: 'message', id: first, text: 'is anyone there?' });
    const { conversationId } = await v.type('ack', (f) => f.id === first);

    expect((await api(relay, 'POST', '/api/logout', undefined, token)).status).toBe(204);
    const late = cid('n');
    loggedOut.send({ type: 'message', id: late, conversationId, text: 'written after logout', internal: true });
    expect((await closedWithin(loggedOut, 1000)).code).toBe(4004);
    expect(loggedOut.frames.some((f) => f.type === 'ack' && f.id === late)).toBe(false);

    // Nothing was stored, and the agent's other session still works.
    const history = await api(relay, 'GET', `/api/conversations/${conversationId}/messages`, undefined, otherSession);
    expect(JSON.stringify(history.body)).not.toContain('written after logout');
    const note = cid('n');
    stays.send({ type: 'message', id: note, conversationId, text: 'still here', internal: true });
    expect((await stays.type('ack', (f) => f.id === note)).seq).toBeGreaterThan(0);
    expect((await api(relay, 'GET', '/api/me', undefined, token)).status).toBe(401);
    stays.close();
    v.close();
  });

  it("a new role ends the agent's sessions: their rights were the old role's", async () => {
    const admin = await loginAs(relay);
    const grace = await createAgent(relay, admin, { email: 'grace@example.com', name: 'Grace' });
    const { client } = await agentSocket(relay, grace.token);
    expect((await api(relay, 'PATCH', `/api/agents/${grace.id}`, { role: 'admin' }, admin)).status).toBe(200);
    expect((await closedWithin(client, 1000)).code).toBe(4004);
    expect((await api(relay, 'GET', '/api/me', undefined, grace.token)).status).toBe(401);
    // Renaming is not a change of rights: sessions go on.
    const again = await loginAs(relay, 'grace@example.com', 'agent-password-1');
    expect((await api(relay, 'PATCH', `/api/agents/${grace.id}`, { name: 'Grace H.' }, admin)).status).toBe(200);
    expect((await api(relay, 'GET', '/api/me', undefined, again)).body.agent.name).toBe('Grace H.');
  });
});
