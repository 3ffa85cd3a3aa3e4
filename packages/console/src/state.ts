/**
 * The console's state and its one reducer. Socket frames and user actions become `Action`s; the
 * views read through the selectors below. Pure, so it is unit-tested without a browser.
 *
 * A message this console sends lives in one place at a time: in the client's outbox while it is
 * on its way (the core resends it until acked), here in `failed` once the relay refused it for
 * good, and in `messages` once stored. "Sending…" and "Not sent" are read from those two.
 */
import type { AgentClientFrame, AgentServerFrame, AgentView, ConversationSummary, Message, OfflineTicket } from '@switchboard/protocol';
import type { Outgoing, ResumePoint } from '@switchboard/protocol/client';
import { byTurn } from './turn.js';

/** `closed`: the relay closed with a final code that does not end the session; no reconnect. */
export type Connection = 'connecting' | 'online' | 'offline' | 'closed';

/** A frame in the client's outbox. */
export type AgentOutgoing = Outgoing<AgentClientFrame>;
export type SendFrame = Extract<AgentClientFrame, { type: 'message' }>;

/** A message the relay refused for good (the outbox let go of it): retried or discarded by the agent. */
export interface Failed {
  frame: SendFrame;
  error: string;
}

/** A line of mine not stored yet: sending (in the outbox) or failed (`error`). */
export interface PendingLine {
  frame: SendFrame;
  error?: string;
}

export interface State {
  me: AgentView | null;
  agents: Record<string, AgentView>;
  conversations: Record<string, ConversationSummary>;
  /** Full logs of conversations that were opened in this session, by seq. */
  messages: Record<string, Message[]>;
  /** By client id. */
  failed: Record<string, Failed>;
  /**
   * Visitor messages that arrived live in conversations not open, per conversation. Used for
   * chats not assigned to me; mine count from the stored read state (see `unreadOf`).
   */
  unread: Record<string, number>;
  /** Highest seq this console has sent `seen` for, ahead of the next summary's `agentSeenSeq`. */
  read: Record<string, number>;
  /** Visitor typing: until when (ms) to show it. */
  typing: Record<string, number>;
  /** Highest seq the visitor has seen, per conversation. */
  seen: Record<string, number>;
  /**
   * Offline tickets, newest first: the open ones from `ready` and `ticket` frames (so their count is
   * true without a reload), and done ones once the Tickets page has fetched them.
   */
  tickets: OfflineTicket[];
  selected: string | null;
  connection: Connection;
  /** The last refused frame or failed call, for the status line. */
  error: string | null;
}

export const initialState: State = {
  me: null,
  agents: {},
  conversations: {},
  messages: {},
  failed: {},
  unread: {},
  read: {},
  typing: {},
  seen: {},
  tickets: [],
  selected: null,
  connection: 'connecting',
  error: null,
};

export type Action =
  /** `sent`: the outbox frame an `ack` or `error` answers. */
  | { type: 'frame'; frame: AgentServerFrame; sent?: AgentOutgoing; now: number }
  | { type: 'connection'; connection: Connection }
  | { type: 'history'; conversationId: string; messages: Message[] }
  | { type: 'upsert'; conversations: ConversationSummary[] }
  /** Tickets fetched over REST (the done ones): merged by id. */
  | { type: 'tickets'; tickets: OfflineTicket[] }
  /** Agents fetched over REST or just saved: merged by id. */
  | { type: 'agents'; agents: AgentView[] }
  | { type: 'select'; conversationId: string | null }
  /** This console told the relay it has read `conversationId` up to `seq`. */
  | { type: 'read'; conversationId: string; seq: number }
  /** A failed message was retried (back in the outbox) or discarded. */
  | { type: 'dismiss'; clientId: string }
  | { type: 'error'; message: string | null };

