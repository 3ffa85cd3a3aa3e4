/**
 * The conversation lifecycle: bot → (handoff) queued → assigned → closed, and every write that
 * goes with it. Socket handlers validate frames and call in here; everything is stored before it
 * is acknowledged or fanned out.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ConversationSummary, Message, PresenceStatus } from '@switchboard/protocol';
import type { Bus } from './bus/types.js';
import type { BotReply, RelayBot } from './bot-port.js';
import type { Config } from './config.js';
import { ConversationLog, route } from './conversation-log.js';
import { RelayError } from './errors.js';
import { newId } from './ids.js';
import { KeyedQueue } from './keyed-queue.js';
import type { PresenceStore } from './presence.js';
import { QueueRouter } from './queue-router.js';
import type { AgentRecord, ConversationRecord, Storage, TicketRecord, VisitorRecord } from './storage/types.js';
import { agentView, ticketView } from './views.js';

export { VISITOR_NOTICES } from './queue-router.js';

export interface ServiceDeps {
  storage: Storage;
  bus: Bus;
  presence: PresenceStore;
  bot: RelayBot | null;
  /** True while a bot runs as its own process over the agent socket; the in-process bot then stays quiet. */
  externalBotConnected: () => boolean;
  config: Pick<Config, 'maxTextBytes'>;
  /** Within business hours (always, unless the site sets them). */
  isOpen: () => boolean;
  log: FastifyBaseLogger;
  now?: () => number;
}

export interface AckResult {
  messageId?: string;
  conversationId?: string;
  seq?: number;
  ticketId?: string;
  duplicate?: boolean;
}

const BOT_AUTHOR = { kind: 'bot' as const, name: 'Assistant' };

export class ConversationService {
  private readonly turns = new KeyedQueue();
  private readonly now: () => number;

  private readonly conversationLog: ConversationLog;
  private readonly queue: QueueRouter;

  constructor(private readonly deps: ServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.conversationLog = new ConversationLog(deps.storage, deps.bus, this.now);
    this.queue = new QueueRouter({ ...deps, conversationLog: this.conversationLog, turns: this.turns, now: this.now });
  }

  get storage(): Storage {
    return this.deps.storage;
  }

  /** Resolves once every pending bot turn and queue drain has finished. */
  idle(): Promise<void> {
    return this.turns.idle();
  }

  // ---------------------------------------------------------------- visitors

  /** The visitor's conversation if it is theirs; NOT_FOUND otherwise (existence is not revealed). */
  async ownConversation(visitor: VisitorRecord, conversationId: string): Promise<ConversationRecord> {
    const conversation = await this.deps.storage.getConversation(conversationId);
    if (!conversation || conversation.visitorId !== visitor.id) throw new RelayError('NOT_FOUND', 'No such conversation.');
    return conversation;
  }

  async visitorMessage(visitor: VisitorRecord, socketId: string, frame: { id: string; text: string; conversationId?: string | undefined }): Promise<AckResult> {
    this.checkSize(frame.text);
    const authorKey = `v:${visitor.id}`;
    let conversation: ConversationRecord | null = frame.conversationId
      ? await this.ownConversation(visitor, frame.conversationId)
      : await this.deps.storage.latestConversation(visitor.id);
    // A message after close starts a new conversation: the closed one keeps its figures and rating.
    let opened = false;
    if (!conversation || conversation.state === 'closed') {
      // A retry of a message stored before the close must not open a conversation of its own.
      // (Otherwise appendMessage's own dedup is enough: the common path skips this lookup.)
      const earlier = await this.deps.storage.findMessageByClientId(authorKey, frame.id);
      if (earlier) return this.redeliver(earlier, socketId);
      ({ conversation, created: opened } = await this.openConversation(visitor));
    }

    const { message, duplicate } = await this.deps.storage.appendMessage({
      id: newId('m'),
      conversationId: conversation.id,
      authorKey,
      clientId: frame.id,
      kind: 'text',
      author: { kind: 'visitor', id: visitor.id, ...(visitor.name ? { name: visitor.name } : {}) },
      text: frame.text,
      createdAt: this.now(),
    });
    if (duplicate) return this.redeliver(message, socketId);
    await this.conversationLog.publishMessage(conversation, message, socketId);
    if (conversation.state === 'bot') this.scheduleBotTurn(conversation.id, visitor, message.text);
    else if (opened && conversation.state === 'queued') await this.queue.afterQueued(conversation);
    return ackOf(message, false);
  }

