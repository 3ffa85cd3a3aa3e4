/**
 * What a text looks like to the index: word terms (stemmed, synonyms applied, stop words kept but
 * light), adjacent word pairs (so "credit limit" is not "credit score"), and character n-grams of
 * the surface words (so typos and word forms the stemmer misses still overlap).
 */
import { type Synonyms, isStopTerm, termOf, words } from '../text/normalize.js';

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

export function wordFeaturesOf(terms: readonly string[]): string[] {
  const out = [...terms];
  for (let i = 0; i + 1 < terms.length; i++) {
    const a = terms[i] as string;
    const b = terms[i + 1] as string;
    // A pair of two stop words ("is it") is noise; a pair with one content word carries order.
    if (!(isStopTerm(a) && isStopTerm(b))) out.push(`${a} ${b}`);
  }
  return out;
}

export function featuresOf(surface: readonly string[], synonyms: Synonyms | undefined): TextFeatures {
  const base = surface.map(termOf);
  const terms = synonyms ? synonyms.apply(base) : base;
  return { words: [...surface], terms, wordFeatures: wordFeaturesOf(terms), charFeatures: charGrams(surface) };
}

export function analyse(text: string, synonyms?: Synonyms): TextFeatures {
  return featuresOf(words(text), synonyms);
}
