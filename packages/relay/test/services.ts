/**
 * The real PostgreSQL and Redis the scale-out tests run against. In CI (`CI=true`) a missing
 * service fails those tests; elsewhere they skip with a message that names the service.
 * Override the addresses with TEST_DATABASE_URL / TEST_REDIS_URL.
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import pg from 'pg';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

async function pgAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** PING over a raw socket, so this check does not depend on the client library under test. */
function redisAnswers(url = REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export const pgUp = await pgAnswers();
export const redisUp = await redisAnswers();

/**
 * True when tests needing these services should skip: only outside CI, and then with a warning
 * naming what is missing. In CI the tests run and fail on the missing service.
 */
export function skipWithout(...needs: ('postgres' | 'redis')[]): boolean {
  const missing = needs.filter((n) => (n === 'postgres' ? !pgUp : !redisUp));
  if (missing.length === 0 || IN_CI) return false;
  for (const m of missing) {
    console.warn(m === 'postgres' ? `PostgreSQL not reachable at ${PG_URL}: skipping` : `Redis not reachable at ${REDIS_URL}: skipping`);
  }
  return true;
}

/** A fresh schema name, so parallel runs never share tables. */
export const testSchema = () => `sb_test_${randomBytes(6).toString('hex')}`;

/** DATABASE_URL that puts every connection in `schema` (created by the relay's migrations). */
export function urlWithSchema(schema: string): string {
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export async function createSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
}

export async function dropSchemas(schemas: string[]): Promise<void> {
  if (schemas.length === 0 || !pgUp) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A key prefix for Redis, so parallel runs never share keys or streams. */
export const testPrefix = () => `sbt:${randomBytes(4).toString('hex')}:`;

/**
 * A private redis-server on a free port, for tests that stop and restart Redis without touching
 * the shared one. No persistence: a restart starts empty, the harshest case.
 */
export async function privateRedis(): Promise<{ url: string; port: number; stop(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if (await redisAnswers(url)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
