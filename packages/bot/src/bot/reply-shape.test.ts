/** What a reply carries besides its text: two answers for two questions, the miss, the chosen suggestion. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../kb/parse.js';
import { clausesOf } from './clauses.js';
import { createBot } from './create-bot.js';

const SAMPLE = fileURLToPath(new URL('../../kb/sample-support.json', import.meta.url));

describe('two questions in one message', () => {
  it('cuts at sentence ends and at "and" between two real parts', () => {
    expect(clausesOf('how much is shipping to Germany and how long does it take', 'en')).toEqual(['how much is shipping to Germany', 'how long does it take']);
    expect(clausesOf('do you sell black and white shirts', 'en')).toEqual(['do you sell black and white shirts']);
    expect(clausesOf('Was kostet der Versand? Und wie lange dauert die Lieferung?', 'de')).toEqual(['Was kostet der Versand', 'Und wie lange dauert die Lieferung']);
  });

  it('answers both entries, in the order asked; text holds both, entryId the first', async () => {
    const bot = createBot({ knowledgeBase: await loadKnowledgeBase(SAMPLE) });
    const reply = await bot.reply('how much is shipping to Germany and how long does it take', { conversationId: 'a' });
    expect(reply.type).toBe('answer');
    if (reply.type !== 'answer') return;
    expect(reply.entryId).toBe('shipping-costs');
    expect(reply.answers?.map((a) => a.entryId)).toEqual(['shipping-costs', 'shipping-times']);
    expect(reply.text).toBe(reply.answers?.map((a) => a.text).join('\n\n'));
  });

  it('one question stays one answer', async () => {
    const bot = createBot({ knowledgeBase: await loadKnowledgeBase(SAMPLE) });
    const reply = await bot.reply('how much does shipping cost', { conversationId: 'b' });
    expect(reply).toMatchObject({ type: 'answer', entryId: 'shipping-costs' });
    expect(reply.type === 'answer' && reply.answers).toBeFalsy();
  });
});

describe('misses, for an "Unanswered" log', () => {
  it('fallback and suggestion carry the kind, the question and the candidates', async () => {
    const bot = createBot({ knowledgeBase: await loadKnowledgeBase(SAMPLE) });
    const fallback = await bot.reply('my stuff', { conversationId: 'm' });
    expect(fallback).toMatchObject({ type: 'fallback', miss: { kind: 'fallback', question: 'my stuff', language: 'en' } });
    if (fallback.type === 'fallback') expect(fallback.miss?.candidates.length).toBeGreaterThan(0);
    // A requested handoff is about the question the bot could not answer.
    const handoff = await bot.reply('talk to a human', { conversationId: 'm' });
    expect(handoff).toMatchObject({ type: 'handoff', miss: { kind: 'handoff', question: 'my stuff' } });
  });

  it('a chosen "did you mean" says which question it answers', async () => {
    const bot = createBot({ knowledgeBase: await loadKnowledgeBase(SAMPLE), thresholds: { answer: 0.8, suggest: 0.5 } });
    const suggest = await bot.reply('delivery germany', { conversationId: 's' });
    expect(suggest.type).toBe('suggest');
    if (suggest.type !== 'suggest') return;
    expect(suggest.miss).toMatchObject({ kind: 'suggestion', question: 'delivery germany' });
    const pick = suggest.suggestions[0];
    if (!pick) throw new Error('no suggestion');
    const answer = await bot.reply(pick.label, { conversationId: 's' });
    expect(answer).toMatchObject({ type: 'answer', entryId: pick.id, suggestionChosen: { question: 'delivery germany', entryId: pick.id } });
  });
});
