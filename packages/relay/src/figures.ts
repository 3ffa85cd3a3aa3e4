/**
 * Service figures computed from stored conversations, so they are right after a restart.
 * docs/metrics.md defines each one; in short, over the conversations created in the range:
 * - bot deflection rate: closed conversations that never reached a human and left no offline ticket / closed conversations;
 * - first response: first human reply − time queued, over conversations with a human reply;
 * - handle time: closed − assigned, over closed conversations an agent handled;
 * - resolution rate: closed with resolution "resolved" / closed conversations a human handled;
 * - first contact resolution: resolved with no reopen and no transfer / closed conversations a human handled;
 * - CSAT: mean of the 1–5 ratings, and how many of each.
 */
import type { Figures } from '@switchboard/protocol';
import type { ConversationRecord } from './storage/types.js';

export function computeFigures(conversations: readonly ConversationRecord[], offlineTickets: number): Figures {
  const closed = conversations.filter((c) => c.state === 'closed');
  // A visitor who left a ticket wanted a person, even when the chat never reached the queue.
  const deflected = closed.filter((c) => c.queuedAt === null && c.assignedAt === null && c.resolution !== 'offline_ticket');
  const handled = closed.filter((c) => c.assignedAt !== null && c.closedAt !== null);
  const frts = conversations
    .filter((c) => c.firstResponseAt !== null && c.queuedAt !== null)
    .map((c) => c.firstResponseAt! - c.queuedAt!)
    .sort((a, b) => a - b);
  const resolved = handled.filter((c) => c.resolution === 'resolved');
  const rated = conversations.filter((c) => c.rating !== null);
  const distribution = [0, 0, 0, 0, 0];
  for (const c of rated) distribution[c.rating! - 1]! += 1;
  const ratio = (n: number, d: number) => (d ? n / d : null);
  return {
    conversations: conversations.length,
    closed: closed.length,
    botDeflectionRate: ratio(deflected.length, closed.length),
    handoffs: conversations.filter((c) => c.queuedAt !== null).length,
    firstResponseMs: { median: percentile(frts, 0.5), p90: percentile(frts, 0.9) },
    avgHandleMs: handled.length ? handled.reduce((sum, c) => sum + (c.closedAt! - c.assignedAt!), 0) / handled.length : null,
    resolutionRate: ratio(resolved.length, handled.length),
    firstContactResolutionRate: ratio(resolved.filter((c) => c.reopenCount === 0 && c.transferCount === 0).length, handled.length),
    csat: {
      average: rated.length ? rated.reduce((sum, c) => sum + c.rating!, 0) / rated.length : null,
      count: rated.length,
      distribution,
    },
    offlineTickets,
  };
}

/** Nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}
