import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, api, cid, createAgent, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

describe('capacity-aware routing', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay();
  });
  afterAll(() => relay.stop());

  async function handedOff() {
    const { client } = await visitor(relay);
    client.send({ type: 'handoff', id: cid('h') });
    return client;
  }

  it('assigns to the online agent with the fewest open chats, within max chats, and queues the rest', async () => {
    const admin = await loginAs(relay);
    const bob = await createAgent(relay, admin, { email: 'bob@example.com', name: 'Bob', maxChats: 1 });
    const carol = await createAgent(relay, admin, { email: 'carol@example.com', name: 'Carol', maxChats: 2 });
    const { client: bobSocket } = await agentSocket(relay, bob.token);
    const { client: carolSocket } = await agentSocket(relay, carol.token);
    // The admin is online too unless it says otherwise: take it out of routing.
    const { client: adminSocket } = await agentSocket(relay, admin);
    adminSocket.send({ type: 'presence', status: 'away' });
    await new Promise((r) => setTimeout(r, 100));

    const owners: string[] = [];
    const visitors = [];
    for (let i = 0; i < 3; i++) {
      const v = await handedOff();
      visitors.push(v);
      const c = await v.type('conversation', (f) => f.conversation.state === 'assigned');
      owners.push(c.conversation.agent.name);
    }
    expect(owners.filter((n) => n === 'Bob')).toHaveLength(1);
    expect(owners.filter((n) => n === 'Carol')).toHaveLength(2);

    // Everyone is full: the fourth waits in the queue and is told so.
    const fourth = await handedOff();
    await fourth.type('conversation', (f) => f.conversation.state === 'queued');
    await fourth.message((m) => m.author.kind === 'system' && /busy/.test(m.text));

    // Bob closes his chat → the queued one goes to Bob.
    const bobsConversation = visitors[owners.indexOf('Bob')]!.frames.find((f) => f.type === 'conversation' && f.conversation.state === 'assigned')!.conversation.id;
    bobSocket.send({ type: 'close', id: cid('x'), conversationId: bobsConversation });
    const assigned = await fourth.type('conversation', (f) => f.conversation.state === 'assigned');
    expect(assigned.conversation.agent.name).toBe('Bob');

    // Two agents racing to claim the same conversation: exactly one wins.
    const fifth = await handedOff();
    const queued = await fifth.type('conversation', (f) => f.conversation.state === 'queued');
    adminSocket.send({ type: 'presence', status: 'online', maxChats: 0 });
    const ids = [cid('k'), cid('k')];
    carolSocket.send({ type: 'claim', id: ids[0], conversationId: queued.conversation.id });
    adminSocket.send({ type: 'claim', id: ids[1], conversationId: queued.conversation.id });
    const results = await Promise.all([
      carolSocket.next((f) => f.id === ids[0]),
      adminSocket.next((f) => f.id === ids[1]),
    ]);
    expect(results.filter((f) => f.type === 'ack')).toHaveLength(1);
    expect(results.filter((f) => f.type === 'error' && f.code === 'CONFLICT')).toHaveLength(1);
    for (const v of [...visitors, fourth, fifth]) v.close();
    bobSocket.close();
    carolSocket.close();
    adminSocket.close();
  });

  it('transfers to another agent with a note only agents see', async () => {
    const admin = await loginAs(relay);
    const dave = await createAgent(relay, admin, { email: 'dave@example.com', name: 'Dave' });
    const erin = await createAgent(relay, admin, { email: 'erin@example.com', name: 'Erin' });
    const { client: daveSocket } = await agentSocket(relay, dave.token);
    const v = await handedOff();
    const c = await v.type('conversation', (f) => f.conversation.state === 'queued' || f.conversation.state === 'assigned');
    const conversationId = c.conversation.id;
    const claimId = cid('k');
    daveSocket.send({ type: 'claim', id: claimId, conversationId });
    await daveSocket.next((f) => f.id === claimId);
    const { client: erinSocket } = await agentSocket(relay, erin.token);
    // Dave read everything; after the transfer Erin has read nothing.
    const before = await api(relay, 'GET', `/api/conversations/${conversationId}`, undefined, dave.token);
    daveSocket.send({ type: 'seen', conversationId, seq: before.body.conversation.lastSeq });
    await v.type('seen', (f) => f.by === 'agent');
    const t = cid('t');
    daveSocket.send({ type: 'transfer', id: t, conversationId, toAgentId: erin.id, note: 'billing question, over to you' });
    await daveSocket.type('ack', (f) => f.id === t);
    const moved = await v.type('conversation', (f) => f.conversation.agent?.name === 'Erin');
    expect(moved.conversation.state).toBe('assigned');
    await erinSocket.message((m) => m.kind === 'note' && m.text.includes('billing question'));
    expect((await api(relay, 'GET', `/api/conversations/${conversationId}`, undefined, erin.token)).body.conversation.agentSeenSeq).toBe(0);
    expect(JSON.stringify(v.frames)).not.toContain('billing question');
    // Dave may no longer write to the visitor.
    const late = cid('m');
    daveSocket.send({ type: 'message', id: late, conversationId, text: 'still me' });
    const err = await daveSocket.type('error', (f) => f.id === late);
    expect(err.code).toBe('FORBIDDEN');
    v.close();
    daveSocket.close();
    erinSocket.close();
  });
});
