/**
 * What an agent (or a bot process) does with a conversation: write, claim, transfer, close,
 * reopen, hand off (bots), type, mark read, resume. Each runs in that conversation's serial turn
 * and checks, in that turn, that the socket's session still holds and what the agent may do.
 */
import type { AgentClientFrame, Author } from '@switchboard/protocol';
import type { Sessions } from '../accounts/sessions.js';
import type { Config } from '../config.js';
import { RelayError } from '../errors.js';
import type { AgentRecord, ConversationRecord, Storage } from '../storage/types.js';
import type { Assignment } from './assignment.js';
import type { DomainEvents } from './events.js';
import type { Lifecycle } from './lifecycle.js';
import { ackOf, checkTextSize, type AckFields, type ConversationLog } from './log.js';
import type { AgentActor, AgentConnection } from './ports.js';
import type { ConversationReads } from './reads.js';
import type { Serial } from './serial.js';

type Frame<T extends AgentClientFrame['type']> = Extract<AgentClientFrame, { type: T }>;

export interface AgentCommandDeps {
  storage: Storage;
  events: DomainEvents;
  serial: Serial;
  sessions: Sessions;
  log: ConversationLog;
  lifecycle: Lifecycle;
  assignment: Assignment;
  reads: ConversationReads;
  config: Pick<Config, 'maxTextBytes'>;
}

export class AgentCommands {
  constructor(private readonly deps: AgentCommandDeps) {}

  /**
   * A reply to the visitor (the assigned agent, or a bot while the conversation is with the bot),
   * or an internal note (any human agent, any state).
   */
  message(conn: AgentConnection, actor: AgentActor, frame: Frame<'message'>): Promise<AckFields> {
    return this.turn(actor, frame.conversationId, async (agent, conversation) => {
      checkTextSize(frame.text, this.deps.config.maxTextBytes);
      const authorKey = `a:${agent.id}`;
      const isBot = agent.role === 'bot';
      const refusal =
        isBot && conversation.state !== 'bot'
          ? new RelayError('CONFLICT', 'The bot can only write while the conversation is with the bot.')
          : !isBot && !frame.internal && conversation.state === 'closed'
            ? new RelayError('CONFLICT', 'The conversation is closed; reopen it first.')
            : !isBot && !frame.internal && conversation.agentId !== agent.id && !(frame.asNonAssignee && conversation.state === 'assigned')
              ? new RelayError(
                  'FORBIDDEN',
                  conversation.state === 'assigned'
                    ? 'Another agent is assigned: confirm the reply (asNonAssignee) or leave a note.'
                    : 'Claim the conversation before replying to the visitor.',
                )
              : null;
      if (refusal) {
        // A retry of a message stored before the state changed is acked, not refused.
        const earlier = await this.deps.storage.messages.findByClientId(authorKey, frame.id);
        if (!earlier) throw refusal;
        await this.deps.log.redeliver(earlier, conn.socketId);
        return ackOf(earlier, true);
      }
      const author: Author = isBot
        ? { kind: 'bot', id: agent.id, name: agent.name }
        : { kind: 'agent', id: agent.id, name: agent.name, ...(agent.avatarUrl ? { avatarUrl: agent.avatarUrl } : {}) };
      const { message, duplicate } = await this.deps.log.append(
        conversation,
        {
          author,
          authorKey,
          clientId: frame.id,
          kind: frame.internal && !isBot ? 'note' : 'text',
          text: frame.text,
          quickReplies: isBot ? frame.quickReplies : undefined,
          suggestions: isBot ? frame.suggestions : undefined,
        },
        conn.socketId,
      );
      if (!duplicate && !isBot && message.kind === 'text' && conversation.firstResponseAt === null) {
        await this.deps.storage.conversations.update(conversation.id, { firstResponseAt: message.createdAt });
      }
      return ackOf(message, duplicate);
    });
  }

  /** Takes a conversation from the queue or from the bot. Exactly one of several racing claims wins; the others get CONFLICT. */
  claim(actor: AgentActor, frame: Frame<'claim'>): Promise<AckFields> {
    return this.turn(actor, frame.conversationId, async (agent, conversation) => {
      if (agent.role === 'bot') throw new RelayError('FORBIDDEN', 'Bots cannot claim conversations.');
      await this.deps.assignment.claim(conversation, agent);
      return { conversationId: conversation.id };
    });
  }

  transfer(actor: AgentActor, frame: Frame<'transfer'>): Promise<AckFields> {
    return this.turn(actor, frame.conversationId, async (agent, conversation) => {
      if (conversation.state !== 'assigned') throw new RelayError('CONFLICT', 'Only an assigned conversation can be transferred.');
      if (conversation.agentId !== agent.id && agent.role !== 'admin') throw new RelayError('FORBIDDEN', 'Only the assigned agent or an admin can transfer.');
      const target = await this.deps.storage.agents.get(frame.toAgentId);
      if (!target || !target.active || target.role === 'bot') throw new RelayError('NOT_FOUND', 'No such active agent.');
      if (target.id !== conversation.agentId) {
        await this.deps.lifecycle.transfer(conversation, agent, target, frame.note);
        // The previous agent has room again.
        await this.deps.assignment.drain();
      }
      return { conversationId: conversation.id };
    });
  }

