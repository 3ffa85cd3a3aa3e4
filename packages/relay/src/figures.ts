/**
 * Service figures computed from stored conversations, so they are right after a restart.
 * Definitions (docs/metrics.md has the full text):
 * - conversations: created in [from, to).
 * - bot deflection rate: closed conversations that never reached a human (no queue time) / closed.
 * - first response: first agent reply − time queued, over conversations with an agent reply.
 * - handle time: closed − assigned, over closed conversations that had an agent.
 * - resolution rate: closed with resolution "resolved" / closed (bot-only closes count as resolved
 *   only when the relay closed them as such).
 * - CSAT: mean of 1–5 ratings, with the distribution.
 */
import type { FiguresResponse } from '@switchboard/protocol';
import type { ConversationRecord } from './storage/types.js';

export function computeFigures(conversations: readonly ConversationRecord[], offlineTickets: number, from: number, to: number): FiguresResponse {
  const closed = conversations.filter((c) => c.state === 'closed');
  const deflected = closed.filter((c) => c.queuedAt === null && c.assignedAt === null);
  const handoffs = conversations.filter((c) => c.queuedAt !== null).length;
  const frts = conversations
    .filter((c) => c.firstResponseAt !== null && c.queuedAt !== null)
    .map((c) => c.firstResponseAt! - c.queuedAt!)
    .sort((a, b) => a - b);
  const handled = closed.filter((c) => c.assignedAt !== null && c.closedAt !== null);
  const rated = conversations.filter((c) => c.rating !== null);
  const distribution = [0, 0, 0, 0, 0];
  for (const c of rated) distribution[c.rating! - 1]! += 1;
  return {
    from,
    to,
    conversations: conversations.length,
    botDeflectionRate: closed.length ? deflected.length / closed.length : null,
    handoffs,
    firstResponseMs: { median: percentile(frts, 0.5), p90: percentile(frts, 0.9) },
    avgHandleMs: handled.length ? handled.reduce((sum, c) => sum + (c.closedAt! - c.assignedAt!), 0) / handled.length : null,
    resolutionRate: closed.length ? closed.filter((c) => c.resolution === 'resolved').length / closed.length : null,
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
