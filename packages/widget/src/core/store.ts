/** The widget's state: one typed object, replaced (never mutated) on every change. */
import type { Author, ConversationView, Message, Suggestion, VisitorServerFrame } from '@switchboard/protocol';

type Welcome = Extract<VisitorServerFrame, { type: 'welcome' }>;
import type { Strings } from '../i18n/en.js';

/** A line in the panel: a stored message, or the visitor's own message before its ack. */
export interface Line {
  /** Server message id once stored, the client id before. */
  key: string;
  clientId?: string;
  conversationId?: string;
  /** `Infinity` until stored, so pending lines sort last. */
  seq: number;
  kind: Message['kind'];
  author: Author;
  text: string;
  createdAt: number;
  /** Visitor's own lines only. `retrying`: not acked and the connection dropped or the relay asked to retry. */
  status?: 'sending' | 'sent' | 'retrying' | 'failed';
  quickReplies?: string[];
  suggestions?: Suggestion[];
  event?: Message['event'];
}

export type ConnState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'down';
/** Which form, if any, replaces the composer. */
export type Form = 'none' | 'prechat' | 'offline' | 'ticketSent';

export interface State {
  t: Strings;
  open: boolean;
  conn: ConnState;
  site: Welcome['site'] | null;
  conversation: ConversationView | null;
  lines: Line[];
  agentsAvailable: boolean;
  typing: Author | null;
  unread: number;
  form: Form;
  /** Conversation id the visitor already rated (hides the prompt). */
  rated: string | null;
  /** A relay error worth showing (non-retryable). */
  notice: string | null;
  /** How far the assigned agent has read: the highest seq from a `seen` frame, per conversation. */
  agentSeen: { conversationId: string; seq: number } | null;
}

export interface Store {
  get(): State;
  set(patch: Partial<State>): void;
  subscribe(fn: (s: State) => void): () => void;
}

export function createStore(initial: State): Store {
  let state = initial;
  const subs = new Set<(s: State) => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const fn of subs) fn(state);
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

/** Insert or replace a line, keeping order by seq (pending last, in send order). */
export function upsertLine(lines: Line[], line: Line): Line[] {
  const next = lines.filter((l) => l.key !== line.key && !(line.clientId && l.clientId === line.clientId));
  let i = next.length;
  while (i > 0 && next[i - 1]!.seq > line.seq) i--;
  next.splice(i, 0, line);
  return next;
}

export function lineFromMessage(m: Message): Line {
  const line: Line = {
    key: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    kind: m.kind,
    author: m.author,
    text: m.text,
    createdAt: m.createdAt,
  };
  if (m.clientId) line.clientId = m.clientId;
  if (m.author.kind === 'visitor') line.status = 'sent';
  if (m.quickReplies?.length) line.quickReplies = m.quickReplies;
  if (m.suggestions?.length) line.suggestions = m.suggestions;
  if (m.event) line.event = m.event;
  return line;
}
