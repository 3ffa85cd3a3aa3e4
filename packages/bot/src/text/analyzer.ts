/**
 * How one knowledge base reads text: its languages (the KB's `locale`, plus any language its
 * questions are written in), each with its Snowball stemmer and function words; compound words
 * split into the parts the KB uses (German, Dutch); and the KB's synonyms. The KB side and the
 * visitor side go through the same analyser, so both see the same terms.
 */
import { type Language, LANGUAGES, LANGUAGE_DATA, languageOf } from './languages.js';
import { detectLanguage, languageTools, list } from './stemmers.js';
import { Synonyms, words } from './normalize.js';

/** Inseparable prefixes say nothing by themselves; they are dropped from the parts. */
const BOUND_PREFIXES = new Set(['be', 'ge', 'er', 'ver', 'zer', 'ent', 'emp', 'her', 'ont']);
const LINKS = ['s', 'es', 'n', 'en', 'e'];

/**
 * Splits words that glue known words together ("versandkosten" → "versand kosten",
 * "zuruckschicken" → "zuruck schicken", "bezahlen" → "zahlen" when the KB says "zahlen"). A part is
 * known when the KB uses it as a word of its own; the head may also be one of the language's
 * prefixes. Deterministic for a given vocabulary, so the KB side and the visitor side agree.
 */
export class Decompounder {
  private readonly cache = new Map<string, string[]>();

  constructor(
    private readonly known: ReadonlySet<string>,
    private readonly prefixes: readonly string[],
  ) {}

  split(word: string): string[] {
    if (word.length < 7 || this.prefixes.length === 0) return [word];
    let parts = this.cache.get(word);
    if (parts === undefined) {
      parts = this.find(word);
      if (this.cache.size > 20_000) this.cache.clear();
      this.cache.set(word, parts);
    }
    return parts;
  }

  private isKnown(w: string): boolean {
    return w.length >= 3 && this.known.has(w);
  }

  private head(h: string): string[] | null {
    if (this.isKnown(h)) return [h];
    for (const link of LINKS) if (h.length - link.length >= 3 && h.endsWith(link) && this.isKnown(h.slice(0, -link.length))) return [h.slice(0, -link.length)];
    if (this.prefixes.includes(h)) return BOUND_PREFIXES.has(h) ? [] : [h];
    return null;
  }

  /** A long separable prefix ("zuruck", "wieder") splits off even when the rest is new to the KB. */
  private prefixSplit(word: string): string[] | null {
    for (const p of this.prefixes) {
      if (p.length >= 4 && word.startsWith(p) && word.length - p.length >= 5) return [p, word.slice(p.length)];
    }
    return null;
  }

  private find(word: string): string[] {
    // The longest known tail first: German and Dutch compounds put the head word last.
    for (let i = 2; i <= word.length - 4; i++) {
      const tail = word.slice(i);
      if (!this.isKnown(tail)) continue;
      const head = this.head(word.slice(0, i));
      if (head === null) continue;
      return [...head, tail];
    }
    return this.prefixSplit(word) ?? [word];
  }
}

export interface AnalyzerSource {
  locale?: string | undefined;
  /** Every text the KB holds (questions), to detect its languages and learn its vocabulary. */
  texts: readonly string[];
  /** `texts` already split by `words()`, when the caller has them (building a large KB splits each once). */
  surfaces?: readonly (readonly string[])[];
  synonyms?: readonly (readonly string[])[] | undefined;
}

export class Analyzer {
  readonly locale: Language;
  /** The KB's locale first, then other languages its questions are written in. */
  readonly languages: Language[];
  readonly synonyms: Synonyms;
  private readonly stop = new Set<string>();
  private readonly generic = new Set<string>();
  private readonly decompounders = new Map<Language, Decompounder>();

  constructor(source: AnalyzerSource) {
    this.locale = languageOf(source.locale);
    const counts = new Map<Language, number>();
    const surfaces = source.surfaces ?? source.texts.map((t) => words(t));
    for (const surface of surfaces) {
      const lang = detectLanguage(surface, LANGUAGES, this.locale);
      counts.set(lang, (counts.get(lang) ?? 0) + 1);
    }
    // A language counts when a few questions are written in it (one stray detection does not).
    const minimum = Math.max(2, Math.ceil(source.texts.length * 0.05));
    this.languages = [this.locale, ...LANGUAGES.filter((l) => l !== this.locale && (counts.get(l) ?? 0) >= minimum)];
    const vocabulary = new Set<string>();
    for (const surface of surfaces) for (const w of surface) vocabulary.add(w);
    for (const lang of this.languages) {
      const t = languageTools(lang);
      const data = LANGUAGE_DATA[lang];
      for (const w of list(data.stopWords)) this.stop.add(t.stem(w));
      for (const w of list(data.genericWords)) this.generic.add(t.stem(w));
      if (t.prefixes.length > 0) this.decompounders.set(lang, new Decompounder(vocabulary, t.prefixes));
    }
    this.synonyms = new Synonyms(source.synonyms ?? [], (surface) => this.termsOf(this.split(surface, this.locale), this.locale));
  }

  /** The language of a text among the KB's languages (the KB's locale when unsure). */
  language(surface: readonly string[]): Language {
    return detectLanguage(surface, this.languages, this.locale);
  }

  /** Compound words split into their known parts (identity for languages that do not glue words). */
  split(surface: readonly string[], lang: Language): string[] {
    const d = this.decompounders.get(lang);
    return d ? surface.flatMap((w) => d.split(w)) : [...surface];
  }

  /** Stems of the (already split) surface words; no synonyms. */
  termsOf(surface: readonly string[], lang: Language): string[] {
    const { stem } = languageTools(lang);
    return surface.map(stem);
  }

  /** Terms of surface words: split, stemmed, synonyms applied. */
  terms(surface: readonly string[], lang: Language = this.language(surface)): string[] {
    return this.synonyms.apply(this.termsOf(this.split(surface, lang), lang));
  }

  /** Function words, and numbers ("#"): an order number says which order, not what about. */
  isStop(term: string): boolean {
    return term === '#' || this.stop.has(term);
  }

  isGeneric(term: string): boolean {
    return this.generic.has(term);
  }
}
