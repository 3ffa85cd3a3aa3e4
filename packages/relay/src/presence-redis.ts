/**
 * Agent presence shared by several relays through Redis. Reads stay synchronous (the routing code
 * asks for them on every assignment) and come from a local mirror; writes go to Redis and are
 * announced on a channel so the other relays' mirrors follow within milliseconds.
 *
 * Each relay keeps its own socket counts in a hash that expires unless refreshed, so the sockets
 * of a relay that was killed stop counting after `ttlMs`. A periodic full refresh repairs any
 * announcement lost while Redis was away. Load (open chats per agent) is not kept here: it is
 * counted from the database, which every relay shares.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { PresenceStatus } from '@switchboard/protocol';
import type { Dependency } from './health.js';
import type { PresenceStore } from './presence.js';

export interface RedisPresenceOptions {
  url: string;
  /** @default 'sb:' */
  prefix?: string;
  /** How often the mirror is rebuilt from Redis and this relay's entry refreshed. @default 2000 */
  refreshMs?: number;
  /** A relay that stops refreshing for this long no longer counts. @default 10000 */
  ttlMs?: number;
  /** Whether an external bot has a socket on this relay (shared so every relay knows). */
  localBot?: () => boolean;
  /** Where failures go: logged once per outage, counted in /healthz. */
  health?: Dependency;
}

const STATUSES = new Set<PresenceStatus>(['online', 'away', 'offline']);
const BOT_FIELD = '__bot';

type Notice =
  | { t: 'sockets'; r: string; a: string; n: number }
  | { t: 'status'; a: string; s: PresenceStatus }
  | { t: 'assigned'; a: string; at: number };

