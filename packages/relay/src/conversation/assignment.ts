/**
 * Where routing decides: which agent gets a queued conversation, what the visitor is told while
 * nobody can take it, and whether a human is available at all.
 *
 * Policy: an online, active human agent below their max concurrent chats, with the fewest open
 * chats; ties go to whoever was assigned least recently, so work spreads evenly. Queued
 * conversations are assigned oldest first, one drain at a time (the `routing` serial key), with
 * capacity checked atomically in storage so relays draining at once cannot overfill an agent.
 */
import { RelayError } from '../errors.js';
import type { PresenceStore } from '../presence.js';
import type { AgentRecord, ConversationRecord, Storage } from '../storage/types.js';
import type { DomainEvents } from './events.js';
import type { Lifecycle } from './lifecycle.js';
import { SYSTEM_AUTHOR, type ConversationLog } from './log.js';
import type { Serial } from './serial.js';

export const VISITOR_NOTICES = {
  offline: "No agent is online right now. Leave your email and a message and we'll get back to you.",
  closed: "We're closed right now. Leave your email and a message and we'll get back to you when we're open.",
  busy: "All our agents are busy right now. You're in the queue — someone will be with you shortly.",
  queued: 'Connecting you with an agent…',
} as const;

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

export interface AssignmentDeps {
  storage: Storage;
  events: DomainEvents;
  serial: Serial;
  lifecycle: Lifecycle;
  log: ConversationLog;
  presence: PresenceStore;
  /** Within business hours (always, unless the site sets them). */
  isOpen: () => boolean;
  now: () => number;
}

export class Assignment {
  private lastAvailability: boolean | null = null;

  constructor(private readonly deps: AssignmentDeps) {}

  /** Bot → queue, then routing. Idempotent: a conversation no longer with the bot stays as it is. */
  async handOff(conversationId: string, reason: string): Promise<void> {
    const queued = await this.deps.lifecycle.handoff(conversationId, reason);
    if (queued) await this.queued(queued);
  }

  /** A conversation just entered the queue: tell the visitor when nobody can take it now, then route. */
  async queued(conversation: ConversationRecord): Promise<void> {
    const state = this.deps.isOpen() ? availability(await this.candidates()) : 'closed';
    if (state !== 'available') await this.deps.log.append(conversation, { author: SYSTEM_AUTHOR, clientId: null, text: VISITOR_NOTICES[state] });
    await this.drain();
  }

  /** An agent takes a conversation from the queue or from the bot. Exactly one of several racing claims wins. */
  async claim(conversation: ConversationRecord, agent: AgentRecord): Promise<void> {
    if (conversation.state === 'assigned' && conversation.agentId === agent.id) return;
    await this.deps.lifecycle.assign(conversation, agent, ['bot', 'queued'], 'claim');
  }

  /** Re-announces availability (business hours, settings or presence changed) and drains the queue. */
  async refresh(): Promise<void> {
    await this.broadcastAvailability();
    await this.drain();
  }

  /** Whether a human could take a conversation now: within business hours and someone online. */
  async agentsAvailable(): Promise<boolean> {
    return this.deps.isOpen() && availability(await this.candidates()) !== 'offline';
  }

  /** Assigns queued conversations, oldest first, while some agent has room. */
  drain(): Promise<void> {
    return this.deps.serial.routing(async () => {
      const queued = await this.deps.storage.conversations.list({ states: ['queued'], order: 'oldest', limit: 200 });
      if (queued.length === 0) return;
      const candidates = await this.candidates();
      for (const conversation of queued) {
        for (;;) {
          const pick = pickAgent(candidates);
          if (!pick) return;
          const agent = await this.deps.storage.agents.get(pick.id);
          if (!agent) {
            pick.active = false;
            continue;
          }
          try {
            await this.deps.lifecycle.assign(conversation, agent, ['queued'], 'routing');
            pick.openChats += 1;
            pick.lastAssignedAt = this.deps.now();
            break;
          } catch (err) {
            if (!(err instanceof RelayError && err.code === 'CONFLICT')) throw err;
            // Either another relay took the conversation, or it filled this agent meanwhile.
            const current = await this.deps.storage.conversations.get(conversation.id);
            if (current?.state !== 'queued') break;
            pick.openChats = pick.maxChats;
          }
        }
      }
    });
  }

  private async broadcastAvailability(): Promise<void> {
    const available = await this.agentsAvailable();
    if (available === this.lastAvailability) return;
    this.lastAvailability = available;
    await this.deps.events.emit({ type: 'availability', agentsAvailable: available });
  }

  private async candidates(): Promise<Candidate[]> {
    const [agents, open] = await Promise.all([this.deps.storage.agents.list(), this.deps.storage.conversations.openChatsByAgent()]);
    return agents
      .filter((a) => a.role !== 'bot')
      .map((a) => ({
        id: a.id,
        online: this.deps.presence.status(a.id) === 'online',
        active: a.active,
        maxChats: a.maxChats,
        openChats: open.get(a.id) ?? 0,
        lastAssignedAt: this.deps.presence.lastAssignedAt(a.id),
      }));
  }
}
