/**
 * The index behind matching. Every question variant of every entry becomes a document with two
 * TF-IDF vectors (word terms + pairs, character n-grams). A visitor question is answered in two
 * steps so the cost does not grow with the knowledge base:
 *  1. shortlist: an inverted index over content terms accumulates partial dot products and keeps
 *     the best few dozen variants (very common terms are skipped when rarer ones are present);
 *  2. score: exact word and character cosines for the shortlist, then per entry a blend of its
 *     nearest variants (kNN) and its centroid, which rewards entries that many variants support.
 */
import type { KnowledgeBase } from '../kb/schema.js';
import { Analyzer } from '../text/analyzer.js';
import { words } from '../text/normalize.js';
import type { Language } from '../text/languages.js';
import { type CharGram, CharGramIndexer, featuresOf } from './features.js';
import { FeatureSpace, type SparseVector, TermPool, centroid, dot, toVector } from './sparse.js';
import { SpellIndex } from './spell.js';

export interface MatcherTuning {
  /** Weight of stop words relative to content words. */
  stopWeight: number;
  /** Weight of word pairs relative to single words. */
  pairWeight: number;
  /** Share of the word cosine in a variant's similarity; the rest is the character cosine. */
  wordShare: number;
  /** Variants kept by the shortlist. */
  shortlist: number;
  /** Weights of an entry's 1st, 2nd, 3rd nearest variants (a missing one counts as the last present). */
  knn: readonly number[];
  /** Share of the centroid cosine in an entry's score. */
  centroidShare: number;
  /** Exponent of the entry-level IDF reweighting of centroids (0 = off). */
  entryIdf: number;
  /** Passes of error-driven refinement of the entries' word weights over their own phrasings (0 = plain centroids). */
  epochs: number;
  /** Step size of that refinement. */
  learningRate: number;
  /** A phrasing counts as an error unless its entry wins by this margin. */
  trainMargin: number;
  /** Terms in more than this share of variants are skipped by the shortlist when rarer terms exist. */
  maxDfShare: number;
  /** Size of the background corpus that smooths word IDF (see `FeatureSpace`); 0 = KB only. */
  priorDocs: number;
}

export const DEFAULT_TUNING: MatcherTuning = {
  stopWeight: 1,
  pairWeight: 0.6,
  wordShare: 0.6,
  shortlist: 60,
  knn: [0.6, 0.25, 0.15],
  centroidShare: 0.8,
  maxDfShare: 0.05,
  entryIdf: 0,
  epochs: 3,
  learningRate: 0.2,
  trainMargin: 0.1,
  priorDocs: 1000,
};

/**
 * Background document share of a word feature: stop words occur in a good part of any set of
 * questions, generic words of asking in some, topic words (and word pairs) almost never.
 */
function backgroundShare(analyzer: Analyzer, feature: string): number {
  if (feature.includes(' ')) return 0;
  if (analyzer.isStop(feature)) return STOP_SHARE;
  return analyzer.isGeneric(feature) ? GENERIC_SHARE : 0;
}
const STOP_SHARE = 0.3;
const GENERIC_SHARE = 0.05;

/** Weight of a generic word of asking ("need", "tell", "know") in coverage, relative to a topic word. */
const GENERIC_WEIGHT = 0.25;

/**
 * Share of a content word's weight that counts as explained when the entry's answer uses it but
 * none of its phrasings do: "ich möchte etwas zurückschicken" against a returns entry whose answer
 * says "zurückschicken". Weak: answers also mention things the entry is not about.
 */
const ANSWER_WEIGHT = 0.5;
/** Score added per share of the question's content that only the entry's answer explains. */
const ANSWER_SCORE = 0.15;

/** Postings a question of common words only may walk in the shortlist (see `shortlist`). */
const SHORTLIST_POSTINGS = 30_000;

/** Entries (by nearest-variant score) that get the full centroid score. */
const CENTROID_CANDIDATES = 24;

