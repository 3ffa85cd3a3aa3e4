import type { AuditEntry } from '@switchboard/protocol';
import { rowToAudit } from '../rows.js';
import type { AuditFilter, AuditStore } from '../types.js';
import type { PgDb } from './db.js';

/** Append and read only; a trigger (see migrations.ts) raises on any UPDATE, DELETE or TRUNCATE of the table. */
export class PgAudit implements AuditStore {
  constructor(private readonly db: PgDb) {}

  async append(e: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const row = await this.db.one(
      `INSERT INTO audit_log (at, actor_type, actor_id, actor_name, action, target_type, target_id, detail, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [e.at, e.actor.type, e.actor.id, e.actor.name, e.action, e.target?.type ?? null, e.target?.id ?? null, JSON.stringify(e.detail), e.ip],
    );
    return rowToAudit(row!);
  }

  async list(f: AuditFilter): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.action) add((p) => `action = ${p}`, f.action);
    if (f.actorId) add((p) => `actor_id = ${p}`, f.actorId);
    if (f.targetId) add((p) => `target_id = ${p}`, f.targetId);
    if (f.from !== undefined) add((p) => `at >= ${p}`, f.from);
    if (f.to !== undefined) add((p) => `at < ${p}`, f.to);
    if (f.before !== undefined) add((p) => `no < ${p}`, Number(f.before) || 0);
    params.push(f.limit);
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY no DESC LIMIT $${params.length}`;
    return (await this.db.query(sql, params)).map(rowToAudit);
  }
}
