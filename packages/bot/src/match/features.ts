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
  /** Character n-grams as keys (see `charGramKeys`). */
  charFeatures: CharGram[];
}

export const CHAR_NGRAM_SIZES: readonly number[] = [3, 4];

/** A character n-gram: a number that encodes its characters exactly, or the n-gram itself for rare alphabets. */
export type CharGram = number | string;

/**
 * Character codes in the order first seen while indexing (process-wide, so every index agrees).
 * With at most 127 of them a 4-gram is a 28-bit number: a small integer that V8 hashes and stores
 * without allocating, where a sliced string would be allocated and hashed per gram — most of the
 * build time of a large KB.
 */
const alphabet = new Map<number, number>();
const BASE = 128;

function codeOf(ch: number, learn: boolean): number {
  let c = alphabet.get(ch);
  if (c === undefined) {
    // Codes start at 1, so a 4-gram's key (first code ≥ 1) is ≥ BASE³ > any 3-gram's key.
    if (!learn || alphabet.size >= BASE - 1) return BASE;
    c = alphabet.size + 1;
    alphabet.set(ch, c);
  }
  return c;
}

/**
 * The n-grams (sizes 3 and 4) of the words joined by spaces, with a space at each end, as exact
 * keys. A gram with a character that has no code (beyond the first 127 characters indexed, or one
 * no KB text has: `learn` is false for visitor text) is kept as a string; it means the same gram
 * on both sides because a character's code never changes once given.
 */
export function charGrams(surface: readonly string[], learn = false): CharGram[] {
  const text = ` ${surface.join(' ')} `;
  const codes = codesOf(text, learn);
  const out: CharGram[] = [];
  for (const n of CHAR_NGRAM_SIZES) for (let i = 0; i + n <= text.length; i++) out.push(gramAt(text, codes, i, n));
  return out;
}

function codesOf(text: string, learn: boolean): number[] {
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = codeOf(text.charCodeAt(i), learn);
  return codes;
}

function gramAt(text: string, codes: readonly number[], i: number, n: number): CharGram {
  let key = 0;
  for (let k = 0; k < n; k++) {
    const c = codes[i + k] as number;
    if (c >= BASE) return text.slice(i, i + n);
    key = key * BASE + c;
  }
  return key;
}

/** Where feature ids of character n-grams come from while indexing (see `CharGramIndexer`). */
export interface GramIdSource {
  idFor(gram: CharGram): number;
}

/**
 * Feature ids of a text's character n-grams while indexing, in exactly the order `charGrams` lists
 * them. Most grams lie inside one word (with its spaces: " word "), and words repeat across
 * phrasings, so those ids are cached per word; only grams across a space between two words are
 * looked up each time. On a KB of 100k phrasings this saves most of the build's hash lookups.
 */
export class CharGramIndexer {
  private readonly cache = CHAR_NGRAM_SIZES.map(() => new Map<string, Int32Array>());
  /** Reused output: one array per phrasing would each get a backing store of its own. */
  buffer = new Int32Array(256);

  constructor(private readonly space: GramIdSource) {}

  /** The ids, in `buffer` (valid until the next call); returns how many. */
  ids(surface: readonly string[]): number {
    const text = ` ${surface.join(' ')} `;
    const codes = codesOf(text, true);
    let total = 0;
    for (const n of CHAR_NGRAM_SIZES) total += Math.max(0, text.length - n + 1);
    if (this.buffer.length < total) this.buffer = new Int32Array(Math.max(total, this.buffer.length * 2));
    const out = this.buffer;
    let o = 0;
    CHAR_NGRAM_SIZES.forEach((n, sizeIndex) => {
      const cache = this.cache[sizeIndex] as Map<string, Int32Array>;
      let k = 0;
      let start = 0; // position of the space before word k
      for (let i = 0; i + n <= text.length; ) {
        while (k < surface.length && start + (surface[k] as string).length + 1 <= i) {
          start += (surface[k] as string).length + 1;
          k++;
        }
        const word = surface[k];
        if (word !== undefined && i === start && word.length + 2 >= n) {
          let block = cache.get(word);
          if (block === undefined) {
            block = new Int32Array(word.length + 3 - n);
            for (let j = 0; j < block.length; j++) block[j] = this.space.idFor(gramAt(text, codes, i + j, n));
            cache.set(word, block);
          }
          out.set(block, o);
          o += block.length;
          i += block.length;
        } else {
          out[o++] = this.space.idFor(gramAt(text, codes, i, n));
          i++;
        }
      }
    });
    return o;
  }
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

/** `chars` false: no character n-grams (indexing takes them from a `CharGramIndexer`). */
export function featuresOf(surface: readonly string[], analyzer: Analyzer, lang: Language = analyzer.language(surface), chars = true): TextFeatures {
  const terms = analyzer.terms(surface, lang);
  return { words: [...surface], terms, wordFeatures: wordFeaturesOf(terms, (t) => analyzer.isStop(t)), charFeatures: chars ? charGrams(surface) : [] };
}

export function analyse(text: string, analyzer: Analyzer): TextFeatures {
  return featuresOf(words(text), analyzer);
}
