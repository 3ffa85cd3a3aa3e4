/**
 * Measure a bot on labelled questions through its public `reply`, exactly as visitors meet it:
 * a question counts as answered only when the bot answers from the KB (not a suggestion, small
 * talk, fallback or handoff). Each question is its own conversation, so misses do not pile up.
 */
import type { Bot } from '../bot/types.js';
import { type LabelledQuestion, OUT_OF_SCOPE } from './dataset.js';

export interface EvalReport {
  questions: number;
  inScope: { total: number; correct: number; accuracy: number };
  outOfScope: { total: number; rejected: number; recall: number; precision: number };
  latencyMs: { p50: number; p99: number; mean: number };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

/** The KB entry the bot answers with, or null when it does not answer from the KB. */
export async function answerIdOf(bot: Bot, text: string, conversationId: string): Promise<{ answerId: string | null; confidence: number; handoff: boolean }> {
  const reply = await bot.reply(text, { conversationId });
  bot.forget(conversationId);
  return {
    answerId: reply.type === 'answer' ? reply.entryId : null,
    confidence: 'confidence' in reply ? reply.confidence : 0,
    handoff: reply.type === 'handoff',
  };
}

export async function evaluate(bot: Bot, rows: readonly LabelledQuestion[]): Promise<EvalReport> {
  const times: number[] = [];
  let inTotal = 0;
  let inCorrect = 0;
  let oosTotal = 0;
  let oosRejected = 0;
  let rejected = 0;
  for (const [i, row] of rows.entries()) {
    const start = performance.now();
    const { answerId } = await answerIdOf(bot, row.text, `eval-${i}`);
    times.push(performance.now() - start);
    if (answerId === null) rejected++;
    if (row.intent === OUT_OF_SCOPE) {
      oosTotal++;
      if (answerId === null) oosRejected++;
    } else {
      inTotal++;
      if (answerId === row.intent) inCorrect++;
    }
  }
  times.sort((a, b) => a - b);
  const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;
  return {
    questions: rows.length,
    inScope: { total: inTotal, correct: inCorrect, accuracy: round(inTotal ? inCorrect / inTotal : 0) },
    outOfScope: {
      total: oosTotal,
      rejected: oosRejected,
      recall: round(oosTotal ? oosRejected / oosTotal : 0),
      precision: round(rejected ? oosRejected / rejected : 0),
    },
    latencyMs: {
      p50: round(percentile(times, 50), 3),
      p99: round(percentile(times, 99), 3),
      mean: round(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length), 3),
    },
  };
}
