/**
 * Behaviour on the shipped sample KB (30 entries, ~5 phrasings each): off-topic questions that
 * share a word or two with an entry are not answered, while typo'd and paraphrased in-scope ones
 * are. A check that confidence carries over to small KBs — not something the method is tuned to.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createBot } from '../bot/create-bot.js';
import { loadKnowledgeBase } from '../kb/parse.js';

const KB = fileURLToPath(new URL('../../kb/sample-support.json', import.meta.url));

const OFF_TOPIC = [
  'do you sell bicycles?',
  'is the CEO married',
  'tell me a joke',
  'what is the weather like tomorrow',
  'who won the football game last night',
  'how do I cook pasta',
  'can you recommend a good movie',
  'what is the capital of France',
  'are you hiring',
  'do you repair phones',
  'do you sell concert tickets',
];

const IN_SCOPE: [string, string][] = [
  ['wher is my ordr', 'order-tracking'],
  ['my package arrived broken', 'damaged-item'],
  ['can i pay with paypal', 'payment-methods'],
  ['do you have a student discount', 'discount-codes'],
  ['how much does shiping cost', 'shipping-costs'],
  ['i forgot my pasword', 'password-reset'],
  ['how long until i get my money back', 'refunds'],
  ['can i send it back', 'returns'],
  ['I want to cancel my order', 'order-cancellation'],
  ['where can I find my invoice', 'invoices'],
  ['how do i unsubscribe from emails', 'newsletter'],
  ['my card was declined', 'failed-payment'],
  ['do you ship to australia', 'international-shipping'],
];

describe('the sample KB with default thresholds', async () => {
  const bot = createBot({ knowledgeBase: await loadKnowledgeBase(KB) });

  it.each(OFF_TOPIC)('does not answer "%s"', async (text) => {
    const reply = await bot.reply(text, { conversationId: text });
    bot.forget(text);
    expect(reply.type).not.toBe('answer');
  });

  it.each(IN_SCOPE)('answers "%s" with %s', async (text, id) => {
    const reply = await bot.reply(text, { conversationId: text });
    bot.forget(text);
    expect(reply).toMatchObject({ type: 'answer', entryId: id });
  });

  it.each([
    ['account', ['account-deletion', 'create-account']],
    ['card', ['gift-cards', 'failed-payment']],
    ['my account', ['account-deletion', 'create-account']],
  ])('a bare subject several entries use ("%s") gets "did you mean", not a guess', async (text, ids) => {
    const reply = await bot.reply(text, { conversationId: text });
    bot.forget(text);
    expect(reply.type).toBe('suggest');
    if (reply.type === 'suggest') expect(reply.suggestions.map((s) => s.id)).toEqual(expect.arrayContaining(ids));
  });

  it('a bare subject only one entry uses, or a question about it, is answered', async () => {
    for (const [text, id] of [['refund', 'refunds'], ['how much is shipping?', 'shipping-costs'], ['where is my parcel?', 'order-tracking']] as const) {
      const reply = await bot.reply(text, { conversationId: text });
      bot.forget(text);
      expect(reply).toMatchObject({ type: 'answer', entryId: id });
    }
  });

  it('does not "correct" real words it does not know into KB words', () => {
    // "married" is two edits from "arrived", "tell" one from "sell": neither may match on them.
    expect(bot.match('is the CEO married')[0]?.confidence ?? 0).toBeLessThan(0.2);
    expect(bot.match('tell me a joke')[0]?.confidence ?? 0).toBeLessThan(0.2);
  });
});
