import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadKnowledgeBase } from '../kb/parse.js';
import type { KnowledgeBase } from '../kb/schema.js';
import { createBot } from './create-bot.js';
import type { BotReply, Handoff } from './types.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase(fileURLToPath(new URL('../../kb/sample-support.json', import.meta.url)));
});
const ctx = (conversationId = 'c1') => ({ conversationId });

describe('answers from the knowledge base', () => {
  it.each([
    ['how much is shipping?', 'shipping-costs'],
    ['where is my parcel', 'order-tracking'],
    ['i want my money back', 'refunds'],
    ['can i pay with paypal', 'payment-methods'],
    ['how do i close my account', 'account-deletion'],
    ['my promo code is not working', 'discount-codes'],
    ['forgot my pasword', 'password-reset'],
    ['do you ship to canada', 'international-shipping'],
  ])('%s → %s', async (text, id) => {
    const reply = await createBot({ knowledgeBase: kb }).reply(text, ctx());
    expect(reply).toMatchObject({ type: 'answer', entryId: id });
    if (reply.type === 'answer') expect(reply.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('tolerates typos', async () => {
    const reply = await createBot({ knowledgeBase: kb }).reply('how do i retrun an itme', ctx());
    expect(reply).toMatchObject({ type: 'answer', entryId: 'returns' });
  });

  it('passes the entry quick replies on', async () => {
    const reply = await createBot({ knowledgeBase: kb }).reply('What is your return policy?', ctx());
    expect(reply.type === 'answer' && reply.quickReplies).toEqual(['Refund status', 'Exchange an item']);
  });

  it('says honestly when it does not know, and offers a person', async () => {
    for (const text of ['what is the capital of peru', 'can i bring my dog', 'what is the weather today']) {
      const reply = await createBot({ knowledgeBase: kb }).reply(text, ctx());
      expect(reply.type, text).toBe('fallback');
      if (reply.type === 'fallback') expect(reply.quickReplies).toEqual(['Talk to a person']);
    }
  });
});

describe('thresholds', () => {
  it('raising the answer threshold turns answers into suggestions or fallbacks', async () => {
    const strict = createBot({ knowledgeBase: kb, thresholds: { answer: 1, suggest: 0.3 } });
    const reply = await strict.reply('what are the delivery charges to my house', ctx());
    expect(reply.type).toBe('suggest');
    if (reply.type === 'suggest') {
      expect(reply.suggestions.length).toBeGreaterThanOrEqual(1);
      expect(reply.suggestions.length).toBeLessThanOrEqual(3);
      expect(reply.suggestions[0]?.id).toBe('shipping-costs');
    }
  });

  it('lowering the thresholds answers more', async () => {
    const loose = createBot({ knowledgeBase: kb, thresholds: { answer: 0, suggest: 0 } });
    expect((await loose.reply('can i bring my dog', ctx())).type).toBe('answer');
  });

  it('suggestion labels lead back to their entry when sent verbatim', async () => {
    const strict = createBot({ knowledgeBase: kb, thresholds: { answer: 0.999, suggest: 0.01 } });
    const normal = createBot({ knowledgeBase: kb });
    const reply = await strict.reply('parcel cost', ctx());
    expect(reply.type).toBe('suggest');
    if (reply.type !== 'suggest') return;
    for (const s of reply.suggestions) expect(await normal.reply(s.label, ctx(s.id))).toMatchObject({ type: 'answer', entryId: s.id });
  });

  it('rejects invalid thresholds', () => {
    expect(() => createBot({ knowledgeBase: kb, thresholds: { answer: 2 } })).toThrow(/thresholds/);
  });
});

describe('match', () => {
  it('returns ranked candidates with confidences in [0, 1] and keeps no memory', async () => {
    const bot = createBot({ knowledgeBase: kb, maxMisses: 1 });
    const result = bot.match('refund');
    expect(result[0]).toMatchObject({ entryId: 'refunds' });
    for (let i = 1; i < result.length; i++) expect(result[i - 1]!.confidence).toBeGreaterThanOrEqual(result[i]!.confidence);
    for (const c of result) expect(c.confidence).toBeGreaterThanOrEqual(0), expect(c.confidence).toBeLessThanOrEqual(1);
    bot.match('nonsense gibberish words');
    // match() must not count as a miss: one real miss with maxMisses 1 hands off; match did not pre-count.
    expect((await bot.reply('what is the capital of peru', ctx())).type).toBe('handoff');
  });
});

describe('small talk', () => {
  it('greets, thanks and says goodbye without the KB', async () => {
    const bot = createBot({ knowledgeBase: kb });
    for (const text of ['Hi there!', 'thanks a lot', 'ok bye']) {
      expect(await bot.reply(text, ctx())).toMatchObject({ type: 'answer', entryId: null });
    }
    expect(await bot.reply('hi, where is my order?', ctx())).toMatchObject({ type: 'answer', entryId: 'order-tracking' });
  });

  it('leaves small talk to the KB when the KB answers it', async () => {
    const custom: KnowledgeBase = { entries: [...kb.entries, { id: 'hello', questions: ['hello', 'hi', 'hey there'], answer: 'Welcome to our shop!' }] };
    expect(await createBot({ knowledgeBase: custom }).reply('hello', ctx())).toMatchObject({ type: 'answer', entryId: 'hello' });
  });
});

describe('handoff', () => {
  it('hands off on an explicit request, with the transcript', async () => {
    const onHandoff = vi.fn<(h: Handoff) => void>();
    const bot = createBot({ knowledgeBase: kb, onHandoff });
    await bot.reply('how much is shipping?', ctx());
    const reply = await bot.reply('can I talk to a real person please', ctx());
    expect(reply).toMatchObject({ type: 'handoff', reason: 'requested' });
    if (reply.type !== 'handoff') return;
    expect(reply.transcript.map((l) => l.from)).toEqual(['visitor', 'bot', 'visitor', 'bot']);
    expect(reply.transcript[0]?.text).toBe('how much is shipping?');
    expect(onHandoff).toHaveBeenCalledOnce();
    expect(onHandoff.mock.calls[0]?.[0]).toMatchObject({ conversationId: 'c1', reason: 'requested' });
  });

  it.each(['human', 'Agent?', 'representative please', 'I want to talk to someone', 'Talk to a person'])('"%s" is a request', async (text) => {
    expect((await createBot({ knowledgeBase: kb }).reply(text, ctx())).type).toBe('handoff');
  });

  it('"are you a real person?" is answered by a KB that says what the bot is, and hands off otherwise', async () => {
    const withEntry: KnowledgeBase = {
      ...kb,
      entries: [...kb.entries, { id: 'bot', questions: ['are you a bot', 'are you a real person', 'am i talking to a human'], answer: 'I am the shop bot.' }],
    };
    expect(await createBot({ knowledgeBase: withEntry }).reply('are you a real person?', ctx())).toMatchObject({ type: 'answer', entryId: 'bot' });
    expect(await createBot({ knowledgeBase: withEntry }).reply('can i talk to a real person', ctx())).toMatchObject({ type: 'handoff', reason: 'requested' });
    expect(await createBot({ knowledgeBase: kb }).reply('are you a real person?', ctx())).toMatchObject({ type: 'handoff', reason: 'requested' });
  });

  it('does not hand off on words that merely contain a phrase', async () => {
    expect((await createBot({ knowledgeBase: kb }).reply('what is on the agenda', ctx())).type).not.toBe('handoff');
  });

  it('uses configured phrases instead of the defaults', async () => {
    const bot = createBot({ knowledgeBase: kb, handoffPhrases: ['mensch'] });
    expect((await bot.reply('ich will einen Mensch', ctx())).type).toBe('handoff');
    expect((await bot.reply('human', ctx('c2'))).type).not.toBe('handoff');
  });

  it('hands off after maxMisses consecutive misses; an answer resets the count', async () => {
    const bot = createBot({ knowledgeBase: kb, maxMisses: 2 });
    expect((await bot.reply('what is the capital of peru', ctx())).type).toBe('fallback');
    expect((await bot.reply('how much is shipping?', ctx())).type).toBe('answer');
    expect((await bot.reply('can i bring my dog', ctx())).type).toBe('fallback');
    const reply = await bot.reply('what is the capital of peru', ctx());
    expect(reply).toMatchObject({ type: 'handoff', reason: 'misses' });
    // Other conversations have their own count.
    expect((await bot.reply('what is the capital of peru', ctx('other'))).type).toBe('fallback');
  });

  it('forget drops the miss count', async () => {
    const bot = createBot({ knowledgeBase: kb, maxMisses: 2 });
    await bot.reply('what is the capital of peru', ctx());
    bot.forget('c1');
    expect((await bot.reply('what is the capital of peru', ctx())).type).toBe('fallback');
  });
});

describe('rules', () => {
  it('runs by priority; RegExp, keyword and predicate matches; null passes on', async () => {
    const seen: string[] = [];
    const bot = createBot({
      knowledgeBase: kb,
      rules: [
        { id: 'low', match: ['shipping'], handle: () => 'low' },
        { id: 'declines', priority: 10, match: () => true, handle: () => { seen.push('declines'); return null; } },
        { id: 'high', priority: 5, match: /ship+ing to (\w+)/i, handle: (_c, m) => `to ${m.regexp?.[1]}` },
      ],
    });
    expect(await bot.reply('Shipping to Mars?', ctx())).toMatchObject({ type: 'answer', text: 'to Mars', entryId: null });
    expect(await bot.reply('what does shipped cost', ctx())).toMatchObject({ text: 'low' });
    expect(seen).toEqual(['declines', 'declines']);
  });

  it('keyword rules ignore case, accents and word forms', async () => {
    const bot = createBot({ knowledgeBase: kb, rules: [{ match: ['café'], handle: () => ({ text: 'coffee!', quickReplies: ['Menu'] }) }] });
    expect(await bot.reply('any CAFES near you?', ctx())).toMatchObject({ text: 'coffee!', quickReplies: ['Menu'] });
  });

  it('a rule can hand off', async () => {
    const onHandoff = vi.fn();
    const bot = createBot({ knowledgeBase: kb, onHandoff, rules: [{ match: /lawyer/, handle: () => ({ handoff: true, text: 'Passing you to our legal team.' }) }] });
    expect(await bot.reply('I will call my lawyer', ctx())).toMatchObject({ type: 'handoff', reason: 'rule', text: 'Passing you to our legal team.' });
    expect(onHandoff).toHaveBeenCalledOnce();
  });

  it('multi-step: ask for an order number, then look it up, with per-conversation memory', async () => {
    const lookup = vi.fn(async (n: string) => (n === '1234' ? 'shipped' : null));
    const bot = createBot({
      knowledgeBase: kb,
      rules: [
        {
          id: 'order-status',
          priority: 1,
          match: /order status/i,
          handle: (c) => {
            c.memory.asked = ((c.memory.asked as number | undefined) ?? 0) + 1;
            const askNumber = (): string => {
              c.expect(async (next) => {
                const n = /\d+/.exec(next.text)?.[0];
                if (!n) return null; // not a number: let the KB answer instead
                const status = await lookup(n);
                return status ? `Order ${n} is ${status}.` : `I can't find order ${n}.`;
              });
              return 'What is your order number?';
            };
            return askNumber();
          },
        },
      ],
    });
    expect(await bot.reply('order status', ctx('a'))).toMatchObject({ text: 'What is your order number?' });
    expect(await bot.reply('order status', ctx('b'))).toMatchObject({ text: 'What is your order number?' });
    expect(await bot.reply('it is 1234', ctx('a'))).toMatchObject({ text: 'Order 1234 is shipped.' });
    expect(await bot.reply('999', ctx('b'))).toMatchObject({ text: "I can't find order 999." });
    // The expectation is used once.
    expect((await bot.reply('1234', ctx('a'))).text).not.toBe('Order 1234 is shipped.');
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('a pending expect yields to a request for a person, and non-matching input falls through', async () => {
    const bot = createBot({ knowledgeBase: kb, rules: [{ match: /order status/i, handle: (c) => (c.expect(() => null), 'Number?') }] });
    await bot.reply('order status', ctx());
    expect((await bot.reply('how much is shipping?', ctx())).type).toBe('answer');
    await bot.reply('order status', ctx('d'));
    expect((await bot.reply('agent', ctx('d'))).type).toBe('handoff');
  });

  it('wraps a throwing handler in RULE_FAILED', async () => {
    const bot = createBot({ knowledgeBase: kb, rules: [{ match: /boom/, handle: () => { throw new Error('kaput'); } }] });
    await expect(bot.reply('boom', ctx())).rejects.toMatchObject({ code: 'RULE_FAILED' });
  });

  it('rejects invalid rules up front', () => {
    expect(() => createBot({ knowledgeBase: kb, rules: [{ match: [], handle: () => 'x' }] })).toThrow(/keyword/);
  });
});

describe('setKnowledgeBase', () => {
  it('hot-reloads the index', async () => {
    const bot = createBot({ knowledgeBase: kb });
    expect(bot.match('do you sell bicycles')[0]?.entryId).not.toBe('bikes');
    bot.setKnowledgeBase({ entries: [...kb.entries, { id: 'bikes', questions: ['do you sell bicycles', 'bikes for sale', 'can I buy a bike'], answer: 'Yes!' }] });
    const reply: BotReply = await bot.reply('do you sell bicycles', ctx('fresh'));
    expect(reply).toMatchObject({ type: 'answer', entryId: 'bikes' });
  });
});