export class RedisPresence implements PresenceStore {
  readonly relayId = randomBytes(8).toString('hex');
  private readonly redis: Redis;
  private readonly sub: Redis;
  private readonly keys: { relays: string; relay: (id: string) => string; status: string; assigned: string; channel: string };
  private readonly local = new Map<string, number>();
  /** Other relays' socket counts (and whether they hold a bot). */
  private remote = new Map<string, { agents: Map<string, number>; bot: boolean }>();
  private readonly chosen = new Map<string, PresenceStatus>();
  private readonly assigned = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: RedisPresenceOptions) {
    const p = options.prefix ?? 'sb:';
    this.keys = { relays: `${p}presence:relays`, relay: (id) => `${p}presence:relay:${id}`, status: `${p}presence:status`, assigned: `${p}presence:assigned`, channel: `${p}presence` };
    const retryStrategy = (n: number) => Math.min(50 * 2 ** n, 2000);
    this.redis = new Redis(options.url, { retryStrategy, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.sub = new Redis(options.url, { retryStrategy });
    for (const [name, client] of [['writer', this.redis], ['subscriber', this.sub]] as const) {
      client.on('error', (err: Error) => options.health?.fail(err, name));
      client.on('ready', () => options.health?.ok(name));
    }
    this.sub.on('message', (_channel: string, raw: string) => this.onNotice(raw));
    // ioredis subscribes again by itself after a reconnect; a failure here is a connection error it reports.
    void this.sub.subscribe(this.keys.channel).catch((err: unknown) => options.health?.fail(err, 'subscriber'));
    // After an outage, put this relay's state back and rebuild the mirror at once.
    this.redis.on('ready', () => void this.refresh());
    this.timer = setInterval(() => void this.refresh(), options.refreshMs ?? 2000);
    this.timer.unref();
  }

  status(agentId: string): PresenceStatus {
    if (this.sockets(agentId) === 0) return 'offline';
    return this.chosen.get(agentId) ?? 'online';
  }

  setStatus(agentId: string, status: PresenceStatus): void {
    this.chosen.set(agentId, status);
    this.write((r) => r.multi().hset(this.keys.status, agentId, status).publish(this.keys.channel, JSON.stringify({ t: 'status', a: agentId, s: status } satisfies Notice)).exec());
  }

  connected(agentId: string): void {
    this.setLocal(agentId, (this.local.get(agentId) ?? 0) + 1);
  }

  disconnected(agentId: string): void {
    this.setLocal(agentId, Math.max(0, (this.local.get(agentId) ?? 1) - 1));
  }

  lastAssignedAt(agentId: string): number {
    return this.assigned.get(agentId) ?? 0;
  }

  markAssigned(agentId: string, at: number): void {
    this.assigned.set(agentId, Math.max(at, this.assigned.get(agentId) ?? 0));
    this.write((r) => r.multi().hset(this.keys.assigned, agentId, String(at)).publish(this.keys.channel, JSON.stringify({ t: 'assigned', a: agentId, at } satisfies Notice)).exec());
  }

  /** True when an external bot holds a socket on another relay. */
  botElsewhere(): boolean {
    for (const r of this.remote.values()) if (r.bot) return true;
    return false;
  }

  /** Forgets this relay's sockets in Redis (clean shutdown) and closes the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    // If this fails, the entry expires after ttlMs and the other relays drop it then.
    if (this.redis.status === 'ready') await this.redis.multi().del(this.keys.relay(this.relayId)).srem(this.keys.relays, this.relayId).exec().catch((err: unknown) => this.options.health?.fail(err, 'command'));
    this.sub.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Rebuilds the mirror from Redis now (also runs every `refreshMs`). */
  async refresh(): Promise<void> {
    if (this.closed || this.redis.status !== 'ready') return;
    try {
      await this.publishOwn();
      const relays = (await this.redis.smembers(this.keys.relays)).filter((id) => id !== this.relayId);
      const read = this.redis.multi().hgetall(this.keys.status).hgetall(this.keys.assigned);
      for (const id of relays) read.hgetall(this.keys.relay(id));
      const results = (await read.exec()) ?? [];
      const [status, assigned, ...perRelay] = results.map(([err, value]) => (err ? {} : (value as Record<string, string>)));
      for (const [a, s] of Object.entries(status ?? {})) if (STATUSES.has(s as PresenceStatus)) this.chosen.set(a, s as PresenceStatus);
      for (const [a, at] of Object.entries(assigned ?? {})) this.assigned.set(a, Math.max(Number(at), this.assigned.get(a) ?? 0));
      const remote = new Map<string, { agents: Map<string, number>; bot: boolean }>();
      const gone: string[] = [];
      relays.forEach((id, i) => {
        const hash = perRelay[i] ?? {};
        if (Object.keys(hash).length === 0) return void gone.push(id);
        const agents = new Map<string, number>();
        for (const [a, n] of Object.entries(hash)) if (a !== BOT_FIELD && Number(n) > 0) agents.set(a, Number(n));
        remote.set(id, { agents, bot: hash[BOT_FIELD] === '1' });
      });
      this.remote = remote;
      // A relay whose entry expired died without saying goodbye.
      if (gone.length) await this.redis.srem(this.keys.relays, ...gone);
      this.options.health?.ok('command');
    } catch (err) {
      this.options.health?.fail(err, 'command');
    }
  }

  private sockets(agentId: string): number {
    let n = this.local.get(agentId) ?? 0;
    for (const r of this.remote.values()) n += r.agents.get(agentId) ?? 0;
    return n;
  }

  private setLocal(agentId: string, n: number): void {
    if (n === 0) this.local.delete(agentId);
    else this.local.set(agentId, n);
    const key = this.keys.relay(this.relayId);
    const notice = JSON.stringify({ t: 'sockets', r: this.relayId, a: agentId, n } satisfies Notice);
    const ttl = this.options.ttlMs ?? 10_000;
    this.write((r) => (n === 0 ? r.multi().hdel(key, agentId) : r.multi().hset(key, agentId, String(n))).hset(key, BOT_FIELD, this.botFlag()).pexpire(key, ttl).sadd(this.keys.relays, this.relayId).publish(this.keys.channel, notice).exec());
  }

  /** This relay's whole entry, rewritten (the refresh heartbeat). */
  private async publishOwn(): Promise<void> {
    const key = this.keys.relay(this.relayId);
    const fields: string[] = [BOT_FIELD, this.botFlag()];
    for (const [a, n] of this.local) fields.push(a, String(n));
    await this.redis.multi().del(key).hset(key, ...fields).pexpire(key, this.options.ttlMs ?? 10_000).sadd(this.keys.relays, this.relayId).exec();
  }

  private botFlag(): string {
    return this.options.localBot?.() ? '1' : '0';
  }

  /** Fire and forget: while Redis is away the next refresh after it returns writes the state again. */
  private write(op: (r: Redis) => Promise<unknown>): void {
    if (this.closed) return;
    if (this.redis.status !== 'ready') return this.options.health?.fail(new Error(`not connected (${this.redis.status})`), 'writer');
    op(this.redis).catch((err: unknown) => this.options.health?.fail(err, 'command'));
  }

  private onNotice(raw: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(raw) as Notice;
    } catch {
      return;
    }
    switch (notice.t) {
      case 'sockets': {
        if (notice.r === this.relayId) return;
        let entry = this.remote.get(notice.r);
        if (!entry) this.remote.set(notice.r, (entry = { agents: new Map(), bot: false }));
        if (notice.n > 0) entry.agents.set(notice.a, notice.n);
        else entry.agents.delete(notice.a);
        return;
      }
      case 'status':
        if (STATUSES.has(notice.s)) this.chosen.set(notice.a, notice.s);
        return;
      case 'assigned':
        this.assigned.set(notice.a, Math.max(notice.at, this.assigned.get(notice.a) ?? 0));
        return;
    }
  }
}
