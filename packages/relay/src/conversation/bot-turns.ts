/**
 * The in-process bot, as a subscriber: each visitor message stored while a conversation is with
 * the bot gets a bot turn, queued in that conversation's serial turn (so a quick second message
 * never gets its answer before the first). A turn reads the conversation afresh: when it has left
 * the bot meanwhile (handed off, claimed, closed), or a bot process took over, the turn does nothing.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { BotReply, RelayBot } from '../bot-port.js';
import type { Storage } from '../storage/types.js';
import type { Assignment } from './assignment.js';
import type { DomainEvent } from './events.js';
import type { ConversationLog } from './log.js';
import type { Serial } from './serial.js';

const BOT_AUTHOR = { kind: 'bot' as const, name: 'Assistant' };

export interface BotTurnDeps {
  bot: RelayBot;
  storage: Storage;
  serial: Serial;
  log: ConversationLog;
  assignment: Assignment;
  /** True while a bot runs as its own process over the agent socket: the in-process bot then stays quiet. */
  botProcessConnected: () => boolean;
  logger: Pick<FastifyBaseLogger, 'error'>;
}

export class BotTurns {
  constructor(private readonly deps: BotTurnDeps) {}

  readonly handle = (event: DomainEvent): void => {
    if (event.type !== 'message.stored' || event.redelivery) return;
    const { conversation, message } = event;
    if (message.author.kind !== 'visitor' || conversation.state !== 'bot') return;
    // Not awaited: the turn queues behind the command that stored the message (it holds this key).
    void this.deps.serial
      .conversation(conversation.id, () => this.turn(conversation.id, message.text))
      .catch((err: unknown) => this.deps.logger.error({ err, conversationId: conversation.id }, 'bot turn failed'));
  };

  private async turn(conversationId: string, text: string): Promise<void> {
    if (this.deps.botProcessConnected()) return;
    const conversation = await this.deps.storage.conversations.get(conversationId);
    if (!conversation || conversation.state !== 'bot') return;
    const visitor = await this.deps.storage.visitors.get(conversation.visitorId);
    const reply = await this.deps.bot.reply(text, {
      conversationId,
      ...(visitor?.locale ? { locale: visitor.locale } : {}),
      ...(visitor ? { visitor: { name: visitor.name, email: visitor.email, userId: visitor.userId, attributes: visitor.attributes } } : {}),
    });
    await this.answer(conversation, reply);
  }

  private async answer(conversation: Parameters<ConversationLog['append']>[0], reply: BotReply): Promise<void> {
    await this.deps.log.append(conversation, {
      author: BOT_AUTHOR,
      clientId: null,
      text: reply.text,
      quickReplies: reply.type === 'answer' || reply.type === 'fallback' ? reply.quickReplies : undefined,
      suggestions: reply.type === 'suggest' ? reply.suggestions.slice(0, 3) : undefined,
    });
    if (reply.type === 'handoff') await this.deps.assignment.handOff(conversation.id, reply.reason);
  }
}
