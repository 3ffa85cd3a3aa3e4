/**
 * The conversation lifecycle: bot → (handoff) queued → assigned → closed, and reopen. Each
 * transition is one conditional write in storage (so of two racing changes exactly one wins, on
 * any number of relays), then an event entry in the conversation's log, then one event. Callers
 * hold the conversation's serial turn; routing (assignment.ts) decides who gets what.
 */
import type { ConversationState } from '@switchboard/protocol';
import type { RelayBot } from '../bot-port.js';
import { RelayError } from '../errors.js';
import { newId } from '../ids.js';
import type { PresenceStore } from '../presence.js';
import type { AgentRecord, ConversationRecord, Storage, VisitorRecord } from '../storage/types.js';
import type { DomainEvents } from './events.js';
import type { ConversationLog } from './log.js';

/** What the log says when a conversation closes without an agent, by resolution. */
const CLOSED_BY_RELAY: Record<string, string> = {
  bot_idle: 'The conversation was closed after a period of inactivity.',
  offline_ticket: 'The visitor left a message to be answered by email.',
  erased: "The conversation was closed: the visitor's data was erased.",
};

export interface LifecycleDeps {
  storage: Storage;
  events: DomainEvents;
  log: ConversationLog;
  presence: PresenceStore;
  bot: RelayBot | null;
  /** Whether a bot serves new conversations (the in-process one, or a bot process connected somewhere). */
  botServes: () => boolean;
  now: () => number;
}

export class Lifecycle {
  constructor(private readonly deps: LifecycleDeps) {}

  private now(): number {
    return this.deps.now();
  }

  /** The visitor's open conversation, or a new one: with the bot, or straight into the queue when no bot serves. */
  async open(visitor: VisitorRecord): Promise<{ conversation: ConversationRecord; created: boolean }> {
    const withBot = this.deps.botServes();
    const now = this.now();
    // If another tab (maybe on another relay) opened one a moment ago, this returns that one.
    const opened = await this.deps.storage.conversations.openFor({
      id: newId('c'),
      siteId: visitor.siteId,
      visitorId: visitor.id,
      state: withBot ? 'bot' : 'queued',
      createdAt: now,
      ...(withBot ? {} : { queuedAt: now, handoffReason: 'no_bot' }),
    });
    if (opened.created) await this.deps.events.emit({ type: 'conversation.opened', conversation: opened.conversation });
    return opened;
  }

  /** Bot → queue. Null when the conversation was not with the bot (already queued, assigned or closed). */
  async handoff(conversationId: string, reason: string): Promise<ConversationRecord | null> {
    const queued = await this.deps.storage.conversations.transition(conversationId, ['bot'], { state: 'queued', queuedAt: this.now(), handoffReason: reason });
    if (!queued) return null;
    this.deps.bot?.forget(conversationId);
    const { conversation, log } = await this.deps.log.record(queued, 'handoff', 'The conversation was handed to a human agent.', { reason });
    await this.deps.events.emit({ type: 'conversation.handed_off', conversation, reason, log });
    return conversation;
  }

  /**
   * Gives a conversation to an agent. A claim takes it whatever the agent's load (the agent chose
   * to); automatic routing (`withinCapacity`) only while the agent is below max chats, checked
   * atomically in storage so relays routing at the same moment cannot overfill an agent.
   */
  async assign(conversation: ConversationRecord, agent: AgentRecord, from: ConversationState[], how: 'claim' | 'routing'): Promise<ConversationRecord> {
    const at = this.now();
    const patch = { assignedAt: at, queuedAt: conversation.queuedAt ?? at, handoffReason: conversation.handoffReason ?? 'claimed' };
    const assigned =
      how === 'routing'
        ? await this.deps.storage.conversations.assignWithinCapacity(conversation.id, agent.id, agent.maxChats, patch)
        : await this.deps.storage.conversations.transition(conversation.id, from, { ...patch, state: 'assigned', agentId: agent.id });
    if (!assigned) throw new RelayError('CONFLICT', 'Someone else already took this conversation.');
    this.deps.presence.markAssigned(agent.id, at);
    if (conversation.state === 'bot') this.deps.bot?.forget(conversation.id);
    const { conversation: current, log } = await this.deps.log.record(assigned, 'assigned', `${agent.name} joined the conversation.`, { agentId: agent.id });
    await this.deps.events.emit({ type: 'conversation.assigned', conversation: current, agent, from: conversation.state, claimed: how === 'claim', log });
    return current;
  }

