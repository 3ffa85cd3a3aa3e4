/**
 * Rate limits shared by every relay: per visitor (all their tabs, on any relay) and per client IP,
 * on top of the per-socket FrameGuard. One Redis key per (scope, id, window), incremented by a
 * Lua script so the count and its expiry are set atomically. A sliding estimate (the previous
 * window weighted by how much of it still overlaps) avoids letting twice the limit through at a
 * window edge.
 *
 * When Redis does not answer, the limiter fails open: chat keeps working, still bounded by the
 * per-socket limits. Each check let through that way counts as a failure of `redis.rateLimit` in
 * /healthz, and the outage is logged once when it starts and once when it ends. Without Redis (one
 * relay), MemoryRateLimiter keeps the same counts in memory.
 */
import { Redis } from 'ioredis';
import type { Dependency } from './health.js';

export interface RateLimit {
  /** Most events allowed per window. */
  limit: number;
  windowMs: number;
}

export interface SharedRateLimiter {
  /** Counts one event for `key`; false when the key is over its limit (the event is then not counted). */
  take(scope: string, key: string, rule: RateLimit): Promise<boolean>;
  close(): Promise<void>;
}

// KEYS[1] = current window, KEYS[2] = previous window; ARGV = limit, windowMs, elapsed ms in window.
const SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local elapsed = tonumber(ARGV[3])
local estimate = previous * (window - elapsed) / window + current
if estimate + 1 > limit then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], window * 2)
return 1
`;

export class RedisRateLimiter implements SharedRateLimiter {
  private readonly redis: Redis;
  private readonly prefix: string;

  private readonly health: Dependency | undefined;

  constructor(options: { url: string; prefix?: string; health?: Dependency }) {
    this.prefix = `${options.prefix ?? 'sb:'}rl:`;
    this.health = options.health;
    this.redis = new Redis(options.url, { retryStrategy: (n) => Math.min(50 * 2 ** n, 2000), enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', (err: Error) => this.health?.fail(err, 'connection'));
    this.redis.on('ready', () => this.health?.ok('connection'));
    this.redis.defineCommand('sbTake', { numberOfKeys: 2, lua: SCRIPT });
  }

  async take(scope: string, key: string, rule: RateLimit, now = Date.now()): Promise<boolean> {
    if (this.redis.status !== 'ready') {
      this.health?.fail(new Error(`not connected (${this.redis.status})`), 'connection');
      return true;
    }
    const window = Math.floor(now / rule.windowMs);
    const base = `${this.prefix}${scope}:${key}:`;
    try {
      const run = (this.redis as unknown as { sbTake(k1: string, k2: string, ...args: (string | number)[]): Promise<number> }).sbTake;
      const allowed = (await run.call(this.redis, `${base}${window}`, `${base}${window - 1}`, rule.limit, rule.windowMs, now - window * rule.windowMs)) === 1;
      this.health?.ok('command');
      return allowed;
    } catch (err) {
      this.health?.fail(err, 'command');
      return true;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The same estimate in memory, for one relay. */
export class MemoryRateLimiter implements SharedRateLimiter {
  private readonly counts = new Map<string, number>();

  async take(scope: string, key: string, rule: RateLimit, now = Date.now()): Promise<boolean> {
    const window = Math.floor(now / rule.windowMs);
    const base = `${scope}:${key}:`;
    const current = this.counts.get(`${base}${window}`) ?? 0;
    const previous = this.counts.get(`${base}${window - 1}`) ?? 0;
    const elapsed = now - window * rule.windowMs;
    if (previous * ((rule.windowMs - elapsed) / rule.windowMs) + current + 1 > rule.limit) return false;
    this.counts.set(`${base}${window}`, current + 1);
    if (this.counts.size > 100_000) this.prune(window - 1, rule.windowMs);
    return true;
  }

  private prune(keepFrom: number, _windowMs: number): void {
    for (const k of this.counts.keys()) if (Number(k.slice(k.lastIndexOf(':') + 1)) < keepFrom) this.counts.delete(k);
  }

  async close(): Promise<void> {
    this.counts.clear();
  }
}
