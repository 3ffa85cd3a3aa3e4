/**
 * Limits shared through Redis: a visitor's tabs on two relays draw on one per-visitor budget.
 */
import { describe, expect, it } from 'vitest';
import { skipWithout } from '../services.js';
import { startCluster, visitorOn } from './harness.js';

const skip = skipWithout('postgres', 'redis');

describe.skipIf(skip)('limits across relays', () => {
  it("one visitor's messages count once, whichever relay their tabs are on", async () => {
    const cluster = await startCluster(2, { env: { VISITOR_PER_MIN: '3' } });
    try {
      const [r1, r2] = cluster.relays;
      const { client: tab1, welcome } = await visitorOn(r1!);
      const { client: tab2 } = await visitorOn(r2!, { token: welcome.token });
      const outcomes: string[] = [];
      for (const [i, tab] of [tab1, tab2, tab1, tab2].entries()) {
        const id = `lim-${i}`;
        tab.send({ type: 'message', id, text: `message ${i}` });
        const frame = await tab.next((f) => f.id === id);
        outcomes.push(frame.type === 'ack' ? 'ack' : frame.code);
      }
      // With per-relay counting each tab would have had 3 of its own.
      expect(outcomes).toEqual(['ack', 'ack', 'ack', 'RATE_LIMITED']);
      tab1.close();
      tab2.close();
    } finally {
      await cluster.stop();
    }
  });
});