  close(actor: AgentActor, frame: Frame<'close'>): Promise<AckFields> {
    return this.turn(actor, frame.conversationId, async (agent, conversation) => {
      if (conversation.state === 'assigned' && conversation.agentId !== agent.id && agent.role !== 'admin') {
        throw new RelayError('FORBIDDEN', 'Only the assigned agent or an admin can close this conversation.');
      }
      if ((await this.deps.lifecycle.close(conversation, frame.resolution ?? 'resolved', agent)) && conversation.state === 'assigned') await this.deps.assignment.drain();
      return { conversationId: conversation.id };
    });
  }

  reopen(actor: AgentActor, frame: Frame<'reopen'>): Promise<AckFields> {
    return this.turn(actor, frame.conversationId, async (agent, conversation) => {
      if (agent.role === 'bot') throw new RelayError('FORBIDDEN', 'Bots cannot reopen conversations.');
      if (conversation.state !== 'closed') throw new RelayError('CONFLICT', 'Only a closed conversation can be reopened.');
      await this.deps.lifecycle.reopen(conversation, agent);
      return { conversationId: conversation.id };
    });
  }

  /** Bots only: hands the conversation to the queue with a reason. */
  handoff(actor: AgentActor, frame: Frame<'handoff'>): Promise<AckFields> {
    return this.turn(actor, frame.conversationId, async (agent, conversation) => {
      if (agent.role !== 'bot') throw new RelayError('FORBIDDEN', 'Only bots hand off; agents transfer.');
      await this.deps.assignment.handOff(conversation.id, frame.reason);
      return { conversationId: conversation.id };
    });
  }

  typing(conn: AgentConnection, actor: AgentActor, frame: Frame<'typing'>): Promise<void> {
    return this.turn(actor, frame.conversationId, async (agent, conversation) => {
      const author: Author = { kind: agent.role === 'bot' ? 'bot' : 'agent', id: agent.id, name: agent.name };
      const toVisitor = conversation.agentId === agent.id || (agent.role === 'bot' && conversation.state === 'bot');
      await this.deps.events.emit({ type: 'typing', conversation, author, on: frame.on, toVisitor, origin: conn.socketId });
    });
  }

  /** The agent's console shows (or stopped showing) the conversation: other agents see who else is here. */
  viewing(conn: AgentConnection, actor: AgentActor, frame: Frame<'viewing'>): Promise<void> {
    return this.turn(actor, frame.conversationId, async (agent, conversation) => {
      if (agent.role === 'bot') return;
      await this.deps.events.emit({ type: 'viewing', conversation, agent, on: frame.on, origin: conn.socketId });
    });
  }

  /** A socket that showed a conversation went away (its session may have ended): the others see it leave. */
  async leftView(actor: AgentActor, conversationId: string): Promise<void> {
    const [agent, conversation] = await Promise.all([this.deps.storage.agents.get(actor.agentId), this.deps.storage.conversations.get(conversationId)]);
    if (agent && conversation) await this.deps.events.emit({ type: 'viewing', conversation, agent, on: false });
  }

  /** The assigned agent has read up to `seq`: the visitor gets `seen`. */
  seen(actor: AgentActor, frame: Frame<'seen'>): Promise<void> {
    return this.turn(actor, frame.conversationId, async (agent, conversation) => {
      if (agent.role === 'bot' || conversation.agentId !== agent.id || frame.seq <= conversation.agentSeenSeq) return;
      const updated = await this.deps.storage.conversations.update(conversation.id, { agentSeenSeq: Math.min(frame.seq, conversation.lastSeq) });
      if (updated) await this.deps.events.emit({ type: 'seen', conversation: updated, by: 'agent', seq: updated.agentSeenSeq });
    });
  }

  /** Messages after `afterSeq` (notes too, except for bots), then `synced`. */
  async resume(conn: AgentConnection, actor: AgentActor, frame: Frame<'resume'>): Promise<void> {
    // A read: it takes no turn, so a long replay to a slow socket holds up nobody.
    const agent = await this.deps.sessions.agentOf(actor);
    const conversation = await this.deps.reads.existing(frame.conversationId);
    for await (const message of this.deps.reads.replay(conversation.id, frame.afterSeq, agent.role !== 'bot')) {
      conn.send({ type: 'message', message });
      await conn.drained();
    }
    conn.send({ type: 'synced', conversationId: conversation.id, lastSeq: conversation.lastSeq });
  }

  /** Runs `task` in the conversation's turn with the socket's agent and the conversation, both as stored now. */
  private turn<T>(actor: AgentActor, conversationId: string, task: (agent: AgentRecord, conversation: ConversationRecord) => Promise<T>): Promise<T> {
    return this.deps.serial.conversation(conversationId, async () => {
      // Both reads at once (two round trips on PostgreSQL become one wait), but an ended session
      // is what the socket must hear of first: it closes the socket.
      const conversation = this.deps.reads.existing(conversationId);
      conversation.catch(() => undefined);
      const agent = await this.deps.sessions.agentOf(actor);
      return task(agent, await conversation);
    });
  }
}
