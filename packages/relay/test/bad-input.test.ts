import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ORIGIN, agentSocket, api, cid, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

describe('bad input gets a coded error, stores nothing, and the relay keeps serving', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null, maxFrameBytes: 16_384, ratePerSec: 5, rateBurst: 10, abuseLimit: 20 });
  });
  afterAll(() => relay.stop());

  it('answers each bad frame with its code', async () => {
    const { client, welcome } = await visitor(relay);
    const cases: [unknown, string][] = [
      ['{not json', 'BAD_JSON'],
      [{ type: 'teleport' }, 'UNKNOWN_TYPE'],
      [{ no: 'type' }, 'UNKNOWN_TYPE'],
      [{ type: 'message', id: 'ok1' }, 'INVALID_FRAME'],
      [{ type: 'message', id: 'has spaces', text: 'x' }, 'INVALID_FRAME'],
      [{ type: 'message', id: 'blank', text: '   ' }, 'INVALID_FRAME'],
      [{ type: 'rating', id: 'r1', conversationId: 'c_x', score: 9 }, 'INVALID_FRAME'],
      [{ type: 'message', id: 'big', text: 'x'.repeat(9000) }, 'TOO_LARGE'],
      [{ type: 'hello', v: 1 }, 'CONFLICT'],
      [{ type: 'resume', conversationId: 'c_nope', afterSeq: 0 }, 'NOT_FOUND'],
    ];
    for (const [frame, code] of cases) {
      client.send(typeof frame === 'string' ? frame : (frame as object));
      const error = await client.type('error');
      expect(error.code, JSON.stringify(frame).slice(0, 80)).toBe(code);
      expect(error.message.length).toBeGreaterThan(5);
      expect(typeof error.retryable).toBe('boolean');
      await new Promise((r) => setTimeout(r, 210)); // stay under the rate limit
    }
    const invalid = client.frames.find((f) => f.type === 'error' && f.code === 'INVALID_FRAME');
    expect(invalid!.message).toMatch(/text/);
    // Nothing was stored: the visitor has no conversation.
    client.close();
    const { welcome: again } = await visitor(relay, { token: welcome.token });
    expect(again.conversation).toBeNull();
    again && (await new Promise((r) => setTimeout(r, 10)));
  });

  it('errors for frames without an id name the frame and conversation they answer', async () => {
    const { client } = await visitor(relay);
    client.send({ type: 'resume', conversationId: 'c_nope', afterSeq: 0 });
    expect(await client.type('error')).toMatchObject({ code: 'NOT_FOUND', frame: 'resume', conversationId: 'c_nope' });
    client.send({ type: 'seen', conversationId: 'c_gone', seq: 3 });
    expect(await client.type('error')).toMatchObject({ code: 'NOT_FOUND', frame: 'seen', conversationId: 'c_gone' });
    client.send({ type: 'typing', conversationId: 'c_x', on: 'yes' });
    expect(await client.type('error')).toMatchObject({ code: 'INVALID_FRAME', frame: 'typing' });
    client.close();
  });

  it('frames before hello get NOT_READY; an unsupported version closes with 4003', async () => {
    const client = await Client.open(`${relay.wsUrl}/ws/visitor`, { origin: ORIGIN });
    client.send({ type: 'message', id: cid(), text: 'hi' });
    expect((await client.type('error')).code).toBe('NOT_READY');
    client.send({ type: 'hello', v: 99 });
    expect((await client.type('error')).code).toBe('UNSUPPORTED_VERSION');
    expect((await client.waitClosed()).code).toBe(4003);
  });

  it('a frame over the size cap closes with 1009; a flood is rate limited then closed with 1008', async () => {
    const { client: big } = await visitor(relay);
    big.send({ type: 'message', id: cid(), text: 'y'.repeat(20_000) });
    expect((await big.waitClosed()).code).toBe(1009);

    const { client: flood } = await visitor(relay);
    for (let i = 0; i < 60; i++) flood.send({ type: 'typing', conversationId: 'c_x', on: true });
    const limited = await flood.type('error', (f) => f.code === 'RATE_LIMITED');
    expect(limited.retryable).toBe(true);
    expect((await flood.waitClosed()).code).toBe(1008);

    // Everyone else is still served.
    const { client: ok } = await visitor(relay);
    const id = cid();
    ok.send({ type: 'message', id, text: 'still here?' });
    expect((await ok.type('ack', (f) => f.id === id)).seq).toBe(1);
    ok.close();
  });

  it('a socket that never says hello is closed with 4002', async () => {
    const quick = await testRelay({ botEngine: null, handshakeTimeoutMs: 200 });
    try {
      const client = await Client.open(`${quick.wsUrl}/ws/visitor`, { origin: ORIGIN });
      expect((await client.waitClosed()).code).toBe(4002);
    } finally {
      await quick.stop();
    }
  });

  it('REST validates bodies and queries with coded errors', async () => {
    const badJson = await api(relay, 'POST', '/api/login', '{oops');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('BAD_JSON');
    const badBody = await api(relay, 'POST', '/api/login', { email: 'not-an-email', password: 'x' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.code).toBe('INVALID_FRAME');
    expect(badBody.body.error.message).toMatch(/email/);
    const token = await loginAs(relay);
    const badQuery = await api(relay, 'GET', '/api/conversations?limit=9999', undefined, token);
    expect(badQuery.status).toBe(400);
    const missing = await api(relay, 'GET', '/api/conversations/c_missing', undefined, token);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    // Refused by Node's HTTP parser, before any route: still a coded error body.
    const huge = await api(relay, 'GET', `/api/conversations?q=${'x'.repeat(20_000)}`, undefined, token);
    expect(huge.status).toBe(431);
    expect(huge.body.error.code).toBe('TOO_LARGE');
  });

  it('agent sockets validate too, and a bad agent frame does not disturb others', async () => {
    const token = await loginAs(relay);
    const { client } = await agentSocket(relay, token);
    client.send({ type: 'claim', id: cid() });
    expect((await client.type('error')).code).toBe('INVALID_FRAME');
    client.send({ type: 'claim', id: cid(), conversationId: 'c_missing' });
    expect((await client.type('error')).code).toBe('NOT_FOUND');
    client.close();
  });
});