  async transfer(conversation: ConversationRecord, by: AgentRecord, to: AgentRecord, note: string | undefined): Promise<ConversationRecord> {
    const moved = await this.deps.storage.conversations.transition(
      conversation.id,
      ['assigned'],
      // The new agent has read nothing yet.
      { agentId: to.id, assignedAt: this.now(), transferCount: conversation.transferCount + 1, agentSeenSeq: 0 },
      conversation.agentId,
    );
    if (!moved) throw new RelayError('CONFLICT', 'The conversation changed meanwhile; try again.');
    if (note) await this.deps.log.append(moved, { author: { kind: 'agent', id: by.id, name: by.name }, authorKey: `a:${by.id}`, clientId: null, kind: 'note', text: note });
    const { conversation: current, log } = await this.deps.log.record(moved, 'transferred', `${by.name} transferred the conversation to ${to.name}.`, { agentId: to.id });
    await this.deps.events.emit({ type: 'conversation.transferred', conversation: current, by, to, log });
    return current;
  }

  /** Closes an open conversation; false when it was closed already. */
  async close(conversation: ConversationRecord, resolution: string, by: AgentRecord | null): Promise<boolean> {
    const closed = await this.deps.storage.conversations.transition(conversation.id, ['bot', 'queued', 'assigned'], { state: 'closed', closedAt: this.now(), resolution });
    if (!closed) return false;
    this.deps.bot?.forget(conversation.id);
    const text = by ? `${by.name} closed the conversation.` : (CLOSED_BY_RELAY[resolution] ?? 'The visitor ended the conversation.');
    const { conversation: current, log } = await this.deps.log.record(closed, 'closed', text, { detail: resolution, ...(by ? { agentId: by.id } : {}) });
    await this.deps.events.emit({ type: 'conversation.closed', conversation: current, from: conversation.state, resolution, by, log });
    return true;
  }

  async reopen(conversation: ConversationRecord, by: AgentRecord): Promise<ConversationRecord> {
    const reopened = await this.deps.storage.conversations.transition(conversation.id, ['closed'], {
      state: 'assigned',
      agentId: by.id,
      assignedAt: this.now(),
      closedAt: null,
      resolution: null,
      reopenCount: conversation.reopenCount + 1,
      agentSeenSeq: conversation.agentId === by.id ? conversation.agentSeenSeq : 0,
    });
    if (!reopened) throw new RelayError('CONFLICT', 'The conversation changed meanwhile; try again.');
    const { conversation: current, log } = await this.deps.log.record(reopened, 'reopened', `${by.name} reopened the conversation.`, { agentId: by.id });
    await this.deps.events.emit({ type: 'conversation.reopened', conversation: current, by, log });
    return current;
  }

  /** A rating of a closed conversation; a later one replaces the earlier (only the first is logged). */
  async rate(conversation: ConversationRecord, score: number, comment: string | null): Promise<void> {
    if (conversation.state !== 'closed') throw new RelayError('CONFLICT', 'A conversation can be rated once it is closed.');
    const first = conversation.rating === null;
    const updated = await this.deps.storage.conversations.update(conversation.id, { rating: score, ratingComment: comment });
    if (!updated) return;
    const recorded = first ? await this.deps.log.record(updated, 'rated', `The visitor rated the conversation ${score}/5.`, { detail: String(score) }) : null;
    await this.deps.events.emit({ type: 'conversation.rated', conversation: recorded?.conversation ?? updated, score, comment, log: recorded?.log ?? null });
  }
}
