/**
 * Three relay processes on one PostgreSQL and one Redis: sockets of one conversation on different
 * relays, racing claims across relays, and a relay killed mid-conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, agentSocket, api, createAgent, loginAs, type Frame } from '../helpers.js';
import { skipWithout } from '../services.js';
import { startCluster, visitorOn, type Cluster } from './harness.js';

const skip = skipWithout('postgres', 'redis');

/** Every message of a conversation, read through the REST API with the visitor's token. */
async function history(relay: { url: string }, conversationId: string, token: string): Promise<any[]> {
  let all: any[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await api(relay, 'GET', `/api/conversations/${conversationId}/messages?limit=500&afterSeq=${afterSeq}`, undefined, token);
    expect(page.status).toBe(200);
    all = all.concat(page.body.messages);
    if (page.body.nextAfterSeq === null) return all;
    afterSeq = page.body.nextAfterSeq;
  }
}

describe.skipIf(skip)('three relays on PostgreSQL and Redis', () => {
  let cluster: Cluster;
  let admin: string;
  const open: Client[] = [];
  beforeAll(async () => {
    cluster = await startCluster(3);
    admin = await loginAs(cluster.relays[0]!);
  }, 60_000);
  afterAll(async () => {
    for (const c of open) c.close();
    await cluster?.stop();
  });

  it('a visitor on relay 1 and an agent on relay 2 talk both ways', async () => {
    const [r1, r2] = cluster.relays;
    const agentAcct = await createAgent(r1!, admin, { email: 'both-ways@example.com', name: 'Bo' });
    const { client: agent } = await agentSocket(r2!, agentAcct.token);
    const { client: visitor } = await visitorOn(r1!);
    open.push(agent, visitor);
    // The agent's presence reached relay 1: the conversation is assigned there, to them.
    visitor.send({ type: 'message', id: 'bw-1', text: 'hello from relay 1' });
    const ack = await visitor.type('ack', (f) => f.id === 'bw-1');
    const assigned = await agent.type('conversation', (f) => f.conversation.id === ack.conversationId && f.conversation.state === 'assigned', 10_000);
    expect(assigned.conversation.agent.id).toBe(agentAcct.id);
    expect(agent.frames.find((f) => f.type === 'message' && f.message.clientId === 'bw-1')?.message.text).toBe('hello from relay 1');

    agent.send({ type: 'message', id: 'bw-2', conversationId: ack.conversationId, text: 'hello from relay 2' });
    await agent.type('ack', (f) => f.id === 'bw-2');
    const reply = await visitor.message((m) => m.author.kind === 'agent');
    expect(reply).toMatchObject({ text: 'hello from relay 2', seq: expect.any(Number) });
    expect(reply.seq).toBeGreaterThan(ack.seq);

    // Typing crosses relays too (it is never stored).
    visitor.send({ type: 'typing', conversationId: ack.conversationId, on: true });
    await agent.type('typing', (f) => f.conversationId === ack.conversationId);
    agent.close();
    visitor.close();
  });

  it('two agents on different relays claim one conversation at the same instant: exactly one wins', async () => {
    const [r1, r2, r3] = cluster.relays;
    const a = await createAgent(r1!, admin, { email: 'claim-a@example.com', name: 'Ann' });
    const b = await createAgent(r1!, admin, { email: 'claim-b@example.com', name: 'Ben' });
    const { client: ca } = await agentSocket(r2!, a.token);
    const { client: cb } = await agentSocket(r3!, b.token);
    open.push(ca, cb);
    // Both away: nothing is assigned automatically, the conversation waits in the queue.
    ca.send({ type: 'presence', status: 'away' });
    cb.send({ type: 'presence', status: 'away' });
    await new Promise((r) => setTimeout(r, 300));
    const { client: visitor } = await visitorOn(r1!);
    open.push(visitor);
    visitor.send({ type: 'message', id: 'race-1', text: 'who takes me?' });
    const { conversationId } = await visitor.type('ack', (f) => f.id === 'race-1');
    await ca.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.state === 'queued', 10_000);
    await cb.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.state === 'queued', 10_000);

    ca.send({ type: 'claim', id: 'claim-a', conversationId });
    cb.send({ type: 'claim', id: 'claim-b', conversationId });
    const outcome = async (c: Client, id: string) => c.next((f) => (f.type === 'ack' || f.type === 'error') && f.id === id);
    const [oa, ob] = await Promise.all([outcome(ca, 'claim-a'), outcome(cb, 'claim-b')]);
    const results = [oa, ob];
    expect(results.filter((f) => f.type === 'ack'), JSON.stringify(results)).toHaveLength(1);
    expect(results.find((f) => f.type === 'error')).toMatchObject({ code: 'CONFLICT' });
    const winner = oa.type === 'ack' ? a : b;
    const view = await api(r1!, 'GET', `/api/conversations/${conversationId}`, undefined, admin);
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.body)).toContain(winner.id);
    // One "joined" event in the log, not two.
    const log = await history(r1!, conversationId, (await visitor.frames.find((f) => f.type === 'welcome')!).token);
    expect(log.filter((m) => m.event?.name === 'assigned')).toHaveLength(1);
    for (const c of [ca, cb, visitor]) c.close();
  });

  it('SIGKILL relay 1 mid-conversation: the visitor resumes on relay 3 with the whole history, no gap, no duplicate', async () => {
    const [r1, r2, r3] = cluster.relays;
    const agentAcct = await createAgent(r1!, admin, { email: 'survivor@example.com', name: 'Sam' });
    const { client: agent } = await agentSocket(r2!, agentAcct.token);
    open.push(agent);
    const { client: visitor, welcome } = await visitorOn(r1!);
    visitor.send({ type: 'message', id: 'k-0', text: 'first' });
    const first = await visitor.type('ack', (f) => f.id === 'k-0');
    const conversationId = first.conversationId as string;
    await agent.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.state === 'assigned', 10_000);

    // The visitor keeps sending without waiting for acks; relay 1 dies mid-stream.
    const sent: string[] = ['k-0'];
    const acked = new Map<string, number>([['k-0', first.seq]]);
    let lastSeq = first.seq as number;
    visitor.ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as Frame;
      if (f.type === 'ack') acked.set(f.id, f.seq);
      if (f.type === 'message') lastSeq = Math.max(lastSeq, f.message.seq);
      if (f.type === 'ack') lastSeq = Math.max(lastSeq, f.seq);
    });
    const pump = setInterval(() => {
      for (let i = 0; i < 5 && visitor.ws.readyState === visitor.ws.OPEN; i++) {
        const id = `k-${sent.length}`;
        sent.push(id);
        visitor.send({ type: 'message', id, conversationId, text: `message ${id}` });
      }
    }, 5);
    await new Promise((r) => setTimeout(r, 300));
    r1!.child.kill('SIGKILL');
    await visitor.waitClosed();
    clearInterval(pump);
    expect(acked.size).toBeGreaterThan(5);

    // Reconnect to relay 3 with the stored token, resume after the last seq seen, resend the unacked.
    const { client: again, welcome: back } = await visitorOn(r3!, { token: welcome.token, resume: { conversationId, afterSeq: lastSeq } });
    open.push(again);
    expect(back.visitorId).toBe(welcome.visitorId);
    expect(back.conversation.id).toBe(conversationId);
    await again.type('synced');
    const unacked = sent.filter((id) => !acked.has(id));
    for (const id of unacked) again.send({ type: 'message', id, conversationId, text: `message ${id}` });
    for (const id of unacked) acked.set(id, (await again.type('ack', (f) => f.id === id, 10_000)).seq);

    const stored = await history(r3!, conversationId, back.token);
    const visitorMessages = stored.filter((m) => m.author.kind === 'visitor');
    // Everything sent is stored exactly once, at the seq its ack named.
    expect(visitorMessages.map((m) => m.clientId).sort()).toEqual([...sent].sort());
    for (const [id, seq] of acked) expect(visitorMessages.find((m) => m.clientId === id)?.seq, id).toBe(seq);
    // Gap-free and unique across the whole log (events included).
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));

    // The agent on relay 2 has every message: live, or (for one relay 1 stored but died before
    // publishing) by resuming from the first gap in its seqs, as a client does.
    await new Promise((r) => setTimeout(r, 300));
    const agentSeqs = new Set(agent.frames.filter((f) => f.type === 'message' && f.message.conversationId === conversationId).map((f) => f.message.seq as number));
    let contiguous = 0;
    while (agentSeqs.has(contiguous + 1)) contiguous++;
    agent.send({ type: 'resume', conversationId, afterSeq: contiguous });
    await agent.type('synced', (f) => f.conversationId === conversationId, 10_000);
    const seenByAgent = new Set(agent.frames.filter((f) => f.type === 'message').map((f) => f.message.clientId));
    expect(sent.filter((id) => !seenByAgent.has(id))).toEqual([]);
    agent.send({ type: 'message', id: 'after-kill', conversationId, text: 'still here' });
    expect((await again.message((m) => m.author.kind === 'agent' && m.text === 'still here', 10_000)).seq).toBe(stored.length + 1);
  });
});
