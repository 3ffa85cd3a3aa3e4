/**
 * Databases created by earlier releases still open and upgrade cleanly. The fixtures are dumps of
 * databases the relay made before migrations moved into one list (SQLite at user_version 2,
 * PostgreSQL with versions 1–4 applied), with a visitor, a conversation, messages, an agent and
 * its session, a ticket, a canned response and a setting in them.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/storage/migrations.js';
import { PostgresStorage } from '../src/storage/postgres/index.js';
import { SqliteStorage } from '../src/storage/sqlite/index.js';
import type { Storage } from '../src/storage/types.js';
import { PG_URL, dropSchemas, skipWithout, testSchema } from './services.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** What the old database holds must read back the same, and every store must still work on it. */
async function checkUpgraded(storage: Storage): Promise<void> {
  expect(await storage.visitors.get('v_old1')).toMatchObject({ name: 'Old Visitor', attributes: { plan: 'pro' }, page: { url: 'https://shop.example/' } });
  expect(await storage.conversations.get('c_old1')).toMatchObject({ state: 'assigned', agentId: 'a_old1', lastSeq: 2, lastMessageText: 'an old answer' });
  const messages = await storage.messages.list('c_old1', { afterSeq: 0, limit: 10, includeNotes: true });
  expect(messages.map((m) => [m.seq, m.text])).toEqual([
    [1, 'hello from the old schema'],
    [2, 'an old answer'],
  ]);
  expect(messages[1]!.quickReplies).toEqual(['Yes']);
  expect(await storage.agents.getByEmail('OLD-AGENT@example.com')).toMatchObject({ id: 'a_old1', maxChats: 5 });
  expect(await storage.agents.getSession('old-session-hash')).toMatchObject({ agentId: 'a_old1' });
  expect((await storage.tickets.list({ limit: 10 })).map((t) => t.id)).toEqual(['t_old1']);
  expect(await storage.canned.create({ id: 'k_new', shortcut: 'HELLO', title: 'x', text: 'y', updatedAt: 2 })).toBeNull();
  expect(await storage.settings.get('visitor_token_secret')).toBe('old-secret-old-secret-old-secret-0123');
  // New writes continue the old sequence, and attributes merge on the old column.
  const appended = await storage.messages.append({ id: 'm_new', conversationId: 'c_old1', authorKey: 'a:a_old1', clientId: 'k2', kind: 'text', author: { kind: 'agent', id: 'a_old1' }, text: 'after the upgrade', createdAt: 3000 });
  expect(appended.message.seq).toBe(3);
  expect(await storage.visitors.mergeAttributes('v_old1', { cart: 2 }, 50)).toBe('merged');
  expect((await storage.visitors.get('v_old1'))!.attributes).toEqual({ plan: 'pro', cart: 2 });
}

describe('upgrading a SQLite database made by an earlier release', () => {
  it('opens it, applies the versions since, and keeps every row', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-upgrade-')), 'switchboard.db');
    const old = new Database(path);
    old.exec(fixture('sqlite-v2.sql'));
    expect(old.pragma('user_version', { simple: true })).toBe(2);
    old.close();

    const storage = new SqliteStorage({ path });
    try {
      await storage.init();
      await checkUpgraded(storage);
    } finally {
      await storage.close();
    }
    const reopened = new Database(path);
    expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    reopened.close();
  });
});

describe.skipIf(skipWithout('postgres'))('upgrading a PostgreSQL schema made by an earlier release', () => {
  const schema = testSchema();
  afterAll(() => dropSchemas([schema]));

  it('opens it, applies the versions since, and keeps every row', async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(fixture('postgres-v4.sql').replaceAll('__SCHEMA__', schema));
    } finally {
      await client.end();
    }
    const storage = new PostgresStorage({ url: PG_URL, schema });
    try {
      await storage.init();
      await checkUpgraded(storage);
    } finally {
      await storage.close();
    }
  });
});
