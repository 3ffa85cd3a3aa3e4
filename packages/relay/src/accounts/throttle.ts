/**
 * Login throttling per account and per client IP. After `maxFailures` failed sign-ins in a row a
 * key is locked for `lockMs`; each further lockout doubles that, up to an hour. A successful
 * sign-in clears the account's key; a key nobody touched for a day is forgotten. Only failures
 * count (a password check, a wrong code), so a person who types their password right is never
 * slowed down by others guessing at another account.
 *
 * With Redis the counts are shared by every relay (one hash per key, changed by a Lua script so
 * count, lock and expiry move together). When Redis does not answer, each relay falls back to
 * its own counts in memory: throttled per relay rather than not at all, and each such call counts
 * as a failure of `redis.rateLimit` in /healthz.
 */
import { Redis } from 'ioredis';
import type { Dependency } from '../health.js';

export interface ThrottleRule {
  maxFailures: number;
  lockMs: number;
}

export interface LoginThrottle {
  /** Milliseconds until `key` may try again (0: now). */
  waitMs(key: string, now: number): Promise<number>;
  /** Counts a failure; returns the wait it leaves (0 unless it locked the key). */
  fail(key: string, rule: ThrottleRule, now: number): Promise<number>;
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

const FORGET_MS = 24 * 3_600_000;
const MAX_LOCK_MS = 3_600_000;

/** The lock after the `lockouts`-th lockout: doubling from `lockMs`, capped at an hour (or `lockMs` when longer). */
export const lockFor = (rule: ThrottleRule, lockouts: number): number => Math.min(rule.lockMs * 2 ** Math.min(lockouts - 1, 30), Math.max(MAX_LOCK_MS, rule.lockMs));

interface Entry {
  fails: number;
  lockouts: number;
  lockedUntil: number;
  touched: number;
}

export class MemoryLoginThrottle implements LoginThrottle {
  private readonly keys = new Map<string, Entry>();

  async waitMs(key: string, now: number): Promise<number> {
    return Math.max(0, (this.keys.get(key)?.lockedUntil ?? 0) - now);
  }

  async fail(key: string, rule: ThrottleRule, now: number): Promise<number> {
    if (this.keys.size > 100_000) this.prune(now);
    const entry = this.keys.get(key) ?? { fails: 0, lockouts: 0, lockedUntil: 0, touched: now };
    entry.fails += 1;
    entry.touched = now;
    if (entry.fails >= rule.maxFailures) {
      entry.fails = 0;
      entry.lockouts += 1;
      entry.lockedUntil = now + lockFor(rule, entry.lockouts);
    }
    this.keys.set(key, entry);
    return Math.max(0, entry.lockedUntil - now);
  }

  async clear(key: string): Promise<void> {
    this.keys.delete(key);
  }

  private prune(now: number): void {
    for (const [key, e] of this.keys) if (e.touched < now - FORGET_MS && e.lockedUntil < now) this.keys.delete(key);
  }

  async close(): Promise<void> {
    this.keys.clear();
  }
}

// KEYS[1] = the key's hash; ARGV = maxFailures, lockMs, maxLockMs, now, forgetMs. Returns lockedUntil.
const FAIL = `
local fails = redis.call('HINCRBY', KEYS[1], 'fails', 1)
local locked = tonumber(redis.call('HGET', KEYS[1], 'lockedUntil') or '0')
if fails >= tonumber(ARGV[1]) then
  local lockouts = redis.call('HINCRBY', KEYS[1], 'lockouts', 1)
  local lock = math.min(tonumber(ARGV[2]) * 2 ^ math.min(lockouts - 1, 30), tonumber(ARGV[3]))
  locked = tonumber(ARGV[4]) + lock
  redis.call('HSET', KEYS[1], 'fails', 0, 'lockedUntil', string.format('%.0f', locked))
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return string.format('%.0f', locked)
`;

export class RedisLoginThrottle implements LoginThrottle {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly fallback = new MemoryLoginThrottle();
  private readonly health: Dependency | undefined;

  constructor(options: { url: string; prefix?: string; health?: Dependency | undefined }) {
    this.prefix = `${options.prefix ?? 'sb:'}login:`;
    this.health = options.health;
    this.redis = new Redis(options.url, { retryStrategy: (n) => Math.min(50 * 2 ** n, 2000), enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', (err: Error) => this.health?.fail(err, 'login-throttle'));
    this.redis.on('ready', () => this.health?.ok('login-throttle'));
    this.redis.defineCommand('sbLoginFail', { numberOfKeys: 1, lua: FAIL });
  }

  /** Runs `shared` against Redis, or `local` on this relay's own counts when Redis does not answer. */
  private async either<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.redis.status !== 'ready') {
      this.health?.fail(new Error(`not connected (${this.redis.status})`), 'login-throttle');
      return local();
    }
    try {
      const result = await shared();
      this.health?.ok('login-throttle');
      return result;
    } catch (err) {
      this.health?.fail(err, 'login-throttle');
      return local();
    }
  }

  waitMs(key: string, now: number): Promise<number> {
    return this.either(
      async () => Math.max(0, Number((await this.redis.hget(this.prefix + key, 'lockedUntil')) ?? 0) - now),
      async () => this.fallback.waitMs(key, now),
    );
  }

  fail(key: string, rule: ThrottleRule, now: number): Promise<number> {
    return this.either(
      async () => {
        const run = (this.redis as unknown as { sbLoginFail(k: string, ...args: (string | number)[]): Promise<string> }).sbLoginFail;
        const lockedUntil = Number(await run.call(this.redis, this.prefix + key, rule.maxFailures, rule.lockMs, Math.max(MAX_LOCK_MS, rule.lockMs), now, FORGET_MS));
        return Math.max(0, lockedUntil - now);
      },
      () => this.fallback.fail(key, rule, now),
    );
  }

  async clear(key: string): Promise<void> {
    await this.fallback.clear(key);
    await this.either(
      async () => void (await this.redis.del(this.prefix + key)),
      async () => undefined,
    );
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
