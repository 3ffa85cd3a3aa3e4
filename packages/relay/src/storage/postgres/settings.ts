import type { SettingStore } from '../types.js';
import type { PgDb } from './db.js';

export class PgSettings implements SettingStore {
  constructor(private readonly db: PgDb) {}

  async get(key: string): Promise<string | null> {
    const row = await this.db.one('SELECT value FROM settings WHERE key = $1', [key]);
    return row ? String(row.value) : null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }
}