  /** A new conversation: with the bot, or straight into the queue when there is none. */
  /**
   * A repeated client id: ack with the stored original, and fan it out again. A relay that
   * stored a message and died before publishing it would otherwise leave it unseen by live
   * sockets until they resume; receivers drop what they already have by message id.
   */
  private async redeliver(message: Message, socketId: string): Promise<AckResult> {
    const conversation = await this.deps.storage.getConversation(message.conversationId);
    if (conversation) await this.conversationLog.publishMessage(conversation, message, socketId);
    return ackOf(message, true);
  }

  private async openConversation(visitor: VisitorRecord): Promise<{ conversation: ConversationRecord; created: boolean }> {
    const withBot = this.deps.bot !== null || this.deps.externalBotConnected();
    const now = this.now();
    // If another tab (maybe on another relay) opened one a moment ago, this returns that one.
    const opened = await this.deps.storage.openConversationFor({
      id: newId('c'),
      siteId: visitor.siteId,
      visitorId: visitor.id,
      state: withBot ? 'bot' : 'queued',
      createdAt: now,
      ...(withBot ? {} : { queuedAt: now, handoffReason: 'no_bot' }),
    });
    if (opened.created) await this.conversationLog.publishConversation(opened.conversation);
    return opened;
  }

  private scheduleBotTurn(conversationId: string, visitor: VisitorRecord, text: string): void {
    void this.turns
      .run(conversationId, async () => {
        const bot = this.deps.bot;
        if (!bot || this.deps.externalBotConnected()) return;
        const conversation = await this.deps.storage.getConversation(conversationId);
        if (!conversation || conversation.state !== 'bot') return;
        const reply = await bot.reply(text, {
          conversationId,
          ...(visitor.locale ? { locale: visitor.locale } : {}),
          visitor: { name: visitor.name, email: visitor.email, userId: visitor.userId, attributes: visitor.attributes },
        });
        await this.applyBotReply(conversation, reply);
      })
      .catch((err: unknown) => this.deps.log.error({ err, conversationId }, 'bot turn failed'));
  }

  private async applyBotReply(conversation: ConversationRecord, reply: BotReply): Promise<void> {
    const message = await this.conversationLog.appendAndPublish(conversation, {
      author: BOT_AUTHOR,
      text: reply.text,
      quickReplies: reply.type === 'answer' || reply.type === 'fallback' ? reply.quickReplies : undefined,
      suggestions: reply.type === 'suggest' ? reply.suggestions.slice(0, 3) : undefined,
    });
    void message;
    if (reply.type === 'handoff') await this.queue.handoff(conversation.id, reply.reason);
  }



  async visitorHandoff(visitor: VisitorRecord, conversationId: string | undefined): Promise<AckResult> {
    let conversation = conversationId ? await this.ownConversation(visitor, conversationId) : await this.deps.storage.latestConversation(visitor.id);
    if (!conversation || conversation.state === 'closed') {
      const { conversation: fresh, created } = await this.openConversation(visitor);
      conversation = fresh;
      if (created && conversation.state === 'queued') await this.queue.afterQueued(conversation);
    }
    if (conversation.state === 'bot') {
      const id = conversation.id;
      await this.turns.run(id, () => this.queue.handoff(id, 'requested'));
    }
    return { conversationId: conversation.id };
  }

  async offlineTicket(visitor: VisitorRecord, frame: { id: string; email: string; name?: string | undefined; message: string }): Promise<AckResult> {
    this.checkSize(frame.message);
    const latest = await this.deps.storage.latestConversation(visitor.id);
    const ticket: TicketRecord = {
      id: newId('t'),
      siteId: visitor.siteId,
      visitorId: visitor.id,
      conversationId: latest && latest.state !== 'closed' ? latest.id : null,
      clientId: frame.id,
      name: frame.name ?? visitor.name,
      email: frame.email,
      message: frame.message,
      createdAt: this.now(),
      status: 'open',
    };
    const result = await this.deps.storage.createTicket(ticket);
    if (!result.duplicate) {
      if (!visitor.email) await this.deps.storage.updateVisitor(visitor.id, { email: frame.email, ...(frame.name && !visitor.name ? { name: frame.name } : {}) });
      await this.deps.bus.publish({ to: 'agents', conversation: null, frame: { type: 'ticket', ticket: ticketView(result.ticket) } });
    }
    return { ticketId: result.ticket.id, duplicate: result.duplicate };
  }

