import type { Attributes } from '@switchboard/protocol';
import { VISITOR_COLUMNS, patchColumns, rowToVisitor } from '../rows.js';
import type { VisitorPatch, VisitorRecord, VisitorStore } from '../types.js';
import { json, setClause, type PgDb } from './db.js';

export class PgVisitors implements VisitorStore {
  constructor(private readonly db: PgDb) {}

  async create(v: VisitorRecord): Promise<VisitorRecord> {
    await this.db.query(
      `INSERT INTO visitors (id, site_id, name, email, user_id, verified, attributes, page, user_agent, timezone, locale, created_at, last_seen_at, consent_at, erased_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [v.id, v.siteId, v.name, v.email, v.userId, v.verified, json(v.attributes), json(v.page), v.userAgent, v.timezone, v.locale, v.createdAt, v.lastSeenAt, v.consentAt, v.erasedAt],
    );
    return v;
  }

  async get(id: string): Promise<VisitorRecord | null> {
    const row = await this.db.one('SELECT * FROM visitors WHERE id = $1', [id]);
    return row ? rowToVisitor(row) : null;
  }

  async findByUserId(siteId: string, userId: string): Promise<VisitorRecord | null> {
    const row = await this.db.one('SELECT * FROM visitors WHERE site_id = $1 AND user_id = $2', [siteId, userId]);
    return row ? rowToVisitor(row) : null;
  }

  async update(id: string, patch: VisitorPatch): Promise<VisitorRecord | null> {
    const columns = patchColumns(patch, VISITOR_COLUMNS, (key, value) => (key === 'page' ? json(value) : value));
    if (columns.length === 0) return this.get(id);
    const { sets, params } = setClause(columns, 2);
    const row = await this.db.one(`UPDATE visitors SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...params]);
    return row ? rowToVisitor(row) : null;
  }

  async mergeAttributes(id: string, attributes: Attributes, maxKeys: number): Promise<'merged' | 'too_many' | 'missing'> {
    // jsonb || merges key by key inside the one UPDATE (the row lock orders concurrent writers).
    const row = await this.db.one(
      `UPDATE visitors SET attributes = attributes || $2::jsonb WHERE id = $1 AND (SELECT COUNT(*) FROM jsonb_object_keys(attributes || $2::jsonb)) <= $3 RETURNING id`,
      [id, JSON.stringify(attributes), maxKeys],
    );
    if (row) return 'merged';
    return (await this.db.one('SELECT 1 AS x FROM visitors WHERE id = $1', [id])) ? 'too_many' : 'missing';
  }

  async recordConsent(id: string, at: number): Promise<VisitorRecord | null> {
    const row = await this.db.one('UPDATE visitors SET consent_at = COALESCE(consent_at, $2) WHERE id = $1 RETURNING *', [id, at]);
    return row ? rowToVisitor(row) : null;
  }
}
