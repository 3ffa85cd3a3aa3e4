import type pg from 'pg';
import { ERASED_META, rowToConversation, rowToMessage, rowToTicket, rowToVisitor, type Row } from '../rows.js';
import type { ErasureCounts, PrivacyStore, VisitorData } from '../types.js';
import type { PgDb } from './db.js';

/** Words gone, shape kept: seq, kind, author kind and time stay for the figures; a visitor author's name goes. */
const TOMBSTONE = `text = '', author_name = CASE WHEN author_kind = 'visitor' THEN NULL ELSE author_name END, meta = '${ERASED_META}'::jsonb`;
const SCRUB_VISITOR = `name = NULL, email = NULL, user_id = NULL, verified = FALSE, attributes = '{}'::jsonb, page = NULL, user_agent = NULL, timezone = NULL, locale = NULL`;
const ANONYMISE = `anonymised_at = $2, rating_comment = NULL, last_message_text = CASE WHEN last_message_text IS NULL THEN NULL ELSE '' END`;

/**
 * Relays running retention at once each lock the rows they take (`FOR UPDATE SKIP LOCKED`) and
 * skip the others', so they split the work and no conversation is counted twice.
 */
export class PgPrivacy implements PrivacyStore {
  constructor(private readonly db: PgDb) {}

  async collect(visitorId: string): Promise<VisitorData | null> {
    const row = await this.db.one('SELECT * FROM visitors WHERE id = $1', [visitorId]);
    if (!row) return null;
    const [conversationRows, messageRows, ticketRows] = await Promise.all([
      this.db.query('SELECT * FROM conversations WHERE visitor_id = $1 ORDER BY created_at, row_no', [visitorId]),
      this.db.query('SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.visitor_id = $1 ORDER BY m.conversation_id, m.seq', [visitorId]),
      this.db.query('SELECT * FROM tickets WHERE visitor_id = $1 ORDER BY created_at', [visitorId]),
    ]);
    const conversations = conversationRows.map(rowToConversation);
    const messages = new Map(conversations.map((c) => [c.id, [] as ReturnType<typeof rowToMessage>[]]));
    for (const m of messageRows) messages.get(String(m.conversation_id))?.push(rowToMessage(m));
    return { visitor: rowToVisitor(row), conversations, messages, tickets: ticketRows.map(rowToTicket) };
  }

  async erase(visitorId: string, at: number): Promise<ErasureCounts | null> {
    return this.db.tx(async (c) => {
      // The lock openFor takes: no conversation of this visitor opens while it is erased.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('sb-visitor:' || $1))`, [visitorId]);
      const scrubbed = await c.query(`UPDATE visitors SET ${SCRUB_VISITOR}, erased_at = $2 WHERE id = $1`, [visitorId, at]);
      if (!scrubbed.rowCount) return null;
      const ids = (await c.query('SELECT id FROM conversations WHERE visitor_id = $1 FOR UPDATE', [visitorId])).rows.map((r: Row) => String(r.id));
      const messages = await c.query(`UPDATE messages SET ${TOMBSTONE} WHERE conversation_id = ANY($1::text[]) AND kind <> 'event'`, [ids]);
      const conversations = await c.query(`UPDATE conversations SET ${ANONYMISE} WHERE id = ANY($1::text[])`, [ids, at]);
      const tickets = await c.query(`UPDATE tickets SET name = NULL, email = '', message = '' WHERE visitor_id = $1`, [visitorId]);
      return { conversations: conversations.rowCount ?? 0, messages: messages.rowCount ?? 0, tickets: tickets.rowCount ?? 0 };
    });
  }

  async deleteClosedBefore(before: number, limit: number): Promise<number> {
    return this.db.tx(async (c) => {
      const ids = await closedBefore(c, before, limit, false);
      await c.query('DELETE FROM messages WHERE conversation_id = ANY($1::text[])', [ids]);
      return (await c.query('DELETE FROM conversations WHERE id = ANY($1::text[])', [ids])).rowCount ?? 0;
    });
  }

  async anonymiseClosedBefore(before: number, at: number, limit: number): Promise<number> {
    return this.db.tx(async (c) => {
      const ids = await closedBefore(c, before, limit, true);
      await c.query(`UPDATE messages SET ${TOMBSTONE} WHERE conversation_id = ANY($1::text[]) AND kind <> 'event'`, [ids]);
      return (await c.query(`UPDATE conversations SET ${ANONYMISE} WHERE id = ANY($1::text[])`, [ids, at])).rowCount ?? 0;
    });
  }

  async retainTickets(before: number, action: 'delete' | 'anonymise', limit: number): Promise<number> {
    const pick = (extra: string) => `SELECT id FROM tickets WHERE created_at < $1${extra} LIMIT $2 FOR UPDATE SKIP LOCKED`;
    const rows =
      action === 'delete'
        ? await this.db.query(`DELETE FROM tickets WHERE id IN (${pick('')}) RETURNING 1`, [before, limit])
        : await this.db.query(`UPDATE tickets SET name = NULL, email = '', message = '' WHERE id IN (${pick(` AND (email <> '' OR message <> '')`)}) RETURNING 1`, [before, limit]);
    return rows.length;
  }

  async retainVisitors(before: number, action: 'delete' | 'anonymise', at: number, limit: number): Promise<number> {
    const rows =
      action === 'delete'
        ? await this.db.query(
            `DELETE FROM visitors WHERE id IN (SELECT v.id FROM visitors v WHERE v.last_seen_at < $1
               AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = v.id)
               AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.visitor_id = v.id) LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING 1`,
            [before, limit],
          )
        : await this.db.query(
            `UPDATE visitors SET ${SCRUB_VISITOR}, erased_at = $3 WHERE id IN (SELECT v.id FROM visitors v WHERE v.last_seen_at < $1 AND v.erased_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = v.id AND (c.state <> 'closed' OR c.closed_at >= $1)) LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING 1`,
            [before, limit, at],
          );
    return rows.length;
  }
}

async function closedBefore(c: pg.PoolClient, before: number, limit: number, fresh: boolean): Promise<string[]> {
  const { rows } = await c.query(
    `SELECT id FROM conversations WHERE state = 'closed' AND closed_at < $1${fresh ? ' AND anonymised_at IS NULL' : ''} ORDER BY closed_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [before, limit],
  );
  return rows.map((r: Row) => String(r.id));
}
