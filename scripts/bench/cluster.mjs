/**
 * Cluster benchmark, in one run:
 *   1. storage cost per message, SQLite vs PostgreSQL: the relay's own storage classes (built
 *      dist), appending messages one at a time (latency, CPU in this process and in the database
 *      server) and 64 at a time (throughput);
 *   2. the relay load of relay.mjs (load.mjs) against 1 relay and against 3 relays, all on one
 *      PostgreSQL and one Redis, visitors and agents spread round-robin over the relays (so most
 *      conversations cross relays through Redis).
 * Everything runs on this machine: on 2 cores, three relays, PostgreSQL, Redis and the load
 * generator share them, so "3 relays" shows the cost of the cluster machinery, not extra capacity.
 * Options (env): BENCH_SOCKETS=1000 BENCH_AGENTS=20 BENCH_SECONDS=8 BENCH_STORAGE_MESSAGES=3000
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test BENCH_REDIS_URL=redis://127.0.0.1:6379
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { log, relayLoad, runLoad, start, stop } from './load.mjs';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const STORAGE_MESSAGES = Number(process.env.BENCH_STORAGE_MESSAGES ?? 3000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// pg and ioredis are the relay's dependencies, not the workspace root's.
const relayRequire = createRequire(join(ROOT, 'packages/relay/package.json'));
const pg = relayRequire('pg');
const { Redis } = relayRequire('ioredis');
const dist = (path) => import(pathToFileURL(join(ROOT, 'packages/relay/dist', path)).href);

async function pgAdmin(sql) {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function reachable() {
  const missing = [];
  await pgAdmin('SELECT 1').catch(() => missing.push(`PostgreSQL at ${DATABASE_URL}`));
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  await redis.connect().then(() => redis.ping()).catch(() => missing.push(`Redis at ${REDIS_URL}`));
  redis.disconnect();
  return missing;
}

/** CPU seconds used so far by every PostgreSQL server process (all backends, this machine). */
function postgresCpuSeconds() {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // The process ended while we read it.
    }
  }
  return total;
}

