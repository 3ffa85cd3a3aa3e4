import pg from 'pg';
import { CANNED_COLUMNS, patchColumns, rowToCanned } from '../rows.js';
import type { CannedPatch, CannedRecord, CannedStore } from '../types.js';
import { setClause, type PgDb } from './db.js';

export class PgCanned implements CannedStore {
  constructor(private readonly db: PgDb) {}

  async list(): Promise<CannedRecord[]> {
    return (await this.db.query('SELECT * FROM canned_responses ORDER BY lower(shortcut)')).map(rowToCanned);
  }

  async get(id: string): Promise<CannedRecord | null> {
    const row = await this.db.one('SELECT * FROM canned_responses WHERE id = $1', [id]);
    return row ? rowToCanned(row) : null;
  }

  async create(c: CannedRecord): Promise<CannedRecord | null> {
    const row = await this.db.one('INSERT INTO canned_responses (id, shortcut, title, text, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id', [
      c.id,
      c.shortcut,
      c.title,
      c.text,
      c.updatedAt,
    ]);
    return row ? c : null;
  }

  async update(id: string, patch: CannedPatch): Promise<CannedRecord | null> {
    const columns = patchColumns(patch, CANNED_COLUMNS);
    if (columns.length === 0) return this.get(id);
    const { sets, params } = setClause(columns, 2);
    try {
      const row = await this.db.one(`UPDATE canned_responses SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...params]);
      return row ? rowToCanned(row) : null;
    } catch (err) {
      // Another response already has this shortcut.
      if (err instanceof pg.DatabaseError && err.code === '23505') return null;
      throw err;
    }
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM canned_responses WHERE id = $1 RETURNING id', [id])).length === 1;
  }
}
