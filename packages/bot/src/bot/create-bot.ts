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
import { DEFAULT_HANDOFF_PHRASES, HandoffDetector, asksAboutTheBot } from './handoff.js';
import { ConversationStore, type Conversation } from './memory.js';
import { type BotMessages, MESSAGES } from './messages.js';
import { type CompiledRule, compileRules } from './rules.js';
import { type SmallTalkKind, isTopicless, smallTalk } from './smalltalk.js';
import type { Language } from '../text/languages.js';
import { words } from '../text/normalize.js';
import {
  type Bot,
  type BotOptions,
  type BotReply,
  type HandoffReason,
  type MatchResult,
  type Miss,
  type ReplyContext,
  type RuleContext,
  type RuleReply,
  Thresholds,
} from './types.js';

export interface CreateBotOptions extends BotOptions {
  /** Override the bot's own sentences (fallback, suggestions, handoff), in every language. */
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
  const messagesFor = (lang: Language): BotMessages => ({ ...MESSAGES[lang], ...options.messages });
  const rules: CompiledRule[] = compileRules(options.rules ?? []);
  const store = new ConversationStore();
  let index: KnowledgeIndex;
  let handoffDetector: HandoffDetector;
  /** Small talk the KB answers itself (a KB with a "greeting" entry) goes to the KB instead. */
  let kbSmallTalk: Set<SmallTalkKind>;
  /** Topic-less questions the KB holds itself ("yes", "how are you"), as normalised words. */
  let kbTopicless: Set<string>;

  const load = (kb: KnowledgeBase): void => {
    index = new KnowledgeIndex(kb);
    // Every language the KB is written in brings its phrases; configured phrases apply to all of them.
    handoffDetector = new HandoffDetector(Object.fromEntries(index.languages.map((l) => [l, options.handoffPhrases ?? DEFAULT_HANDOFF_PHRASES[l]])));
    // Structural, not fuzzy: only a KB with a question that *is* small talk ("hello") takes it over.
    kbSmallTalk = new Set();
    kbTopicless = new Set();
    for (const entry of kb.entries) {
      for (const question of entry.questions) {
        const tokens = words(question);
        const kind = smallTalk(question, tokens);
        if (kind) kbSmallTalk.add(kind);
        if (isTopicless(question, tokens)) kbTopicless.add(tokens.join(' '));
      }
    }
  };
  load(options.knowledgeBase);

  const handoff = (c: Conversation, ctx: ReplyContext, reason: HandoffReason, text?: string, miss?: Miss): BotReply => {
    const messages = messagesFor(c.language);
    const message = text ?? (reason === 'requested' ? messages.handoffRequested : reason === 'misses' ? messages.handoffMisses : messages.handoffRule);
    store.record(c, 'bot', message);
    c.misses = 0;
    c.expecting = null;
    const transcript = c.transcript.map((l) => ({ ...l }));
    const h = { conversationId: ctx.conversationId, reason, text: message, transcript, ...(ctx.visitor ? { visitor: ctx.visitor } : {}) };
    options.onHandoff?.(h);
    const reply: BotReply = { type: 'handoff', text: message, reason, transcript };
    if (miss) reply.miss = { ...miss, kind: 'handoff' };
    return reply;
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

  /** The miss a requested handoff is about: the last question the bot could not answer, if any. */
  const requestedMiss = (c: Conversation, text: string): Miss => {
    const question = c.lastMiss ?? text;
    return { kind: 'handoff', question, candidates: c.lastMiss ? index.match(question).map(({ entryId, confidence }) => ({ entryId, confidence })) : [], language: c.language };
  };

  const respond = async (c: Conversation, text: string, ctx: ReplyContext): Promise<BotReply> => {
    c.language = index.languageOf(text);
    if (handoffDetector.requested(text)) {
      // "are you a real person?" asks what the bot is: the KB's answer when it has a confident one.
      if (asksAboutTheBot(text, c.language)) {
        const answer = decide(index, text, thresholds, messagesFor(c.language));
        if (answer.type === 'answer') return answer;
      }
      return handoff(c, ctx, 'requested', undefined, requestedMiss(c, text));
    }

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

    const messages = messagesFor(c.language);
    const kind = smallTalk(text);
    if (kind && !kbSmallTalk.has(kind)) return { type: 'answer', text: messages[kind], entryId: null, confidence: 1 };
    // Small talk the KB answers itself ("hi" in a KB with a greeting entry) is the KB's, topic or not.
    if (isTopicless(text) && !(kind && kbSmallTalk.has(kind)) && !kbTopicless.has(words(text).join(' '))) {
      // Not a miss of the KB: the visitor said nothing it could answer ("yes", "10001"), so ask.
      return { type: 'fallback', text: messages.unclear, confidence: 0, miss: { kind: 'unclear', question: text, candidates: [], language: c.language } };
    }

    const chosen = c.suggested?.list.find((s) => s.label === text.trim());
    const decision = decide(index, text, thresholds, messages);
    if (decision.type === 'answer' && chosen && c.suggested && decision.entryId === chosen.id) {
      decision.suggestionChosen = { question: c.suggested.question, entryId: chosen.id };
    }
    c.suggested = decision.type === 'suggest' ? { question: text, list: decision.suggestions } : null;
    if (decision.type === 'fallback') {
      c.misses += 1;
      if (c.misses >= maxMisses) return handoff(c, ctx, 'misses', undefined, decision.miss);
    }
    return decision;
  };

  return {
    async reply(text, ctx) {
      const c = store.get(ctx.conversationId);
      store.record(c, 'visitor', text);
      const reply = await respond(c, text, ctx);
      if (reply.type === 'answer') c.misses = 0;
      // The question a later "talk to a person" is about.
      if (reply.type === 'answer') c.lastMiss = null;
      else if (reply.type !== 'handoff' && reply.miss && reply.miss.kind !== 'unclear') c.lastMiss = text;
      if (reply.type !== 'handoff') store.record(c, 'bot', reply.text);
      return reply;
    },
    match(text): MatchResult {
      return index.match(text);
    },
    setKnowledgeBase(kb) {
      load(kb);
    },
    forget(conversationId) {
      store.forget(conversationId);
    },
  };
}
