/**
 * Match features → confidence in [0, 1]: how likely the entry is the right answer to the question,
 * on a scale where the default answer threshold 0.5 holds about the same trade-off on every KB
 * shape (right answers against wrong ones and answered other-topic questions).
 *
 * A fixed logistic model (not fitted to any one knowledge base): its weights were fitted once on
 * the synthetic-KB grid (CLINC150 intents, 10–150 entries × 1–10 phrasings, docs/bot.md *How the
 * confidence was fitted*), where "right" means the question is the KB's and the entry is its
 * intent, and questions of other intents and out-of-scope ones count as wrong whatever they match.
 * Then an offset by KB size moves the cut so that, on that grid, the bot answers at about 88 %
 * precision and rejects about 85 % of other-topic questions where that is possible: with ten
 * entries a question that touches one entry is probably about it; with 150, where neighbours share
 * most of their words, it needs a clearer lead.
 *
 * What the features say:
 *  - the entry's score and its nearest phrasing's similarity, the margin to the runner-up;
 *  - coverage: the share of the question's content words the entry's phrasings use ("do you sell
 *    bicycles?" shares "do you sell" with "do you sell gift cards?" but nothing about bicycles);
 *  - how typical the question's words are for the KB: the share of its content words the KB uses
 *    at all (a question mostly made of words the KB never uses is probably about something else);
 *  - the KB's shape: entries and phrasings per entry.
 */

export interface ConfidenceInput {
  score: number;
  /** The best score among the other entries (0 when none). */
  runnerUp: number;
  /** Share of the question's content the entry explains (see `RankedEntry.coverage`). */
  coverage: number;
  /** The runner-up's coverage (for a runner-up itself: the top entry's). */
  runnerUpCoverage: number;
  /** Similarity of the entry's nearest phrasing. */
  nearest: number;
  /** Distinct content words of the question that the entry's phrasings use. */
  matched: number;
  /** Distinct content words of the question. */
  contentWords: number;
  /** Of those, the ones the KB uses at all. */
  knownWords: number;
  /** IDF-weighted share of the question's content the KB knows. */
  knownWeight: number;
  /** Entries in the knowledge base. */
  entries: number;
  /** Mean phrasings per entry in the knowledge base. */
  phrasingsPerEntry: number;
}

/** The model's inputs, in the order of `CALIBRATION.weights`. Exported for the fitting tool (eval). */
export function featureVector(f: ConfidenceInput): number[] {
  const s = f.score;
  const margin = f.score - f.runnerUp;
  const cov = clamp01(f.coverage) ** 2;
  const logEntries = Math.log(Math.max(1, f.entries));
  const few = 1 / Math.sqrt(Math.max(1, f.phrasingsPerEntry));
  return [
    1,
    s,
    f.runnerUp,
    margin,
    clamp01(f.coverage),
    cov,
    s * cov,
    margin * cov,
    f.nearest,
    Math.min(f.contentWords, 8),
    f.knownWords / Math.max(1, f.contentWords),
    f.knownWeight,
    logEntries,
    few,
    s * few,
    s * logEntries,
    margin * logEntries,
    f.contentWords - f.knownWords,
    f.matched,
    clamp01(f.runnerUpCoverage),
  ];
}

export const CALIBRATION = {
  /** Weights of `featureVector` (logit of "this entry is the right answer"). */
  weights: [-6.4388, 3.5777, 18.9912, 18.9364, -0.1617, 1.4506, -5.9318, 1.3074, -0.2853, -0.2302, -0.1837, 0.7132, 0.0292, 2.0109, -8.375, -1.1407, 0.9565, 0.192, 0.9064, -0.8488],
  /**
   * The cut by KB shape, in logit units: a + b·ln(entries) + c/√p + d·ln(entries)/√p + e·ln(p),
   * p = phrasings per entry. Confidence 0.5 sits at the cut.
   */
  cut: { a: 0.5667, b: 0.08, c: -5.0, d: 1.0, e: -0.7417 },
} as const;

/** Logit of the confidence (0 at the default answer threshold). */
export function confidenceLogit(f: ConfidenceInput): number {
  const x = featureVector(f);
  let z = 0;
  CALIBRATION.weights.forEach((w, i) => {
    z += w * (x[i] as number);
  });
  return z - cutOf(f.entries, f.phrasingsPerEntry);
}

export function cutOf(entries: number, phrasingsPerEntry: number): number {
  const { a, b, c, d, e } = CALIBRATION.cut;
  const logEntries = Math.log(Math.max(1, entries));
  const p = Math.max(1, phrasingsPerEntry);
  return a + b * logEntries + (c + d * logEntries) / Math.sqrt(p) + e * Math.log(p);
}

export function confidenceOf(f: ConfidenceInput): number {
  const p = 1 / (1 + Math.exp(-confidenceLogit(f)));
  return Math.round(p * 1e4) / 1e4;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
