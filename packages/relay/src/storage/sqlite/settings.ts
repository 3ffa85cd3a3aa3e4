import type { SettingStore } from '../types.js';
import type { SqliteDb } from './db.js';

export class SqliteSettings implements SettingStore {
  constructor(private readonly sql: SqliteDb) {}

  async get(key: string): Promise<string | null> {
    const row = this.sql.cached('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.sql.cached('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