export interface RankedEntry {
  entry: number;
  score: number;
  /** The variant (index into `variants`) nearest to the question. */
  variant: number;
  /**
   * Share (IDF-weighted) of the question's content words that the entry's own phrasings use:
   * 1 when the entry explains every content word, low when the question is mostly about
   * something else ("do you sell bicycles?" against "do you sell gift cards?").
   */
  coverage: number;
  /** How many of the question's distinct content words the entry uses. */
  matched: number;
  /** Similarity of the entry's nearest phrasing to the question. */
  nearest: number;
}

/** What the question itself looks like to the KB (for the confidence: see confidence.ts). */
export interface QueryStats {
  /** Distinct content words (not stop words, not generic words of asking). */
  content: number;
  /** Of those, the ones the KB's phrasings use at all. */
  known: number;
  /** IDF-weighted share of the question's content (generic words included, lighter) that the KB knows. */
  knownWeight: number;
}

/** A question as the index sees it: vectors, and its content words for coverage. */
interface Query {
  qWord: SparseVector;
  qChar: SparseVector;
  /** Distinct content terms: feature id (undefined = unknown to the KB) and weight. */
  content: { id: number | undefined; term: string; weight: number; generic: boolean }[];
  hits: { variant: number; sim: number }[];
}

interface Variant {
  entry: number;
  question: string;
  word: SparseVector;
  char: SparseVector;
}

function boostOf(analyzer: Analyzer, feature: string, t: MatcherTuning): number {
  if (feature.includes(' ')) return t.pairWeight;
  return analyzer.isStop(feature) ? t.stopWeight : 1;
}

export class Matcher {
  readonly kb: KnowledgeBase;
  readonly tuning: MatcherTuning;
  readonly analyzer: Analyzer;
  private readonly wordSpace: FeatureSpace;
  private readonly charSpace = new FeatureSpace<CharGram>();
  private readonly spell = new SpellIndex();
  private readonly variants: Variant[] = [];
  private readonly wordBoost: number[] = [];
  private readonly stopFeature: boolean[] = [];
  private readonly pairFeature: boolean[] = [];
  private readonly postings: { docs: Int32Array; weights: Float32Array }[] = [];
  private readonly centroids: { word: SparseVector; char: SparseVector }[] = [];
  /** Per entry: the sorted ids of the single-word features its phrasings use. */
  private readonly entryTerms: Int32Array[] = [];
  /** Per entry: the content terms of its answer (weak evidence: see ANSWER_WEIGHT). */
  private readonly answerTerms: ReadonlySet<string>[] = [];
  private wordRatio: Float32Array | null = null;
  /** Per word feature: the entries that weigh it and how much (refined centroids). */
  private learned: { entries: Int32Array; weights: Float32Array }[] = [];
  private charRatio: Float32Array | null = null;
  private readonly scratch: Float64Array;