  async rate(visitor: VisitorRecord, frame: { conversationId: string; score: number; comment?: string | undefined }): Promise<AckResult> {
    const conversation = await this.ownConversation(visitor, frame.conversationId);
    if (conversation.state !== 'closed') throw new RelayError('CONFLICT', 'A conversation can be rated once it is closed.');
    const first = conversation.rating === null;
    const updated = await this.deps.storage.updateConversation(conversation.id, { rating: frame.score, ratingComment: frame.comment ?? null });
    if (updated && first) await this.conversationLog.appendEvent(updated, 'rated', `The visitor rated the conversation ${frame.score}/5.`, { detail: String(frame.score) });
    else if (updated) await this.conversationLog.publishConversation(updated);
    return { conversationId: conversation.id };
  }

  /** "Start a new conversation": closes the open one (resolution `visitor_left`); the next message opens a new one. */
  async newConversation(visitor: VisitorRecord): Promise<AckResult> {
    const latest = await this.deps.storage.latestConversation(visitor.id);
    if (latest && latest.state !== 'closed') await this.closeConversation(latest, 'visitor_left', null);
    return {};
  }

  async visitorSeen(visitor: VisitorRecord, conversationId: string, seq: number): Promise<void> {
    const conversation = await this.ownConversation(visitor, conversationId);
    if (seq <= conversation.visitorSeenSeq) return;
    const updated = await this.deps.storage.updateConversation(conversation.id, { visitorSeenSeq: Math.min(seq, conversation.lastSeq) });
    if (updated) await this.deps.bus.publish({ to: 'agents', conversation: route(updated), frame: { type: 'seen', conversationId, seq: updated.visitorSeenSeq, by: 'visitor' } });
  }

  async visitorTyping(visitor: VisitorRecord, conversationId: string, on: boolean): Promise<void> {
    const conversation = await this.ownConversation(visitor, conversationId);
    const author = { kind: 'visitor' as const, id: visitor.id, ...(visitor.name ? { name: visitor.name } : {}) };
    await this.deps.bus.publish({ to: 'agents', conversation: route(conversation), frame: { type: 'typing', conversationId, author, on } });
  }


  // ---------------------------------------------------------------- agents

  async agentMessage(
    agent: AgentRecord,
    socketId: string,
    frame: { id: string; conversationId: string; text: string; internal?: boolean | undefined; quickReplies?: string[] | undefined; suggestions?: { id: string; label: string }[] | undefined },
  ): Promise<AckResult> {
    this.checkSize(frame.text);
    const authorKey = `a:${agent.id}`;
    const conversation = await this.agentConversation(frame.conversationId);
    const isBot = agent.role === 'bot';
    const refusal =
      isBot && conversation.state !== 'bot'
        ? new RelayError('CONFLICT', 'The bot can only write while the conversation is with the bot.')
        : !isBot && !frame.internal && conversation.state === 'closed'
          ? new RelayError('CONFLICT', 'The conversation is closed; reopen it first.')
          : !isBot && !frame.internal && conversation.agentId !== agent.id
            ? new RelayError('FORBIDDEN', 'Claim the conversation before replying to the visitor.')
            : null;
    if (refusal) {
      // A retry of a message stored before the state changed is acked, not refused.
      const earlier = await this.deps.storage.findMessageByClientId(authorKey, frame.id);
      if (earlier) return this.redeliver(earlier, socketId);
      throw refusal;
    }
    const author = isBot
      ? { kind: 'bot' as const, id: agent.id, name: agent.name }
      : { kind: 'agent' as const, id: agent.id, name: agent.name, ...(agent.avatarUrl ? { avatarUrl: agent.avatarUrl } : {}) };
    const { message, duplicate } = await this.deps.storage.appendMessage({
      id: newId('m'),
      conversationId: conversation.id,
      authorKey,
      clientId: frame.id,
      kind: frame.internal && !isBot ? 'note' : 'text',
      author,
      text: frame.text,
      createdAt: this.now(),
      quickReplies: isBot ? frame.quickReplies : undefined,
      suggestions: isBot ? frame.suggestions : undefined,
    });
    if (duplicate) return this.redeliver(message, socketId);
    let current = conversation;
    if (!isBot && message.kind === 'text' && conversation.firstResponseAt === null) {
      current = (await this.deps.storage.updateConversation(conversation.id, { firstResponseAt: message.createdAt })) ?? conversation;
    }
    await this.conversationLog.publishMessage(current, message, socketId);
    return ackOf(message, false);
  }

  private async agentConversation(conversationId: string): Promise<ConversationRecord> {
    const conversation = await this.deps.storage.getConversation(conversationId);
    if (!conversation) throw new RelayError('NOT_FOUND', 'No such conversation.');
    return conversation;
  }

