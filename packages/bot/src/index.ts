/** @switchboard/bot: a knowledge-base FAQ bot with rules, an honest fallback and a clean handoff. */
export { loadKnowledgeBase, parseKnowledgeBase, formatFromPath } from './kb/parse.js';
export { KnowledgeBaseSchema, KnowledgeBaseEntry } from './kb/schema.js';
export type { KnowledgeBase, KnowledgeBaseFormat } from './kb/schema.js';
export { lintKnowledgeBase } from './kb/lint.js';
export type { LintProblem, LintCode } from './kb/lint.js';
export { createBot, DEFAULT_MAX_MISSES } from './bot/create-bot.js';
export type { CreateBotOptions } from './bot/create-bot.js';
export { DEFAULT_THRESHOLDS } from './bot/decide.js';
export { DEFAULT_HANDOFF_PHRASES } from './bot/handoff.js';
export { DEFAULT_MESSAGES, MESSAGES } from './bot/messages.js';
export { LANGUAGES, languageOf } from './text/languages.js';
export type { Language } from './text/languages.js';
export type { BotMessages } from './bot/messages.js';
export { Thresholds } from './bot/types.js';
export type {
  Bot,
  BotOptions,
  AnswerPart,
  BotReply,
  ExpectHandler,
  Handoff,
  HandoffReason,
  MatchCandidate,
  MatchResult,
  Miss,
  ReplyCandidate,
  ReplyContext,
  Rule,
  RuleContext,
  RuleMatch,
  RuleReply,
  TranscriptLine,
  Visitor,
} from './bot/types.js';
export { connectBot } from './connect/connect-bot.js';
export type { BotConnection, ConnectCredentials, ConnectOptions } from './connect/connect-bot.js';
export { normalizeText } from './text/normalize.js';
export { BotError, KnowledgeBaseError, BOT_ERROR_CODES } from './errors.js';
export type { BotErrorCode } from './errors.js';