  constructor(kb: KnowledgeBase, tuning: Partial<MatcherTuning> = {}) {
    this.kb = kb;
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    const texts = kb.entries.flatMap((e) => e.questions);
    const surfaces = texts.map((q) => words(q));
    this.analyzer = new Analyzer({ locale: kb.locale, texts, surfaces, synonyms: kb.synonyms });
    const analyzer = this.analyzer;
    const t = this.tuning;
    this.wordSpace = new FeatureSpace(t.priorDocs, (feature) => backgroundShare(analyzer, feature));

    const pending: { entry: number; question: string }[] = [];
    // Distinct features per phrasing are at most its words and word pairs, and its n-grams.
    let wordCapacity = 0;
    let charCapacity = 0;
    for (const surface of surfaces) {
      let length = 1;
      for (const w of surface) length += w.length + 1;
      wordCapacity += 2 * surface.length;
      charCapacity += 2 * length - 1;
    }
    const wordPool = new TermPool(wordCapacity);
    const charPool = new TermPool(charCapacity);
    const charIds = new CharGramIndexer(this.charSpace);
    let wordIds = new Int32Array(64);
    let q = 0;
    kb.entries.forEach((entry, e) => {
      for (const question of entry.questions) {
        const surface = surfaces[q++] as string[];
        for (const w of surface) this.spell.add(w);
        const f = featuresOf(surface, analyzer, analyzer.language(surface), false);
        const nWords = f.wordFeatures.length;
        if (wordIds.length < nWords) wordIds = new Int32Array(nWords * 2);
        for (let k = 0; k < nWords; k++) wordIds[k] = this.wordSpace.idFor(f.wordFeatures[k] as string);
        this.wordSpace.addTo(wordIds, nWords, wordPool);
        const nChars = charIds.ids(surface);
        this.charSpace.addTo(charIds.buffer, nChars, charPool);
        pending.push({ entry: e, question });
      }
    });
    this.wordSpace.seal();
    this.charSpace.seal();
    // Features in id order: what kind each is, once per feature rather than per occurrence.
    for (const feature of this.wordSpace.features()) {
      this.wordBoost.push(boostOf(analyzer, feature, t));
      this.stopFeature.push(!feature.includes(' ') && analyzer.isStop(feature));
      this.pairFeature.push(feature.includes(' '));
    }

    const postingLists: { docs: number[]; weights: number[] }[] = Array.from({ length: this.wordSpace.size }, () => ({ docs: [], weights: [] }));
    const byEntry: { word: SparseVector[]; char: SparseVector[] }[] = kb.entries.map(() => ({ word: [], char: [] }));
    const wordVectors = wordPool.vectors((id, tf) => this.wordWeight(id, tf));
    const charVectors = charPool.vectors((id, tf) => (1 + Math.log(tf)) * this.charSpace.idfOf(id));
    pending.forEach((p, v) => {
      const word = wordVectors[v] as SparseVector;
      const char = charVectors[v] as SparseVector;
      this.variants.push({ entry: p.entry, question: p.question, word, char });
      byEntry[p.entry]?.word.push(word);
      byEntry[p.entry]?.char.push(char);
      for (let k = 0; k < word.ids.length; k++) {
        const list = postingLists[word.ids[k] as number] as { docs: number[]; weights: number[] };
        list.docs.push(v);
        list.weights.push(word.weights[k] as number);
      }
    });
    for (const list of postingLists) this.postings.push({ docs: Int32Array.from(list.docs), weights: Float32Array.from(list.weights) });
    this.wordRatio = entryIdfRatio(byEntry.map((g) => g.word), this.wordSpace, t.entryIdf);
    this.charRatio = entryIdfRatio(byEntry.map((g) => g.char), this.charSpace, t.entryIdf);
    for (const group of byEntry) {
      const terms = new Set<number>();
      for (const v of group.word) for (const id of v.ids) if (this.pairFeature[id] !== true) terms.add(id);
      this.entryTerms.push(Int32Array.from([...terms].sort((a, b) => a - b)));
      this.centroids.push({ word: reweight(centroid(group.word), this.wordRatio), char: reweight(centroid(group.char), this.charRatio) });
    }
    for (const entry of kb.entries) {
      const surface = words(entry.answer);
      this.answerTerms.push(new Set(analyzer.terms(surface).filter((term) => !analyzer.isStop(term))));
    }
    this.learned = learnWordWeights(this.centroids.map((c) => c.word), this.variants, this.wordSpace.size, t);
    this.scratch = new Float64Array(this.variants.length);
  }

  get variantCount(): number {
    return this.variants.length;
  }

  questionOf(variant: number): string {
    return this.variants[variant]?.question ?? '';
  }

  private wordWeight(id: number, tf: number): number {
    return (1 + Math.log(tf)) * this.wordSpace.idfOf(id) * (this.wordBoost[id] ?? 1);
  }

  /** Replace words the KB never uses by the KB word the visitor probably meant. */
  private corrected(surface: string[], lang: Language): string[] {
    return surface.map((w) => {
      if (this.spell.has(w) || w.length < 4) return w;
      const parts = this.analyzer.split([w], lang);
      // A compound of known words is no typo.
      if (parts.length > 1) return w;
      const termKnown = this.wordSpace.idOf(this.analyzer.terms([w], lang)[0] ?? '') !== undefined;
      if (termKnown) return w;
      return this.spell.correct(w) ?? w;
    });
  }

