import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, api, cid, createAgent, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

describe('a conversation: bot, handoff, agent', () => {
  let relay: TestRelay;
  let adminToken: string;
  beforeAll(async () => {
    relay = await testRelay();
    adminToken = await loginAs(relay);
  });
  afterAll(() => relay.stop());

  it('the bot answers a question from the sample knowledge base', async () => {
    const { client, welcome } = await visitor(relay);
    expect(welcome.conversation).toBeNull();
    expect(welcome.token).toMatch(/^v1\./);
    const id = cid();
    client.send({ type: 'message', id, text: 'What are your opening hours?' });
    const ack = await client.type('ack', (f) => f.id === id);
    expect(ack.seq).toBe(1);
    const answer = await client.message((m) => m.author.kind === 'bot');
    expect(answer.seq).toBe(2);
    expect(answer.text.toLowerCase()).toMatch(/monday|hours|open/);
    client.close();
  });

  it('hands off to the online agent, who replies; notes never reach the visitor', async () => {
    const alice = await createAgent(relay, adminToken, { email: 'alice@example.com', name: 'Alice' });
    const { client: agent } = await agentSocket(relay, alice.token);
    const { client } = await visitor(relay);
    client.send({ type: 'message', id: cid(), text: 'I want to talk to a real person please' });
    const assigned = await client.type('conversation', (f) => f.conversation.state === 'assigned');
    expect(assigned.conversation.agent.name).toBe('Alice');
    const conversationId = assigned.conversation.id;

    // The agent sees the conversation, with the bot part before the handoff, and the reason.
    const summary = await agent.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.state === 'assigned');
    expect(summary.conversation.handoffReason).toBe('requested');
    const history = await api(relay, 'GET', `/api/conversations/${conversationId}/messages`, undefined, alice.token);
    expect(history.body.messages.map((m: any) => m.author.kind)).toEqual(expect.arrayContaining(['visitor', 'bot', 'system']));

    const noteId = cid('n');
    agent.send({ type: 'message', id: noteId, conversationId, text: 'VIP customer, be nice', internal: true });
    await agent.type('ack', (f) => f.id === noteId);
    const replyId = cid('r');
    agent.send({ type: 'message', id: replyId, conversationId, text: 'Hi, Alice here. How can I help?' });
    await agent.type('ack', (f) => f.id === replyId);
    const reply = await client.message((m) => m.author.kind === 'agent');
    expect(reply.text).toBe('Hi, Alice here. How can I help?');
    expect(reply.author.name).toBe('Alice');
    expect(client.frames.some((f) => f.type === 'message' && f.message.kind === 'note')).toBe(false);
    expect(JSON.stringify(client.frames)).not.toContain('VIP customer');

    // Replay (visitor history REST) leaves the note out too; the agent's includes it.
    const visitorHistory = await api(relay, 'GET', `/api/conversations/${conversationId}/messages`, undefined, (await visitorToken(client)) as string);
    expect(JSON.stringify(visitorHistory.body)).not.toContain('VIP customer');
    const agentHistory = await api(relay, 'GET', `/api/conversations/${conversationId}/messages`, undefined, alice.token);
    expect(JSON.stringify(agentHistory.body)).toContain('VIP customer');

    // Visitor's reply reaches the agent; close → visitor sees closed and can rate.
    client.send({ type: 'message', id: cid(), text: 'Where is my parcel?' });
    await agent.message((m) => m.text === 'Where is my parcel?');
    const closeId = cid('x');
    agent.send({ type: 'close', id: closeId, conversationId, resolution: 'resolved' });
    await agent.type('ack', (f) => f.id === closeId);
    await client.type('conversation', (f) => f.conversation.state === 'closed');
    const rateId = cid('s');
    client.send({ type: 'rating', id: rateId, conversationId, score: 5, comment: 'great' });
    await client.type('ack', (f) => f.id === rateId);

    const figures = await api(relay, 'GET', '/api/figures', undefined, adminToken);
    expect(figures.status).toBe(200);
    expect(figures.body.csat.count).toBe(1);
    expect(figures.body.csat.distribution[4]).toBe(1);
    expect(figures.body.firstResponseMs.median).toBeGreaterThanOrEqual(0);

    // A message after close starts a new conversation with the bot.
    client.send({ type: 'message', id: cid(), text: 'hello again' });
    const next = await client.type('conversation', (f) => f.conversation.id !== conversationId);
    expect(next.conversation.state).toBe('bot');
    client.close();
    agent.close();
  });

  it('with no agent online the visitor is told so and an offline ticket reaches agents', async () => {
    const fresh = await testRelay();
    try {
      const token = await loginAs(fresh);
      // The admin's console is open but away: nobody can answer.
      const { client: admin } = await agentSocket(fresh, token);
      admin.send({ type: 'presence', status: 'away' });
      await admin.type('presence', (f) => f.agent.status === 'away');
      const { client, welcome } = await visitor(fresh);
      expect(welcome.agentsAvailable).toBe(false);
      client.send({ type: 'handoff', id: cid('h') });
      const notice = await client.message((m) => m.author.kind === 'system' && /No agent is online/.test(m.text));
      expect(notice).toBeTruthy();
      const ticketId = cid('t');
      client.send({ type: 'offline_ticket', id: ticketId, email: 'ann@example.com', name: 'Ann', message: 'Please call me back about order 1234' });
      const ack = await client.type('ack', (f) => f.id === ticketId);
      expect(ack.ticketId).toBeTruthy();
      const pushed = await admin.type('ticket');
      expect(pushed.ticket.email).toBe('ann@example.com');
      // Sent twice (a retry) → stored once.
      client.send({ type: 'offline_ticket', id: ticketId, email: 'ann@example.com', name: 'Ann', message: 'Please call me back about order 1234' });
      const again = await client.type('ack', (f) => f.id === ticketId);
      expect(again.ticketId).toBe(ack.ticketId);
      const tickets = await api(fresh, 'GET', '/api/tickets', undefined, token);
      expect(tickets.body.tickets).toHaveLength(1);
      expect(tickets.body.tickets[0].message).toContain('order 1234');

      // One ticket, one place: the chat it was left in ends with it, so an agent coming online is
      // not handed an empty conversation beside the ticket.
      const conversationId = tickets.body.tickets[0].conversationId;
      // Told before the ack.
      const closed = client.frames.find((f) => f.type === 'conversation' && f.conversation.id === conversationId && f.conversation.state === 'closed');
      expect(closed?.conversation.agent).toBeNull();
      expect(client.frames.find((f) => f.type === 'message' && f.message.event?.name === 'closed')?.message.event.detail).toBe('offline_ticket');
      admin.send({ type: 'presence', status: 'online' });
      await admin.type('presence', (f) => f.agent.status === 'online');
      const summary = await api(fresh, 'GET', `/api/conversations/${conversationId}`, undefined, token);
      expect(summary.body.conversation).toMatchObject({ state: 'closed', resolution: 'offline_ticket', agent: null });

      // The open ticket is in every console's `ready`; marking it done reaches every console.
      const { client: second, ready } = await agentSocket(fresh, token);
      expect(ready.tickets.map((t: { id: string }) => t.id)).toEqual([ack.ticketId]);
      expect(ready.conversations.some((c: { id: string }) => c.id === conversationId)).toBe(false);
      await api(fresh, 'PATCH', `/api/tickets/${ack.ticketId}`, { status: 'done' }, token);
      for (const socket of [admin, second]) expect((await socket.type('ticket', (f) => f.ticket.status === 'done')).ticket.id).toBe(ack.ticketId);
      const { ready: after } = await agentSocket(fresh, token);
      expect(after.tickets).toEqual([]);
      client.close();
      admin.close();
      second.close();
    } finally {
      await fresh.stop();
    }
  });
});

async function visitorToken(client: { frames: any[] }): Promise<string | undefined> {
  return client.frames.find((f) => f.type === 'welcome')?.token;
}
