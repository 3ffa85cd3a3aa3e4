import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/storage/migrations.js';
import { PostgresStorage } from '../src/storage/postgres/index.js';
import type { NewMessage, Storage } from '../src/storage/types.js';
import { PG_URL, dropSchemas, skipWithout, testSchema } from './services.js';
import { storageContract } from './storage-contract.js';

const skip = skipWithout('postgres');
const schemas: string[] = [];
const opened: Storage[] = [];
const schemaOf = new WeakMap<Storage, string>();

/** A storage on its own fresh schema (each contract test gets an empty database). */
function open(schema = testSchema()): PostgresStorage {
  if (!schemas.includes(schema)) schemas.push(schema);
  const storage = new PostgresStorage({ url: PG_URL, schema });
  schemaOf.set(storage, schema);
  opened.push(storage);
  return storage;
}

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await dropSchemas(schemas);
});

describe.skipIf(skip)('postgres', () => {
  storageContract('postgres', async () => open(), async (storage) => open(schemaOf.get(storage)));

  /** Two storages on one schema: what two relays see. */
  async function twoRelays(): Promise<[PostgresStorage, PostgresStorage]> {
    const schema = testSchema();
    const a = open(schema);
    const b = open(schema);
    // Both migrate at once: the advisory lock lets one do it and the other find it done.
    await Promise.all([a.init(), b.init()]);
    return [a, b];
  }

  async function conversation(s: Storage): Promise<string> {
    const id = `v_${Math.random().toString(36).slice(2)}`;
    const now = Date.now();
    await s.visitors.create({ id, siteId: 'default', name: null, email: null, userId: null, verified: false, attributes: {}, page: null, userAgent: null, timezone: null, locale: null, createdAt: now, lastSeenAt: now, consentAt: null, erasedAt: null });
    return (await s.conversations.create({ id: `c_${id}`, siteId: 'default', visitorId: id, state: 'queued', createdAt: now })).id;
  }

  let m = 0;
  const message = (conversationId: string, clientId: string | null, authorKey = 'v:x'): NewMessage => ({
    id: `m_${++m}_${Math.random().toString(36).slice(2)}`,
    conversationId,
    authorKey,
    clientId,
    kind: 'text',
    author: { kind: 'visitor' },
    text: `text ${m}`,
    createdAt: Date.now(),
  });

  it('migrates once and records the version', async () => {
    const [a] = await twoRelays();
    await a.init();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const rows = (await client.query(`SELECT version FROM ${schemas.at(-1)}.schema_migrations ORDER BY version`)).rows;
      expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((_, i) => i + 1));
    } finally {
      await client.end();
    }
  });

  it('keeps seqs gap-free and unique with concurrent writers on two pools', async () => {
    const [a, b] = await twoRelays();
    const id = await conversation(a);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).messages.append(message(id, null))));
    const seqs = results.map((r) => r.message.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const stored = await b.messages.list(id, { afterSeq: 0, limit: 500, includeNotes: true });
    expect(stored.map((s) => s.seq)).toEqual(seqs);
    expect((await a.conversations.get(id))!.lastSeq).toBe(200);
  });

  it('lets exactly one of two racing claims win, every time', async () => {
    const [a, b] = await twoRelays();
    for (let round = 0; round < 20; round++) {
      const id = await conversation(a);
      const [x, y] = await Promise.all([
        a.conversations.transition(id, ['queued'], { state: 'assigned', agentId: 'agent-a', assignedAt: 1 }),
        b.conversations.transition(id, ['queued'], { state: 'assigned', agentId: 'agent-b', assignedAt: 1 }),
      ]);
      expect([x, y].filter(Boolean)).toHaveLength(1);
      expect((await a.conversations.get(id))!.agentId).toBe((x ?? y)!.agentId);
    }
  });

  it('stores a client id written through two pools at once only once, without a seq gap', async () => {
    const [a, b] = await twoRelays();
    const id = await conversation(a);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).messages.append({ ...message(id, 'same-client-id'), id: `m_dup_${i}` })));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const original = results.find((r) => !r.duplicate)!.message;
    for (const r of results) expect(r.message).toMatchObject({ id: original.id, seq: 1 });
    expect(await a.messages.list(id, { afterSeq: 0, limit: 10, includeNotes: true })).toHaveLength(1);
    // The losers rolled their seq bump back: the next message is 2.
    expect((await b.messages.append(message(id, null))).message.seq).toBe(2);
  });

  it('reports an unreachable database as STORAGE_UNAVAILABLE', async () => {
    // A port where nothing listens.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const down = new PostgresStorage({ url: `postgres://postgres@127.0.0.1:${port}/test`, connectTimeoutMs: 500 });
    try {
      await expect(down.ping()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      await expect(down.messages.append(message('c_x', 'k'))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      await expect(down.messages.append(message('c_x', null))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    } finally {
      await down.close();
    }
  });

  it('keeps a bad query a plain error (not "unavailable")', async () => {
    const [a] = await twoRelays();
    await expect(a.messages.append(message('no-such-conversation', null))).rejects.toThrow(/does not exist/);
    await expect(a.messages.append(message('no-such-conversation', null))).rejects.not.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });

  it('refuses to change, delete or truncate audit entries, even in SQL (a trigger)', async () => {
    const [a] = await twoRelays();
    await a.audit.append({ at: 1, actor: { type: 'system', id: null, name: 'relay' }, action: 'retention.ran', target: null, detail: { conversations: 3 }, ip: null });
    const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schemaOf.get(a)}` });
    await client.connect();
    try {
      await expect(client.query(`UPDATE audit_log SET action = 'login.succeeded'`)).rejects.toThrow(/append-only/);
      await expect(client.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      await expect(client.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      expect((await client.query('SELECT action FROM audit_log')).rows).toEqual([{ action: 'retention.ran' }]);
    } finally {
      await client.end();
    }
  });

  it('splits a retention run between two relays, counting each conversation once', async () => {
    const [a, b] = await twoRelays();
    const ids = await Promise.all(Array.from({ length: 40 }, () => conversation(a)));
    for (const id of ids) await a.conversations.update(id, { state: 'closed', closedAt: 1000 });
    const [na, nb] = await Promise.all([a.privacy.anonymiseClosedBefore(5000, 1, 15), b.privacy.anonymiseClosedBefore(5000, 1, 15)]);
    expect(na + nb).toBe(30);
    expect((await a.privacy.anonymiseClosedBefore(5000, 1, 100)) + (await b.privacy.anonymiseClosedBefore(5000, 1, 100))).toBe(10);
  });
});
