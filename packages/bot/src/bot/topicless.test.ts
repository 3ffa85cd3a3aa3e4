/**
 * Inputs with no topic (order numbers, ids, yes/no, emoji, one-word replies) never get a confident
 * answer — on the sample KB and on KBs sampled from CLINC150 — unless a pending `expect` takes them.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLabelled } from '../eval/dataset.js';
import { sampleKnowledgeBase } from '../eval/grid.js';
import { loadKnowledgeBase } from '../kb/parse.js';
import { words } from '../text/normalize.js';
import { createBot } from './create-bot.js';
import type { Bot } from './types.js';

const SAMPLE = fileURLToPath(new URL('../../kb/sample-support.json', import.meta.url));
const DE = fileURLToPath(new URL('../../fixtures/shop-de.json', import.meta.url));
const DATA = fileURLToPath(new URL('../../../../../shared/datasets/clinc150/', import.meta.url));

const TOPICLESS = [
  '10001', '#10001', 'AB-12345', '4711 0815', 'ok 10001', 'yes', 'no', 'Yes!', 'nope', 'ok', 'okay', 'sure', 'maybe', 'hmm', 'why?', 'what?',
  '👍', '🙂🙂', '???', '...', 'ja', 'nein', 'oui', 'non', 'si', 'nee', 'genau', 'lol', 'really', 'yes please', 'no thanks',
];

/** `held`: questions the KB itself holds verbatim (CLINC150 has "yes"/"no" intents); those it may answer. */
async function expectNoConfidentAnswer(bot: Bot, held: ReadonlySet<string> = new Set()): Promise<void> {
  for (const [i, text] of TOPICLESS.entries()) {
    if (held.has(words(text).join(' '))) continue;
    const reply = await bot.reply(text, { conversationId: `t${i}` });
    const answeredFromKb = reply.type === 'answer' && reply.entryId !== null;
    expect(answeredFromKb, `${text} → ${reply.type === 'answer' ? reply.entryId : reply.type}`).toBe(false);
  }
}

describe('topic-less inputs', () => {
  it('sample KB: no KB answer; an honest "what is it about?" that is not counted as a miss', async () => {
    const bot = createBot({ knowledgeBase: await loadKnowledgeBase(SAMPLE) });
    await expectNoConfidentAnswer(bot);
    const reply = await bot.reply('10001', { conversationId: 'u' });
    expect(reply).toMatchObject({ type: 'fallback', text: "I didn't catch that. What is your question about?", miss: { kind: 'unclear', question: '10001', candidates: [] } });
    // Three in a row do not hand off: the visitor has not asked anything yet.
    await bot.reply('yes', { conversationId: 'u' });
    expect((await bot.reply('no', { conversationId: 'u' })).type).toBe('fallback');
  });

  it('German KB: the German sentence', async () => {
    const bot = createBot({ knowledgeBase: await loadKnowledgeBase(DE) });
    await expectNoConfidentAnswer(bot);
    expect((await bot.reply('nein', { conversationId: 'd' })).text).toBe('Das habe ich nicht verstanden. Worum geht es bei Ihrer Frage?');
  });

  it('a pending expect takes the order number first', async () => {
    const bot = createBot({
      knowledgeBase: await loadKnowledgeBase(SAMPLE),
      rules: [{ match: ['order status'], handle: (ctx) => (ctx.expect((next) => (/\d+/.test(next.text) ? `Order ${next.text} ships today.` : null)), 'Your order number?') }],
    });
    await bot.reply('order status', { conversationId: 'e' });
    expect(await bot.reply('10001', { conversationId: 'e' })).toMatchObject({ type: 'answer', text: 'Order 10001 ships today.' });
  });

  it('"ok thanks" is small talk, not a KB answer', async () => {
    const bot = createBot({ knowledgeBase: await loadKnowledgeBase(SAMPLE) });
    expect(await bot.reply('ok thanks', { conversationId: 'k' })).toMatchObject({ type: 'answer', entryId: null });
  });

  it.skipIf(!existsSync(`${DATA}train.jsonl`))('grid KBs (10, 30, 80, 150 intents × 1, 5, 10 phrasings)', async () => {
    const train = await readLabelled(`${DATA}train.jsonl`);
    for (const intents of [10, 30, 80, 150]) {
      for (const phrasings of [1, 5, 10]) {
        const kb = sampleKnowledgeBase(train, { intents, phrasings }, 1);
        await expectNoConfidentAnswer(createBot({ knowledgeBase: kb }), new Set(kb.entries.flatMap((e) => e.questions.map((q) => words(q).join(' ')))));
      }
    }
  });
});