const withSchema = (schema, more = '') => {
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema} ${more}`.trim());
  return url.toString();
};

// ---------------------------------------------------------------- storage cost per message

async function storageCost(storage, measureServer) {
  await storage.init();
  const now = Date.now();
  await storage.createVisitor({ id: 'v1', siteId: 'default', name: null, email: null, userId: null, verified: false, attributes: {}, page: null, userAgent: null, timezone: null, locale: null, createdAt: now, lastSeenAt: now });
  const conversations = [];
  for (let i = 0; i < 50; i++) conversations.push((await storage.createConversation({ id: `c${i}`, siteId: 'default', visitorId: 'v1', state: 'assigned', createdAt: now })).id);
  let n = 0;
  const message = () => {
    n++;
    return { id: `m${n}`, conversationId: conversations[n % conversations.length], authorKey: 'v:v1', clientId: `k${n}`, kind: 'text', author: { kind: 'visitor', id: 'v1' }, text: `message number ${n} with some ordinary chat text in it`, createdAt: Date.now() };
  };
  for (let i = 0; i < 200; i++) await storage.appendMessage(message()); // warm-up

  // One at a time: what one message costs end to end (the relay appends before it acks).
  const cpu0 = process.cpuUsage();
  const server0 = measureServer ? postgresCpuSeconds() : 0;
  const t0 = performance.now();
  for (let i = 0; i < STORAGE_MESSAGES; i++) await storage.appendMessage(message());
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const server = measureServer ? postgresCpuSeconds() - server0 : NaN;

  // 64 in flight: what many sockets writing at once get.
  const total = STORAGE_MESSAGES * 3;
  let started = 0;
  const t1 = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (started++ < total) await storage.appendMessage(message());
    }),
  );
  const concurrentSecs = (performance.now() - t1) / 1000;
  await storage.close();
  return {
    latencyUs: (wall * 1000) / STORAGE_MESSAGES,
    relayCpuUs: (cpu.user + cpu.system) / STORAGE_MESSAGES,
    serverCpuUs: (server * 1e6) / STORAGE_MESSAGES,
    concurrentPerSec: total / concurrentSecs,
  };
}

async function benchStorage() {
  const { SqliteStorage } = await dist('storage/sqlite.js');
  const { PostgresStorage } = await dist('storage/postgres.js');
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-storage-'));
  const schemas = [`sb_bench_${randomBytes(5).toString('hex')}`, `sb_bench_${randomBytes(5).toString('hex')}`];
  try {
    log(`storage: ${STORAGE_MESSAGES} appends one at a time, then ${STORAGE_MESSAGES * 3} with 64 in flight`);
    const sqlite = await storageCost(new SqliteStorage({ path: join(dir, 'bench.db') }), false);
    log(`  SQLite (WAL, synchronous=NORMAL): ${sqlite.latencyUs.toFixed(0)} µs/append, ${sqlite.concurrentPerSec.toFixed(0)} appends/s concurrent`);
    for (const schema of schemas) await pgAdmin(`CREATE SCHEMA ${schema}`);
    const postgres = await storageCost(new PostgresStorage({ url: withSchema(schemas[0]) }), true);
    log(`  PostgreSQL (synchronous_commit=on): ${postgres.latencyUs.toFixed(0)} µs/append, ${postgres.concurrentPerSec.toFixed(0)} appends/s concurrent`);
    // The same durability as SQLite's NORMAL: a crashed relay loses nothing (the commit is on the
    // server), a crashed database server or machine can lose its last few hundred ms of commits.
    const postgresAsync = await storageCost(new PostgresStorage({ url: withSchema(schemas[1], '-c synchronous_commit=off') }), true);
    log(`  PostgreSQL (synchronous_commit=off): ${postgresAsync.latencyUs.toFixed(0)} µs/append, ${postgresAsync.concurrentPerSec.toFixed(0)} appends/s concurrent`);
    return { sqlite, postgres, postgresAsync };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const schema of schemas) await pgAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}

// ---------------------------------------------------------------- 1 vs 3 relays

async function benchCluster(n) {
  const schema = `sb_bench_${randomBytes(5).toString('hex')}`;
  const prefix = `sbbench:${randomBytes(4).toString('hex')}:`;
  await pgAdmin(`CREATE SCHEMA ${schema}`);
  const redisUrl = new URL(REDIS_URL);
  redisUrl.searchParams.set('prefix', prefix);
  const env = {
    PORT: '0', BOT_ENABLED: 'false', LOG_LEVEL: 'error', ADMIN_PASSWORD: 'bench-admin-1', RATE_PER_SEC: '1000', RATE_BURST: '1000', VISITOR_PER_MIN: '100000', IP_PER_MIN: '1000000', IP_CONNECTS_PER_MIN: '100000', DEMO_PAGE: 'false',
    DATABASE_URL: withSchema(schema), REDIS_URL: redisUrl.toString(), SWITCHBOARD_SECRET: randomBytes(24).toString('hex'),
  };
  const cli = join(ROOT, 'packages/relay/dist/cli.js');
  const relays = [];
  try {
    relays.push(await start(cli, ['start'], env)); // migrates and creates the admin
    relays.push(...(await Promise.all(Array.from({ length: n - 1 }, () => start(cli, ['start'], env)))));
    const load = await relayLoad({ urls: relays.map((r) => r.url), sockets: SOCKETS, agents: AGENTS, adminPassword: 'bench-admin-1' });
    log(`${n} relay${n > 1 ? 's' : ''} on PostgreSQL + Redis: ${SOCKETS} visitors, ${AGENTS} agents, round-robin over the relays`);
    const result = await runLoad(load.t, { sockets: SOCKETS, seconds: SECONDS });
    load.close();
    return result;
  } finally {
    await Promise.all(relays.map((r) => stop(r.child)));
    await pgAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

export async function benchClusterSuite() {
  const missing = await reachable();
  if (missing.length) {
    console.log(`\nCluster benchmark skipped: ${missing.join(' and ')} not reachable.`);
    return null;
  }
  const storage = await benchStorage();
  const one = await benchCluster(1);
  const three = await benchCluster(3);

  const cores = availableParallelism();
  console.log(`\nStorage cost per message — ${STORAGE_MESSAGES} appends one at a time, ${STORAGE_MESSAGES * 3} with 64 in flight (${cores} cores, database on this machine)`);
  console.log('| figure | SQLite (WAL, NORMAL) | PostgreSQL (sync commit) | PostgreSQL (synchronous_commit=off) |\n|---|---:|---:|---:|');
  const s = storage;
  const rows = [
    ['append, one at a time (µs per message, wall)', 'latencyUs'],
    ['relay-process CPU per append (µs)', 'relayCpuUs'],
    ['database-server CPU per append (µs)', 'serverCpuUs'],
    ['appends per second, 64 in flight', 'concurrentPerSec'],
  ];
  const fmt = (v) => (Number.isNaN(v) ? 'in process' : v.toFixed(v < 100 ? 1 : 0));
  for (const [name, key] of rows) console.log(`| ${name} | ${fmt(s.sqlite[key])} | ${fmt(s.postgres[key])} | ${fmt(s.postgresAsync[key])} |`);

  console.log(`\n1 vs 3 relays on PostgreSQL + Redis — ${SOCKETS} visitor sockets, ${AGENTS} agents, ${SECONDS} s per phase, open loop ${SOCKETS} msg/s offered, ${cores} cores shared by relays, databases and load`);
  console.log('| figure | 1 relay | 3 relays | 3/1 |\n|---|---:|---:|---:|');
  const cluster = [
    ['closed-loop throughput (msg/s)', one.closed.msgsPerSec, three.closed.msgsPerSec],
    ['open-loop p50 latency (ms)', one.open.p50, three.open.p50],
    ['open-loop p99 latency (ms)', one.open.p99, three.open.p99],
    ['closed-loop p99 latency (ms)', one.closed.p99, three.closed.p99],
  ];
  for (const [name, a, b] of cluster) console.log(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / a).toFixed(2)} |`);
  return { storage, one, three };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchClusterSuite();
