/**
 * Reading conversations as clients see them: inbox rows for agents, a visitor's view, a log page
 * by page. Reads take no serial turn: each answers from what is stored at that moment.
 */
import type { ConversationSummary, ConversationView, HistoryResponse, Message } from '@switchboard/protocol';
import { RelayError } from '../errors.js';
import type { ConversationQuery, ConversationRecord, Storage } from '../storage/types.js';
import { conversationSummary, conversationView } from '../views.js';

const REPLAY_PAGE = 500;
/** A visitor is shown their latest conversation this long after it closed (to rate it, or read it again). */
export const RECENT_CLOSED_MS = 24 * 60 * 60 * 1000;

/** Who reads a conversation's log: an agent sees notes; a visitor only their own conversations, without notes. */
export type Reader = { agentId: string } | { visitorId: string };

export class ConversationReads {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
  ) {}

  async summary(conversation: ConversationRecord): Promise<ConversationSummary> {
    const [visitor, agent] = await Promise.all([
      this.storage.visitors.get(conversation.visitorId),
      conversation.agentId ? this.storage.agents.get(conversation.agentId) : Promise.resolve(null),
    ]);
    if (!visitor) throw new Error(`visitor ${conversation.visitorId} of ${conversation.id} is missing`);
    return conversationSummary(conversation, visitor, agent);
  }

  async view(conversation: ConversationRecord): Promise<ConversationView> {
    const agent = conversation.agentId ? await this.storage.agents.get(conversation.agentId) : null;
    return conversationView(conversation, agent);
  }

  async summaries(query: ConversationQuery): Promise<ConversationSummary[]> {
    return Promise.all((await this.storage.conversations.list(query)).map((c) => this.summary(c)));
  }

  /** Inbox rows matching a search text (visitor name, email, message text). */
  async search(query: { text: string; states?: ConversationRecord['state'][]; limit: number }): Promise<ConversationSummary[]> {
    return Promise.all((await this.storage.conversations.search(query)).map((c) => this.summary(c)));
  }

  /** One conversation as an agent sees it; NOT_FOUND when there is none. */
  async one(conversationId: string): Promise<ConversationSummary> {
    return this.summary(await this.existing(conversationId));
  }

  /** The visitor's open conversation, or their latest if it closed recently; null otherwise. */
  async shownTo(visitorId: string): Promise<ConversationRecord | null> {
    const latest = await this.storage.conversations.latestOf(visitorId);
    return latest && (latest.state !== 'closed' || this.now() - (latest.closedAt ?? 0) < RECENT_CLOSED_MS) ? latest : null;
  }

  /** The conversation, if `reader` may read it; NOT_FOUND otherwise (others' conversations are never revealed). */
  async readable(reader: Reader, conversationId: string): Promise<ConversationRecord> {
    const conversation = await this.storage.conversations.get(conversationId);
    if (!conversation || ('visitorId' in reader && conversation.visitorId !== reader.visitorId)) throw new RelayError('NOT_FOUND', 'No such conversation.');
    return conversation;
  }

  async existing(conversationId: string): Promise<ConversationRecord> {
    const conversation = await this.storage.conversations.get(conversationId);
    if (!conversation) throw new RelayError('NOT_FOUND', 'No such conversation.');
    return conversation;
  }

  /** One page of a conversation's log after `afterSeq`. */
  async history(reader: Reader, conversationId: string, page: { afterSeq: number; limit: number }): Promise<HistoryResponse> {
    const conversation = await this.readable(reader, conversationId);
    const messages = await this.storage.messages.list(conversation.id, { ...page, includeNotes: 'agentId' in reader });
    const last = messages[messages.length - 1];
    return { messages, nextAfterSeq: messages.length === page.limit && last ? last.seq : null };
  }

  /** Messages after `afterSeq`, page by page, in order. */
  async *replay(conversationId: string, afterSeq: number, includeNotes: boolean): AsyncGenerator<Message> {
    let cursor = afterSeq;
    for (;;) {
      const page = await this.storage.messages.list(conversationId, { afterSeq: cursor, limit: REPLAY_PAGE, includeNotes });
      for (const message of page) yield message;
      if (page.length < REPLAY_PAGE) return;
      cursor = page[page.length - 1]!.seq;
    }
  }
}
