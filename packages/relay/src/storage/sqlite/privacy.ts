import { ERASED_META, rowToConversation, rowToMessage, rowToTicket, rowToVisitor, type Row } from '../rows.js';
import type { ErasureCounts, PrivacyStore, VisitorData } from '../types.js';
import type { ConversationCache } from './conversations.js';
import type { SqliteDb } from './db.js';
import type { SqliteMessages } from './messages.js';
import type { SqliteVisitors } from './visitors.js';

/** Words gone, shape kept: seq, kind, author kind and time stay for the figures; a visitor author's name goes. */
const TOMBSTONE = `text = '', author_name = CASE WHEN author_kind = 'visitor' THEN NULL ELSE author_name END, meta = '${ERASED_META}'`;
const SCRUB_VISITOR = `name = NULL, email = NULL, user_id = NULL, verified = 0, attributes = '{}', page = NULL, user_agent = NULL, timezone = NULL, locale = NULL`;
/** A list of ids as one JSON parameter, so each statement's text (and prepared statement) is the same for any count. */
const IDS = '(SELECT value FROM json_each(?))';

export class SqlitePrivacy implements PrivacyStore {
  constructor(
    private readonly sql: SqliteDb,
    private readonly visitors: SqliteVisitors,
    private readonly conversations: ConversationCache,
    private readonly messages: SqliteMessages,
  ) {}

  async collect(visitorId: string): Promise<VisitorData | null> {
    const row = this.sql.cached('SELECT * FROM visitors WHERE id = ?').get(visitorId) as Row | undefined;
    if (!row) return null;
    const conversations = (this.sql.cached('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at, rowid').all(visitorId) as Row[]).map(rowToConversation);
    const list = this.sql.cached('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq');
    const messages = new Map(conversations.map((c) => [c.id, (list.all(c.id) as Row[]).map(rowToMessage)]));
    const tickets = (this.sql.cached('SELECT * FROM tickets WHERE visitor_id = ? ORDER BY created_at').all(visitorId) as Row[]).map(rowToTicket);
    return { visitor: rowToVisitor(row), conversations, messages, tickets };
  }

  async erase(visitorId: string, at: number): Promise<ErasureCounts | null> {
    // Appends waiting for the group commit land first, so none is written after the scrub.
    this.messages.flush();
    const counts = this.sql.transaction((): ErasureCounts | null => {
      if (this.sql.cached(`UPDATE visitors SET ${SCRUB_VISITOR}, erased_at = ? WHERE id = ?`).run(at, visitorId).changes === 0) return null;
      const ids = JSON.stringify((this.sql.cached('SELECT id FROM conversations WHERE visitor_id = ?').all(visitorId) as { id: string }[]).map((r) => r.id));
      const messages = this.sql.cached(`UPDATE messages SET ${TOMBSTONE} WHERE conversation_id IN ${IDS} AND kind != 'event'`).run(ids).changes;
      const conversations = this.anonymise(ids, at);
      const tickets = this.sql.cached(`UPDATE tickets SET name = NULL, email = '', message = '' WHERE visitor_id = ?`).run(visitorId).changes;
      return { conversations, messages, tickets };
    });
    this.visitors.forget(visitorId);
    this.conversations.forget();
    return counts;
  }

  async deleteClosedBefore(before: number, limit: number): Promise<number> {
    this.messages.flush();
    const n = this.sql.transaction(() => {
      const ids = this.closedBefore(before, limit, false);
      this.sql.cached(`DELETE FROM messages WHERE conversation_id IN ${IDS}`).run(ids);
      return this.sql.cached(`DELETE FROM conversations WHERE id IN ${IDS}`).run(ids).changes;
    });
    if (n) this.conversations.forget();
    return n;
  }

  async anonymiseClosedBefore(before: number, at: number, limit: number): Promise<number> {
    this.messages.flush();
    const n = this.sql.transaction(() => {
      const ids = this.closedBefore(before, limit, true);
      this.sql.cached(`UPDATE messages SET ${TOMBSTONE} WHERE conversation_id IN ${IDS} AND kind != 'event'`).run(ids);
      return this.anonymise(ids, at);
    });
    if (n) this.conversations.forget();
    return n;
  }

  async retainTickets(before: number, action: 'delete' | 'anonymise', limit: number): Promise<number> {
    if (action === 'delete') return this.sql.cached('DELETE FROM tickets WHERE id IN (SELECT id FROM tickets WHERE created_at < ? LIMIT ?)').run(before, limit).changes;
    return this.sql
      .cached(`UPDATE tickets SET name = NULL, email = '', message = '' WHERE id IN (SELECT id FROM tickets WHERE created_at < ? AND (email != '' OR message != '') LIMIT ?)`)
      .run(before, limit).changes;
  }

  async retainVisitors(before: number, action: 'delete' | 'anonymise', at: number, limit: number): Promise<number> {
    const n =
      action === 'delete'
        ? this.sql
            .cached(
              `DELETE FROM visitors WHERE id IN (SELECT v.id FROM visitors v WHERE v.last_seen_at < ?
                 AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = v.id)
                 AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.visitor_id = v.id) LIMIT ?)`,
            )
            .run(before, limit).changes
        : this.sql
            .cached(
              `UPDATE visitors SET ${SCRUB_VISITOR}, erased_at = ? WHERE id IN (SELECT v.id FROM visitors v WHERE v.last_seen_at < ? AND v.erased_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = v.id AND (c.state != 'closed' OR c.closed_at >= ?)) LIMIT ?)`,
            )
            .run(at, before, before, limit).changes;
    if (n) this.visitors.forget();
    return n;
  }

  /** Ids (as a JSON array) of conversations closed before `before`, oldest first; with `fresh`, only those not anonymised yet. */
  private closedBefore(before: number, limit: number, fresh: boolean): string {
    const rows = this.sql
      .cached(`SELECT id FROM conversations WHERE state = 'closed' AND closed_at < ?${fresh ? ' AND anonymised_at IS NULL' : ''} ORDER BY closed_at LIMIT ?`)
      .all(before, limit) as { id: string }[];
    return JSON.stringify(rows.map((r) => r.id));
  }

  private anonymise(ids: string, at: number): number {
    return this.sql
      .cached(`UPDATE conversations SET anonymised_at = ?, rating_comment = NULL, last_message_text = CASE WHEN last_message_text IS NULL THEN NULL ELSE '' END WHERE id IN ${IDS}`)
      .run(at, ids).changes;
  }
}
