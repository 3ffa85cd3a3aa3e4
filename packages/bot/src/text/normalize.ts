/**
 * Text normalisation shared by indexing and querying, so both sides see the same tokens:
 * case, accents, curly quotes, contractions, punctuation, numbers, light stemming and the
 * knowledge base's synonyms.
 */
import { languageTools } from './stemmers.js';
import { GENERIC_WORDS, STOP_WORDS } from './stopwords.js';

const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bshan't\b/g, 'shall not'],
  [/\bain't\b/g, 'is not'],
  [/\blet's\b/g, 'let us'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'m\b/g, ' am'],
  [/'ll\b/g, ' will'],
  [/'ve\b/g, ' have'],
  [/'d\b/g, ' would'],
  [/\b(it|what|that|there|here|where|who|how|when|why|he|she)'s\b/g, '$1 is'],
  [/'s\b/g, ''],
];

const ASCII = /^[\x00-\x7f]*$/;

/** Lowercase, strip accents, expand contractions, drop punctuation. Returns the surface words. */
export function words(text: string): string[] {
  // Plain ASCII (most KB text) has no accents to strip and needs no Unicode classes: the same
  // result, several times faster on a large KB.
  const ascii = ASCII.test(text);
  let t = ascii
    ? text.toLowerCase().replace(/`/g, "'")
    : text
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[\u2018\u2019\u02bc`´]/g, "'");
  // Every contraction has an apostrophe or is "cannot": most texts need none of the patterns.
  if (t.includes("'") || t.includes('cannot')) for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
  const separators = ascii || ASCII.test(t) ? /[^a-z0-9]+/g : /[^\p{L}\p{N}]+/gu;
  return t
    .replace(separators, ' ')
    .split(' ')
    .filter((w) => w !== '');
}

/** The index key of one surface word: numbers collapse to "#", everything else is stemmed. */
export function termOf(word: string): string {
  return languageTools('en').stem(word);
}

export function isStopTerm(term: string): boolean {
  return STOP_TERMS.has(term);
}
const STOP_TERMS: ReadonlySet<string> = new Set([...STOP_WORDS].map(termOf));

/** Whether a (stemmed) term is one of the generic words of asking (see GENERIC_WORDS). */
export function isGenericTerm(term: string): boolean {
  return GENERIC_TERMS.has(term);
}
const GENERIC_TERMS: ReadonlySet<string> = new Set([...GENERIC_WORDS].map(termOf));

/**
 * Synonym groups from the knowledge base, compiled to token sequences. Every phrase of a group is
 * rewritten to the group's first phrase, on both the KB side and the visitor side.
 */
export class Synonyms {
  private readonly byFirst = new Map<string, { from: string[]; to: string[] }[]>();

  /** `termsOf` turns a phrase's words into terms (the KB language's stemmer; English by default). */
  constructor(groups: readonly (readonly string[])[] = [], termsOf: (surface: string[]) => string[] = (s) => s.map(termOf)) {
    for (const group of groups) {
      const canonical = termsOf(words(group[0] ?? ''));
      if (canonical.length === 0) continue;
      for (const phrase of group.slice(1)) {
        const from = termsOf(words(phrase));
        const first = from[0];
        if (first === undefined) continue;
        const list = this.byFirst.get(first) ?? [];
        list.push({ from, to: canonical });
        // Longest phrase first, so "money back guarantee" wins over "money".
        list.sort((a, b) => b.from.length - a.from.length);
        this.byFirst.set(first, list);
      }
    }
  }

  get size(): number {
    return this.byFirst.size;
  }

  apply(terms: readonly string[]): string[] {
    if (this.byFirst.size === 0) return [...terms];
    const out: string[] = [];
    for (let i = 0; i < terms.length; ) {
      const candidates = this.byFirst.get(terms[i] ?? '');
      const hit = candidates?.find((c) => c.from.every((t, k) => terms[i + k] === t));
      if (hit) {
        out.push(...hit.to);
        i += hit.from.length;
      } else {
        out.push(terms[i] ?? '');
        i += 1;
      }
    }
    return out;
  }
}

/** Terms of a text: normalised, stemmed, synonyms applied. Stop words are kept (see stopwords.ts). */
export function terms(text: string, synonyms?: Synonyms): string[] {
  const t = words(text).map(termOf);
  return synonyms ? synonyms.apply(t) : t;
}

/**
 * The normalised form of a text as the matcher sees it (terms joined by spaces), for debugging
 * and for tools that want to compare questions the way the bot does.
 * @example normalizeText("What's the shipping cost?") // "what is the ship cost"
 */
export function normalizeText(text: string, synonyms?: readonly (readonly string[])[]): string {
  return terms(text, synonyms && synonyms.length > 0 ? new Synonyms(synonyms) : undefined).join(' ');
}
