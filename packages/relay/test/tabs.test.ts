/**
 * A visitor's tabs share one visitor record: what one tab sets is never lost to another tab's
 * stale copy (last write per key wins, every key kept).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, cid, eventually, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

describe("a visitor's tabs", () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null });
  });
  afterAll(() => relay.stop());

  it("merge attributes set from two tabs: last write per key wins, no key is lost", async () => {
    const admin = await loginAs(relay);
    const { client: a, welcome } = await visitor(relay);
    const { client: b } = await visitor(relay, { token: welcome.token });
    const id = cid();
    a.send({ type: 'message', id, text: 'hello from tab A' });
    const { conversationId } = await a.type('ack', (f) => f.id === id);

    a.send({ type: 'profile', attributes: { plan: 'pro', seats: 2 } });
    b.send({ type: 'profile', attributes: { cart: 3 } });
    a.send({ type: 'profile', attributes: { plan: 'team' } });
    b.send({ type: 'profile', name: 'Ann', attributes: { cart: 4, color: 'red' } });

    // Profile frames have no ack: wait until the last one (tab B's name) is stored.
    const visitorNow = async () => (await api(relay, 'GET', `/api/conversations/${conversationId}`, undefined, admin)).body.conversation.visitor;
    await eventually(async () => (await visitorNow()).name === 'Ann', 5000);
    // Tab A's writes came before on its own socket; tab B's attributes with its name, in one frame.
    await eventually(async () => (await visitorNow()).attributes.plan === 'team', 5000);
    expect((await visitorNow()).attributes).toEqual({ plan: 'team', seats: 2, cart: 4, color: 'red' });
    a.close();
    b.close();
  });
});
