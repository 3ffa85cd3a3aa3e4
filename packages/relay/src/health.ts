/**
 * What /healthz reports: storage, sockets, and the state of each Redis-backed part (bus, presence,
 * rate limits). A part that fails logs once when it goes down and once when it is back (not once
 * per failed call), and counts its outages and failed operations.
 */
import type { DependencyHealth, HealthResponse } from '@switchboard/protocol';
import type { Hub } from './hub.js';
import type { Storage } from './storage/types.js';

interface Log {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** One dependency (say `redis.bus`), possibly over several connections: down while any of them is. */
export class Dependency {
  private readonly broken = new Set<string>();
  private changedAt: number;
  private outages = 0;
  private failures = 0;

  constructor(
    readonly name: string,
    private readonly log: Log | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.changedAt = now();
  }

  get up(): boolean {
    return this.broken.size === 0;
  }

  /** An operation failed, or a connection reported an error. */
  fail(err: unknown, connection = 'main'): void {
    this.failures += 1;
    if (this.broken.has(connection)) return;
    const wasUp = this.up;
    this.broken.add(connection);
    if (!wasUp) return;
    this.outages += 1;
    this.changedAt = this.now();
    this.log?.warn({ dependency: this.name, state: 'down', err: err instanceof Error ? err.message : String(err) }, `${this.name} is unavailable`);
  }

  /** An operation succeeded, or a connection is ready again. */
  ok(connection = 'main'): void {
    if (!this.broken.delete(connection) || !this.up) return;
    const downMs = this.now() - this.changedAt;
    this.changedAt = this.now();
    this.log?.info({ dependency: this.name, state: 'up', downMs, failures: this.failures }, `${this.name} is available again`);
  }

  report(): DependencyHealth {
    return { state: this.up ? 'up' : 'down', since: this.changedAt, outages: this.outages, failures: this.failures };
  }
}

export interface RedisParts {
  bus: Dependency;
  presence: Dependency;
  rateLimit: Dependency;
}

export class Health {
  constructor(
    private readonly storage: Storage,
    private readonly hub: Hub,
    private readonly redis: RedisParts | null,
    private readonly startedAt: number,
  ) {}

  async report(): Promise<HealthResponse> {
    let storage: 'ok' | 'down' = 'ok';
    try {
      await this.storage.ping();
    } catch {
      storage = 'down';
    }
    const redis = this.redis ? { bus: this.redis.bus.report(), presence: this.redis.presence.report(), rateLimit: this.redis.rateLimit.report() } : undefined;
    const redisDown = redis ? Object.values(redis).some((d) => d.state === 'down') : false;
    return {
      status: storage === 'down' ? 'unhealthy' : redisDown ? 'degraded' : 'ok',
      storage,
      uptimeS: Math.round((Date.now() - this.startedAt) / 1000),
      connections: this.hub.counts(),
      ...(redis ? { redis } : {}),
    };
  }
}
