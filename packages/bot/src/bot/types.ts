/** The public types of the bot: what it is given, what it answers, and how rules plug in. */
import { z } from 'zod';

export const Thresholds = z.object({
  /** Answer from the KB at or above this confidence. @default 0.5 */
  answer: z.number().min(0).max(1),
  /** Between this and `answer`, offer "did you mean" choices; below it, say so honestly. @default 0.4 */
  suggest: z.number().min(0).max(1),
});
export type Thresholds = z.infer<typeof Thresholds>;

export const Visitor = z.object({
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  userId: z.string().nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type Visitor = z.infer<typeof Visitor>;

export interface ReplyContext {
  conversationId: string;
  locale?: string;
  visitor?: Visitor;
}

export interface TranscriptLine {
  from: 'visitor' | 'bot';
  text: string;
  at: number;
}

export type HandoffReason = 'requested' | 'misses' | 'rule';

export type BotReply =
  | { type: 'answer'; text: string; entryId: string | null; confidence: number; quickReplies?: string[] }
  | { type: 'suggest'; text: string; suggestions: { id: string; label: string }[]; confidence: number }
  | { type: 'fallback'; text: string; confidence: number; quickReplies?: string[] }
  | { type: 'handoff'; text: string; reason: HandoffReason; transcript: TranscriptLine[] };

/** What `onHandoff` receives: everything an agent needs to pick the conversation up. */
export interface Handoff {
  conversationId: string;
  reason: HandoffReason;
  text: string;
  transcript: TranscriptLine[];
  visitor?: Visitor;
}

export interface MatchCandidate {
  entryId: string;
  /** In [0, 1]; the same scale as the bot's thresholds. */
  confidence: number;
  /** The entry's question nearest to the text. */
  question: string;
}
/** Ranked candidates, best first. */
export type MatchResult = MatchCandidate[];

/** What a rule's handler may return. `null`/`undefined` means "not mine after all": the bot carries on. */
export type RuleReply =
  | string
  | { text: string; quickReplies?: string[] }
  | { handoff: true; text?: string }
  | BotReply
  | null
  | undefined;

export interface RuleContext extends ReplyContext {
  /** The visitor's message. */
  text: string;
  /** Per-conversation memory shared by all rules; dropped by `bot.forget(conversationId)`. */
  memory: Record<string, unknown>;
  /** Send the visitor's next message in this conversation to `handler` before anything else (except a request for a human). */
  expect(handler: ExpectHandler): void;
}

export type ExpectHandler = (ctx: RuleContext) => Promise<RuleReply> | RuleReply;

export interface RuleMatch {
  /** The rule's id (or its index). */
  rule: string;
  /** For a RegExp rule: the match, with groups. */
  regexp?: RegExpExecArray;
  /** For a keyword rule: the keyword that matched. */
  keyword?: string;
}

export interface Rule {
  id?: string;
  /** A RegExp over the raw text, keywords (any one, case/accents/word forms ignored), or a predicate. */
  match: RegExp | string[] | ((text: string, ctx: ReplyContext) => boolean);
  /** Higher runs first. @default 0 */
  priority?: number;
  handle: (ctx: RuleContext, match: RuleMatch) => Promise<RuleReply> | RuleReply;
}

export interface BotOptions {
  knowledgeBase: import('../kb/schema.js').KnowledgeBase;
  rules?: Rule[];
  thresholds?: Partial<Thresholds>;
  /** Phrases that mean "let me talk to a person". @default English list (or the KB locale's) */
  handoffPhrases?: string[];
  /** Hand off after this many consecutive answers the bot could not give. @default 2 */
  maxMisses?: number;
  onHandoff?: (h: Handoff) => void;
}

export interface Bot {
  reply(text: string, ctx: ReplyContext): Promise<BotReply>;
  /** Ranked candidates for "try a question" tools; pure, no memory. */
  match(text: string): MatchResult;
  /** Hot reload: the index is rebuilt. */
  setKnowledgeBase(kb: import('../kb/schema.js').KnowledgeBase): void;
  /** Drop per-conversation memory (misses, rule state, transcript). */
  forget(conversationId: string): void;
}
