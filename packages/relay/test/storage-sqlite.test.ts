import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '../src/storage/sqlite/index.js';
import { storageContract } from './storage-contract.js';

storageContract('sqlite', async () => new SqliteStorage({ path: ':memory:' }));

describe('sqlite specifics', () => {
  it('uses WAL and migrates a file once, keeping data across reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-sqlite-')), 'db.sqlite');
    const a = new SqliteStorage({ path });
    await a.settings.set('x', '1');
    await a.close();
    const b = new SqliteStorage({ path });
    expect(await b.settings.get('x')).toBe('1');
    await b.close();
  });

  it('refuses to change or delete audit entries, even in SQL (triggers)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-sqlite-')), 'db.sqlite');
    const storage = new SqliteStorage({ path });
    const entry = await storage.audit.append({ at: 1, actor: { type: 'system', id: null, name: 'relay' }, action: 'retention.ran', target: null, detail: { conversations: 3 }, ip: null });
    await storage.close();
    const raw = new Database(path);
    expect(() => raw.prepare(`UPDATE audit_log SET action = 'login.succeeded' WHERE no = ?`).run(Number(entry.id))).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(raw.prepare('SELECT action FROM audit_log').all()).toEqual([{ action: 'retention.ran' }]);
    raw.close();
  });
});
