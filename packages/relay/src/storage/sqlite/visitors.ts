import type { Attributes } from '@switchboard/protocol';
import { VISITOR_COLUMNS, patchColumns, rowToVisitor, type Row } from '../rows.js';
import type { VisitorPatch, VisitorRecord, VisitorStore } from '../types.js';
import type { SqliteDb } from './db.js';
import { RowCache } from './row-cache.js';

const encode = (key: keyof VisitorPatch, value: unknown): unknown => (key === 'page' ? (value === null ? null : JSON.stringify(value)) : key === 'verified' ? (value ? 1 : 0) : value);

export class SqliteVisitors implements VisitorStore {
  private readonly cache = RowCache.frozen<VisitorRecord>((v) => {
    Object.freeze(v.attributes);
    if (v.page) Object.freeze(v.page);
    return Object.freeze(v);
  });

  constructor(private readonly sql: SqliteDb) {}

  private remember(row: Row | undefined): VisitorRecord | null {
    if (!row) return null;
    const visitor = rowToVisitor(row);
    return this.cache.remember(visitor.id, visitor);
  }

  async create(v: VisitorRecord): Promise<VisitorRecord> {
    this.sql
      .cached(
        `INSERT INTO visitors (id, site_id, name, email, user_id, verified, attributes, page, user_agent, timezone, locale, created_at, last_seen_at, consent_at, erased_at)
         VALUES (@id, @siteId, @name, @email, @userId, @verified, @attributes, @page, @userAgent, @timezone, @locale, @createdAt, @lastSeenAt, @consentAt, @erasedAt)`,
      )
      .run({ ...v, verified: v.verified ? 1 : 0, attributes: JSON.stringify(v.attributes), page: v.page ? JSON.stringify(v.page) : null });
    return this.cache.remember(v.id, { ...v, attributes: { ...v.attributes }, page: v.page ? { ...v.page } : null });
  }

  async get(id: string): Promise<VisitorRecord | null> {
    return this.cache.get(id) ?? this.remember(this.sql.cached('SELECT * FROM visitors WHERE id = ?').get(id) as Row | undefined);
  }

  async findByUserId(siteId: string, userId: string): Promise<VisitorRecord | null> {
    return this.remember(this.sql.cached('SELECT * FROM visitors WHERE site_id = ? AND user_id = ?').get(siteId, userId) as Row | undefined);
  }

  async update(id: string, patch: VisitorPatch): Promise<VisitorRecord | null> {
    const columns = patchColumns(patch, VISITOR_COLUMNS, encode);
    if (columns.length === 0) return this.get(id);
    const row = this.sql
      .cached(`UPDATE visitors SET ${columns.map(([c]) => `${c} = @${c}`).join(', ')} WHERE id = @__id RETURNING *`)
      .get({ ...Object.fromEntries(columns), __id: id }) as Row | undefined;
    return this.remember(row);
  }

  async mergeAttributes(id: string, attributes: Attributes, maxKeys: number): Promise<'merged' | 'too_many' | 'missing'> {
    // json_patch (RFC 7396) merges key by key inside the one UPDATE: no read-modify-write.
    const patch = JSON.stringify(attributes);
    const merged = this.sql
      .cached(`UPDATE visitors SET attributes = json_patch(attributes, @patch) WHERE id = @id AND (SELECT COUNT(*) FROM json_each(json_patch(attributes, @patch))) <= @max RETURNING *`)
      .get({ id, patch, max: maxKeys }) as Row | undefined;
    if (this.remember(merged)) return 'merged';
    return this.sql.cached('SELECT 1 FROM visitors WHERE id = ?').get(id) ? 'too_many' : 'missing';
  }

  async recordConsent(id: string, at: number): Promise<VisitorRecord | null> {
    return this.remember(this.sql.cached('UPDATE visitors SET consent_at = COALESCE(consent_at, ?) WHERE id = ? RETURNING *').get(at, id) as Row | undefined);
  }

  /** Drops cached rows that a cross-aggregate write (erasure, retention) changed behind this store. */
  forget(id?: string): void {
    this.cache.forget(id);
  }
}