/** How long a visitor `typing: on` is shown without a follow-up. */
export const TYPING_MS = 6000;

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/** Inserts by seq, ignoring a message already there (same id or same seq). */
export function insertMessage(list: readonly Message[], message: Message): Message[] {
  if (list.some((m) => m.id === message.id || m.seq === message.seq)) return list as Message[];
  const out = [...list];
  let i = out.length;
  while (i > 0 && out[i - 1]!.seq > message.seq) i--;
  out.splice(i, 0, message);
  return out;
}

/** Newest first; a ticket already known (same id) is replaced. */
function mergeTickets(list: readonly OfflineTicket[], incoming: readonly OfflineTicket[]): OfflineTicket[] {
  const ids = new Set(incoming.map((t) => t.id));
  return [...incoming, ...list.filter((t) => !ids.has(t.id))].sort((a, b) => b.createdAt - a.createdAt);
}

function mergeAgents(state: State, agents: readonly AgentView[]): State {
  const all = { ...state.agents };
  let me = state.me;
  for (const a of agents) {
    all[a.id] = a;
    if (me?.id === a.id) me = a;
  }
  return { ...state, agents: all, me };
}

function mergeMessages(list: readonly Message[], incoming: readonly Message[]): Message[] {
  let out = list as Message[];
  for (const m of incoming) out = insertMessage(out, m);
  return out;
}

function onFrame(state: State, frame: AgentServerFrame, now: number, sent?: AgentOutgoing): State {
  switch (frame.type) {
    case 'ready': {
      const conversations: Record<string, ConversationSummary> = {};
      // Closed ones we already know stay (the Closed view and search put them there).
      for (const c of Object.values(state.conversations)) if (c.state === 'closed') conversations[c.id] = c;
      for (const c of frame.conversations) conversations[c.id] = c;
      const agents: Record<string, AgentView> = {};
      for (const a of frame.agents) agents[a.id] = a;
      agents[frame.agent.id] = frame.agent;
      // The open tickets are exactly those in `ready`; done ones we fetched stay.
      const tickets = mergeTickets(
        state.tickets.filter((t) => t.status === 'done'),
        frame.tickets,
      );
      return { ...state, me: frame.agent, agents, conversations, tickets, connection: 'online', error: null };
    }
    case 'conversation': {
      const c = frame.conversation;
      return { ...state, conversations: { ...state.conversations, [c.id]: c } };
    }
    case 'message': {
      const m = frame.message;
      const loaded = state.messages[m.conversationId];
      const messages = loaded ? { ...state.messages, [m.conversationId]: insertMessage(loaded, m) } : state.messages;
      const c = state.conversations[m.conversationId];
      const conversations =
        c && m.kind === 'text' && (!c.lastMessage || c.lastMessage.createdAt <= m.createdAt)
          ? { ...state.conversations, [c.id]: { ...c, lastSeq: Math.max(c.lastSeq, m.seq), lastMessage: { text: m.text, author: m.author.kind, createdAt: m.createdAt } } }
          : c && m.seq > c.lastSeq
            ? { ...state.conversations, [c.id]: { ...c, lastSeq: m.seq } }
            : state.conversations;
      const unread =
        m.author.kind === 'visitor' && state.selected !== m.conversationId
          ? { ...state.unread, [m.conversationId]: (state.unread[m.conversationId] ?? 0) + 1 }
          : state.unread;
      // A visitor message ends their typing indicator.
      const typing = m.author.kind === 'visitor' ? omit(state.typing, m.conversationId) : state.typing;
      return { ...state, messages, conversations, unread, typing };
    }
    case 'ack': {
      // The sender gets no `message` frame for its own message: the ack and the sent frame make it.
      if (sent?.type !== 'message' || !frame.messageId || frame.seq === undefined) return state;
      const me = state.me;
      const message: Message = {
        id: frame.messageId,
        conversationId: sent.conversationId,
        seq: frame.seq,
        clientId: sent.id,
        kind: sent.internal ? 'note' : 'text',
        author: { kind: 'agent', ...(me ? { id: me.id, name: me.name } : {}) },
        text: sent.text,
        createdAt: now,
      };
      return onFrame(state, { type: 'message', message }, now);
    }
    case 'error':
      // A retryable refusal stays in the outbox (the core resends it): still "sending".
      if (sent?.type === 'message' && !frame.retryable) {
        return { ...state, failed: { ...state.failed, [sent.id]: { frame: sent, error: frame.message } }, error: frame.message };
      }
      return { ...state, error: frame.message };
    case 'typing':
      if (frame.author.kind !== 'visitor') return state;
      return { ...state, typing: frame.on ? { ...state.typing, [frame.conversationId]: now + TYPING_MS } : omit(state.typing, frame.conversationId) };
    case 'seen':
      if (frame.by !== 'visitor') return state;
      return { ...state, seen: { ...state.seen, [frame.conversationId]: Math.max(state.seen[frame.conversationId] ?? 0, frame.seq) } };
    case 'presence':
      return mergeAgents(state, [frame.agent]);
    case 'ticket':
      return { ...state, tickets: mergeTickets(state.tickets, [frame.ticket]) };
    case 'synced':
    case 'pong':
    // Who else views a conversation lives in collision.ts.
    case 'viewing':
      return state;
  }
}

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'frame':
      return onFrame(state, action.frame, action.now, action.sent);
    case 'connection':
      return { ...state, connection: action.connection };
    case 'history':
      return { ...state, messages: { ...state.messages, [action.conversationId]: mergeMessages(state.messages[action.conversationId] ?? [], action.messages) } };
    case 'upsert': {
      const conversations = { ...state.conversations };
      for (const c of action.conversations) conversations[c.id] = c;
      return { ...state, conversations };
    }
    case 'tickets':
      return { ...state, tickets: mergeTickets(state.tickets, action.tickets) };
    case 'agents':
      return mergeAgents(state, action.agents);
    case 'select':
      return { ...state, selected: action.conversationId, unread: action.conversationId ? omit(state.unread, action.conversationId) : state.unread };
    case 'read': {
      if ((state.read[action.conversationId] ?? 0) >= action.seq) return state;
      return { ...state, read: { ...state.read, [action.conversationId]: action.seq } };
    }
    case 'dismiss':
      return { ...state, failed: omit(state.failed, action.clientId) };
    case 'error':
      return { ...state, error: action.message };
  }
}

