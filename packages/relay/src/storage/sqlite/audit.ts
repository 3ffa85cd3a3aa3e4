import type { AuditEntry } from '@switchboard/protocol';
import { rowToAudit, type Row } from '../rows.js';
import type { AuditFilter, AuditStore } from '../types.js';
import type { SqliteDb } from './db.js';

/** Append and read only; triggers (see migrations.ts) abort any UPDATE or DELETE of the table. */
export class SqliteAudit implements AuditStore {
  constructor(private readonly sql: SqliteDb) {}

  async append(e: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const row = this.sql
      .cached(
        `INSERT INTO audit_log (at, actor_type, actor_id, actor_name, action, target_type, target_id, detail, ip)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(e.at, e.actor.type, e.actor.id, e.actor.name, e.action, e.target?.type ?? null, e.target?.id ?? null, JSON.stringify(e.detail), e.ip) as Row;
    return rowToAudit(row);
  }

  async list(f: AuditFilter): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => (where.push(sql), params.push(value));
    if (f.action) add('action = ?', f.action);
    if (f.actorId) add('actor_id = ?', f.actorId);
    if (f.targetId) add('target_id = ?', f.targetId);
    if (f.from !== undefined) add('at >= ?', f.from);
    if (f.to !== undefined) add('at < ?', f.to);
    if (f.before !== undefined) add('no < ?', Number(f.before) || 0);
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY no DESC LIMIT ?`;
    return (this.sql.cached(sql).all(...params, f.limit) as Row[]).map(rowToAudit);
  }
}
