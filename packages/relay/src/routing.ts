/**
 * Which agent gets the next queued conversation: an online, active human agent below their
 * max concurrent chats, with the fewest open chats; ties go to whoever was assigned least
 * recently, so work spreads evenly.
 */
export interface Candidate {
  id: string;
  online: boolean;
  active: boolean;
  maxChats: number;
  openChats: number;
  lastAssignedAt: number;
}

export function pickAgent(candidates: readonly Candidate[]): Candidate | null {
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (!c.online || !c.active || c.openChats >= c.maxChats) continue;
    if (!best || c.openChats < best.openChats || (c.openChats === best.openChats && c.lastAssignedAt < best.lastAssignedAt)) best = c;
  }
  return best;
}

export type Availability = 'available' | 'busy' | 'offline';

/** `busy`: agents are online but all at capacity (the visitor waits in the queue); `offline`: nobody online. */
export function availability(candidates: readonly Candidate[]): Availability {
  const online = candidates.filter((c) => c.online && c.active);
  if (online.length === 0) return 'offline';
  return online.some((c) => c.openChats < c.maxChats) ? 'available' : 'busy';
}
