/**
 * What a text looks like to the index: word terms (stemmed, compounds split, synonyms applied,
 * stop words kept but light), adjacent word pairs (so "credit limit" is not "credit score"), and
 * character n-grams of the surface words (so typos and word forms the stemmer misses still overlap).
 */
import type { Analyzer } from '../text/analyzer.js';
import type { Language } from '../text/languages.js';
import { words } from '../text/normalize.js';

export interface TextFeatures {
  /** Surface words after normalisation (for spelling correction). */
  words: string[];
  terms: string[];
  wordFeatures: string[];
  charFeatures: string[];
}

export const CHAR_NGRAM_SIZES: readonly number[] = [3, 4];

export function charGrams(surface: readonly string[], sizes: readonly number[] = CHAR_NGRAM_SIZES): string[] {
  const text = ` ${surface.join(' ')} `;
  const out: string[] = [];
  for (const n of sizes) for (let i = 0; i + n <= text.length; i++) out.push(text.slice(i, i + n));
  return out;
}

export function wordFeaturesOf(terms: readonly string[], isStop: (term: string) => boolean): string[] {
  const out = [...terms];
  for (let i = 0; i + 1 < terms.length; i++) {
    const a = terms[i] as string;
    const b = terms[i + 1] as string;
    // A pair of two stop words ("is it") is noise; a pair with one content word carries order.
    if (!(isStop(a) && isStop(b))) out.push(`${a} ${b}`);
  }
  return out;
}

export function featuresOf(surface: readonly string[], analyzer: Analyzer, lang: Language = analyzer.language(surface)): TextFeatures {
  const terms = analyzer.terms(surface, lang);
  return { words: [...surface], terms, wordFeatures: wordFeaturesOf(terms, (t) => analyzer.isStop(t)), charFeatures: charGrams(surface) };
}

export function analyse(text: string, analyzer: Analyzer): TextFeatures {
  return featuresOf(words(text), analyzer);
}
