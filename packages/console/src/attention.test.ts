import type { AgentView, ConversationSummary } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { arrivals, snapshot, stillPending, waitingForMe } from './attention.js';
import { initialState, reducer, type Action, type State } from './state.js';

const me: AgentView = { id: 'a_me', email: 'me@x', name: 'Me', role: 'agent', avatarUrl: null, status: 'online', maxChats: 5, active: true };

function conv(id: string, over: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    state: 'queued',
    agent: null,
    lastSeq: 2,
    createdAt: 1000,
    closedAt: null,
    rating: null,
    siteId: 'default',
    visitor: { id: `v_${id}`, name: id, email: null, userId: null, verified: false, attributes: {}, page: null, userAgent: null, timezone: null, locale: null, createdAt: 1000 },
    handoffReason: 'requested',
    queuedAt: 1000,
    lastMessage: null,
    resolution: null,
    agentSeenSeq: 0,
    visitorSeenSeq: 0,
    ...over,
  };
}
const mineConv = (id: string, over: Partial<ConversationSummary> = {}) => conv(id, { state: 'assigned', agent: { id: 'a_me', name: 'Me' }, ...over });
const frame = (f: Extract<Action, { type: 'frame' }>['frame']): Action => ({ type: 'frame', frame: f, now: 5000 });
const ready = (conversations: ConversationSummary[]) => frame({ type: 'ready', v: 1, agent: me, conversations, agents: [me], tickets: [], heartbeatMs: 30000 });
const changed = (s: State, c: ConversationSummary) => reducer(s, frame({ type: 'conversation', conversation: c }));
const kinds = (before: State, after: State) => arrivals(snapshot(before), after).map((a) => [a.kind, a.conversation.id]);

describe('attention', () => {
  it('a chat entering the queue, routed to me, or transferred to me arrives; the rest does not', () => {
    const s0 = reducer(initialState, ready([conv('q1'), mineConv('m1'), conv('o1', { state: 'assigned', agent: { id: 'a_o', name: 'O' } })]));
    expect(kinds(s0, changed(s0, conv('q2')))).toEqual([['queued', 'q2']]);
    expect(kinds(s0, changed(s0, mineConv('q1')))).toEqual([['assigned', 'q1']]);
    expect(kinds(s0, changed(s0, mineConv('o1')))).toEqual([['transferred', 'o1']]);
    // A new chat that skipped the queue (routed at once) is still news.
    expect(kinds(s0, changed(s0, mineConv('n1')))).toEqual([['assigned', 'n1']]);
    // A visitor message, my chat moving on, or a chat going to someone else: nothing.
    expect(kinds(s0, changed(s0, mineConv('m1', { lastSeq: 9 })))).toEqual([]);
    expect(kinds(s0, changed(s0, conv('q1', { state: 'assigned', agent: { id: 'a_o', name: 'O' } })))).toEqual([]);
  });

  it('what I claim or reopen while looking at it is no news', () => {
    const s0 = reducer(reducer(initialState, ready([conv('q1')])), { type: 'select', conversationId: 'q1' });
    expect(kinds(s0, changed(s0, mineConv('q1')))).toEqual([]);
  });

  it('an arrival stops asking for attention once opened, taken by someone else, or no longer mine', () => {
    let s = reducer(initialState, ready([conv('q1'), mineConv('m1')]));
    expect(stillPending('queued', s.conversations.q1, s)).toBe(true);
    expect(stillPending('assigned', s.conversations.m1, s)).toBe(true);
    s = changed(s, conv('q1', { state: 'assigned', agent: { id: 'a_o', name: 'O' } }));
    expect(stillPending('queued', s.conversations.q1, s)).toBe(false);
    s = reducer(s, { type: 'select', conversationId: 'm1' });
    expect(stillPending('assigned', s.conversations.m1, s)).toBe(false);
  });

  it('the title badge counts the queue and my chats that are new to me or have unread visitor messages', () => {
    const fromVisitor = { text: 'hi', author: 'visitor' as const, createdAt: 2000 };
    let s = reducer(
      initialState,
      ready([
        conv('q1'),
        // Routed to me, never opened.
        mineConv('new', { lastMessage: { ...fromVisitor, author: 'bot' } }),
        // Read up to seq 2, then the visitor wrote.
        mineConv('unread', { lastSeq: 3, agentSeenSeq: 2, lastMessage: fromVisitor }),
        // Read, and I answered last.
        mineConv('done', { lastSeq: 4, agentSeenSeq: 4, lastMessage: { ...fromVisitor, author: 'agent' } }),
      ]),
    );
    expect(waitingForMe(s)).toBe(3);
    s = reducer(s, { type: 'read', conversationId: 'new', seq: 2 });
    expect(waitingForMe(s)).toBe(2);
  });
});
