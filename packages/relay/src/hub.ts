/**
 * The sockets this process holds, and delivery of bus frames to them. Who gets a conversation's
 * frames is conversation/audience.ts's rule; the hub applies it to its own sockets.
 */
import type { Delivery } from './bus/types.js';
import { agentWants, type AgentAudience } from './conversation/audience.js';
import type { Peer } from './ws/socket.js';

export interface AgentSocket extends AgentAudience {
  peer: Peer;
  /** The session that authenticated the socket: logging it out closes the socket. */
  sessionHash: string;
}

export class Hub {
  private readonly visitors = new Map<string, Set<Peer>>();
  private readonly agents = new Map<string, Set<AgentSocket>>();

  addVisitor(visitorId: string, peer: Peer): void {
    let set = this.visitors.get(visitorId);
    if (!set) this.visitors.set(visitorId, (set = new Set()));
    set.add(peer);
  }

  removeVisitor(visitorId: string, peer: Peer): void {
    const set = this.visitors.get(visitorId);
    if (!set) return;
    set.delete(peer);
    if (set.size === 0) this.visitors.delete(visitorId);
  }

  addAgent(socket: AgentSocket): void {
    let set = this.agents.get(socket.agentId);
    if (!set) this.agents.set(socket.agentId, (set = new Set()));
    set.add(socket);
  }

  removeAgent(socket: AgentSocket): void {
    const set = this.agents.get(socket.agentId);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.agents.delete(socket.agentId);
  }

  hasBotConnected(): boolean {
    for (const set of this.agents.values()) for (const s of set) if (s.role === 'bot') return true;
    return false;
  }

  counts(): { visitors: number; agents: number } {
    let visitors = 0;
    let agents = 0;
    for (const set of this.visitors.values()) visitors += set.size;
    for (const set of this.agents.values()) agents += set.size;
    return { visitors, agents };
  }

  deliver(d: Delivery): void {
    switch (d.to) {
      case 'visitor': {
        const set = this.visitors.get(d.visitorId);
        if (!set) return;
        const text = JSON.stringify(d.frame);
        for (const peer of set) if (peer.id !== d.exceptSocket) peer.sendText(text);
        return;
      }
      case 'visitors': {
        const text = JSON.stringify(d.frame);
        for (const set of this.visitors.values()) for (const peer of set) peer.sendText(text);
        return;
      }
      case 'agents': {
        let text: string | null = null;
        for (const set of this.agents.values()) {
          for (const s of set) {
            if (s.peer.id === d.exceptSocket || !agentWants(s, d.conversation, d.internal === true)) continue;
            s.peer.sendText((text ??= JSON.stringify(d.frame)));
          }
        }
        return;
      }
      case 'revoke': {
        const set = this.agents.get(d.agentId);
        if (!set) return;
        for (const s of [...set]) {
          const ended = d.sessionHash !== undefined ? s.sessionHash === d.sessionHash : s.sessionHash !== d.exceptSessionHash;
          if (ended) s.peer.close('SESSION_REVOKED');
        }
        return;
      }
      case 'visitor-erased': {
        for (const peer of [...(this.visitors.get(d.visitorId) ?? [])]) peer.close('VISITOR_ERASED');
        return;
      }
    }
  }

  closeAll(): void {
    for (const set of this.visitors.values()) for (const peer of set) peer.close('GOING_AWAY');
    for (const set of this.agents.values()) for (const s of set) s.peer.close('GOING_AWAY');
  }
}