describe('limits shared by all of a visitor’s tabs and by an IP', () => {
  it('caps stored frames per visitor and per IP, and new connections per IP', async () => {
    const relay = await testRelay({ botEngine: null, visitorPerMin: 3, ipPerMin: 5, ipConnectsPerMin: 4 });
    try {
      const { client: tab1, welcome } = await visitor(relay);
      const { client: tab2 } = await visitor(relay, { token: welcome.token });
      const results: string[] = [];
      for (const [i, tab] of [tab1, tab2, tab1, tab2].entries()) {
        const id = cid();
        tab.send({ type: 'message', id, text: `m${i}` });
        const f = await tab.next((x) => x.id === id);
        results.push(f.type === 'ack' ? 'ack' : f.code);
      }
      // Three per visitor per minute, whichever tab sends.
      expect(results).toEqual(['ack', 'ack', 'ack', 'RATE_LIMITED']);
      // Another visitor on the same IP: the IP has 5, 3 are used.
      const { client: other } = await visitor(relay);
      const more: string[] = [];
      for (let i = 0; i < 3; i++) {
        const id = cid();
        other.send({ type: 'message', id, text: `o${i}` });
        const f = await other.next((x) => x.id === id);
        more.push(f.type === 'ack' ? 'ack' : f.code);
      }
      expect(more).toEqual(['ack', 'ack', 'RATE_LIMITED']);
      // Typing is not stored and not counted.
      other.send({ type: 'typing', conversationId: (await tab1.frames.find((f) => f.type === 'ack'))!.conversationId, on: true });
      // Connections: 3 made above, the 4th is allowed, the 5th refused.
      const { client: fourth } = await visitor(relay);
      const fifth = await Client.open(`${relay.wsUrl}/ws/visitor`, { origin: ORIGIN });
      fifth.send({ type: 'hello', v: 1 });
      expect((await fifth.type('error')).code).toBe('RATE_LIMITED');
      expect((await fifth.waitClosed()).code).toBe(1008);
      for (const c of [tab1, tab2, other, fourth]) c.close();
    } finally {
      await relay.stop();
    }
  });
});