  /** Take a conversation from the queue (or from the bot). Exactly one of several racing claims wins. */
  async claim(agent: AgentRecord, conversationId: string): Promise<AckResult> {
    if (agent.role === 'bot') throw new RelayError('FORBIDDEN', 'Bots cannot claim conversations.');
    const conversation = await this.agentConversation(conversationId);
    if (conversation.state === 'assigned' && conversation.agentId === agent.id) return { conversationId };
    await this.queue.assign(conversation, agent, ['bot', 'queued']);
    return { conversationId };
  }


  async transfer(agent: AgentRecord, frame: { conversationId: string; toAgentId: string; note?: string | undefined }): Promise<AckResult> {
    const conversation = await this.agentConversation(frame.conversationId);
    if (conversation.state !== 'assigned') throw new RelayError('CONFLICT', 'Only an assigned conversation can be transferred.');
    if (conversation.agentId !== agent.id && agent.role !== 'admin') throw new RelayError('FORBIDDEN', 'Only the assigned agent or an admin can transfer.');
    const target = await this.deps.storage.getAgent(frame.toAgentId);
    if (!target || !target.active || target.role === 'bot') throw new RelayError('NOT_FOUND', 'No such active agent.');
    if (target.id === conversation.agentId) return { conversationId: conversation.id };
    const moved = await this.deps.storage.transition(
      conversation.id,
      ['assigned'],
      // The new agent has read nothing yet.
      { agentId: target.id, assignedAt: this.now(), transferCount: conversation.transferCount + 1, agentSeenSeq: 0 },
      conversation.agentId,
    );
    if (!moved) throw new RelayError('CONFLICT', 'The conversation changed meanwhile; try again.');
    if (frame.note) {
      const { message } = await this.deps.storage.appendMessage({
        id: newId('m'),
        conversationId: moved.id,
        authorKey: `a:${agent.id}`,
        clientId: null,
        kind: 'note',
        author: { kind: 'agent', id: agent.id, name: agent.name },
        text: frame.note,
        createdAt: this.now(),
      });
      await this.conversationLog.publishMessage(moved, message, undefined);
    }
    await this.conversationLog.appendEvent(moved, 'transferred', `${agent.name} transferred the conversation to ${target.name}.`, { agentId: target.id });
    await this.queue.drainQueue();
    return { conversationId: moved.id };
  }

  async close(agent: AgentRecord, conversationId: string, resolution: string | undefined): Promise<AckResult> {
    const conversation = await this.agentConversation(conversationId);
    if (conversation.state === 'closed') return { conversationId };
    if (conversation.state === 'assigned' && conversation.agentId !== agent.id && agent.role !== 'admin') {
      throw new RelayError('FORBIDDEN', 'Only the assigned agent or an admin can close this conversation.');
    }
    await this.closeConversation(conversation, resolution ?? 'resolved', agent);
    return { conversationId };
  }

  private async closeConversation(conversation: ConversationRecord, resolution: string, by: AgentRecord | null): Promise<void> {
    const closed = await this.deps.storage.transition(conversation.id, ['bot', 'queued', 'assigned'], { state: 'closed', closedAt: this.now(), resolution });
    if (!closed) return;
    this.deps.bot?.forget(conversation.id);
    const text = by ? `${by.name} closed the conversation.` : resolution === 'bot_idle' ? 'The conversation was closed after a period of inactivity.' : 'The visitor ended the conversation.';
    await this.conversationLog.appendEvent(closed, 'closed', text, { detail: resolution, ...(by ? { agentId: by.id } : {}) });
    if (conversation.state === 'assigned') await this.queue.drainQueue();
  }

  async reopen(agent: AgentRecord, conversationId: string): Promise<AckResult> {
    if (agent.role === 'bot') throw new RelayError('FORBIDDEN', 'Bots cannot reopen conversations.');
    const conversation = await this.agentConversation(conversationId);
    if (conversation.state !== 'closed') throw new RelayError('CONFLICT', 'Only a closed conversation can be reopened.');
    const reopened = await this.deps.storage.transition(conversation.id, ['closed'], {
      state: 'assigned',
      agentId: agent.id,
      assignedAt: this.now(),
      closedAt: null,
      resolution: null,
      reopenCount: conversation.reopenCount + 1,
      agentSeenSeq: conversation.agentId === agent.id ? conversation.agentSeenSeq : 0,
    });
    if (!reopened) throw new RelayError('CONFLICT', 'The conversation changed meanwhile; try again.');
    await this.conversationLog.appendEvent(reopened, 'reopened', `${agent.name} reopened the conversation.`, { agentId: agent.id });
    return { conversationId };
  }

