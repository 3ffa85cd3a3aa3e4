/** The public types of the bot: what it is given, what it answers, and how rules plug in. */
import { z } from 'zod';
import type { Language } from '../text/languages.js';

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

/** A KB entry the bot considered, with its confidence. */
export interface ReplyCandidate {
  entryId: string;
  confidence: number;
}

/** One entry of an answer (an answer to a message with two questions has two). */
export interface AnswerPart extends ReplyCandidate {
  /** The entry's answer. */
  text: string;
}

/**
 * Why a reply is not an answer from the KB, for an "Unanswered" log: what kind of miss, the
 * question it is about, and the entries the bot considered. Present on suggest, fallback and
 * handoff replies (not on a handoff a rule asked for).
 */
export interface Miss {
  /** fallback: nothing good enough; unclear: a message with no topic ("yes", "10001"); suggestion: "did you mean"; handoff: handed to a person (asked for, or after misses). */
  kind: 'fallback' | 'unclear' | 'suggestion' | 'handoff';
  /** The visitor's question: the message itself, or for a requested handoff the last question the bot did not answer before it (if any). */
  question: string;
  /** Best candidates for the question, best first (empty when it has no topic). */
  candidates: ReplyCandidate[];
  /** The language the bot read the question in (one of the KB's languages). */
  language: Language;
}

export type BotReply =
  | {
      type: 'answer';
      text: string;
      entryId: string | null;
      confidence: number;
      quickReplies?: string[];
      /** Two questions in one message, both answered: every entry answered, in the order asked. `text` holds both answers; `entryId` is the first. */
      answers?: AnswerPart[];
      /** The visitor sent a "did you mean" choice: the question that got the suggestion and the entry chosen (a phrasing to add to that entry). */
      suggestionChosen?: { question: string; entryId: string };
    }
  | { type: 'suggest'; text: string; suggestions: { id: string; label: string }[]; confidence: number; miss?: Miss }
  | { type: 'fallback'; text: string; confidence: number; quickReplies?: string[]; miss?: Miss }
  | { type: 'handoff'; text: string; reason: HandoffReason; transcript: TranscriptLine[]; miss?: Miss };

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
