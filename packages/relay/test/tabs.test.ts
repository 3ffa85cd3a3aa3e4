/**
 * A visitor's tabs share one visitor record: what one tab sets is never lost to another tab's
 * stale copy (last write per key wins, every key kept).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, cid, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

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

    const expected = { plan: 'team', seats: 2, cart: 4, color: 'red' };
    let attributes: unknown = null;
    for (let i = 0; i < 100; i++) {
      const res = await api(relay, 'GET', `/api/conversations/${conversationId}`, undefined, admin);
      attributes = res.body.conversation.visitor.attributes;
      if (JSON.stringify(sorted(attributes)) === JSON.stringify(sorted(expected)) && res.body.conversation.visitor.name === 'Ann') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(attributes).toEqual(expected);
    a.close();
    b.close();
  });
});

function sorted(value: unknown): unknown {
  return value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => x.localeCompare(y))) : value;
}
