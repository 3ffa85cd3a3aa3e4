import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, api, cid, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

describe('delivery you can trust', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null });
  });
  afterAll(() => relay.stop());

  it('a repeated client id is acked again with the same server id and stored once', async () => {
    const { client, welcome } = await visitor(relay);
    const id = cid();
    client.send({ type: 'message', id, text: 'first try' });
    const first = await client.type('ack', (f) => f.id === id);
    client.send({ type: 'message', id, text: 'first try' });
    const second = await client.type('ack', (f) => f.id === id);
    expect(second.messageId).toBe(first.messageId);
    expect(second.seq).toBe(first.seq);
    expect(second.duplicate).toBe(true);
    const history = await api(relay, 'GET', `/api/conversations/${first.conversationId}/messages`, undefined, welcome.token);
    expect(history.body.messages.filter((m: any) => m.clientId === id)).toHaveLength(1);
    client.close();
  });

  it('a reconnecting client gets what it missed, in order, after its last seq', async () => {
    const { client, welcome } = await visitor(relay);
    const acks = [];
    for (let i = 0; i < 5; i++) {
      const id = cid();
      client.send({ type: 'message', id, text: `message ${i}` });
      acks.push(await client.type('ack', (f) => f.id === id));
    }
    const conversationId = acks[0]!.conversationId;
    client.close();
    // A second tab writes while the first is away.
    const { client: other } = await visitor(relay, { token: welcome.token });
    for (let i = 5; i < 8; i++) {
      const id = cid();
      other.send({ type: 'message', id, text: `message ${i}` });
      await other.type('ack', (f) => f.id === id);
    }
    const lastSeen = acks[4]!.seq;
    const { client: back, welcome: again } = await visitor(relay, { token: welcome.token, resume: { conversationId, afterSeq: lastSeen } });
    expect(again.visitorId).toBe(welcome.visitorId);
    const synced = await back.type('synced');
    const replayed = back.frames.filter((f) => f.type === 'message' && f.message.author.kind === 'visitor').map((f) => f.message);
    expect(replayed.map((m) => m.text)).toEqual(['message 5', 'message 6', 'message 7']);
    expect(replayed.map((m) => m.seq)).toEqual([...replayed.map((m) => m.seq)].sort((a, b) => a - b));
    expect(replayed[0].seq).toBeGreaterThan(lastSeen);
    expect(synced.lastSeq).toBe(replayed[replayed.length - 1].seq);

    // Without resume, the whole history is replayed.
    const { client: fresh } = await visitor(relay, { token: welcome.token });
    await fresh.type('synced');
    expect(fresh.frames.filter((f) => f.type === 'message' && f.message.author.kind === 'visitor')).toHaveLength(8);

    // History over REST pages by seq.
    const page1 = await api(relay, 'GET', `/api/conversations/${conversationId}/messages?limit=3`, undefined, welcome.token);
    expect(page1.body.messages).toHaveLength(3);
    const page2 = await api(relay, 'GET', `/api/conversations/${conversationId}/messages?limit=3&afterSeq=${page1.body.nextAfterSeq}`, undefined, welcome.token);
    expect(page2.body.messages[0].seq).toBeGreaterThan(page1.body.messages[2].seq);
    for (const c of [other, back, fresh]) c.close();
  });

  it('a retried message is pushed again, so a relay that died before publishing loses nothing live', async () => {
    const admin = await loginAs(relay);
    const { client: agent } = await agentSocket(relay, admin);
    const { client } = await visitor(relay);
    const id = cid();
    client.send({ type: 'message', id, text: 'did you get this?' });
    const first = await client.type('ack', (f) => f.id === id);
    const live = await agent.message((m) => m.clientId === id);
    client.send({ type: 'message', id, text: 'did you get this?' });
    expect((await client.type('ack', (f) => f.id === id && f.duplicate)).messageId).toBe(first.messageId);
    const again = await agent.message((m) => m.clientId === id);
    expect(again.id).toBe(live.id);
    expect(again.seq).toBe(live.seq);
    client.close();
    agent.close();
  });

  it("the visitor's other tabs receive the message live; the sender gets only the ack", async () => {
    const { client: tab1, welcome } = await visitor(relay);
    const { client: tab2 } = await visitor(relay, { token: welcome.token });
    const id = cid();
    tab1.send({ type: 'message', id, text: 'from tab 1' });
    await tab1.type('ack', (f) => f.id === id);
    const seen = await tab2.message((m) => m.clientId === id);
    expect(seen.text).toBe('from tab 1');
    expect(tab1.frames.some((f) => f.type === 'message' && f.message.clientId === id)).toBe(false);
    tab1.close();
    tab2.close();
  });
});
