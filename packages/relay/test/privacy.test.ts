/**
 * Visitors' data: an export holds exactly one visitor's data; an erasure leaves none of their
 * words, e-mail or name in any table (read straight from SQLite and from PostgreSQL), keeps the
 * reports' counts, closes their sockets (4006) and turns their token into a new visitor; a
 * retention run on a fixture with timestamps takes only what is old.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Storage } from '../src/storage/types.js';
import { agentSocket, api, cid, createAgent, loginAs, testRelay, visitor, type Client, type TestRelay } from './helpers.js';
import { PG_URL, createSchema, dropSchemas, skipWithout, testSchema, urlWithSchema } from './services.js';

const TABLES = ['visitors', 'conversations', 'messages', 'tickets'];

interface Person {
  client: Client;
  welcome: { token: string; visitorId: string };
  conversationId: string;
}

/** A visitor who gave a name and an e-mail, chatted with the agent, rated, and left a ticket. */
async function chat(relay: TestRelay, agent: Client, name: string, email: string, words: string): Promise<Person> {
  const { client, welcome } = await visitor(relay);
  client.send({ type: 'profile', name, email, attributes: { plan: `${name}-plan` } });
  const m = cid();
  client.send({ type: 'message', id: m, text: words });
  const { conversationId } = await client.type('ack', (f) => f.id === m);
  const h = cid('h');
  client.send({ type: 'handoff', id: h, conversationId });
  await client.type('ack', (f) => f.id === h);
  const claim = cid('k');
  agent.send({ type: 'claim', id: claim, conversationId });
  await agent.type('ack', (f) => f.id === claim);
  const reply = cid('r');
  agent.send({ type: 'message', id: reply, conversationId, text: `Hello ${name}, about ${words}` });
  await agent.type('ack', (f) => f.id === reply);
  const close = cid('x');
  agent.send({ type: 'close', id: close, conversationId });
  await agent.type('ack', (f) => f.id === close);
  const rate = cid('s');
  client.send({ type: 'rating', id: rate, conversationId, score: 4, comment: `${name} liked it` });
  await client.type('ack', (f) => f.id === rate);
  const t = cid('t');
  client.send({ type: 'offline_ticket', id: t, email, name, message: `${name} needs a callback` });
  await client.type('ack', (f) => f.id === t);
  // A second, open conversation with the agent.
  const again = cid();
  client.send({ type: 'message', id: again, text: `${words} (again)` });
  await client.type('ack', (f) => f.id === again);
  return { client, welcome: welcome as Person['welcome'], conversationId };
}

