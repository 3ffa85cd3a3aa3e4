/**
 * A conversation's log as everyone sees it: appending system messages and lifecycle events, and
 * fanning out messages and state changes to the visitor's tabs and the agents who follow the
 * conversation. Internal notes never reach a visitor.
 */
import type { AgentServerFrame, ConversationSummary, EventName, Message } from '@switchboard/protocol';
import type { Bus } from './bus/types.js';
import { newId } from './ids.js';
import type { ConversationRecord, Storage } from './storage/types.js';
import { conversationSummary, conversationView } from './views.js';

const SYSTEM_AUTHOR = { kind: 'system' as const };
const REPLAY_PAGE = 500;

/** Where a conversation's frames go: the hub delivers to the agents that follow it. */
export function route(c: ConversationRecord): { id: string; state: ConversationRecord['state']; agentId: string | null } {
  return { id: c.id, state: c.state, agentId: c.agentId };
}

export class ConversationLog {
  constructor(
    private readonly storage: Storage,
    private readonly bus: Bus,
    private readonly now: () => number,
  ) {}

  async appendAndPublish(
    conversation: ConversationRecord,
    m: { author: Message['author']; text: string; quickReplies?: string[] | undefined; suggestions?: Message['suggestions'] },
  ): Promise<Message> {
    const { message } = await this.storage.appendMessage({
      id: newId('m'),
      conversationId: conversation.id,
      authorKey: `${m.author.kind}:${conversation.id}`,
      clientId: null,
      kind: 'text',
      author: m.author,
      text: m.text,
      createdAt: this.now(),
      quickReplies: m.quickReplies,
      suggestions: m.suggestions,
    });
    await this.publishMessage(conversation, message, undefined);
    return message;
  }

  /** Stores a lifecycle event in the conversation's log and tells everyone the new state. */
  async appendEvent(
    conversation: ConversationRecord,
    name: EventName,
    text: string,
    details: { reason?: string; agentId?: string; detail?: string },
  ): Promise<void> {
    const { message } = await this.storage.appendMessage({
      id: newId('m'),
      conversationId: conversation.id,
      authorKey: `system:${conversation.id}`,
      clientId: null,
      kind: 'event',
      author: SYSTEM_AUTHOR,
      text,
      createdAt: this.now(),
      event: { name, ...details },
    });
    const fresh = (await this.storage.getConversation(conversation.id)) ?? conversation;
    await this.publishConversation(fresh);
    await this.publishMessage(fresh, message, undefined);
  }

  async publishConversation(conversation: ConversationRecord): Promise<void> {
    const agent = conversation.agentId ? await this.storage.getAgent(conversation.agentId) : null;
    await this.bus.publish({ to: 'visitor', visitorId: conversation.visitorId, frame: { type: 'conversation', conversation: conversationView(conversation, agent) } });
    const summary = await this.summary(conversation);
    await this.bus.publish({ to: 'agents', conversation: route(conversation), frame: { type: 'conversation', conversation: summary } });
  }

  async publishMessage(conversation: ConversationRecord, message: Message, exceptSocket: string | undefined): Promise<void> {
    const frame = { type: 'message' as const, message };
    if (message.kind !== 'note') {
      await this.bus.publish({ to: 'visitor', visitorId: conversation.visitorId, frame, ...(message.author.kind === 'visitor' && exceptSocket ? { exceptSocket } : {}) });
    }
    const agentFrame: AgentServerFrame = frame;
    await this.bus.publish({
      to: 'agents',
      conversation: route(conversation),
      frame: agentFrame,
      internal: message.kind === 'note',
      ...(message.author.kind !== 'visitor' && exceptSocket ? { exceptSocket } : {}),
    });
  }

  async summaries(states: ConversationRecord['state'][], limit = 500): Promise<ConversationSummary[]> {
    const conversations = await this.storage.listConversations({ states, order: 'oldest', limit });
    return Promise.all(conversations.map((c) => this.summary(c)));
  }

  async summary(conversation: ConversationRecord): Promise<ConversationSummary> {
    const [visitor, agent] = await Promise.all([
      this.storage.getVisitor(conversation.visitorId),
      conversation.agentId ? this.storage.getAgent(conversation.agentId) : Promise.resolve(null),
    ]);
    if (!visitor) throw new Error(`visitor ${conversation.visitorId} of ${conversation.id} is missing`);
    return conversationSummary(conversation, visitor, agent);
  }

  /** Messages after `afterSeq`, page by page, in order. */
  async *replay(conversationId: string, afterSeq: number, includeNotes: boolean): AsyncGenerator<Message> {
    let cursor = afterSeq;
    for (;;) {
      const page = await this.storage.listMessages(conversationId, { afterSeq: cursor, limit: REPLAY_PAGE, includeNotes });
      for (const message of page) yield message;
      if (page.length < REPLAY_PAGE) return;
      cursor = page[page.length - 1]!.seq;
    }
  }
}
