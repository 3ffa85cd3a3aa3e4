/**
 * Per language: the Snowball stemmer (the `snowball-stemmers` package, with a per-word cache), the
 * function words, and language detection by the function words a text uses.
 */
import snowball from 'snowball-stemmers';
import { type Language, LANGUAGE_DATA } from './languages.js';

export const list = (s: string | undefined): string[] => (s ?? '').split(/\s+/).filter((w) => w !== '');

export interface LanguageTools {
  stem(word: string): string;
  stopWords: ReadonlySet<string>;
  /** Stop and generic words: the words that tell which language a text is in. */
  markers: ReadonlySet<string>;
  prefixes: readonly string[];
}

const tools = new Map<Language, LanguageTools>();

/** The stemmer and word lists of one language (built once per process). */
export function languageTools(lang: Language): LanguageTools {
  let t = tools.get(lang);
  if (t) return t;
  const data = LANGUAGE_DATA[lang];
  const cache = new Map<string, string>();
  const snow = snowball.newStemmer(data.snowball);
  const stem = (word: string): string => {
    if (/\d/.test(word)) return '#';
    let s = cache.get(word);
    if (s === undefined) {
      s = word.length <= 2 ? word : snow.stem(word);
      if (cache.size > 20_000) cache.clear();
      cache.set(word, s);
    }
    return s;
  };
  const stopWords = new Set(list(data.stopWords));
  t = { stem, stopWords, markers: new Set([...stopWords, ...list(data.genericWords)]), prefixes: list(data.compoundPrefixes).sort((a, b) => b.length - a.length) };
  tools.set(lang, t);
  return t;
}

/** The language among `candidates` whose function words the text uses most; `fallback` on a tie. */
export function detectLanguage(surface: readonly string[], candidates: readonly Language[], fallback: Language): Language {
  if (candidates.length <= 1) return candidates[0] ?? fallback;
  const hits = (lang: Language): number => {
    const markers = languageTools(lang).markers;
    return surface.reduce((n, w) => n + (markers.has(w) ? 1 : 0), 0);
  };
  const base = hits(fallback);
  let best = fallback;
  let bestHits = base;
  for (const lang of candidates) {
    const h = hits(lang);
    if (h > bestHits) [best, bestHits] = [lang, h];
  }
  // One function word is weak evidence ("die", "in", "is" belong to several languages).
  return bestHits >= 2 && bestHits > base ? best : fallback;
}

