import type { AgentView, ConversationSummary, Message, OfflineTicket } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import {
  allOpen,
  initialState,
  insertMessage,
  mine,
  openChatsOf,
  openTickets,
  queue,
  reducer,
  resumePoints,
  seenUpTo,
  timeline,
  UNREAD_CAP,
  unreadIn,
  unreadLabel,
  unreadOf,
  visitorTyping,
  type Action,
  type AgentOutgoing,
  type SendFrame,
  type State,
} from './state.js';

const me: AgentView = { id: 'a_me', email: 'me@x', name: 'Me', role: 'agent', avatarUrl: null, status: 'online', maxChats: 5, active: true };

function conv(id: string, over: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    state: 'queued',
    agent: null,
    lastSeq: 0,
    createdAt: 1000,
    closedAt: null,
    rating: null,
    siteId: 'default',
    visitor: { id: `v_${id}`, name: null, email: null, userId: null, verified: false, attributes: {}, page: null, userAgent: null, timezone: null, locale: null, createdAt: 1000 },
    handoffReason: 'requested',
    queuedAt: 1000,
    lastMessage: null,
    resolution: null,
    agentSeenSeq: 0,
    visitorSeenSeq: 0,
    ...over,
  };
}

function msg(conversationId: string, seq: number, over: Partial<Message> = {}): Message {
  return { id: `m_${conversationId}_${seq}`, conversationId, seq, kind: 'text', author: { kind: 'visitor' }, text: `t${seq}`, createdAt: 1000 + seq, ...over };
}

const run = (actions: Action[], from: State = initialState) => actions.reduce(reducer, from);
const frame = (f: Extract<Action, { type: 'frame' }>['frame'], now = 5000): Action => ({ type: 'frame', frame: f, now });
const ready = (conversations: ConversationSummary[], tickets: OfflineTicket[] = []) => frame({ type: 'ready', v: 1, agent: me, conversations, agents: [me], tickets, heartbeatMs: 30000 });
const ticket = (id: string, over: Partial<OfflineTicket> = {}): OfflineTicket => ({ id, siteId: 'default', visitorId: `v_${id}`, conversationId: null, name: null, email: 'a@b.example', message: 'hi', createdAt: 1, status: 'open', ...over });