/** Runs the export and erasure story on one relay; `rows` reads every row of a table straight from its database. */
async function exportAndErase(relay: TestRelay, rows: (table: string) => Promise<unknown[]>): Promise<void> {
  const admin = await loginAs(relay);
  const { client: agent } = await agentSocket(relay, admin);
  const alice = await chat(relay, agent, 'Alice Liddell', 'alice@wonder.example', 'my card number is 4111');
  const bob = await chat(relay, agent, 'Bob Builder', 'bob@build.example', 'can we fix it');

  // Only admins (the visitors:export / visitors:erase scopes), never anonymous.
  const helper = await createAgent(relay, admin, { email: `helper-${cid()}@example.com`, name: 'Helper' });
  expect((await api(relay, 'GET', `/api/visitors/${alice.welcome.visitorId}/export`, undefined, helper.token)).status).toBe(403);
  expect((await api(relay, 'POST', `/api/visitors/${alice.welcome.visitorId}/erase`, {}, helper.token)).status).toBe(403);
  expect((await api(relay, 'GET', `/api/visitors/${alice.welcome.visitorId}/export`)).status).toBe(401);
  expect((await api(relay, 'GET', '/api/visitors/v_nobody/export', undefined, admin)).status).toBe(404);

  const exported = await api(relay, 'GET', `/api/visitors/${alice.welcome.visitorId}/export`, undefined, admin);
  expect(exported.status).toBe(200);
  const data = exported.body;
  expect(data.visitor).toMatchObject({ id: alice.welcome.visitorId, name: 'Alice Liddell', email: 'alice@wonder.example', attributes: { plan: 'Alice Liddell-plan' } });
  expect(data.conversations).toHaveLength(2);
  const texts = data.conversations.flatMap((c: { messages: { text: string }[] }) => c.messages.map((m) => m.text));
  expect(texts).toEqual(expect.arrayContaining(['my card number is 4111', 'Hello Alice Liddell, about my card number is 4111', 'my card number is 4111 (again)']));
  expect(data.conversations[0]).toMatchObject({ rating: 4, ratingComment: 'Alice Liddell liked it' });
  expect(data.tickets).toEqual([expect.objectContaining({ email: 'alice@wonder.example', message: 'Alice Liddell needs a callback' })]);
  expect(data.files).toEqual([]);
  const json = JSON.stringify(data);
  for (const other of ['Bob', 'bob@build.example', 'can we fix it', bob.welcome.visitorId, bob.conversationId]) expect(json).not.toContain(other);

  const to = Date.now() + 60_000;
  const reports = async () => (await api(relay, 'GET', `/api/reports?from=${to - 86_400_000}&to=${to}`, undefined, admin)).body.totals;
  const before = await reports();
  expect(before.conversations).toBe(4);

  const erased = await api(relay, 'POST', `/api/visitors/${alice.welcome.visitorId}/erase`, {}, admin);
  expect(erased.status).toBe(200);
  expect(erased.body).toMatchObject({ visitorId: alice.welcome.visitorId, conversations: 2, tickets: 1, files: 0 });
  expect(erased.body.messages).toBeGreaterThanOrEqual(3);
  // Her sockets close at once; her open conversation was closed first (agents saw it).
  expect((await alice.client.waitClosed()).code).toBe(4006);
  await agent.next((f) => f.type === 'conversation' && f.conversation.visitor.id === alice.welcome.visitorId && f.conversation.resolution === 'erased');
  // Consoles hold open tickets from the socket: her ticket comes again, blanked.
  const blanked = await agent.next((f) => f.type === 'ticket' && f.ticket.visitorId === alice.welcome.visitorId);
  expect(blanked.ticket).toMatchObject({ name: null, email: '', message: '' });

  for (const table of TABLES) {
    const dump = JSON.stringify(await rows(table));
    for (const secret of ['Alice', 'alice@wonder.example', 'card number', '4111']) expect(dump, `${table} still holds "${secret}"`).not.toContain(secret);
    if (table === 'messages') expect(dump).toContain('can we fix it');
  }
  // The figures count what they counted: only her open conversation is now closed as well.
  const after = await reports();
  for (const figure of ['conversations', 'handoffs', 'csat', 'firstResponseMs', 'offlineTickets', 'botDeflectionRate']) expect(after[figure], figure).toEqual(before[figure]);
  expect(after.closed).toBe(before.closed + 1);
  const history = await api(relay, 'GET', `/api/conversations/${alice.conversationId}/messages`, undefined, admin);
  expect(history.body.messages.filter((m: { kind: string }) => m.kind !== 'event').every((m: { text: string; erased?: boolean }) => m.text === '' && m.erased === true)).toBe(true);

  // Her token no longer resumes her: a new, empty visitor. The REST history refuses it.
  const again = await visitor(relay, { token: alice.welcome.token });
  expect(again.welcome.visitorId).not.toBe(alice.welcome.visitorId);
  expect(again.welcome.conversation).toBeNull();
  expect((await api(relay, 'GET', `/api/conversations/${alice.conversationId}/messages`, undefined, alice.welcome.token)).status).toBe(401);
  again.client.close();
  bob.client.close();
  agent.close();
}

const relays: TestRelay[] = [];
const schemas: string[] = [];
afterAll(async () => {
  await Promise.all(relays.map((r) => r.stop()));
  await dropSchemas(schemas);
});

describe("visitors' data on SQLite", () => {
  it('exports exactly one visitor, and erasure leaves nothing of them in any table, counts kept', async () => {
    const relay = await testRelay({ botEngine: null });
    relays.push(relay);
    const db = new Database(join(relay.dataDir, 'switchboard.db'), { readonly: true });
    try {
      await exportAndErase(relay, async (table) => db.prepare(`SELECT * FROM ${table}`).all());
    } finally {
      db.close();
    }
  });
});

