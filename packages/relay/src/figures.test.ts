import { describe, expect, it } from 'vitest';
import { computeFigures, percentile } from './figures.js';
import type { ConversationRecord } from './storage/types.js';

const base: ConversationRecord = {
  id: 'c',
  siteId: 'default',
  visitorId: 'v',
  state: 'closed',
  agentId: null,
  handoffReason: null,
  lastSeq: 0,
  createdAt: 0,
  queuedAt: null,
  assignedAt: null,
  firstResponseAt: null,
  closedAt: null,
  resolution: null,
  rating: null,
  ratingComment: null,
  reopenCount: 0,
  transferCount: 0,
  visitorSeenSeq: 0,
  agentSeenSeq: 0,
  lastMessageText: null,
  lastMessageAuthor: null,
  lastMessageAt: null,
};

describe('computeFigures', () => {
  it('computes deflection, first response, handle time, resolution and CSAT from known timestamps', () => {
    const conversations: ConversationRecord[] = [
      { ...base, id: 'bot-only', closedAt: 100, resolution: 'resolved' },
      { ...base, id: 'h1', queuedAt: 1000, assignedAt: 1000, firstResponseAt: 4000, closedAt: 61_000, resolution: 'resolved', rating: 5 },
      { ...base, id: 'h2', queuedAt: 2000, assignedAt: 3000, firstResponseAt: 12_000, closedAt: 123_000, resolution: 'unresolved', rating: 2 },
      { ...base, id: 'open', state: 'assigned', queuedAt: 5000, assignedAt: 5000, firstResponseAt: 6000 },
    ];
    const f = computeFigures(conversations, 3);
    expect(f.conversations).toBe(4);
    expect(f.handoffs).toBe(3);
    expect(f.botDeflectionRate).toBeCloseTo(1 / 3);
    // FRTs: 3000, 10000, 1000 → sorted 1000, 3000, 10000.
    expect(f.firstResponseMs).toEqual({ median: 3000, p90: 10_000 });
    // Handle: 60000 and 120000.
    expect(f.avgHandleMs).toBe(90_000);
    expect(f.closed).toBe(3);
    // Over the two closed conversations a human handled: h1 resolved, h2 not.
    expect(f.resolutionRate).toBe(0.5);
    expect(f.firstContactResolutionRate).toBe(0.5);
    expect(f.csat).toEqual({ average: 3.5, count: 2, distribution: [0, 1, 0, 0, 1] });
    expect(f.offlineTickets).toBe(3);
  });
  it('a chat that ended in an offline ticket was not deflected, queued or not', () => {
    const f = computeFigures([{ ...base, closedAt: 10, resolution: 'bot_idle' }, { ...base, closedAt: 10, resolution: 'offline_ticket' }], 1);
    expect(f.botDeflectionRate).toBe(0.5);
  });
  it('reports null, not zero, when there is nothing to measure', () => {
    const f = computeFigures([], 0);
    expect(f.botDeflectionRate).toBeNull();
    expect(f.firstResponseMs.median).toBeNull();
    expect(f.csat.average).toBeNull();
  });
  it('first contact resolution excludes reopened and transferred conversations', () => {
    const handled = { ...base, queuedAt: 0, assignedAt: 0, closedAt: 10, resolution: 'resolved' };
    const f = computeFigures([handled, { ...handled, reopenCount: 1 }, { ...handled, transferCount: 2 }, { ...handled, resolution: 'unresolved' }], 0);
    expect(f.resolutionRate).toBe(0.75);
    expect(f.firstContactResolutionRate).toBe(0.25);
  });
  it('percentile is nearest-rank', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.9)).toBe(4);
    expect(percentile([7], 0.99)).toBe(7);
  });
});
