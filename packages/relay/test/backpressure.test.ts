/**
 * A socket whose reader stopped reading gets at most SEND_BUFFER_BYTES buffered in the relay; past
 * that it is closed with 4005 (reconnect and resume), so one slow reader cannot grow the relay's
 * memory or slow anyone else down. On reconnect it resumes after its last seq and misses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, cid, createAgent, loginAs, testRelay, visitor, type Client, type TestRelay } from './helpers.js';

const tcp = (client: Client) => (client.ws as any)._socket as { pause(): void; resume(): void };

/** Round trips visitor → agent → visitor, one at a time; returns each one's latency in ms. */
async function roundTrips(v: Client, agent: Client, conversationId: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = cid('p');
    const started = performance.now();
    v.send({ type: 'message', id, conversationId, text: `ping ${id}` });
    const got = await agent.message((m) => m.clientId === id);
    const reply = cid('q');
    agent.send({ type: 'message', id: reply, conversationId: got.conversationId, text: `pong ${id}` });
    await v.message((m) => m.clientId === reply);
    times.push(performance.now() - started);
  }
  return times;
}

const TOTAL = 400;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.99) - 1]!;

describe('a reader that stops reading', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null, maxTextBytes: 65_536, maxFrameBytes: 262_144, ratePerSec: 2000, rateBurst: 2000, visitorPerMin: 100_000 });
  });
  afterAll(() => relay.stop());

  it('is closed at the send-buffer cap with 4005 while another pair keeps its latency, and resumes without a gap', async () => {
    const admin = await loginAs(relay);
    const { client: adminSocket } = await agentSocket(relay, admin, 'assigned');
    adminSocket.send({ type: 'presence', status: 'away' });
    const flooder = await createAgent(relay, admin, { email: 'flood@example.com', name: 'Flood', maxChats: 1 });
    const { client: floodSocket } = await agentSocket(relay, flooder.token, 'assigned');
    const { client: slow, welcome } = await visitor(relay);
    slow.send({ type: 'handoff', id: cid('h') });
    const slowConversation = (await slow.type('conversation', (f) => f.conversation.state === 'assigned')).conversation.id;

    const steady = await createAgent(relay, admin, { email: 'steady@example.com', name: 'Steady', maxChats: 1 });
    const { client: steadySocket } = await agentSocket(relay, steady.token, 'assigned');
    const { client: fast } = await visitor(relay);
    fast.send({ type: 'handoff', id: cid('h') });
    const fastConversation = (await fast.type('conversation', (f) => f.conversation.state === 'assigned' && f.conversation.agent.name === 'Steady')).conversation.id;

    const idleBefore = await roundTrips(fast, steadySocket, fastConversation, 150);

    // The slow visitor stops reading; its agent sends far more than the kernel buffers and the cap
    // hold (24 MB at ~5 MB/s), while the other pair keeps measuring round trips.
    tcp(slow).pause();
    const text = 'z'.repeat(60_000);
    let sent = 0;
    const acked: number[] = [];
    floodSocket.ws.on('message', (data) => {
      const f = JSON.parse(data.toString());
      if (f.type === 'ack') acked.push(f.seq);
    });
    const flood = setInterval(() => {
      for (let i = 0; i < 2 && sent < TOTAL; i++, sent++) floodSocket.send({ type: 'message', id: `f${sent}`, conversationId: slowConversation, text });
    }, 20);
    const loaded: number[] = [];
    while (acked.length < TOTAL) loaded.push(...(await roundTrips(fast, steadySocket, fastConversation, 10)));
    clearInterval(flood);
    const idleAfter = await roundTrips(fast, steadySocket, fastConversation, 150);
    const idle = Math.max(p99(idleBefore), p99(idleAfter));
    expect(p99(loaded), `p99 ${p99(loaded).toFixed(2)} ms during the flood (${loaded.length} round trips), idle ${idle.toFixed(2)} ms`).toBeLessThanOrEqual(2 * idle);

    // Reading again, the slow visitor gets what was buffered up to the cap, then the close.
    tcp(slow).resume();
    const closed = await slow.waitClosed();
    expect(closed.code).toBe(4005);
    const received = slow.frames.filter((f) => f.type === 'message' && f.message.author.kind === 'agent').map((f) => f.message.seq as number);
    expect(received.length).toBeLessThan(TOTAL);

    // It resumes after its last seq and gets the rest, in order, without a gap.
    const lastSeq = Math.max(0, ...slow.frames.filter((f) => f.type === 'message' || f.type === 'synced').map((f) => (f.type === 'message' ? f.message.seq : f.lastSeq)));
    const { client: back } = await visitor(relay, { token: welcome.token, resume: { conversationId: slowConversation, afterSeq: lastSeq } });
    const synced = await back.type('synced', () => true, 20_000);
    const replayed = back.frames.filter((f) => f.type === 'message').map((f) => f.message.seq as number);
    expect(replayed[0]).toBe(lastSeq + 1);
    expect(replayed.at(-1)).toBe(synced.lastSeq);
    const all = new Set([...slow.frames.filter((f) => f.type === 'message').map((f) => f.message.seq), ...replayed]);
    for (const seq of acked) expect(all.has(seq)).toBe(true);
    for (const c of [back, fast, adminSocket, floodSocket, steadySocket]) c.close();
  });
});