describe.skipIf(skipWithout('postgres'))("visitors' data on PostgreSQL", () => {
  it('exports exactly one visitor, and erasure leaves nothing of them in any table, counts kept', async () => {
    const schema = testSchema();
    schemas.push(schema);
    await createSchema(schema);
    const relay = await testRelay({ botEngine: null, databaseUrl: urlWithSchema(schema) });
    relays.push(relay);
    const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      await exportAndErase(relay, async (table) => (await client.query(`SELECT * FROM ${table}`)).rows);
    } finally {
      await client.end();
    }
  });
});

describe('retention', () => {
  const DAY = 86_400_000;

  /** Conversations closed 40 and 10 days ago, one still open from 40 days ago, each with a message. */
  async function fixture(storage: Storage): Promise<Record<'old' | 'recent' | 'openOld', string>> {
    const now = Date.now();
    const make = async (name: string, createdAt: number, closedAt: number | null, lastSeenAt: number) => {
      const id = `v_${name}_${cid()}`;
      await storage.visitors.create({ id, siteId: 'default', name, email: `${name}@example.com`, userId: null, verified: false, attributes: {}, page: null, userAgent: null, timezone: null, locale: null, createdAt, lastSeenAt, consentAt: null, erasedAt: null });
      const c = await storage.conversations.create({ id: `c_${name}_${cid()}`, siteId: 'default', visitorId: id, state: 'bot', createdAt });
      await storage.messages.append({ id: `m_${cid()}`, conversationId: c.id, authorKey: `v:${id}`, clientId: null, kind: 'text', author: { kind: 'visitor', id }, text: `${name} wrote this`, createdAt });
      if (closedAt !== null) await storage.conversations.update(c.id, { state: 'closed', closedAt });
      return c.id;
    };
    return {
      old: await make('olga', now - 41 * DAY, now - 40 * DAY, now - 40 * DAY),
      recent: await make('rita', now - 11 * DAY, now - 10 * DAY, now - 10 * DAY),
      openOld: await make('otto', now - 40 * DAY, null, now - 40 * DAY),
    };
  }

  it('anonymises only conversations closed before the retention period, logs and audits the count', async () => {
    const lines: string[] = [];
    const relay = await testRelay({ botEngine: null, retentionDays: 30, logLevel: 'info', logStream: { write: (l: string) => void lines.push(l) } });
    relays.push(relay);
    const ids = await fixture(relay.storage);
    const run = await relay.context.privacy.retention.run();
    expect(run).toMatchObject({ action: 'anonymise', conversations: 1, visitors: 1 });
    const text = async (id: string) => (await relay.storage.messages.list(id, { afterSeq: 0, limit: 5, includeNotes: true }))[0]!.text;
    expect(await text(ids.old)).toBe('');
    expect(await text(ids.recent)).toBe('rita wrote this');
    expect(await text(ids.openOld)).toBe('otto wrote this');
    expect((await relay.storage.conversations.get(ids.old))?.state).toBe('closed');
    expect(lines.some((l) => /retention: anonymised 1 conversations/.test(l))).toBe(true);
    const admin = await loginAs(relay);
    const audit = await api(relay, 'GET', '/api/audit?action=retention.ran', undefined, admin);
    expect(audit.body.entries).toEqual([expect.objectContaining({ actor: { type: 'system', id: null, name: 'relay' }, detail: expect.objectContaining({ conversations: 1 }) })]);
    // A second run finds nothing left to do.
    expect(await relay.context.privacy.retention.run()).toMatchObject({ conversations: 0, tickets: 0, visitors: 0 });
  });

  it('deletes only what is old in delete mode', async () => {
    const relay = await testRelay({ botEngine: null, retentionDays: 30, retentionAction: 'delete' });
    relays.push(relay);
    const ids = await fixture(relay.storage);
    expect(await relay.context.privacy.retention.run()).toMatchObject({ action: 'delete', conversations: 1 });
    expect(await relay.storage.conversations.get(ids.old)).toBeNull();
    expect(await relay.storage.conversations.get(ids.recent)).not.toBeNull();
    expect(await relay.storage.conversations.get(ids.openOld)).not.toBeNull();
  });

  it('does nothing when RETENTION_DAYS is 0', async () => {
    const relay = await testRelay({ botEngine: null });
    relays.push(relay);
    await fixture(relay.storage);
    expect(await relay.context.privacy.retention.run()).toBeNull();
  });
});
