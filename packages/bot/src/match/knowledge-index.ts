/**
 * A knowledge base ready for questions: the matcher's raw scores turned into ranked candidates
 * with calibrated confidences, and "did you mean" labels that are known to lead back to their entry.
 */
import type { KnowledgeBase, KnowledgeBaseEntry } from '../kb/schema.js';
import type { MatchCandidate } from '../bot/types.js';
import type { Language } from '../text/languages.js';
import { words } from '../text/normalize.js';
import { type ConfidenceInput, confidenceOf } from './confidence.js';
import { Matcher, type MatcherTuning } from './matcher.js';

export interface ScoredCandidate extends MatchCandidate {
  entry: KnowledgeBaseEntry;
  score: number;
  /** Distinct content words of the question this entry's phrasings use. */
  matched: number;
  /** What the confidence was computed from (for the fitting tool and logs). */
  features: ConfidenceInput;
}

export class KnowledgeIndex {
  readonly kb: KnowledgeBase;
  private readonly matcher: Matcher;
  private readonly labels = new Map<number, string>();
  private readonly indexById = new Map<string, number>();
  private readonly phrasingsPerEntry: number;

  constructor(kb: KnowledgeBase, tuning?: Partial<MatcherTuning>) {
    this.kb = kb;
    this.matcher = new Matcher(kb, tuning);
    this.phrasingsPerEntry = this.matcher.variantCount / Math.max(1, kb.entries.length);
    kb.entries.forEach((e, i) => {
      if (!this.indexById.has(e.id)) this.indexById.set(e.id, i);
    });
  }

  get variantCount(): number {
    return this.matcher.variantCount;
  }

  /** The language of a text among the KB's languages. */
  languageOf(text: string): Language {
    return this.matcher.analyzer.language(words(text));
  }

  get languages(): readonly Language[] {
    return this.matcher.analyzer.languages;
  }

  /** Ranked candidates for tools and logs: entry, confidence, nearest question. */
  match(text: string, limit = 5): MatchCandidate[] {
    return this.candidates(text, limit).map(({ entryId, confidence, question }) => ({ entryId, confidence, question }));
  }

  /** Ranked candidates, best first, each with its confidence. */
  candidates(text: string, limit = 5): ScoredCandidate[] {
    const { ranked, stats } = this.matcher.rankWithStats(text, Math.max(limit, 2));
    return ranked.slice(0, limit).map((r, i) => {
      // The top entry is compared with the runner-up; every other entry with the top one.
      const rival = i === 0 ? ranked[1] : ranked[0];
      const features: ConfidenceInput = {
        score: r.score,
        runnerUp: rival?.score ?? 0,
        coverage: r.coverage,
        runnerUpCoverage: rival?.coverage ?? 0,
        nearest: r.nearest,
        matched: r.matched,
        contentWords: stats.content,
        knownWords: stats.known,
        knownWeight: stats.knownWeight,
        entries: this.kb.entries.length,
        phrasingsPerEntry: this.phrasingsPerEntry,
      };
      return {
        entryId: this.kb.entries[r.entry]?.id ?? '',
        entry: this.kb.entries[r.entry] as KnowledgeBaseEntry,
        confidence: confidenceOf(features),
        question: this.matcher.questionOf(r.variant),
        score: r.score,
        matched: r.matched,
        features,
      };
    });
  }

  /**
   * A question the visitor can send back verbatim that then matches `entryId` first. The entry's
   * own questions are tried in order; computed lazily and cached, so building the index stays cheap.
   */
  labelFor(entryId: string): string {
    const index = this.indexById.get(entryId);
    if (index === undefined) return entryId;
    const cached = this.labels.get(index);
    if (cached !== undefined) return cached;
    const entry = this.kb.entries[index] as KnowledgeBaseEntry;
    const label = entry.questions.find((q) => this.candidates(q, 1)[0]?.entryId === entryId) ?? entry.questions[0] ?? entryId;
    this.labels.set(index, label);
    return label;
  }
}