// ---------------------------------------------------------------- selectors

export type ViewName = 'queue' | 'mine' | 'open' | 'tickets' | 'closed';

export const VIEW_LABELS: Record<ViewName, string> = {
  queue: 'Unassigned',
  mine: 'Mine',
  open: 'All open',
  tickets: 'Offline tickets',
  closed: 'Closed',
};

/** The queue, oldest first (by the time it entered the queue). */
export function queue(state: State): ConversationSummary[] {
  return Object.values(state.conversations)
    .filter((c) => c.state === 'queued')
    .sort((a, b) => (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt));
}

/** Mine: who waits longest for my answer first, then the rest by last activity. */
export function mine(state: State): ConversationSummary[] {
  const id = state.me?.id;
  return Object.values(state.conversations)
    .filter((c) => c.state === 'assigned' && c.agent?.id === id)
    .sort(byTurn);
}

export function allOpen(state: State): ConversationSummary[] {
  return Object.values(state.conversations)
    .filter((c) => c.state !== 'closed')
    .sort(byTurn);
}

/**
 * How many chats an agent holds: counted from the conversations this console keeps (the socket
 * keeps them current), never a number kept beside them.
 */
export function openChatsOf(state: State, agentId: string): number {
  let n = 0;
  for (const c of Object.values(state.conversations)) if (c.state === 'assigned' && c.agent?.id === agentId) n++;
  return n;
}

export function openTickets(state: State): OfflineTicket[] {
  return state.tickets.filter((t) => t.status === 'open');
}

/** A chat of mine I have not opened yet (routed or transferred to me): shown as "New". */
export function isNewToMe(state: State, c: ConversationSummary): boolean {
  return c.state === 'assigned' && !!state.me && c.agent?.id === state.me.id && state.selected !== c.id && mySeenSeq(state, c) === 0;
}

