/**
 * The one reconnect rule: "equal jitter". Attempt n waits between half and all of
 * min(30 s, 0.5 s × 2^n), so tabs and consoles that lost the relay together do not come back in
 * lockstep, and a relay that is down for long is asked at most about every 30 s.
 */

/** @default 500 */
export const BACKOFF_BASE_MS = 500;
/** @default 30000 */
export const BACKOFF_MAX_MS = 30_000;

/**
 * @example backoffMs(0) // 250–500
 * @example backoffMs(10) // 15000–30000
 */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = BACKOFF_BASE_MS, maxMs = BACKOFF_MAX_MS): number {
  const step = Math.min(maxMs, baseMs * 2 ** attempt);
  return step / 2 + random() * (step / 2);
}
