/**
 * Raw entry scores → confidence in [0, 1]. The mapping is fixed (not fitted to a knowledge base);
 * it was calibrated once on many synthetic KBs of different shapes (see eval/grid.ts, docs/bot.md)
 * so that the default threshold 0.5 means about the same on all of them. Three things move it:
 *  - the similarity of the best entry, discounted when the entry explains only part of the
 *    question's content words (coverage): "do you sell bicycles?" shares "do you sell" with
 *    "do you sell gift cards?" but nothing about bicycles;
 *  - the margin to the runner-up, also scaled by coverage, and counted only down to half the top
 *    score: on a small KB a question often touches one entry only, and "nothing else matched"
 *    says little about whether that one entry is right;
 *  - the KB's phrasings per entry: an entry with a handful of phrasings has seen little of how
 *    visitors ask, so a partial match is weaker evidence than on an entry with a hundred.
 */
export const CALIBRATION = {
  /** Share of the similarity kept when the entry explains none of the question's content words. */
  uncoveredShare: 0.7,
  /** Weight of the margin to the runner-up. */
  marginWeight: 0.8,
  /** The runner-up counts as at least this share of the top score. */
  runnerUpFloor: 0.5,
  /** Bonus for full coverage. */
  coverageWeight: 0.05,
  /** Score at which confidence is 0.5 on a KB with very many phrasings per entry … */
  midpoint: 0.126,
  /** … plus this over the square root of the phrasings per entry. */
  fewPhrasings: 0.15,
  /** Steepness of the logistic curve. */
  slope: 25,
} as const;

export interface ConfidenceInput {
  score: number;
  /** The best score among the other entries (0 when none). */
  runnerUp: number;
  /** Share of the question's content the entry explains (see `RankedEntry.coverage`). */
  coverage: number;
  /** Mean phrasings per entry in the knowledge base. */
  phrasingsPerEntry: number;
}

export function confidenceOf({ score, runnerUp, coverage, phrasingsPerEntry }: ConfidenceInput): number {
  const c = CALIBRATION;
  const cov = Math.min(1, Math.max(0, coverage)) ** 2;
  const margin = score - Math.max(runnerUp, c.runnerUpFloor * score);
  const x = score * (c.uncoveredShare + (1 - c.uncoveredShare) * cov) + c.marginWeight * margin * cov + c.coverageWeight * Math.sqrt(cov);
  const mid = c.midpoint + c.fewPhrasings / Math.sqrt(Math.max(1, phrasingsPerEntry));
  const p = 1 / (1 + Math.exp(-c.slope * (x - mid)));
  return Math.round(Math.min(1, Math.max(0, p)) * 1e4) / 1e4;
}