  async botHandoff(agent: AgentRecord, conversationId: string, reason: string): Promise<AckResult> {
    if (agent.role !== 'bot') throw new RelayError('FORBIDDEN', 'Only bots hand off; agents transfer.');
    await this.agentConversation(conversationId);
    await this.turns.run(conversationId, () => this.queue.handoff(conversationId, reason));
    return { conversationId };
  }

  async agentSeen(agent: AgentRecord, conversationId: string, seq: number): Promise<void> {
    const conversation = await this.agentConversation(conversationId);
    if (agent.role === 'bot' || conversation.agentId !== agent.id || seq <= conversation.agentSeenSeq) return;
    const updated = await this.deps.storage.updateConversation(conversation.id, { agentSeenSeq: Math.min(seq, conversation.lastSeq) });
    if (updated) await this.deps.bus.publish({ to: 'visitor', visitorId: updated.visitorId, frame: { type: 'seen', conversationId, seq: updated.agentSeenSeq, by: 'agent' } });
  }

  async agentTyping(agent: AgentRecord, conversationId: string, on: boolean, socketId: string): Promise<void> {
    const conversation = await this.agentConversation(conversationId);
    const author = { kind: agent.role === 'bot' ? ('bot' as const) : ('agent' as const), id: agent.id, name: agent.name };
    const frame = { type: 'typing' as const, conversationId, author, on };
    if (conversation.agentId === agent.id || (agent.role === 'bot' && conversation.state === 'bot')) {
      await this.deps.bus.publish({ to: 'visitor', visitorId: conversation.visitorId, frame });
    }
    await this.deps.bus.publish({ to: 'agents', conversation: route(conversation), frame, internal: true, exceptSocket: socketId });
  }

  async setPresence(agent: AgentRecord, status: PresenceStatus, maxChats: number | undefined): Promise<AgentRecord> {
    let current = agent;
    if (maxChats !== undefined && maxChats !== agent.maxChats) current = (await this.deps.storage.updateAgent(agent.id, { maxChats })) ?? agent;
    this.deps.presence.setStatus(agent.id, status);
    await this.presenceChanged(current);
    return current;
  }

  /** Tell agents and visitors, then hand queued conversations to whoever became available. */
  async presenceChanged(agent: AgentRecord): Promise<void> {
    const open = (await this.deps.storage.openChatsByAgent()).get(agent.id) ?? 0;
    await this.deps.bus.publish({ to: 'agents', conversation: null, frame: { type: 'presence', agent: agentView(agent, this.deps.presence.status(agent.id), open) } });
    await this.queue.broadcastAvailability();
    await this.queue.drainQueue();
  }

  // ---------------------------------------------------------------- delegated

  handoff(conversationId: string, reason: string): Promise<ConversationRecord | null> {
    return this.queue.handoff(conversationId, reason);
  }

  drainQueue(): Promise<void> {
    return this.queue.drainQueue();
  }

  agentsAvailable(): Promise<boolean> {
    return this.queue.agentsAvailable();
  }

  /** Re-announces availability (business hours or settings changed) and drains the queue. */
  refreshAvailability(): Promise<void> {
    return this.queue.refreshAvailability();
  }

  summary(conversation: ConversationRecord): Promise<ConversationSummary> {
    return this.conversationLog.summary(conversation);
  }

  summaries(states: ConversationRecord['state'][], limit?: number): Promise<ConversationSummary[]> {
    return this.conversationLog.summaries(states, limit);
  }

  replay(conversationId: string, afterSeq: number, includeNotes: boolean): AsyncGenerator<Message> {
    return this.conversationLog.replay(conversationId, afterSeq, includeNotes);
  }

  publishConversation(conversation: ConversationRecord): Promise<void> {
    return this.conversationLog.publishConversation(conversation);
  }


  /** Closes conversations left with the bot longer than `idleMs` (they count as deflected). */
  async closeIdleBotConversations(idleMs: number): Promise<number> {
    const idle = await this.deps.storage.idleConversations('bot', this.now() - idleMs, 200);
    for (const conversation of idle) await this.turns.run(conversation.id, () => this.closeConversation(conversation, 'bot_idle', null));
    return idle.length;
  }







  // ---------------------------------------------------------------- shared

  private checkSize(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.deps.config.maxTextBytes) {
      throw new RelayError('TOO_LARGE', `The text is ${bytes} bytes; the limit is ${this.deps.config.maxTextBytes}.`);
    }
  }




}


function ackOf(message: Message, duplicate: boolean): AckResult {
  return { messageId: message.id, conversationId: message.conversationId, seq: message.seq, duplicate };
}
