/**
 * A frame over MAX_FRAME_BYTES: the client must see 1009 (final), not a reset seen as 1006, or a
 * client following the close-code table would reconnect and send the same frame again forever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, cid, loginAs, testRelay, visitor, type Client, type TestRelay } from './helpers.js';

const tcp = (client: Client) => (client.ws as any)._socket as { pause(): void; resume(): void };

describe('an oversized frame', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null, ratePerSec: 1000, rateBurst: 1000, visitorPerMin: 100_000, sendBufferBytes: 64 * 1024 * 1024 });
  });
  afterAll(() => relay.stop());

  const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

  it('closes a visitor socket with 1009, and the client sees 1009', async () => {
    const { client } = await visitor(relay);
    client.send({ type: 'message', id: cid(), text: TEN_MB });
    expect((await client.waitClosed()).code).toBe(1009);
  });

  it('closes an agent socket with 1009 too', async () => {
    const { client } = await agentSocket(relay, await loginAs(relay));
    client.send({ type: 'message', id: cid(), conversationId: 'c_x', text: TEN_MB });
    expect((await client.waitClosed()).code).toBe(1009);
  });

  it('reaches a client that is not reading at that moment: the close frame waits behind what is queued for it', async () => {
    const { client: tab1, welcome } = await visitor(relay);
    const { client: tab2 } = await visitor(relay, { token: welcome.token });
    tcp(tab1).pause();
    const text = 'q'.repeat(8000);
    const ids = Array.from({ length: 250 }, () => cid());
    for (const id of ids) tab2.send({ type: 'message', id, text });
    for (const id of ids) await tab2.type('ack', (f) => f.id === id);
    tab1.send({ type: 'message', id: cid(), text: TEN_MB });
    await new Promise((r) => setTimeout(r, 300));
    tcp(tab1).resume();
    expect((await tab1.waitClosed()).code).toBe(1009);
    // Everything sent before the close arrived first.
    const got = new Set(tab1.frames.filter((f) => f.type === 'message').map((f) => f.message.clientId));
    expect(ids.every((id) => got.has(id))).toBe(true);
    tab2.close();
  });

  it('the welcome tells the client the frame cap', async () => {
    const { client, welcome } = await visitor(relay);
    expect(welcome.limits.maxFrameBytes).toBe(relay.config.maxFrameBytes);
    client.close();
  });
});
