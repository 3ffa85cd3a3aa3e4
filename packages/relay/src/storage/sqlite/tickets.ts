import { rowToTicket, type Row } from '../rows.js';
import type { TicketRecord, TicketStore } from '../types.js';
import type { SqliteDb } from './db.js';

export class SqliteTickets implements TicketStore {
  constructor(private readonly sql: SqliteDb) {}

  async create(t: TicketRecord): Promise<{ ticket: TicketRecord; duplicate: boolean }> {
    return this.sql.transaction(() => {
      const existing = this.sql.cached('SELECT * FROM tickets WHERE visitor_id = ? AND client_id = ?').get(t.visitorId, t.clientId) as Row | undefined;
      if (existing) return { ticket: rowToTicket(existing), duplicate: true };
      this.sql
        .cached(
          `INSERT INTO tickets (id, site_id, visitor_id, conversation_id, client_id, name, email, message, created_at, status)
           VALUES (@id, @siteId, @visitorId, @conversationId, @clientId, @name, @email, @message, @createdAt, @status)`,
        )
        .run(t);
      return { ticket: t, duplicate: false };
    });
  }

  async list(o: { status?: 'open' | 'done'; limit: number }): Promise<TicketRecord[]> {
    const rows = o.status
      ? this.sql.cached('SELECT * FROM tickets WHERE status = ? ORDER BY created_at DESC LIMIT ?').all(o.status, o.limit)
      : this.sql.cached('SELECT * FROM tickets ORDER BY created_at DESC LIMIT ?').all(o.limit);
    return (rows as Row[]).map(rowToTicket);
  }

  async count(from: number, to: number): Promise<number> {
    return (this.sql.cached('SELECT COUNT(*) AS n FROM tickets WHERE created_at >= ? AND created_at < ?').get(from, to) as { n: number }).n;
  }

  async update(id: string, patch: { status: 'open' | 'done' }): Promise<TicketRecord | null> {
    const row = this.sql.cached('UPDATE tickets SET status = ? WHERE id = ? RETURNING *').get(patch.status, id) as Row | undefined;
    return row ? rowToTicket(row) : null;
  }

  async createdBetween(from: number, to: number): Promise<TicketRecord[]> {
    return (this.sql.cached('SELECT * FROM tickets WHERE created_at >= ? AND created_at < ? ORDER BY created_at').all(from, to) as Row[]).map(rowToTicket);
  }
}
