import { rowToTicket } from '../rows.js';
import type { TicketRecord, TicketStore } from '../types.js';
import type { PgDb } from './db.js';

export class PgTickets implements TicketStore {
  constructor(private readonly db: PgDb) {}

  async create(t: TicketRecord): Promise<{ ticket: TicketRecord; duplicate: boolean }> {
    const row = await this.db.one(
      `INSERT INTO tickets (id, site_id, visitor_id, conversation_id, client_id, name, email, message, created_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (visitor_id, client_id) DO NOTHING RETURNING id`,
      [t.id, t.siteId, t.visitorId, t.conversationId, t.clientId, t.name, t.email, t.message, t.createdAt, t.status],
    );
    if (row) return { ticket: t, duplicate: false };
    const existing = await this.db.one('SELECT * FROM tickets WHERE visitor_id = $1 AND client_id = $2', [t.visitorId, t.clientId]);
    return { ticket: rowToTicket(existing!), duplicate: true };
  }

  async list(o: { status?: 'open' | 'done'; limit: number }): Promise<TicketRecord[]> {
    const rows = o.status
      ? await this.db.query('SELECT * FROM tickets WHERE status = $1 ORDER BY created_at DESC LIMIT $2', [o.status, o.limit])
      : await this.db.query('SELECT * FROM tickets ORDER BY created_at DESC LIMIT $1', [o.limit]);
    return rows.map(rowToTicket);
  }

  async count(from: number, to: number): Promise<number> {
    return Number((await this.db.one('SELECT COUNT(*) AS n FROM tickets WHERE created_at >= $1 AND created_at < $2', [from, to]))!.n);
  }

  async update(id: string, patch: { status: 'open' | 'done' }): Promise<TicketRecord | null> {
    const row = await this.db.one('UPDATE tickets SET status = $1 WHERE id = $2 RETURNING *', [patch.status, id]);
    return row ? rowToTicket(row) : null;
  }

  async createdBetween(from: number, to: number): Promise<TicketRecord[]> {
    return (await this.db.query('SELECT * FROM tickets WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at', [from, to])).map(rowToTicket);
  }
}