  /** Query vectors and the shortlisted variants with their exact similarity. */
  private nearest(text: string): Query | null {
    const t = this.tuning;
    const raw = words(text);
    const lang = this.analyzer.language(raw);
    const surface = this.corrected(raw, lang);
    if (surface.length === 0 || this.variants.length === 0) return null;
    const f = featuresOf(surface, this.analyzer, lang);
    const qw = this.wordSpace.lookup(f.wordFeatures, (feature) => this.wordSpace.unknownIdfOf(feature) * boostOf(this.analyzer, feature, t));
    const qWord = toVector(qw.counts, (id, tf) => this.wordWeight(id, tf), qw.unknownNorm);
    const qc = this.charSpace.lookup(f.charFeatures, () => this.charSpace.unknownIdf);
    const qChar = toVector(qc.counts, (id, tf) => (1 + Math.log(tf)) * this.charSpace.idfOf(id), qc.unknownNorm);
    const hits = this.shortlist(qWord).map((v) => {
      const variant = this.variants[v] as Variant;
      return { variant: v, sim: t.wordShare * dot(qWord, variant.word) + (1 - t.wordShare) * dot(qChar, variant.char) };
    });
    const content: Query['content'] = [];
    const seen = new Set<string>();
    for (const term of f.terms) {
      if (this.analyzer.isStop(term) || seen.has(term)) continue;
      seen.add(term);
      const id = this.wordSpace.idOf(term);
      const idf = id === undefined ? this.wordSpace.unknownIdfOf(term) : this.wordSpace.idfOf(id);
      const generic = this.analyzer.isGeneric(term);
      content.push({ id, term, weight: idf * (generic ? GENERIC_WEIGHT : 1), generic });
    }
    return { qWord, qChar, content, hits };
  }

  /** The variants most similar to `text` (for lint), best first. */
  similarVariants(text: string, limit: number): { variant: number; entry: number; question: string; sim: number }[] {
    const found = this.nearest(text);
    if (!found) return [];
    return found.hits
      .sort((a, b) => b.sim - a.sim || a.variant - b.variant)
      .slice(0, limit)
      .map((h) => ({ ...h, entry: this.variants[h.variant]?.entry ?? -1, question: this.questionOf(h.variant) }));
  }

  /** Entries ranked by score (best first), at most `limit`. */
  rank(text: string, limit = 5): RankedEntry[] {
    return this.rankWithStats(text, limit).ranked;
  }

  /** Entries ranked by score (best first), at most `limit`, and what the question looks like to the KB. */
  rankWithStats(text: string, limit = 5): { ranked: RankedEntry[]; stats: QueryStats } {
    const t = this.tuning;
    const found = this.nearest(text);
    if (!found || found.hits.length === 0) return { ranked: [], stats: statsOf(found?.content ?? []) };
    const { qWord, qChar } = found;
    const cqWord = reweight(qWord, this.wordRatio);
    const cqChar = reweight(qChar, this.charRatio);
    // The k nearest variants per entry.
    const perEntry = new Map<number, { sims: number[]; variant: number }>();
    for (const { variant: v, sim } of found.hits) {
      const variant = this.variants[v] as Variant;
      const slot = perEntry.get(variant.entry);
      if (!slot) perEntry.set(variant.entry, { sims: [sim], variant: v });
      else {
        if (sim > (slot.sims[0] ?? 0)) slot.variant = v;
        slot.sims.push(sim);
      }
    }
    const scored: { entry: number; knn: number; variant: number; nearest: number }[] = [];
    for (const [entry, slot] of perEntry) {
      slot.sims.sort((a, b) => b - a);
      let knn = 0;
      let last = 0;
      t.knn.forEach((weight, k) => {
        last = slot.sims[k] ?? last;
        knn += weight * last;
      });
      scored.push({ entry, knn, variant: slot.variant, nearest: slot.sims[0] ?? 0 });
    }
    // Centroid scores only for the entries whose nearest variants are plausible: the cost stays
    // bounded by the shortlist, not by the size of the knowledge base.
    scored.sort((a, b) => b.knn - a.knn || a.entry - b.entry);
    const ranked: RankedEntry[] = scored.slice(0, CENTROID_CANDIDATES).map(({ entry, knn, variant, nearest }) => {
      const c = this.centroids[entry] as { word: SparseVector; char: SparseVector };
      const cen = t.wordShare * this.learnedScore(cqWord, entry) + (1 - t.wordShare) * dot(cqChar, c.char);
      return { entry, score: (1 - t.centroidShare) * knn + t.centroidShare * cen, variant, coverage: 0, matched: 0, nearest };
    });
    ranked.sort((a, b) => b.score - a.score || a.entry - b.entry);
    // Coverage for a few more than asked: answer evidence may lift one of them into the top.
    const top = ranked.slice(0, Math.max(limit, 5));
    for (const r of top) {
      const { coverage, matched, fromAnswer } = this.coverageOf(found.content, r.entry);
      Object.assign(r, { coverage, matched, score: r.score + ANSWER_SCORE * fromAnswer });
    }
    top.sort((a, b) => b.score - a.score || a.entry - b.entry);
    return { ranked: top.slice(0, limit), stats: statsOf(found.content) };
  }

