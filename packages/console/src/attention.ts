/**
 * What should catch an agent's eye, read from the state: chats that just arrived (in the queue,
 * or given to me by routing or a transfer) and how many chats wait for me (the title badge).
 * Pure, so the rules are unit-tested; ui/Console.tsx turns arrivals into toasts, notifications
 * and a beep.
 */
import type { ConversationState, ConversationSummary } from '@switchboard/protocol';
import { isNewToMe, mine, queue, unreadOf, type State } from './state.js';

/** What the previous look at the state saw of each open conversation. */
export type Snapshot = ReadonlyMap<string, { state: ConversationState; agentId: string | null }>;

export function snapshot(state: State): Snapshot {
  const seen = new Map<string, { state: ConversationState; agentId: string | null }>();
  for (const c of Object.values(state.conversations)) if (c.state !== 'closed') seen.set(c.id, { state: c.state, agentId: c.agent?.id ?? null });
  return seen;
}

export type ArrivalKind = 'queued' | 'assigned' | 'transferred';

export interface Arrival {
  kind: ArrivalKind;
  conversation: ConversationSummary;
}

/**
 * Chats that entered the queue, or became mine, since `before`. The one I am looking at is left
 * out: claiming or reopening it myself is no news to me.
 */
export function arrivals(before: Snapshot, state: State): Arrival[] {
  const me = state.me?.id;
  const out: Arrival[] = [];
  for (const c of Object.values(state.conversations)) {
    if (c.id === state.selected) continue;
    const was = before.get(c.id);
    if (c.state === 'queued' && was?.state !== 'queued') out.push({ kind: 'queued', conversation: c });
    else if (c.state === 'assigned' && me && c.agent?.id === me && !(was?.state === 'assigned' && was.agentId === me)) {
      out.push({ kind: was?.state === 'assigned' ? 'transferred' : 'assigned', conversation: c });
    }
  }
  return out;
}

/** Whether an arrival still asks for attention: nobody took the queued chat; the given one is still mine. */
export function stillPending(kind: ArrivalKind, c: ConversationSummary | undefined, state: State): boolean {
  if (!c || c.id === state.selected) return false;
  return kind === 'queued' ? c.state === 'queued' : c.state === 'assigned' && c.agent?.id === state.me?.id;
}

/** The title badge: chats in the queue, and chats of mine with something I have not read. */
export function waitingForMe(state: State): number {
  return queue(state).length + mine(state).filter((c) => unreadOf(state, c).count > 0 || isNewToMe(state, c)).length;
}