/** Above this, an estimate made without the log is shown as "9+". */
export const UNREAD_CAP = 9;

export interface Unread {
  count: number;
  /** `count` is a floor: the estimate went past `UNREAD_CAP`. */
  more: boolean;
}

const NONE: Unread = { count: 0, more: false };

/** The highest seq I have read in a conversation, as the relay stored it or as I just sent it. */
export function mySeenSeq(state: State, c: ConversationSummary): number {
  return Math.max(c.agentSeenSeq, state.read[c.id] ?? 0);
}

/**
 * Unread visitor messages. For a chat assigned to me it comes from the stored read state, so it
 * survives a reload: exact once the log is loaded; before that `lastSeq - agentSeenSeq`, which
 * also counts events and bot lines, so it is capped, and nothing is unread when the last text was
 * not the visitor's (an agent answered after it). Other chats count what arrived live.
 */
export function unreadOf(state: State, c: ConversationSummary): Unread {
  if (state.selected === c.id) return NONE;
  const mineAssigned = c.state === 'assigned' && !!state.me && c.agent?.id === state.me.id;
  if (!mineAssigned) {
    const n = state.unread[c.id] ?? 0;
    return n ? { count: n, more: false } : NONE;
  }
  const seen = mySeenSeq(state, c);
  const log = state.messages[c.id];
  if (log) {
    const n = log.filter((m) => m.seq > seen && m.kind === 'text' && m.author.kind === 'visitor').length;
    return n ? { count: n, more: false } : NONE;
  }
  if (c.lastSeq <= seen || c.lastMessage?.author !== 'visitor') return NONE;
  const n = c.lastSeq - seen;
  return { count: Math.min(n, UNREAD_CAP), more: n > UNREAD_CAP };
}

export function unreadIn(state: State, list: readonly ConversationSummary[]): Unread {
  let count = 0;
  let more = false;
  for (const c of list) {
    const u = unreadOf(state, c);
    count += u.count;
    more ||= u.more;
  }
  return { count, more };
}

export function unreadLabel(u: Unread): string {
  return `${u.count}${u.more ? '+' : ''}`;
}

export function visitorTyping(state: State, conversationId: string, now: number): boolean {
  return (state.typing[conversationId] ?? 0) > now;
}

/** Stored messages, then mine not stored yet: failed ones, then those in the outbox, oldest first. */
export function timeline(state: State, outbox: readonly AgentOutgoing[], conversationId: string): { messages: Message[]; pending: PendingLine[] } {
  const failed = Object.values(state.failed).filter((f) => f.frame.conversationId === conversationId);
  const sending = outbox.filter((f): f is SendFrame => f.type === 'message' && f.conversationId === conversationId);
  return { messages: state.messages[conversationId] ?? [], pending: [...failed, ...sending.map((frame) => ({ frame }))] };
}

/** Where to resume after a reconnect: each conversation whose log is loaded, after its last seq. */
export function resumePoints(state: State): ResumePoint[] {
  return Object.entries(state.messages).map(([conversationId, list]) => ({ conversationId, afterSeq: list.at(-1)?.seq ?? 0 }));
}

/** The seq of the latest agent text the visitor has seen, or null. */
export function seenUpTo(state: State, conversationId: string): number | null {
  // The summary's visitorSeenSeq makes "Seen" survive a reload; live `seen` frames move it on.
  const seen = Math.max(state.seen[conversationId] ?? 0, state.conversations[conversationId]?.visitorSeenSeq ?? 0);
  if (seen === 0) return null;
  const list = state.messages[conversationId] ?? [];
  let best: number | null = null;
  for (const m of list) if (m.kind === 'text' && m.author.kind === 'agent' && m.seq <= seen) best = m.seq;
  return best;
}

export function displayName(c: ConversationSummary): string {
  return c.visitor.name?.trim() || c.visitor.email?.trim() || `Visitor ${c.visitor.id.slice(-6)}`;
}
