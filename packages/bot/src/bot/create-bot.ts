/**
 * The bot: one reply pipeline over the knowledge base, rules and per-conversation memory.
 * Order per message: explicit request for a person → a pending `expect` → rules (by priority)
 * → small talk → the knowledge base. Misses are counted per conversation; after `maxMisses`
 * in a row the bot hands off instead of failing again.
 */
import { KnowledgeIndex } from '../match/knowledge-index.js';
import type { KnowledgeBase } from '../kb/schema.js';
import { BotError } from '../errors.js';
import { decide, DEFAULT_THRESHOLDS } from './decide.js';
import { HandoffDetector, handoffPhrasesFor } from './handoff.js';
import { ConversationStore, type Conversation } from './memory.js';
import { type BotMessages, DEFAULT_MESSAGES } from './messages.js';
import { type CompiledRule, compileRules } from './rules.js';
import { SMALL_TALK_REPLIES, type SmallTalkKind, smallTalk } from './smalltalk.js';
import {
  type Bot,
  type BotOptions,
  type BotReply,
  type HandoffReason,
  type MatchResult,
  type ReplyContext,
  type RuleContext,
  type RuleReply,
  Thresholds,
} from './types.js';

export interface CreateBotOptions extends BotOptions {
  /** Override the bot's own sentences (fallback, suggestions, handoff). */
  messages?: Partial<BotMessages>;
}

export const DEFAULT_MAX_MISSES = 2;

/**
 * @example
 * const bot = createBot({ knowledgeBase: await loadKnowledgeBase('kb/sample-support.json') });
 * const reply = await bot.reply('where is my parcel?', { conversationId: 'c1' });
 */
export function createBot(options: CreateBotOptions): Bot {
  const parsed = Thresholds.safeParse({ ...DEFAULT_THRESHOLDS, ...options.thresholds });
  if (!parsed.success) throw new BotError('USAGE', `invalid thresholds: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const thresholds = parsed.data;
  const maxMisses = options.maxMisses ?? DEFAULT_MAX_MISSES;
  const messages: BotMessages = { ...DEFAULT_MESSAGES, ...options.messages };
  const rules: CompiledRule[] = compileRules(options.rules ?? []);
  const store = new ConversationStore();
  let index: KnowledgeIndex;
  let handoffDetector: HandoffDetector;
  /** Small talk the KB answers itself (a KB with a "greeting" entry) goes to the KB instead. */
  let kbSmallTalk: Set<SmallTalkKind>;

  const load = (kb: KnowledgeBase): void => {
    index = new KnowledgeIndex(kb);
    handoffDetector = new HandoffDetector(options.handoffPhrases ?? handoffPhrasesFor(kb.locale));
    // Structural, not fuzzy: only a KB with a question that *is* small talk ("hello") takes it over.
    kbSmallTalk = new Set(kb.entries.flatMap((e) => e.questions.map(smallTalk)).filter((k): k is SmallTalkKind => k !== null));
  };
  load(options.knowledgeBase);

  const handoff = (c: Conversation, ctx: ReplyContext, reason: HandoffReason, text?: string): BotReply => {
    const message = text ?? (reason === 'requested' ? messages.handoffRequested : reason === 'misses' ? messages.handoffMisses : messages.handoffRule);
    store.record(c, 'bot', message);
    c.misses = 0;
    c.expecting = null;
    const transcript = c.transcript.map((l) => ({ ...l }));
    const h = { conversationId: ctx.conversationId, reason, text: message, transcript, ...(ctx.visitor ? { visitor: ctx.visitor } : {}) };
    options.onHandoff?.(h);
    return { type: 'handoff', text: message, reason, transcript };
  };

  const fromRule = (c: Conversation, ctx: ReplyContext, out: RuleReply, ruleId: string): BotReply | null => {
    if (out === null || out === undefined) return null;
    if (typeof out === 'string') return { type: 'answer', text: out, entryId: null, confidence: 1 };
    if (typeof out !== 'object') throw new BotError('RULE_FAILED', `${ruleId}: handler returned ${typeof out}`);
    if ('handoff' in out && out.handoff === true) return handoff(c, ctx, 'rule', out.text);
    if ('type' in out) {
      if (out.type === 'handoff') return handoff(c, ctx, out.reason, out.text);
      return out;
    }
    if ('text' in out && typeof out.text === 'string') {
      const reply: BotReply = { type: 'answer', text: out.text, entryId: null, confidence: 1 };
      if ('quickReplies' in out && out.quickReplies) reply.quickReplies = [...out.quickReplies];
      return reply;
    }
    throw new BotError('RULE_FAILED', `${ruleId}: handler returned an object without text`);
  };

  const ruleContext = (c: Conversation, ctx: ReplyContext, text: string): RuleContext => ({
    ...ctx,
    text,
    memory: c.memory,
    expect: (handler) => {
      c.expecting = handler;
    },
  });

  const respond = async (c: Conversation, text: string, ctx: ReplyContext): Promise<BotReply> => {
    if (handoffDetector.requested(text)) return handoff(c, ctx, 'requested');

    if (c.expecting) {
      const handler = c.expecting;
      c.expecting = null;
      const out = fromRule(c, ctx, await handler(ruleContext(c, ctx, text)), 'expect');
      if (out) return out;
    }
    for (const rule of rules) {
      const m = rule.test(text, ctx);
      if (!m) continue;
      let out: RuleReply;
      try {
        out = await rule.rule.handle(ruleContext(c, ctx, text), m);
      } catch (error) {
        throw new BotError('RULE_FAILED', `${rule.id}: ${(error as Error).message}`, { cause: error });
      }
      const reply = fromRule(c, ctx, out, rule.id);
      if (reply) return reply;
    }

    const kind = smallTalk(text);
    if (kind && !kbSmallTalk.has(kind)) return { type: 'answer', text: SMALL_TALK_REPLIES[kind], entryId: null, confidence: 1 };

    const decision = decide(index, text, thresholds, messages);
    if (decision.type === 'fallback') {
      c.misses += 1;
      if (c.misses >= maxMisses) return handoff(c, ctx, 'misses');
    }
    return decision;
  };

  return {
    async reply(text, ctx) {
      const c = store.get(ctx.conversationId);
      store.record(c, 'visitor', text);
      const reply = await respond(c, text, ctx);
      if (reply.type === 'answer') c.misses = 0;
      if (reply.type !== 'handoff') store.record(c, 'bot', reply.text);
      return reply;
    },
    match(text): MatchResult {
      return index.candidates(text, 5).map(({ entryId, confidence, question }) => ({ entryId, confidence, question }));
    },
    setKnowledgeBase(kb) {
      load(kb);
    },
    forget(conversationId) {
      store.forget(conversationId);
    },
  };
}
