/**
 * Per-connection limits: a token bucket for frame rate, and a strike count for bad or excess
 * frames. Each rejected frame gets an error; too many strikes in a minute close the socket
 * (1008), so one abusive client cannot keep the relay busy.
 */
export class FrameGuard {
  private tokens: number;
  private last: number;
  private strikes: number[] = [];

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly abuseLimit: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token; false when the connection is over its rate. */
  allow(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSec);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Records a bad or excess frame; true when the connection should now be closed. */
  strike(): boolean {
    const t = this.now();
    this.strikes = this.strikes.filter((s) => t - s < 60_000);
    this.strikes.push(t);
    return this.strikes.length >= this.abuseLimit;
  }
}