  /** How much of the question's content the entry's phrasings account for (see `RankedEntry.coverage`). */
  private coverageOf(content: Query['content'], entry: number): { coverage: number; matched: number; fromAnswer: number } {
    const terms = this.entryTerms[entry] as Int32Array;
    const answer = this.answerTerms[entry];
    let total = 0;
    let covered = 0;
    let matched = 0;
    let fromAnswer = 0;
    for (const { id, term, weight, generic } of content) {
      total += weight;
      if (id !== undefined && contains(terms, id)) {
        covered += weight;
        if (!generic) matched++;
      } else if (answer?.has(term)) fromAnswer += weight;
    }
    covered += ANSWER_WEIGHT * fromAnswer;
    return { coverage: total > 0 ? covered / total : 1, matched, fromAnswer: total > 0 ? fromAnswer / total : 0 };
  }

  /** The refined centroid's word score: a binary search per query feature into its entry row. */
  private learnedScore(q: SparseVector, entry: number): number {
    let sum = 0;
    for (let k = 0; k < q.ids.length; k++) {
      const row = this.learned[q.ids[k] as number];
      if (!row) continue;
      const entries = row.entries;
      let lo = 0;
      let hi = entries.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const e = entries[mid] as number;
        if (e < entry) lo = mid + 1;
        else if (e > entry) hi = mid - 1;
        else {
          sum += (q.weights[k] as number) * (row.weights[mid] as number);
          break;
        }
      }
    }
    return sum;
  }

  /** Partial dot products over the inverted index; the best `shortlist` variants. */
  private shortlist(q: SparseVector): number[] {
    const t = this.tuning;
    const n = this.variants.length;
    const maxDf = Math.max(50, t.maxDfShare * n);
    const features: number[] = [];
    let rare = 0;
    q.ids.forEach((id) => {
      features.push(id);
      if (this.wordSpace.dfOf(id) <= maxDf && this.stopFeature[id] !== true) rare++;
    });
    // A question of common words only ("can you tell me what a septuagenarian is": the one rare
    // word is unknown) would walk postings of a good part of a large KB: take its rarer common
    // terms up to a budget of postings. Small KBs never reach it.
    const skipped = new Set<number>();
    if (rare === 0) {
      let budget = SHORTLIST_POSTINGS;
      const byRarity = [...features].sort((a, b) => this.wordSpace.dfOf(a) - this.wordSpace.dfOf(b) || a - b);
      byRarity.forEach((id, i) => {
        budget -= this.wordSpace.dfOf(id);
        if (budget < 0 && i > 0) skipped.add(id);
      });
    }
    const scores = this.scratch;
    const touched: number[] = [];
    for (let k = 0; k < features.length; k++) {
      const id = features[k] as number;
      const common = this.wordSpace.dfOf(id) > maxDf;
      // Stop words and very common terms cost the most and rank the least; use them only when
      // the question has nothing rarer ("how are you").
      if (rare > 0 && (common || this.stopFeature[id] === true)) continue;
      if (skipped.has(id)) continue;
      const qWeight = q.weights[k] as number;
      const posting = this.postings[id];
      if (!posting) continue;
      const { docs, weights } = posting;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i] as number;
        if (scores[d] === 0) touched.push(d);
        scores[d] = (scores[d] as number) + qWeight * (weights[i] as number);
      }
    }
    const best = topK(touched, scores, t.shortlist);
    for (const d of touched) scores[d] = 0;
    return best;
  }
}

