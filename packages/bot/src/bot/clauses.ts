/**
 * A message cut into the questions it asks: at sentence ends (? ! . ;) and at "and"-like
 * conjunctions between two parts that each have a few words. "how much is shipping to Germany and
 * how long does it take" → ["how much is shipping to Germany", "how long does it take"];
 * "black and white shirts" stays whole (too short on each side).
 */
import type { Language } from '../text/languages.js';

const CONJUNCTIONS: Record<Language, string[]> = {
  en: ['and', 'also', 'plus', 'and also'],
  de: ['und', 'ausserdem', 'außerdem', 'und auch'],
  fr: ['et', 'aussi', 'et aussi'],
  es: ['y', 'tambien', 'también', 'y también', 'e'],
  nl: ['en', 'ook', 'en ook'],
  it: ['e', 'anche', 'ed', 'e anche'],
};

/** Words a part needs on each side of a conjunction to count as a question of its own. */
const MIN_WORDS = 3;

export function clausesOf(text: string, lang: Language): string[] {
  const sentences = text.split(/[?!.;]+/).map((s) => s.trim()).filter((s) => s !== '');
  const conj = [...CONJUNCTIONS[lang], ...(lang === 'en' ? [] : CONJUNCTIONS.en)].sort((a, b) => b.split(' ').length - a.split(' ').length);
  const out: string[] = [];
  for (const sentence of sentences) {
    const tokens = sentence.split(/\s+/);
    let start = 0;
    for (let i = MIN_WORDS; i < tokens.length - MIN_WORDS; i++) {
      const hit = conj.find((c) => {
        const parts = c.split(' ');
        return parts.every((p, k) => (tokens[i + k] ?? '').toLowerCase().replace(/[,]/g, '') === p);
      });
      if (!hit || i - start < MIN_WORDS || tokens.length - (i + hit.split(' ').length) < MIN_WORDS) continue;
      out.push(tokens.slice(start, i).join(' ').replace(/,$/, ''));
      start = i + hit.split(' ').length;
      i = start + MIN_WORDS - 1;
    }
    out.push(tokens.slice(start).join(' '));
  }
  return out.filter((s) => s !== '');
}
