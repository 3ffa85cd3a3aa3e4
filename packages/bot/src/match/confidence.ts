/**
 * Raw entry scores → confidence in [0, 1]. The mapping is fixed (not fitted to a knowledge base):
 * cosine-like similarities mean the same thing whatever the KB, and the margin to the runner-up
 * says whether the question really points at one entry. 0.5 is the point where answering and not
 * answering were equally often right on held-out data; see docs/bot.md.
 */
export const CALIBRATION = {
  /** Score (similarity plus margin bonus) at which confidence is 0.5. */
  midpoint: 0.19,
  /** Weight of the margin to the runner-up. */
  marginWeight: 0.5,
  /** Steepness of the logistic curve. */
  slope: 25,
} as const;

export function confidenceOf(score: number, runnerUp: number): number {
  const x = score + CALIBRATION.marginWeight * (score - runnerUp);
  const c = 1 / (1 + Math.exp(-CALIBRATION.slope * (x - CALIBRATION.midpoint)));
  return Math.round(Math.min(1, Math.max(0, c)) * 1e4) / 1e4;
}
