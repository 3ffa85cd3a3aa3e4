import pg from 'pg';
import type { Message } from '@switchboard/protocol';
import { messageMeta, rowToMessage, storedMessage } from '../rows.js';
import type { AppendResult, MessageStore, NewMessage } from '../types.js';
import type { PgDb } from './db.js';

/** SQLSTATE sb_append_message raises when the (author, client id) is already stored. */
const DUPLICATE_CLIENT_ID = 'SB001';

/**
 * A conversation's log. A message's seq is allocated in the statement that inserts it (the
 * conversation row lock serialises writers, so seqs stay gap-free and unique with any number of
 * relays); a repeated (author_key, client_id) aborts the loser's statement, undoing its seq bump,
 * and it returns the stored original.
 */
export class PgMessages implements MessageStore {
  constructor(private readonly db: PgDb) {}

  async append(msg: NewMessage): Promise<AppendResult> {
    let seq: number;
    try {
      // One statement, one round trip: see the migration 'append a message in one round trip'.
      const row = await this.db.one('SELECT sb_append_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS seq', [
        msg.id,
        msg.conversationId,
        msg.authorKey,
        msg.clientId,
        msg.kind,
        msg.author.kind,
        msg.author.id ?? null,
        msg.author.name ?? null,
        msg.text,
        messageMeta(msg),
        msg.createdAt,
      ]);
      seq = Number(row!.seq);
    } catch (err) {
      if (!(err instanceof pg.DatabaseError && err.code === DUPLICATE_CLIENT_ID)) throw err;
      // This (author, client id) was stored first, by this relay or another: return the original.
      const original = await this.findByClientId(msg.authorKey, msg.clientId!);
      if (!original) throw new Error(`message ${msg.authorKey}/${msg.clientId} conflicted but is not stored`);
      return { message: original, duplicate: true };
    }
    return { message: storedMessage(msg, seq), duplicate: false };
  }

  async findByClientId(authorKey: string, clientId: string): Promise<Message | null> {
    const row = await this.db.one('SELECT * FROM messages WHERE author_key = $1 AND client_id = $2', [authorKey, clientId]);
    return row ? rowToMessage(row) : null;
  }

  async list(conversationId: string, o: { afterSeq: number; limit: number; includeNotes: boolean }): Promise<Message[]> {
    const notes = o.includeNotes ? '' : ` AND kind <> 'note'`;
    const rows = await this.db.query(`SELECT * FROM messages WHERE conversation_id = $1 AND seq > $2${notes} ORDER BY seq LIMIT $3`, [conversationId, o.afterSeq, o.limit]);
    return rows.map(rowToMessage);
  }
}
