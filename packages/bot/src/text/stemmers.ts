/**
 * Per language: the Snowball stemmer (the `snowball-stemmers` package, with a per-word cache), the
 * function words, and language detection by the function words a text uses.
 */
import snowball from 'snowball-stemmers';
import { type Language, LANGUAGES, LANGUAGE_DATA } from './languages.js';

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

/** Per word: the languages (bit i = LANGUAGES[i]) whose function words include it. */
let markerBits: Map<string, number> | null = null;

function markersOf(word: string): number {
  if (markerBits === null) {
    markerBits = new Map();
    LANGUAGES.forEach((lang, i) => {
      for (const w of languageTools(lang).markers) markerBits?.set(w, (markerBits.get(w) ?? 0) | (1 << i));
    });
  }
  return markerBits.get(word) ?? 0;
}

/** The language among `candidates` whose function words the text uses most; `fallback` on a tie. */
export function detectLanguage(surface: readonly string[], candidates: readonly Language[], fallback: Language): Language {
  if (candidates.length <= 1) return candidates[0] ?? fallback;
  // One lookup per word for all languages at once (a large KB detects every phrasing's language).
  const counts = new Array<number>(LANGUAGES.length).fill(0);
  for (const w of surface) {
    const bits = markersOf(w);
    if (bits === 0) continue;
    for (let i = 0; i < LANGUAGES.length; i++) if (bits & (1 << i)) counts[i] = (counts[i] as number) + 1;
  }
  const hits = (lang: Language): number => counts[LANGUAGES.indexOf(lang)] as number;
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
