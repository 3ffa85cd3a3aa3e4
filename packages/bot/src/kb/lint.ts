/**
 * Knowledge base lint: problems that make the bot answer wrongly rather than fail loudly.
 *  - DUPLICATE_ID: two entries share an id (suggestions and analytics would mix them up).
 *  - DUPLICATE_QUESTION: the same question (after normalisation) under two entries.
 *  - CONFUSABLE: questions of two entries so similar that the bot cannot tell them apart.
 */
import { Matcher } from '../match/matcher.js';
import { normalizeText } from '../text/normalize.js';
import type { KnowledgeBase } from './schema.js';

export type LintCode = 'DUPLICATE_ID' | 'DUPLICATE_QUESTION' | 'CONFUSABLE';

export interface LintProblem {
  code: LintCode;
  severity: 'error' | 'warning';
  message: string;
  entries: string[];
}

/** Similarity (word and character cosine blend) above which two phrasings are near-duplicates. */
export const CONFUSABLE_SIMILARITY = 0.8;

export function lintKnowledgeBase(kb: KnowledgeBase): LintProblem[] {
  const problems: LintProblem[] = [];
  const label = (i: number): string => `"${kb.entries[i]?.id ?? ''}" (#${i + 1})`;

  const firstById = new Map<string, number>();
  kb.entries.forEach((entry, i) => {
    const first = firstById.get(entry.id);
    if (first === undefined) firstById.set(entry.id, i);
    else problems.push({ code: 'DUPLICATE_ID', severity: 'error', message: `entries #${first + 1} and #${i + 1} share the id "${entry.id}"`, entries: [entry.id] });
  });

  const synonyms = kb.synonyms ?? [];
  const owner = new Map<string, number>();
  const duplicatePairs = new Set<string>();
  kb.entries.forEach((entry, i) => {
    for (const q of entry.questions) {
      const key = normalizeText(q, synonyms);
      const other = owner.get(key);
      if (other === undefined) owner.set(key, i);
      else if (other !== i) {
        duplicatePairs.add(`${other}:${i}`);
        problems.push({
          code: 'DUPLICATE_QUESTION',
          severity: 'error',
          message: `entries ${label(other)} and ${label(i)} both have the question "${q}"`,
          entries: [kb.entries[other]?.id ?? '', entry.id],
        });
      }
    }
  });

  // Near-duplicates: each question against the other entries' nearest phrasings.
  const matcher = new Matcher(kb);
  const pairs = new Map<string, { a: number; b: number; count: number; example: [string, string] }>();
  kb.entries.forEach((entry, i) => {
    for (const q of entry.questions) {
      for (const hit of matcher.similarVariants(q, 5)) {
        if (hit.entry === i || hit.sim < CONFUSABLE_SIMILARITY) continue;
        const a = Math.min(i, hit.entry);
        const b = Math.max(i, hit.entry);
        const key = `${a}:${b}`;
        if (duplicatePairs.has(key) || normalizeText(q, synonyms) === normalizeText(hit.question, synonyms)) continue;
        const pair = pairs.get(key) ?? { a, b, count: 0, example: [q, hit.question] as [string, string] };
        pair.count++;
        pairs.set(key, pair);
      }
    }
  });
  for (const p of pairs.values()) {
    problems.push({
      code: 'CONFUSABLE',
      severity: 'warning',
      message: `entries ${label(p.a)} and ${label(p.b)} have near-identical questions (e.g. "${p.example[0]}" / "${p.example[1]}"); the bot may confuse them`,
      entries: [kb.entries[p.a]?.id ?? '', kb.entries[p.b]?.id ?? ''],
    });
  }
  return problems;
}
