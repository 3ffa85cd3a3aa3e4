/**
 * Labelled question sets (`{"text", "intent"}` JSON lines, intent "oos" = should not be answered)
 * and the knowledge base built from one: one entry per intent whose questions are its utterances.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BotError } from '../errors.js';
import type { KnowledgeBase } from '../kb/schema.js';

export const LabelledQuestion = z.object({ text: z.string(), intent: z.string() });
export type LabelledQuestion = z.infer<typeof LabelledQuestion>;

/** The intent label of questions the knowledge base should not answer. */
export const OUT_OF_SCOPE = 'oos';

export async function readLabelled(path: string): Promise<LabelledQuestion[]> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    throw new BotError('USAGE', `${path}: cannot read data file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return source
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new BotError('USAGE', `${path}:${n}: not valid JSON`);
      }
      const parsed = LabelledQuestion.safeParse(value);
      if (!parsed.success) throw new BotError('USAGE', `${path}:${n}: expected {"text": string, "intent": string}`);
      return parsed.data;
    });
}

/** One entry per in-scope intent; out-of-scope rows are left out (a real KB has no examples of what it doesn't know). */
export function knowledgeBaseFromLabelled(rows: readonly LabelledQuestion[]): KnowledgeBase {
  const byIntent = new Map<string, string[]>();
  for (const row of rows) {
    if (row.intent === OUT_OF_SCOPE) continue;
    const list = byIntent.get(row.intent) ?? [];
    list.push(row.text);
    byIntent.set(row.intent, list);
  }
  return {
    locale: 'en',
    entries: [...byIntent].map(([id, questions]) => ({ id, questions, answer: `(answer for ${id.replace(/_/g, ' ')})` })),
  };
}
