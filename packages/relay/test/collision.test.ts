/**
 * Agent collision: agents see who else has a conversation open and who is typing in it; a reply
 * from an agent who is not the assignee needs their confirmation (`asNonAssignee`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, cid, createAgent, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

describe('agent collision', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null });
  });
  afterAll(() => relay.stop());

  it('shows who else views and types, and asks a non-assignee to confirm a reply', async () => {
    const admin = await loginAs(relay);
    const ivy = await createAgent(relay, admin, { email: 'ivy@example.com', name: 'Ivy' });
    const jo = await createAgent(relay, admin, { email: 'jo@example.com', name: 'Jo' });
    const { client: a } = await agentSocket(relay, ivy.token);
    const { client: b } = await agentSocket(relay, jo.token);
    const { client: v } = await visitor(relay);
    const m = cid();
    v.send({ type: 'message', id: m, text: 'hello?' });
    const { conversationId } = await v.type('ack', (f) => f.id === m);
    const claim = cid('k');
    a.send({ type: 'claim', id: claim, conversationId });
    await a.type('ack', (f) => f.id === claim);

    a.send({ type: 'viewing', conversationId, on: true });
    const seen = await b.type('viewing', (f) => f.conversationId === conversationId);
    expect(seen).toMatchObject({ on: true, agent: { id: ivy.id, name: 'Ivy' } });
    b.send({ type: 'viewing', conversationId, on: true });
    expect((await a.type('viewing')).agent.id).toBe(jo.id);
    // No echo to the viewer's own socket, and nothing to the visitor.
    expect(a.frames.some((f) => f.type === 'viewing' && f.agent.id === ivy.id)).toBe(false);

    b.send({ type: 'typing', conversationId, on: true });
    expect((await a.type('typing', (f) => f.author.kind === 'agent')).author).toMatchObject({ id: jo.id, name: 'Jo' });

    // Jo is not assigned: a reply is refused until confirmed; a note is always fine.
    const plain = cid('r');
    b.send({ type: 'message', id: plain, conversationId, text: 'I can help too' });
    const refused = await b.type('error', (f) => f.id === plain);
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/confirm/);
    const confirmed = cid('r');
    b.send({ type: 'message', id: confirmed, conversationId, text: 'I can help too', asNonAssignee: true });
    expect((await b.type('ack', (f) => f.id === confirmed)).seq).toBeGreaterThan(0);
    expect((await v.message((msg) => msg.text === 'I can help too')).author).toMatchObject({ kind: 'agent', name: 'Jo' });
    expect(v.frames.some((f) => f.type === 'viewing')).toBe(false);

    // Leaving (or closing the console) tells the others.
    b.send({ type: 'viewing', conversationId, on: false });
    expect(await a.type('viewing', (f) => f.on === false)).toMatchObject({ agent: { id: jo.id } });
    a.close();
    expect(await b.type('viewing', (f) => f.on === false)).toMatchObject({ agent: { id: ivy.id } });
    b.close();
    v.close();
  });

  it('a queued conversation still needs a claim before a reply, confirmed or not', async () => {
    const admin = await loginAs(relay);
    const { client: a } = await agentSocket(relay, admin);
    // Away: routing leaves the conversation in the queue.
    a.send({ type: 'presence', status: 'away' });
    await a.type('presence', (f) => f.agent.status === 'away');
    const { client: v } = await visitor(relay);
    const m = cid();
    v.send({ type: 'message', id: m, text: 'anyone?' });
    const { conversationId } = await v.type('ack', (f) => f.id === m);
    const r = cid('r');
    a.send({ type: 'message', id: r, conversationId, text: 'hi', asNonAssignee: true });
    expect((await a.type('error', (f) => f.id === r)).message).toMatch(/Claim/);
    a.close();
    v.close();
  });
});
