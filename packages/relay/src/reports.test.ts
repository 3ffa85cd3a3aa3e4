import { describe, expect, it } from 'vitest';
import { computeReports, dayKey, reportsCsv } from './reports.js';
import type { ConversationRecord } from './storage/types.js';
import { isOpen } from './business-hours.js';

const conv = (over: Partial<ConversationRecord>): ConversationRecord => ({
  id: 'c', siteId: 'd', visitorId: 'v', state: 'closed', agentId: null, handoffReason: null, lastSeq: 0, createdAt: 0,
  queuedAt: null, assignedAt: null, firstResponseAt: null, closedAt: null, resolution: null, rating: null, ratingComment: null,
  reopenCount: 0, transferCount: 0, visitorSeenSeq: 0, agentSeenSeq: 0, lastMessageText: null, lastMessageAuthor: null, lastMessageAt: null, ...over,
});

describe('reports', () => {
  // 2026-03-02 23:30 UTC is already 03-03 in Berlin.
  const lateMonday = Date.UTC(2026, 2, 2, 23, 30);
  it('buckets by day in the chosen time zone, including quiet days', () => {
    const from = Date.UTC(2026, 2, 1);
    const to = Date.UTC(2026, 2, 4);
    const agents = [{ id: 'a1', name: 'Ann' }] as never;
    const conversations = [
      conv({ id: 'x', createdAt: lateMonday, agentId: 'a1', queuedAt: lateMonday, assignedAt: lateMonday, firstResponseAt: lateMonday + 30_000, closedAt: lateMonday + 600_000, resolution: 'resolved', rating: 4 }),
      conv({ id: 'y', createdAt: Date.UTC(2026, 2, 1, 12), closedAt: Date.UTC(2026, 2, 1, 12, 5) }),
    ];
    const utc = computeReports(conversations, [], agents, from, to, 'UTC');
    expect(utc.days.map((d) => [d.day, d.conversations])).toEqual([['2026-03-01', 1], ['2026-03-02', 1], ['2026-03-03', 0]]);
    const berlin = computeReports(conversations, [], agents, from, to, 'Europe/Berlin');
    expect(berlin.days.find((d) => d.day === '2026-03-03')?.conversations).toBe(1);
    expect(berlin.agents).toEqual([expect.objectContaining({ agentId: 'a1', name: 'Ann', conversations: 1, avgHandleMs: 600_000, resolutionRate: 1 })]);
    expect(berlin.totals.firstResponseMs.median).toBe(30_000);
    expect(berlin.totals.botDeflectionRate).toBe(0.5);
    const csv = reportsCsv(berlin);
    expect(csv.split('\n').filter(Boolean)).toHaveLength(1 + 1 + berlin.days.length + 1);
  });
  it('dayKey is a calendar date', () => {
    expect(dayKey(lateMonday, 'UTC')).toBe('2026-03-02');
    expect(dayKey(lateMonday, 'Asia/Tokyo')).toBe('2026-03-03');
  });
  it('CSV defuses formulas in agent names', () => {
    const r = computeReports([conv({ agentId: 'a', createdAt: 5, assignedAt: 5, closedAt: 6 })], [], [{ id: 'a', name: '=HYPERLINK("x")' }] as never, 0, 10, 'UTC');
    expect(reportsCsv(r)).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('business hours', () => {
  const hours = { enabled: true, timezone: 'Europe/Berlin', days: { mon: [{ open: '09:00', close: '17:00' }], sat: [{ open: '22:00', close: '02:00' }] } };
  it('is open inside an interval in the site time zone only', () => {
    expect(isOpen(hours, Date.UTC(2026, 2, 2, 8, 30))).toBe(true); // Mon 09:30 Berlin
    expect(isOpen(hours, Date.UTC(2026, 2, 2, 16, 30))).toBe(false); // Mon 17:30 Berlin
    expect(isOpen(hours, Date.UTC(2026, 2, 3, 8, 30))).toBe(false); // Tue
    expect(isOpen(hours, Date.UTC(2026, 2, 7, 22, 30))).toBe(true); // Sat 23:30, overnight interval
    expect(isOpen({ ...hours, enabled: false }, 0)).toBe(true);
  });
});