function statsOf(content: Query['content']): QueryStats {
  let total = 0;
  let known = 0;
  let contentWords = 0;
  let knownWords = 0;
  for (const c of content) {
    total += c.weight;
    if (c.id !== undefined) known += c.weight;
    if (c.generic) continue;
    contentWords++;
    if (c.id !== undefined) knownWords++;
  }
  return { content: contentWords, known: knownWords, knownWeight: total > 0 ? known / total : 1 };
}

function contains(sorted: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const y = sorted[mid] as number;
    if (y < x) lo = mid + 1;
    else if (y > x) hi = mid - 1;
    else return true;
  }
  return false;
}

/** The k indices with the highest scores (a bounded min-heap; no full sort of the touched set). */
function topK(items: readonly number[], scores: Float64Array, k: number): number[] {
  if (items.length <= k) return [...items];
  const heap: number[] = [];
  const less = (a: number, b: number): boolean => (scores[a] as number) < (scores[b] as number) || ((scores[a] as number) === (scores[b] as number) && a > b);
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && less(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  const up = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i] as number, heap[p] as number)) return;
      [heap[i], heap[p]] = [heap[p] as number, heap[i] as number];
      i = p;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (less(heap[0] as number, item)) {
      heap[0] = item;
      down(0);
    }
  }
  return heap;
}

/** Per feature: (entry-level IDF / variant-level IDF)^power, so centroids favour words few entries use. */
function entryIdfRatio(groups: readonly (readonly SparseVector[])[], space: FeatureSpace<string> | FeatureSpace<CharGram>, power: number): Float32Array | null {
  if (power === 0) return null;
  const ratio = new Float32Array(space.size).fill(1);
  const ef = new Int32Array(space.size);
  for (const group of groups) {
    const seen = new Set<number>();
    for (const v of group) for (const id of v.ids) seen.add(id);
    for (const id of seen) ef[id] = (ef[id] as number) + 1;
  }
  const entries = groups.length;
  for (let id = 0; id < space.size; id++) {
    const eidf = Math.log((entries + 1) / ((ef[id] as number) + 1)) + 1;
    ratio[id] = (eidf / space.idfOf(id)) ** power;
  }
  return ratio;
}

function reweight(v: SparseVector, ratio: Float32Array | null): SparseVector {
  if (ratio === null) return v;
  const weights = new Float32Array(v.weights.length);
  let norm = 0;
  v.ids.forEach((id, k) => {
    const w = (v.weights[k] as number) * (ratio[id] ?? 1);
    weights[k] = w;
    norm += w * w;
  });
  // Keep the query's unknown-feature mass: scale relative to the original norm (1).
  const inv = norm > 0 ? 1 / Math.sqrt(norm + Math.max(0, 1 - sumSquares(v))) : 0;
  for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) * inv;
  return { ids: v.ids, weights };
}

function sumSquares(v: SparseVector): number {
  let s = 0;
  for (const w of v.weights) s += w * w;
  return s;
}

const TRAIN_PER_ENTRY = 100;

/**
 * Refine the entries' word centroids with a margin perceptron over the KB's own phrasings: when a
 * phrasing scores its own entry below another (or not by `trainMargin`), move the two entries'
 * weights towards and away from it. This learns which words tell confusable entries apart; with
 * `epochs` 0 the result is the plain centroids. Deterministic (fixed order, no randomness).
 */
