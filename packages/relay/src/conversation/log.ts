/**
 * Writing to a conversation's log. Every message — a visitor's, an agent's, the bot's, the
 * relay's own notices and lifecycle events — is stored here, with the next seq, before anyone is
 * told of it. Plain messages are announced as `message.stored`; lifecycle event entries are
 * returned to the lifecycle, which announces them with the change they record.
 */
import type { Ack, Author, EventName, Message } from '@switchboard/protocol';
import { RelayError } from '../errors.js';
import { newId } from '../ids.js';
import type { ConversationRecord, NewMessage, Storage } from '../storage/types.js';
import type { DomainEvents } from './events.js';

export const SYSTEM_AUTHOR = { kind: 'system' as const };

/** An ack's fields beside `type` and `id`. */
export type AckFields = Omit<Ack, 'type' | 'id'>;

export function ackOf(message: Message, duplicate: boolean): AckFields {
  return { messageId: message.id, conversationId: message.conversationId, seq: message.seq, duplicate };
}

/** Refuses a text over the relay's configured cap (MAX_TEXT_BYTES) with TOO_LARGE. */
export function checkTextSize(text: string, maxBytes: number): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) throw new RelayError('TOO_LARGE', `The text is ${bytes} bytes; the limit is ${maxBytes}.`);
}

/** What a caller says; the log adds the id, time and dedup key. */
export interface Entry {
  author: Author;
  /** The sender's own id for the message (dedup: a repeat is stored once), or null for the relay's own. */
  clientId: string | null;
  /** Who may not repeat a client id: "v:<visitorId>", "a:<agentId>". Defaults to the author kind in this conversation. */
  authorKey?: string;
  kind?: Message['kind'];
  text: string;
  quickReplies?: string[] | undefined;
  suggestions?: Message['suggestions'];
}

export class ConversationLog {
  constructor(
    private readonly storage: Storage,
    private readonly events: DomainEvents,
    private readonly now: () => number,
  ) {}

  /**
   * Stores a message and announces it. A repeated client id is not stored again: the stored
   * original comes back (`duplicate`) and is announced again, because a relay that stored it and
   * died before publishing it would otherwise leave it unseen by live sockets until they resume;
   * receivers drop what they already have by message id.
   */
  async append(conversation: ConversationRecord, entry: Entry, origin?: string): Promise<{ message: Message; duplicate: boolean; conversation: ConversationRecord }> {
    const { message, duplicate } = await this.storage.messages.append(this.newMessage(conversation, entry));
    // A duplicate may belong to another conversation (a retry of a message sent before a close).
    const current = duplicate && message.conversationId !== conversation.id ? ((await this.storage.conversations.get(message.conversationId)) ?? conversation) : conversation;
    await this.events.emit({ type: 'message.stored', conversation: current, message, origin, redelivery: duplicate });
    return { message, duplicate, conversation: current };
  }

  /** Announces again a message stored earlier (a retry whose client id was found before appending). */
  async redeliver(message: Message, origin: string | undefined): Promise<void> {
    const conversation = await this.storage.conversations.get(message.conversationId);
    if (conversation) await this.events.emit({ type: 'message.stored', conversation, message, origin, redelivery: true });
  }

  /** Stores a lifecycle event entry; returns it with the conversation as it now is (its lastSeq moved). */
  async record(conversation: ConversationRecord, name: EventName, text: string, details: { reason?: string; agentId?: string; detail?: string }): Promise<{ conversation: ConversationRecord; log: Message }> {
    const { message } = await this.storage.messages.append({
      ...this.newMessage(conversation, { author: SYSTEM_AUTHOR, clientId: null, kind: 'event', text }),
      event: { name, ...details },
    });
    const fresh = (await this.storage.conversations.get(conversation.id)) ?? conversation;
    return { conversation: fresh, log: message };
  }

  private newMessage(conversation: ConversationRecord, e: Entry): NewMessage {
    return {
      id: newId('m'),
      conversationId: conversation.id,
      authorKey: e.authorKey ?? `${e.author.kind}:${conversation.id}`,
      clientId: e.clientId,
      kind: e.kind ?? 'text',
      author: e.author,
      text: e.text,
      createdAt: this.now(),
      quickReplies: e.quickReplies,
      suggestions: e.suggestions,
    };
  }
}
