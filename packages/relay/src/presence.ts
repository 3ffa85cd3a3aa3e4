/**
 * Agent presence: what status each agent chose, and whether they have a socket open. In one
 * process this lives in memory; the Redis bus shares it across relays.
 */
import type { PresenceStatus } from '@switchboard/protocol';

export interface PresenceStore {
  /** Status of an agent with at least one socket, or 'offline'. */
  status(agentId: string): PresenceStatus;
  setStatus(agentId: string, status: PresenceStatus): void;
  connected(agentId: string): void;
  disconnected(agentId: string): void;
  lastAssignedAt(agentId: string): number;
  markAssigned(agentId: string, at: number): void;
}

export class MemoryPresence implements PresenceStore {
  private readonly sockets = new Map<string, number>();
  private readonly chosen = new Map<string, PresenceStatus>();
  private readonly assigned = new Map<string, number>();

  status(agentId: string): PresenceStatus {
    if (!this.sockets.get(agentId)) return 'offline';
    return this.chosen.get(agentId) ?? 'online';
  }

  setStatus(agentId: string, status: PresenceStatus): void {
    this.chosen.set(agentId, status);
  }

  connected(agentId: string): void {
    this.sockets.set(agentId, (this.sockets.get(agentId) ?? 0) + 1);
  }

  disconnected(agentId: string): void {
    const n = (this.sockets.get(agentId) ?? 1) - 1;
    if (n <= 0) this.sockets.delete(agentId);
    else this.sockets.set(agentId, n);
  }

  lastAssignedAt(agentId: string): number {
    return this.assigned.get(agentId) ?? 0;
  }

  markAssigned(agentId: string, at: number): void {
    this.assigned.set(agentId, at);
  }
}
