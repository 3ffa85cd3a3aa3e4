/**
 * From the bot to a person: handing a conversation to the queue, telling the visitor when nobody
 * can take it, and assigning queued conversations to online agents with room (fewest open chats
 * first, capacity checked atomically in storage). Also whether a human is available at all.
 */
import type { Bus } from './bus/types.js';
import type { RelayBot } from './bot-port.js';
import type { ConversationLog } from './conversation-log.js';
import { RelayError } from './errors.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { PresenceStore } from './presence.js';
import { availability, pickAgent, type Candidate } from './routing.js';
import type { AgentRecord, ConversationRecord, Storage } from './storage/types.js';

const SYSTEM_AUTHOR = { kind: 'system' as const };

export const VISITOR_NOTICES = {
  offline: "No agent is online right now. Leave your email and a message and we'll get back to you.",
  closed: "We're closed right now. Leave your email and a message and we'll get back to you when we're open.",
  busy: "All our agents are busy right now. You're in the queue — someone will be with you shortly.",
  queued: 'Connecting you with an agent…',
} as const;

export interface QueueDeps {
  storage: Storage;
  bus: Bus;
  presence: PresenceStore;
  bot: RelayBot | null;
  conversationLog: ConversationLog;
  /** Shared with the service: work on one conversation, and queue drains, run one at a time. */
  turns: KeyedQueue;
  isOpen: () => boolean;
  now: () => number;
}

export class QueueRouter {
  private lastAvailability: boolean | null = null;

  constructor(private readonly deps: QueueDeps) {}

  private get conversationLog(): ConversationLog {
    return this.deps.conversationLog;
  }

  private get turns(): KeyedQueue {
    return this.deps.turns;
  }

  private now(): number {
    return this.deps.now();
  }

  /** Bot → queue. Idempotent: a conversation already queued or with an agent stays as it is. */
  async handoff(conversationId: string, reason: string): Promise<ConversationRecord | null> {
    const queued = await this.deps.storage.transition(conversationId, ['bot'], { state: 'queued', queuedAt: this.now(), handoffReason: reason });
    if (!queued) return this.deps.storage.getConversation(conversationId);
    this.deps.bot?.forget(conversationId);
    await this.conversationLog.appendEvent(queued, 'handoff', 'The conversation was handed to a human agent.', { reason });
    await this.afterQueued(queued);
    return this.deps.storage.getConversation(conversationId);
  }

  /** Tells the visitor when nobody can take the conversation now, then tries to assign it. */
  async afterQueued(conversation: ConversationRecord): Promise<void> {
    const state = this.deps.isOpen() ? availability(await this.candidates()) : 'closed';
    if (state !== 'available') {
      await this.conversationLog.appendAndPublish(conversation, { author: SYSTEM_AUTHOR, text: VISITOR_NOTICES[state] });
    }
    await this.drainQueue();
  }

  /**
   * Gives a conversation to an agent. A claim takes it whatever the agent's load (the agent chose
   * to); automatic routing (`withinCapacity`) only while the agent is below max chats, checked
   * atomically in storage so relays routing at the same moment cannot overfill an agent.
   */
  async assign(conversation: ConversationRecord, agent: AgentRecord, from: ConversationRecord['state'][], withinCapacity = false): Promise<ConversationRecord> {
    const at = this.now();
    const patch = { assignedAt: at, queuedAt: conversation.queuedAt ?? at, handoffReason: conversation.handoffReason ?? 'claimed' };
    const assigned = withinCapacity
      ? await this.deps.storage.assignWithinCapacity(conversation.id, agent.id, agent.maxChats, patch)
      : await this.deps.storage.transition(conversation.id, from, { ...patch, state: 'assigned', agentId: agent.id });
    if (!assigned) throw new RelayError('CONFLICT', 'Someone else already took this conversation.');
    this.deps.presence.markAssigned(agent.id, at);
    if (conversation.state === 'bot') this.deps.bot?.forget(conversation.id);
    await this.conversationLog.appendEvent(assigned, 'assigned', `${agent.name} joined the conversation.`, { agentId: agent.id });
    return assigned;
  }

  /** Re-announces availability (business hours or settings changed) and drains the queue. */
  async refreshAvailability(): Promise<void> {
    await this.broadcastAvailability();
    await this.drainQueue();
  }

  async broadcastAvailability(): Promise<void> {
    const available = await this.agentsAvailable();
    if (available === this.lastAvailability) return;
    this.lastAvailability = available;
    await this.deps.bus.publish({ to: 'visitors', frame: { type: 'availability', agentsAvailable: available } });
  }

  /** Whether a human could take a conversation now: within business hours and someone online. */
  async agentsAvailable(): Promise<boolean> {
    return this.deps.isOpen() && availability(await this.candidates()) !== 'offline';
  }

  async candidates(): Promise<Candidate[]> {
    const [agents, open] = await Promise.all([this.deps.storage.listAgents(), this.deps.storage.openChatsByAgent()]);
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

  /** Assigns queued conversations, oldest first, while some agent has room. One drain at a time. */
  drainQueue(): Promise<void> {
    return this.turns.run('__queue__', async () => {
      const queued = await this.deps.storage.listConversations({ states: ['queued'], order: 'oldest', limit: 200 });
      if (queued.length === 0) return;
      const candidates = await this.candidates();
      for (const conversation of queued) {
        for (;;) {
          const pick = pickAgent(candidates);
          if (!pick) return;
          const agent = await this.deps.storage.getAgent(pick.id);
          if (!agent) {
            pick.active = false;
            continue;
          }
          try {
            await this.assign(conversation, agent, ['queued'], true);
            pick.openChats += 1;
            pick.lastAssignedAt = this.now();
            break;
          } catch (err) {
            if (!(err instanceof RelayError && err.code === 'CONFLICT')) throw err;
            // Either another relay took the conversation, or it filled this agent meanwhile.
            const current = await this.deps.storage.getConversation(conversation.id);
            if (current?.state !== 'queued') break;
            pick.openChats = pick.maxChats;
          }
        }
      }
    });
  }
}
