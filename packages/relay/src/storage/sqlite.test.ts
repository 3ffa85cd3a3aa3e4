import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storageContract } from './contract.js';
import { SqliteStorage } from './sqlite.js';

storageContract('sqlite', async () => new SqliteStorage({ path: ':memory:' }));

describe('sqlite specifics', () => {
  it('uses WAL and migrates a file once, keeping data across reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-sqlite-')), 'db.sqlite');
    const a = new SqliteStorage({ path });
    await a.setSetting('x', '1');
    await a.close();
    const b = new SqliteStorage({ path });
    expect(await b.getSetting('x')).toBe('1');
    await b.close();
  });
});