function learnWordWeights(
  centroids: readonly SparseVector[],
  variants: readonly { entry: number; word: SparseVector }[],
  features: number,
  t: MatcherTuning,
): { entries: Int32Array; weights: Float32Array }[] {
  // Per feature, the entries that weigh it in first-set order (arrays, not Maps: this loop is most
  // of the build time on large KBs), with a position index for updates.
  const rows: LearnedRow[] = Array.from({ length: features }, () => ({ entries: [], weights: [], at: null }));
  centroids.forEach((c, e) => c.ids.forEach((id, k) => rows[id] && setWeight(rows[id], e, c.weights[k] as number)));
  const scores = new Float64Array(centroids.length);
  const hit = new Uint8Array(centroids.length);
  const touched: number[] = [];
  // At most TRAIN_PER_ENTRY phrasings of each entry (evenly spaced, deterministic) teach the
  // weights: beyond a hundred, more phrasings change them little and cost build time linearly.
  const seen = new Map<number, number>();
  const total = new Map<number, number>();
  for (const v of variants) total.set(v.entry, (total.get(v.entry) ?? 0) + 1);
  const training = variants.filter((v) => {
    const n = total.get(v.entry) ?? 0;
    const i = seen.get(v.entry) ?? 0;
    seen.set(v.entry, i + 1);
    return n <= TRAIN_PER_ENTRY || Math.floor((i * TRAIN_PER_ENTRY) / n) !== Math.floor(((i - 1) * TRAIN_PER_ENTRY) / n);
  });
  for (let epoch = 0; epoch < t.epochs; epoch++) {
    const rate = t.learningRate / (1 + epoch);
    for (const v of training) {
      const ids = v.word.ids;
      const xs = v.word.weights;
      for (let k = 0; k < ids.length; k++) {
        const row = rows[ids[k] as number] as LearnedRow;
        const x = xs[k] as number;
        const { entries, weights } = row;
        for (let j = 0; j < entries.length; j++) {
          const e = entries[j] as number;
          if (hit[e] === 0) {
            hit[e] = 1;
            touched.push(e);
          }
          scores[e] = (scores[e] as number) + x * (weights[j] as number);
        }
      }
      const own = hit[v.entry] === 1 ? (scores[v.entry] as number) : 0;
      let rival = -1;
      let rivalScore = -Infinity;
      for (const e of touched) {
        const s = scores[e] as number;
        if (e !== v.entry && s > rivalScore) [rival, rivalScore] = [e, s];
        scores[e] = 0;
        hit[e] = 0;
      }
      touched.length = 0;
      if (rival < 0 || own >= rivalScore + t.trainMargin) continue;
      for (let k = 0; k < ids.length; k++) {
        const row = rows[ids[k] as number] as LearnedRow;
        const x = (xs[k] as number) * rate;
        addWeight(row, v.entry, x);
        addWeight(row, rival, -x);
      }
    }
  }
  return rows.map((row) => {
    const kept = row.entries.map((e, j) => [e, row.weights[j] as number] as const).filter(([, w]) => w !== 0).sort((a, b) => a[0] - b[0]);
    return { entries: Int32Array.from(kept, ([e]) => e), weights: Float32Array.from(kept, ([, w]) => w) };
  });
}

interface LearnedRow {
  entries: number[];
  weights: number[];
  /** Position of each entry in `entries`, once the row is long enough for a scan to cost more. */
  at: Map<number, number> | null;
}

/** Rows up to this length are searched by a scan: most features belong to a few entries. */
const SCAN_ROW = 16;

function positionOf(row: LearnedRow, entry: number): number | undefined {
  if (row.at !== null) return row.at.get(entry);
  const j = row.entries.indexOf(entry);
  return j < 0 ? undefined : j;
}

function setWeight(row: LearnedRow, entry: number, w: number): void {
  const j = positionOf(row, entry);
  if (j !== undefined) row.weights[j] = w;
  else {
    row.entries.push(entry);
    row.weights.push(w);
    if (row.at !== null) row.at.set(entry, row.entries.length - 1);
    else if (row.entries.length > SCAN_ROW) row.at = new Map(row.entries.map((e, k) => [e, k]));
  }
}

function addWeight(row: LearnedRow, entry: number, dw: number): void {
  const j = positionOf(row, entry);
  if (j !== undefined) row.weights[j] = (row.weights[j] as number) + dw;
  else setWeight(row, entry, 0 + dw);
}
