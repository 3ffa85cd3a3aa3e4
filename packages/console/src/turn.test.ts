import type { ConversationSummary } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { byTurn, waitingSince } from './turn.js';

const base = {
  agent: { id: 'a', name: 'A' },
  lastSeq: 0,
  createdAt: 100,
  closedAt: null,
  rating: null,
  siteId: 'default',
  visitor: { id: 'v', name: null, email: null, userId: null, verified: false, attributes: {}, page: null, userAgent: null, timezone: null, locale: null, createdAt: 100 },
  handoffReason: 'requested',
  queuedAt: 1000,
  resolution: null,
  agentSeenSeq: 0,
  visitorSeenSeq: 0,
} satisfies Partial<ConversationSummary>;

const c = (id: string, over: Partial<ConversationSummary>): ConversationSummary => ({ ...base, id, state: 'assigned', lastMessage: null, ...over });
const said = (author: 'visitor' | 'agent' | 'bot', createdAt: number) => ({ lastMessage: { text: 'x', author, createdAt } });

describe('whose turn', () => {
  it('the agent owes an answer: queued since the handoff, assigned since the visitor last wrote or the handoff', () => {
    expect(waitingSince(c('q', { state: 'queued' }))).toBe(1000);
    expect(waitingSince(c('v', said('visitor', 5000)))).toBe(5000);
    // The bot spoke last before the handoff: the visitor has waited for a person since it.
    expect(waitingSince(c('b', said('bot', 900)))).toBe(1000);
    expect(waitingSince(c('n', {}))).toBe(1000);
  });

  it("the visitor's turn once an agent wrote last; nobody's with the bot or closed", () => {
    expect(waitingSince(c('a', said('agent', 5000)))).toBeNull();
    expect(waitingSince(c('bot', { state: 'bot', ...said('visitor', 5000) }))).toBeNull();
    expect(waitingSince(c('x', { state: 'closed', ...said('visitor', 5000) }))).toBeNull();
  });

  it('sorts who waits longest first, then the rest by last activity', () => {
    const list = [c('answered-old', said('agent', 2000)), c('waits-short', said('visitor', 9000)), c('answered-new', said('agent', 8000)), c('waits-long', said('visitor', 3000))];
    expect(list.sort(byTurn).map((x) => x.id)).toEqual(['waits-long', 'waits-short', 'answered-new', 'answered-old']);
  });
});
