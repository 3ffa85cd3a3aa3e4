import { CANNED_COLUMNS, patchColumns, rowToCanned, type Row } from '../rows.js';
import type { CannedPatch, CannedRecord, CannedStore } from '../types.js';
import type { SqliteDb } from './db.js';

export class SqliteCanned implements CannedStore {
  constructor(private readonly sql: SqliteDb) {}

  async list(): Promise<CannedRecord[]> {
    return (this.sql.cached('SELECT * FROM canned_responses ORDER BY shortcut').all() as Row[]).map(rowToCanned);
  }

  async get(id: string): Promise<CannedRecord | null> {
    const row = this.sql.cached('SELECT * FROM canned_responses WHERE id = ?').get(id) as Row | undefined;
    return row ? rowToCanned(row) : null;
  }

  async create(c: CannedRecord): Promise<CannedRecord | null> {
    const result = this.sql
      .cached('INSERT INTO canned_responses (id, shortcut, title, text, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (shortcut) DO NOTHING')
      .run(c.id, c.shortcut, c.title, c.text, c.updatedAt);
    return result.changes === 1 ? c : null;
  }

  async update(id: string, patch: CannedPatch): Promise<CannedRecord | null> {
    const columns = patchColumns(patch, CANNED_COLUMNS);
    if (columns.length === 0) return this.get(id);
    try {
      const row = this.sql
        .cached(`UPDATE canned_responses SET ${columns.map(([c]) => `${c} = @${c}`).join(', ')} WHERE id = @__id RETURNING *`)
        .get({ ...Object.fromEntries(columns), __id: id }) as Row | undefined;
      return row ? rowToCanned(row) : null;
    } catch (err) {
      // Another response already has this shortcut.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
      throw err;
    }
  }

  async delete(id: string): Promise<boolean> {
    return this.sql.cached('DELETE FROM canned_responses WHERE id = ?').run(id).changes === 1;
  }
}