describe('reducer', () => {
  it('ready loads the open conversations; views sort and filter them', () => {
    const s = run([
      ready([
        conv('c1', { queuedAt: 3000 }),
        conv('c2', { queuedAt: 2000 }),
        conv('c3', { state: 'assigned', agent: { id: 'a_me', name: 'Me' }, lastMessage: { text: 'x', author: 'visitor', createdAt: 9000 } }),
        conv('c4', { state: 'assigned', agent: { id: 'a_other', name: 'O' } }),
        conv('c5', { state: 'bot', queuedAt: null }),
      ]),
    ]);
    expect(s.connection).toBe('online');
    expect(queue(s).map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(mine(s).map((c) => c.id)).toEqual(['c3']);
    // Waiting for a person, longest first (c4: queued at 1000, nobody answered yet), then the bot's.
    expect(allOpen(s).map((c) => c.id)).toEqual(['c4', 'c2', 'c1', 'c3', 'c5']);
  });

  it("counts each agent's open chats from the conversations it keeps, as they are routed and closed", () => {
    const mineAt = (id: string) => conv(id, { state: 'assigned', agent: { id: 'a_me', name: 'Me' } });
    let s = run([ready([mineAt('c1'), conv('c2'), conv('c3', { state: 'assigned', agent: { id: 'a_other', name: 'O' } })])]);
    expect(openChatsOf(s, 'a_me')).toBe(1);
    expect(openChatsOf(s, 'a_other')).toBe(1);
    s = reducer(s, frame({ type: 'conversation', conversation: mineAt('c2') }));
    expect(openChatsOf(s, 'a_me')).toBe(2);
    s = reducer(s, frame({ type: 'conversation', conversation: { ...mineAt('c1'), state: 'closed' } }));
    expect(openChatsOf(s, 'a_me')).toBe(1);
    expect(mine(s)).toHaveLength(openChatsOf(s, 'a_me'));
  });

  it('keeps open tickets from ready and ticket frames, so their count survives a reload and follows others', () => {
    let s = run([ready([], [ticket('t2', { createdAt: 2 }), ticket('t1')])]);
    expect(openTickets(s).map((t) => t.id)).toEqual(['t2', 't1']);
    // Another agent marks one done: the frame replaces it.
    s = reducer(s, frame({ type: 'ticket', ticket: ticket('t1', { status: 'done' }) }));
    expect(openTickets(s).map((t) => t.id)).toEqual(['t2']);
    s = reducer(s, { type: 'tickets', tickets: [ticket('t0', { status: 'done', createdAt: 0 })] });
    expect(s.tickets.map((t) => t.id)).toEqual(['t2', 't1', 't0']);
    // A reconnect: the open ones are exactly ready's; done ones fetched earlier stay.
    s = reducer(s, ready([], [ticket('t3', { createdAt: 3 })]));
    expect(openTickets(s).map((t) => t.id)).toEqual(['t3']);
    expect(s.tickets.map((t) => t.id)).toEqual(['t3', 't1', 't0']);
  });

  it('a conversation frame moves a chat between views', () => {
    const s = run([ready([conv('c1')]), frame({ type: 'conversation', conversation: conv('c1', { state: 'assigned', agent: { id: 'a_me', name: 'Me' } }) })]);
    expect(queue(s)).toEqual([]);
    expect(mine(s).map((c) => c.id)).toEqual(['c1']);
  });

  it('counts unread visitor messages in conversations not open, and clears them on select', () => {
    let s = run([ready([conv('c1'), conv('c2')]), { type: 'select', conversationId: 'c2' }]);
    s = run([frame({ type: 'message', message: msg('c1', 1) }), frame({ type: 'message', message: msg('c1', 2) }), frame({ type: 'message', message: msg('c2', 1) })], s);
    s = run([frame({ type: 'message', message: msg('c1', 3, { author: { kind: 'bot' } }) })], s);
    expect(s.unread).toEqual({ c1: 2 });
    expect(unreadIn(s, queue(s))).toEqual({ count: 2, more: false });
    expect(s.conversations.c1!.lastMessage).toEqual({ text: 't3', author: 'bot', createdAt: 1003 });
    s = reducer(s, { type: 'select', conversationId: 'c1' });
    expect(s.unread).toEqual({});
  });

  describe('unread in my chats, from the stored read state (survives a reload)', () => {
    const assigned = { state: 'assigned' as const, agent: { id: 'a_me', name: 'Me' } };
    const fromVisitor = { text: 'hi', author: 'visitor' as const, createdAt: 2000 };
    const u = (s: State, id: string) => unreadOf(s, s.conversations[id]!);

    it('estimates lastSeq - agentSeenSeq before the log is loaded, capped, and 0 once an agent wrote last', () => {
      const s = run([
        ready([
          conv('c1', { ...assigned, lastSeq: 7, agentSeenSeq: 4, lastMessage: fromVisitor }),
          conv('c2', { ...assigned, lastSeq: 40, agentSeenSeq: 2, lastMessage: fromVisitor }),
          conv('c3', { ...assigned, lastSeq: 9, agentSeenSeq: 5, lastMessage: { ...fromVisitor, author: 'agent' } }),
          conv('c4', { ...assigned, lastSeq: 6, agentSeenSeq: 6, lastMessage: fromVisitor }),
          // Someone else's chat: their read state is not mine.
          conv('c5', { state: 'assigned', agent: { id: 'a_other', name: 'O' }, lastSeq: 6, agentSeenSeq: 0, lastMessage: fromVisitor }),
        ]),
      ]);
      expect(u(s, 'c1')).toEqual({ count: 3, more: false });
      expect(u(s, 'c2')).toEqual({ count: UNREAD_CAP, more: true });
      expect(unreadLabel(u(s, 'c2'))).toBe('9+');
      expect(u(s, 'c3').count).toBe(0);
      expect(u(s, 'c4').count).toBe(0);
      expect(u(s, 'c5').count).toBe(0);
      expect(unreadIn(s, mine(s))).toEqual({ count: 3 + UNREAD_CAP, more: true });
    });

    it('counts exactly from the loaded log, follows live messages, and clears on open and on read', () => {
      let s = run([
        ready([conv('c1', { ...assigned, lastSeq: 5, agentSeenSeq: 2, lastMessage: fromVisitor })]),
        {
          type: 'history',
          conversationId: 'c1',
          messages: [
            msg('c1', 1),
            msg('c1', 2, { author: { kind: 'agent' } }),
            msg('c1', 3),
            msg('c1', 4, { kind: 'event', author: { kind: 'system' } }),
            msg('c1', 5, { kind: 'note', author: { kind: 'agent' } }),
          ],
        },
      ]);
      // Only visitor texts after agentSeenSeq: seq 3 (the event and the note do not count).
      expect(u(s, 'c1')).toEqual({ count: 1, more: false });
      s = reducer(s, frame({ type: 'message', message: msg('c1', 6) }));
      expect(u(s, 'c1').count).toBe(2);
      s = reducer(s, { type: 'select', conversationId: 'c1' });
      expect(u(s, 'c1').count).toBe(0);
      s = run([{ type: 'read', conversationId: 'c1', seq: 6 }, { type: 'select', conversationId: null }], s);
      expect(u(s, 'c1').count).toBe(0);
      // A stale summary (agentSeenSeq still 2) does not bring the count back; a new message does.
      s = run([frame({ type: 'conversation', conversation: conv('c1', { ...assigned, lastSeq: 6, agentSeenSeq: 2, lastMessage: fromVisitor }) })], s);
      expect(u(s, 'c1').count).toBe(0);
      s = reducer(s, frame({ type: 'message', message: msg('c1', 7) }));
      expect(u(s, 'c1').count).toBe(1);
      expect(reducer(s, { type: 'read', conversationId: 'c1', seq: 3 }).read.c1).toBe(6);
    });

    it('a live visitor message in an unloaded chat of mine raises the estimate', () => {
      let s = run([ready([conv('c1', { ...assigned, lastSeq: 4, agentSeenSeq: 4, lastMessage: { ...fromVisitor, author: 'agent' } })])]);
      expect(u(s, 'c1').count).toBe(0);
      s = reducer(s, frame({ type: 'message', message: msg('c1', 5, { createdAt: 3000 }) }));
      expect(u(s, 'c1')).toEqual({ count: 1, more: false });
    });
  });

  it('appends live messages only to loaded logs, in seq order and without duplicates', () => {
    let s = run([ready([conv('c1')]), frame({ type: 'message', message: msg('c1', 5) })]);
    expect(s.messages.c1).toBeUndefined();
    s = run([{ type: 'history', conversationId: 'c1', messages: [msg('c1', 1), msg('c1', 2)] }, frame({ type: 'message', message: msg('c1', 4) }), frame({ type: 'message', message: msg('c1', 3) }), frame({ type: 'message', message: msg('c1', 4) })], s);
    expect(s.messages.c1!.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(insertMessage([msg('c1', 1)], msg('c1', 1))).toHaveLength(1);
  });

  it('turns an ack into the sent message (the sender gets no message frame) and a final error into a failed line', () => {
    let s = run([ready([conv('c1', { state: 'assigned', agent: { id: 'a_me', name: 'Me' } })]), { type: 'history', conversationId: 'c1', messages: [msg('c1', 1)] }]);
    const send = (id: string, text: string, internal = false): SendFrame => ({ type: 'message', id, conversationId: 'c1', text, ...(internal ? { internal } : {}) });
    // The client's outbox, as the core keeps it: a frame leaves it when acked or refused for good.
    let outbox: AgentOutgoing[] = [send('k1', 'hello'), send('k2', 'secret', true), send('k3', 'nope'), send('k4', 'later')];
    expect(timeline(s, outbox, 'c1').pending.map((p) => [p.frame.id, p.error])).toEqual([['k1', undefined], ['k2', undefined], ['k3', undefined], ['k4', undefined]]);
    const answer = (f: Extract<Action, { type: 'frame' }>['frame'], id: string, leaves = true): Action => {
      const sent = outbox.find((o) => o.id === id)!;
      if (leaves) outbox = outbox.filter((o) => o.id !== id);
      return { type: 'frame', frame: f, sent, now: 3000 };
    };
    s = run([
      answer({ type: 'ack', id: 'k1', messageId: 'm_a', conversationId: 'c1', seq: 2 }, 'k1'),
      answer({ type: 'ack', id: 'k2', messageId: 'm_b', conversationId: 'c1', seq: 3 }, 'k2'),
      answer({ type: 'error', id: 'k3', code: 'FORBIDDEN', message: 'Claim first.', retryable: false }, 'k3'),
      answer({ type: 'error', id: 'k4', code: 'RATE_LIMITED', message: 'Slow down.', retryable: true }, 'k4', false),
    ], s);
    const { messages, pending } = timeline(s, outbox, 'c1');
    expect(messages.map((m) => [m.seq, m.kind, m.author.kind, m.text, m.clientId])).toEqual([
      [1, 'text', 'visitor', 't1', undefined],
      [2, 'text', 'agent', 'hello', 'k1'],
      [3, 'note', 'agent', 'secret', 'k2'],
    ]);
    // Each line comes from one place: k3 from `failed`, k4 (to be resent by the core) from the outbox.
    expect(pending.map((p) => [p.frame.id, p.error])).toEqual([['k3', 'Claim first.'], ['k4', undefined]]);
    expect(Object.keys(s.failed)).toEqual(['k3']);
    s = reducer(s, { type: 'dismiss', clientId: 'k3' });
    expect(timeline(s, outbox, 'c1').pending.map((p) => p.frame.id)).toEqual(['k4']);
    // An ack with no frame of mine behind it (another tab, or already discarded) adds nothing.
    expect(reducer(s, frame({ type: 'ack', id: 'zz', messageId: 'm_z', conversationId: 'c1', seq: 9 }))).toBe(s);
  });

  it('resumes each loaded log after its last seq', () => {
    const s = run([
      ready([conv('c1'), conv('c2')]),
      { type: 'history', conversationId: 'c1', messages: [msg('c1', 1), msg('c1', 2)] },
      { type: 'history', conversationId: 'c2', messages: [] },
      frame({ type: 'message', message: msg('c1', 7) }),
      frame({ type: 'message', message: msg('c3', 4) }),
    ]);
    expect(resumePoints(s)).toEqual([
      { conversationId: 'c1', afterSeq: 7 },
      { conversationId: 'c2', afterSeq: 0 },
    ]);
  });

  it('shows visitor typing until off, a message, or the timeout', () => {
    let s = run([ready([conv('c1')]), frame({ type: 'typing', conversationId: 'c1', author: { kind: 'visitor' }, on: true }, 1000)]);
    expect(visitorTyping(s, 'c1', 1500)).toBe(true);
    expect(visitorTyping(s, 'c1', 1000 + 7000)).toBe(false);
    s = reducer(s, frame({ type: 'message', message: msg('c1', 1) }));
    expect(visitorTyping(s, 'c1', 1500)).toBe(false);
    s = reducer(s, frame({ type: 'typing', conversationId: 'c1', author: { kind: 'agent', id: 'a_x' }, on: true }, 1000));
    expect(visitorTyping(s, 'c1', 1500)).toBe(false);
  });

  it('marks the latest agent message at or below the visitor seen seq', () => {
    let s = run([
      ready([conv('c1')]),
      { type: 'history', conversationId: 'c1', messages: [msg('c1', 1), msg('c1', 2, { author: { kind: 'agent' } }), msg('c1', 3, { kind: 'note', author: { kind: 'agent' } }), msg('c1', 4, { author: { kind: 'agent' } })] },
    ]);
    expect(seenUpTo(s, 'c1')).toBeNull();
    s = reducer(s, frame({ type: 'seen', conversationId: 'c1', seq: 3, by: 'visitor' }));
    expect(seenUpTo(s, 'c1')).toBe(2);
    s = reducer(s, frame({ type: 'seen', conversationId: 'c1', seq: 1, by: 'visitor' }));
    expect(seenUpTo(s, 'c1')).toBe(2);
    s = reducer(s, frame({ type: 'seen', conversationId: 'c1', seq: 4, by: 'visitor' }));
    expect(seenUpTo(s, 'c1')).toBe(4);
  });

  it("shows 'Seen' from the summary's visitorSeenSeq after a reload", () => {
    const s = run([
      ready([conv('c1', { state: 'assigned', agent: { id: 'a_me', name: 'Me' }, lastSeq: 3, visitorSeenSeq: 2 })]),
      { type: 'history', conversationId: 'c1', messages: [msg('c1', 1), msg('c1', 2, { author: { kind: 'agent' } }), msg('c1', 3, { author: { kind: 'agent' } })] },
    ]);
    expect(seenUpTo(s, 'c1')).toBe(2);
  });

  it('tracks presence of others and of me, agents fetched or saved, and new tickets', () => {
    let s = run([ready([]), frame({ type: 'presence', agent: { ...me, status: 'away', maxChats: 2 } })]);
    expect(s.me!.status).toBe('away');
    expect(s.me!.maxChats).toBe(2);
    s = reducer(s, { type: 'agents', agents: [{ ...me, id: 'a_new', name: 'New' }, { ...me, maxChats: 3 }] });
    expect(Object.keys(s.agents).sort()).toEqual(['a_me', 'a_new']);
    expect(s.me!.maxChats).toBe(3);
    s = reducer(s, frame({ type: 'ticket', ticket: ticket('t1') }));
    expect(s.tickets.map((t) => t.id)).toEqual(['t1']);
  });

  it('keeps closed conversations from search across a reconnect', () => {
    let s = run([ready([conv('c1')]), { type: 'upsert', conversations: [conv('old', { state: 'closed' })] }]);
    s = reducer(s, ready([conv('c2')]));
    expect(Object.keys(s.conversations).sort()).toEqual(['c2', 'old']);
  });
});
