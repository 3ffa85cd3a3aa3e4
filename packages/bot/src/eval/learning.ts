/**
 * A knowledge base that learns from its misses, simulated: start from a KB of K phrasings per
 * entry (sampled as in the grid), stream questions from a stream split, and add every question the
 * bot did not answer right to its true entry (as an agent would label it in an "Unanswered" view).
 * Answered right is measured on a held-out split before, during and after. The stream and held-out
 * splits are disjoint halves of each intent's val questions; nothing from the held-out split is added.
 */
import { createBot } from '../bot/create-bot.js';
import type { KnowledgeBase } from '../kb/schema.js';
import type { LabelledQuestion } from './dataset.js';
import { type GridShape, random, sampleKnowledgeBase, shuffled } from './grid.js';

export interface LearningPoint {
  /** Stream questions seen so far. */
  seen: number;
  /** Questions added to the KB so far. */
  added: number;
  /** Answered right on the held-out split. */
  answeredRight: number;
}

export interface LearningCurve extends GridShape {
  seed: number;
  points: LearningPoint[];
}

async function answeredRight(kb: KnowledgeBase, rows: readonly LabelledQuestion[]): Promise<number> {
  const bot = createBot({ knowledgeBase: kb });
  let right = 0;
  for (const [i, row] of rows.entries()) {
    const reply = await bot.reply(row.text, { conversationId: `h${i}` });
    bot.forget(`h${i}`);
    if (reply.type === 'answer' && reply.entryId === row.intent) right++;
  }
  return rows.length === 0 ? 0 : right / rows.length;
}

export async function learningCurve(train: readonly LabelledQuestion[], val: readonly LabelledQuestion[], shape: GridShape, seed: number, checkpoints = 4): Promise<LearningCurve> {
  let kb = sampleKnowledgeBase(train, shape, seed);
  const ids = new Set(kb.entries.map((e) => e.id));
  const rand = random(seed + 101);
  const stream: LabelledQuestion[] = [];
  const heldOut: LabelledQuestion[] = [];
  for (const id of ids) {
    const rows = val.filter((r) => r.intent === id);
    const half = Math.floor(rows.length / 2);
    stream.push(...rows.slice(0, half));
    heldOut.push(...rows.slice(half));
  }
  const ordered = shuffled(stream, rand);
  const points: LearningPoint[] = [{ seen: 0, added: 0, answeredRight: await answeredRight(kb, heldOut) }];
  const bot = createBot({ knowledgeBase: kb });
  const step = Math.max(1, Math.ceil(ordered.length / checkpoints));
  let added = 0;
  for (const [i, row] of ordered.entries()) {
    const reply = await bot.reply(row.text, { conversationId: `s${i}` });
    bot.forget(`s${i}`);
    if (!(reply.type === 'answer' && reply.entryId === row.intent)) {
      kb = { ...kb, entries: kb.entries.map((e) => (e.id === row.intent ? { ...e, questions: [...e.questions, row.text] } : e)) };
      bot.setKnowledgeBase(kb);
      added++;
    }
    if ((i + 1) % step === 0 || i === ordered.length - 1) points.push({ seen: i + 1, added, answeredRight: await answeredRight(kb, heldOut) });
  }
  return { ...shape, seed, points };
}
