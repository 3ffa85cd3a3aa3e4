/** The site's language: German and French shop FAQs (hand-written fixtures, 100 questions each). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLabelled } from '../eval/dataset.js';
import { evaluate } from '../eval/evaluate.js';
import { loadKnowledgeBase } from '../kb/parse.js';
import { createBot } from './create-bot.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

describe('German', () => {
  it('the examples from the issue', async () => {
    const bot = createBot({ knowledgeBase: await loadKnowledgeBase(fixture('shop-de.json')) });
    expect(await bot.reply('kann ich per rechnung zahlen', { conversationId: 'a' })).toMatchObject({ type: 'answer', entryId: 'zahlungsarten' });
    expect(await bot.reply('ich will mit einem menschen sprechen', { conversationId: 'b' })).toMatchObject({ type: 'handoff', reason: 'requested' });
    expect(await bot.reply('Versandkosten nach Österreich?', { conversationId: 'c' })).toMatchObject({ type: 'answer' });
    expect(await bot.reply('ich möchte etwas zurückschicken', { conversationId: 'd' })).toMatchObject({ type: 'answer', entryId: 'ruecksendung' });
    expect((await bot.reply('was soll das', { conversationId: 'e' })).text).toMatch(/^(Das|Darauf)/);
  });
});

describe.each([
  ['de', 0.72, 0.8],
  ['fr', 0.78, 0.8],
])('%s shop FAQ (20 entries, 80 in-scope + 20 off-topic questions)', (lang, inScope, oos) => {
  it(`answers ≥ ${inScope * 100}% right and rejects ≥ ${oos * 100}% off-topic`, async () => {
    const bot = createBot({ knowledgeBase: await loadKnowledgeBase(fixture(`shop-${lang}.json`)) });
    const report = await evaluate(bot, await readLabelled(fixture(`shop-${lang}.questions.jsonl`)));
    console.log(`${lang} shop: in-scope ${report.inScope.accuracy}, off-topic rejected ${report.outOfScope.recall}`);
    expect(report.inScope.accuracy).toBeGreaterThanOrEqual(inScope);
    expect(report.outOfScope.recall).toBeGreaterThanOrEqual(oos);
  });
});

describe('a KB that mixes languages', () => {
  it('reads each question and message in its own language, and hands off in both', async () => {
    const bot = createBot({
      knowledgeBase: {
        locale: 'de',
        entries: [
          { id: 'versand', questions: ['Was kostet der Versand?', 'Wie hoch sind die Versandkosten?'], answer: '4,95 €' },
          { id: 'shipping', questions: ['How much is shipping?', 'What are the shipping costs?', 'Do you charge for delivery?'], answer: '€4.95' },
        ],
      },
    });
    expect(await bot.reply('what does shipping cost', { conversationId: 'm1' })).toMatchObject({ type: 'answer', entryId: 'shipping' });
    expect(await bot.reply('was kosten die versandkosten', { conversationId: 'm2' })).toMatchObject({ type: 'answer', entryId: 'versand' });
    expect(await bot.reply('I want to talk to a human', { conversationId: 'm3' })).toMatchObject({ type: 'handoff', text: expect.stringMatching(/^Sure/) });
    expect(await bot.reply('Ich möchte mit einem Mitarbeiter sprechen', { conversationId: 'm4' })).toMatchObject({ type: 'handoff', text: expect.stringMatching(/^Gern/) });
  });
});
