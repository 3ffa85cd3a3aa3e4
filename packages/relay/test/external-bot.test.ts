import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, api, cid, createAgent, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

describe('a bot running as its own process over the agent socket', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay();
  });
  afterAll(() => relay.stop());

  it('receives bot-state conversations, answers with quick replies, and hands off', async () => {
    const admin = await loginAs(relay);
    const bot = await createAgent(relay, admin, { email: 'bot@example.com', name: 'Order bot', role: 'bot' });
    const { client: botSocket, ready } = await agentSocket(relay, bot.token);
    expect(ready.agent.role).toBe('bot');
    const { client } = await visitor(relay);
    client.send({ type: 'message', id: cid(), text: 'where is order 1234?' });
    const incoming = await botSocket.message((m) => m.author.kind === 'visitor');
    const reply = cid('b');
    botSocket.send({ type: 'message', id: reply, conversationId: incoming.conversationId, text: 'Order 1234 ships tomorrow.', quickReplies: ['Thanks!', 'Talk to a human'] });
    await botSocket.type('ack', (f) => f.id === reply);
    const answer = await client.message((m) => m.author.kind === 'bot');
    expect(answer.text).toBe('Order 1234 ships tomorrow.');
    expect(answer.quickReplies).toEqual(['Thanks!', 'Talk to a human']);
    // The in-process bot stayed quiet: exactly one bot message.
    await new Promise((r) => setTimeout(r, 200));
    expect(client.frames.filter((f) => f.type === 'message' && f.message.author.kind === 'bot')).toHaveLength(1);

    const handoff = cid('h');
    botSocket.send({ type: 'handoff', id: handoff, conversationId: incoming.conversationId, reason: 'order_issue' });
    await botSocket.type('ack', (f) => f.id === handoff);
    const queued = await client.type('conversation', (f) => f.conversation.state === 'queued' || f.conversation.state === 'assigned');
    expect(queued.conversation.id).toBe(incoming.conversationId);
    const conversation = await api(relay, 'GET', `/api/conversations/${incoming.conversationId}`, undefined, admin);
    expect(conversation.body.conversation.handoffReason).toBe('order_issue');
    // After the handoff the bot may no longer write.
    const late = cid('b');
    botSocket.send({ type: 'message', id: late, conversationId: incoming.conversationId, text: 'me again' });
    expect((await botSocket.type('error', (f) => f.id === late)).code).toBe('CONFLICT');
    client.close();
    botSocket.close();
  });

  it('reloads the knowledge base without a restart and explains matches', async () => {
    const admin = await loginAs(relay);
    const reload = await api(relay, 'POST', '/api/kb/reload', undefined, admin);
    expect(reload.status).toBe(200);
    expect(reload.body.entries).toBeGreaterThanOrEqual(25);
    const match = await api(relay, 'GET', `/api/kb/match?q=${encodeURIComponent('how do i return an item')}`, undefined, admin);
    expect(match.status).toBe(200);
    expect(JSON.stringify(match.body)).toMatch(/return/i);
  });
});
