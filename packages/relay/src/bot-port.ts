/**
 * What the relay needs from a bot. `@switchboard/bot`'s `createBot` satisfies it; tests may pass
 * a scripted one.
 */
export type BotReply =
  | { type: 'answer'; text: string; entryId: string | null; confidence: number; quickReplies?: string[] }
  | { type: 'suggest'; text: string; suggestions: { id: string; label: string }[]; confidence: number }
  | { type: 'fallback'; text: string; confidence: number; quickReplies?: string[] }
  | { type: 'handoff'; text: string; reason: string; transcript?: unknown };

export interface BotContext {
  conversationId: string;
  locale?: string;
  visitor?: { name?: string | null; email?: string | null; userId?: string | null; attributes?: Record<string, unknown> };
}

export interface RelayBot {
  reply(text: string, ctx: BotContext): Promise<BotReply>;
  forget(conversationId: string): void;
}
