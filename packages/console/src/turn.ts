/**
 * Whose turn it is in a conversation, from its summary alone (so every row can say it without the
 * log): the agent's while a person owes the visitor an answer, the visitor's once an agent wrote
 * last. "Waiting" counts from the visitor's last message, or from the handoff when the last line
 * was the bot's or the relay's (the visitor asked for a person and has not written since).
 */
import type { ConversationSummary } from '@switchboard/protocol';

/** Since when the visitor has waited for a person; null when it is not the agent's turn. */
export function waitingSince(c: ConversationSummary): number | null {
  if (c.state === 'queued') return c.queuedAt ?? c.createdAt;
  if (c.state !== 'assigned') return null;
  const last = c.lastMessage;
  if (last?.author === 'agent') return null;
  if (last?.author === 'visitor') return last.createdAt;
  return c.queuedAt ?? last?.createdAt ?? c.createdAt;
}

/** When anything last happened in it. */
export function lastActivity(c: ConversationSummary): number {
  return c.lastMessage?.createdAt ?? c.queuedAt ?? c.createdAt;
}

/** Who waits longest first; then those not waiting, most recent first. */
export function byTurn(a: ConversationSummary, b: ConversationSummary): number {
  const wa = waitingSince(a);
  const wb = waitingSince(b);
  if (wa !== null && wb !== null) return wa - wb;
  if (wa !== null) return -1;
  if (wb !== null) return 1;
  return lastActivity(b) - lastActivity(a);
}
