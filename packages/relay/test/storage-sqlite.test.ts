import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
