/**
 * The Redis bus (`REDIS_URL`): every relay appends its deliveries to one capped Redis stream and
 * reads everyone's, handing them to its local hub, which sends to whatever sockets it holds.
 *
 * A stream rather than plain PUBLISH because a reader resumes from the last entry it saw: a relay
 * whose connection dropped, or all relays after Redis restarted, miss nothing that was appended
 * meanwhile. Deliveries a relay makes while Redis is unreachable are kept in a bounded buffer and
 * appended, in order, once it is back. Local sockets never wait for Redis: the publishing relay
 * delivers to its own hub at once and skips its own entries when they come back.
 *
 * Frames are conveniences on top of storage; a client that missed one catches up with `resume`
 * (every message has a per-conversation seq), so the bus favours staying up over exactly-once.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Dependency } from '../health.js';
import type { Bus, Delivery } from './types.js';

export interface RedisBusOptions {
  url: string;
  /** Key prefix, so several deployments (or test runs) can share one Redis. @default 'sb:' */
  prefix?: string;
  /** Entries kept in the stream (approximately); a relay cut off for longer misses the oldest. @default 10000 */
  streamLength?: number;
  /** Deliveries buffered while Redis is unreachable; beyond that the oldest are dropped. @default 10000 */
  maxBuffered?: number;
  log?: { error(obj: object, msg: string): void };
  /** Where connection failures go: logged once per outage, counted in /healthz (a delivery held back counts as one failure). */
  health?: Dependency;
}

interface Entry {
  /** The relay that published it. */
  o: string;
  d: Delivery;
}

export class RedisBus implements Bus {
  /** This process, so it can skip its own entries (it already delivered them locally). */
  readonly origin = randomBytes(8).toString('hex');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly key: string;
  private readonly handlers = new Set<(delivery: Delivery) => void>();
  private buffer: string[] = [];
  private flushing = false;
  private closed = false;
  private lastId: string | null = null;
  private readonly reading: Promise<void>;
  /** Deliveries dropped because the buffer overflowed during an outage. */
  dropped = 0;
  private reportedDropped = 0;

  constructor(private readonly options: RedisBusOptions) {
    this.key = `${options.prefix ?? 'sb:'}bus`;
    const common = { retryStrategy: (n: number) => Math.min(50 * 2 ** n, 2000), lazyConnect: false };
    // Appends fail fast while disconnected and land in our own buffer instead of ioredis's.
    this.pub = new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0, enableAutoPipelining: true });
    // The reader's blocking XREAD waits out an outage and carries on from the last id it saw.
    this.sub = new Redis(options.url, { ...common, maxRetriesPerRequest: null });
    for (const [name, client] of [['publisher', this.pub], ['reader', this.sub]] as const) client.on('error', (err: Error) => this.options.health?.fail(err, name));
    this.sub.on('ready', () => this.options.health?.ok('reader'));
    this.pub.on('ready', () => {
      this.options.health?.ok('publisher');
      void this.flush();
    });
    this.reading = this.readLoop();
  }

  async publish(delivery: Delivery): Promise<void> {
    for (const handler of this.handlers) handler(delivery);
    if (this.closed) return;
    const entry = JSON.stringify({ o: this.origin, d: delivery } satisfies Entry);
    if (this.pub.status !== 'ready') return this.hold(entry, new Error(`not connected (${this.pub.status})`));
    // Behind what an outage left buffered, so entries keep their order.
    if (this.buffer.length > 0) return this.hold(entry, null);
    // Not awaited: the ack to the sender does not wait for Redis.
    this.append([entry]).catch((err: unknown) => this.hold(entry, err));
  }

  subscribe(handler: (delivery: Delivery) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Resolves when nothing is buffered (tests, shutdown). */
  async drained(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length > 0 && Date.now() < deadline) await sleep(20);
    return this.buffer.length === 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.drained(1000);
    this.closed = true;
    this.handlers.clear();
    this.sub.disconnect();
    await this.reading;
    await this.pub.quit().catch(() => this.pub.disconnect());
  }

  private append(entries: string[]): Promise<unknown> {
    const max = String(this.options.streamLength ?? 10_000);
    if (entries.length === 1) return this.pub.xadd(this.key, 'MAXLEN', '~', max, '*', 'e', entries[0]!);
    const batch = this.pub.multi();
    for (const e of entries) batch.xadd(this.key, 'MAXLEN', '~', max, '*', 'e', e);
    return batch.exec().then((results) => {
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error('redis transaction aborted');
    });
  }

  /** Buffers an entry until Redis takes it; `failure` says why it could not be appended now (null: only queued behind others). */
  private hold(entry: string, failure: unknown): void {
    if (failure !== null) this.options.health?.fail(failure, 'publisher');
    this.buffer.push(entry);
    const max = this.options.maxBuffered ?? 10_000;
    if (this.buffer.length > max) {
      this.dropped += this.buffer.length - max;
      this.buffer.splice(0, this.buffer.length - max);
    }
    if (this.pub.status === 'ready') void this.flush();
  }

  /** Appends what was buffered during an outage, oldest first, before anything newer. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.buffer.length > 0 && this.pub.status === 'ready') {
        const batch = this.buffer.slice(0, 500);
        try {
          await this.append(batch);
        } catch (err) {
          this.options.health?.fail(err, 'publisher');
          await sleep(100);
          continue;
        }
        this.buffer.splice(0, batch.length);
      }
      if (this.buffer.length === 0) this.options.health?.ok('publisher');
      if (this.dropped > this.reportedDropped) {
        this.options.log?.error({ dropped: this.dropped - this.reportedDropped }, 'redis bus buffer overflowed during an outage; clients catch up from storage when they resume');
        this.reportedDropped = this.dropped;
      }
    } finally {
      this.flushing = false;
    }
  }

  private async readLoop(): Promise<void> {
    while (!this.closed) {
      try {
        if (this.lastId === null) {
          // Start after whatever is in the stream now: older entries were for sockets long gone.
          const last = await this.sub.xrevrange(this.key, '+', '-', 'COUNT', 1);
          this.lastId = last[0]?.[0] ?? '0-0';
        }
        const result = await this.sub.xread('COUNT', 1000, 'BLOCK', 5000, 'STREAMS', this.key, this.lastId);
        this.options.health?.ok('reader');
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            this.receive(fields[1]);
          }
        }
      } catch (err) {
        if (this.closed) return;
        this.options.health?.fail(err, 'reader');
        await sleep(200);
      }
    }
  }

  private receive(raw: string | undefined): void {
    if (!raw) return;
    let entry: Entry;
    try {
      entry = JSON.parse(raw) as Entry;
    } catch (err) {
      this.options.log?.error({ err }, 'redis bus entry is not JSON');
      return;
    }
    if (entry.o === this.origin) return;
    // Socket ids are per process: an exception named by another relay means nothing here.
    const delivery = { ...entry.d } as Delivery & { exceptSocket?: string };
    delete delivery.exceptSocket;
    for (const handler of this.handlers) handler(delivery);
  }
}

/**
 * Splits `?prefix=name:` off a REDIS_URL: keys and channels of one deployment then start with it,
 * so several deployments (or test runs) can share one Redis. @default 'sb:'
 */
export function parseRedisUrl(raw: string): { url: string; prefix: string } {
  const url = new URL(raw);
  const prefix = url.searchParams.get('prefix') ?? 'sb:';
  url.searchParams.delete('prefix');
  return { url: url.toString(), prefix };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
