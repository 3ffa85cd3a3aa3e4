/**
 * Several relay processes (the built CLI) on one PostgreSQL schema and one Redis prefix, both
 * private to this test run, plus a TCP proxy a test can cut to make PostgreSQL unreachable.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Client, spawnRelay, type Frame } from '../helpers.js';
import { PG_URL, REDIS_URL, createSchema, dropSchemas, testPrefix, testSchema, urlWithSchema } from '../services.js';

export interface ClusterRelay {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  output: () => string;
}

export interface Cluster {
  relays: ClusterRelay[];
  schema: string;
  env: Record<string, string>;
  /** Starts one more relay with the cluster's settings. */
  add(extra?: Record<string, string>): Promise<ClusterRelay>;
  stop(): Promise<void>;
}

export async function startCluster(n: number, options: { redisUrl?: string; databaseUrl?: string; env?: Record<string, string> } = {}): Promise<Cluster> {
  const schema = testSchema();
  await createSchema(schema);
  const redis = new URL(options.redisUrl ?? REDIS_URL);
  redis.searchParams.set('prefix', testPrefix());
  const env = {
    DATABASE_URL: options.databaseUrl ?? urlWithSchema(schema),
    REDIS_URL: redis.toString(),
    SWITCHBOARD_SECRET: randomBytes(24).toString('hex'),
    BOT_ENABLED: 'false',
    RATE_PER_SEC: '1000',
    RATE_BURST: '1000',
    // These tests send bursts from one visitor and one IP; the shared limits have their own test.
    VISITOR_PER_MIN: '100000',
    IP_PER_MIN: '1000000',
    IP_CONNECTS_PER_MIN: '100000',
    DEMO_PAGE: 'false',
    LOG_LEVEL: 'error',
    ...options.env,
  };
  const relays: ClusterRelay[] = [];
  const add = async (extra: Record<string, string> = {}) => {
    const relay = await spawnRelay({ ...env, ...extra });
    relays.push(relay);
    return relay;
  };
  try {
    // The first one migrates and creates the admin; the rest start side by side.
    await add();
    await Promise.all(Array.from({ length: n - 1 }, () => add()));
  } catch (err) {
    for (const r of relays) r.child.kill('SIGKILL');
    await dropSchemas([schema]);
    throw err;
  }
  return {
    relays,
    schema,
    env,
    add,
    async stop() {
      await Promise.all(
        relays.map((r) =>
          r.child.exitCode !== null || r.child.signalCode !== null
            ? undefined
            : new Promise((resolve) => {
                r.child.once('exit', resolve);
                r.child.kill('SIGKILL');
              }),
        ),
      );
      await dropSchemas([schema]);
    },
  };
}

export { PG_URL };

/** A visitor socket; `hello` extras such as token and resume. */
export async function visitorOn(relay: { wsUrl: string }, hello: object = {}): Promise<{ client: Client; welcome: Frame }> {
  const client = await Client.open(`${relay.wsUrl}/ws/visitor`, { origin: 'http://localhost:5173' });
  client.send({ type: 'hello', v: 1, ...hello });
  return { client, welcome: await client.type('welcome', undefined, 10_000) };
}

/** A TCP proxy in front of PostgreSQL that a test can cut (connections reset, new ones refused) and restore. */
export async function cuttableProxy(target: { host: string; port: number }): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((inbound) => {
        const outbound = connect(target.port, target.host);
        sockets.add(inbound).add(outbound);
        const drop = () => {
          inbound.destroy();
          outbound.destroy();
          sockets.delete(inbound);
          sockets.delete(outbound);
        };
        inbound.on('error', drop).on('close', drop);
        outbound.on('error', drop).on('close', drop);
        inbound.pipe(outbound).pipe(inbound);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.resetAndDestroy();
    sockets.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}

export function pgTarget(): { host: string; port: number } {
  const url = new URL(PG_URL);
  return { host: url.hostname, port: Number(url.port || 5432) };
}

/** PG_URL rewritten to go through a proxy on `port`, in `schema`. */
export function viaProxy(port: number, schema: string): string {
  const url = new URL(urlWithSchema(schema));
  url.host = `127.0.0.1:${port}`;
  return url.toString();
}
