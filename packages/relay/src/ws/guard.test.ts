import { describe, expect, it } from 'vitest';
import { FrameGuard } from './guard.js';

describe('FrameGuard', () => {
  it('allows a burst, then refills at the rate', () => {
    let t = 0;
    const guard = new FrameGuard(2, 3, 10, () => t);
    expect([guard.allow(), guard.allow(), guard.allow(), guard.allow()]).toEqual([true, true, true, false]);
    t += 500; // one token back at 2/s
    expect([guard.allow(), guard.allow()]).toEqual([true, false]);
  });
  it('closes after the abuse limit within a minute, forgetting older strikes', () => {
    let t = 0;
    const guard = new FrameGuard(1, 1, 3, () => t);
    expect(guard.strike()).toBe(false);
    expect(guard.strike()).toBe(false);
    t += 61_000;
    expect(guard.strike()).toBe(false);
    expect(guard.strike()).toBe(false);
    expect(guard.strike()).toBe(true);
  });
});
