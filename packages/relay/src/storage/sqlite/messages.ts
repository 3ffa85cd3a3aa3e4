import type Database from 'better-sqlite3';
import type { Message } from '@switchboard/protocol';
import { messageMeta, rowToMessage, storedMessage, type Row } from '../rows.js';
import type { AppendResult, MessageStore, NewMessage } from '../types.js';
import type { ConversationCache } from './conversations.js';
import type { SqliteDb } from './db.js';

/**
 * A conversation's log, with group commit: appends that arrive in the same event-loop turn share
 * one transaction (each in its own savepoint, so one failing append does not undo the others).
 * Every caller's promise resolves only after the commit, so an ack still means "stored"; a commit
 * costs ~50 µs or more here, and sharing it is what lets the relay keep up with many sockets.
 */
export class SqliteMessages implements MessageStore {
  private readonly stmts: ReturnType<SqliteMessages['prepare']>;
  /** Appends in one transaction, in order. */
  private readonly appendMany: (messages: NewMessage[]) => AppendResult[];
  private pending: { message: NewMessage; resolve: (r: AppendResult) => void; reject: (e: unknown) => void }[] = [];
  private flushScheduled = false;
  private lastFlushAt = 0;
  private lastBatch = 0;

  constructor(
    private readonly sql: SqliteDb,
    private readonly cache: ConversationCache,
  ) {
    this.stmts = this.prepare(sql.db);
    this.appendMany = sql.db.transaction((messages: NewMessage[]) => messages.map((m) => this.appendOne(m)));
  }

  private prepare(db: Database.Database) {
    return {
      bumpSeq: db.prepare('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
      bumpSeqWithText: db.prepare(
        'UPDATE conversations SET last_seq = last_seq + 1, last_message_text = ?, last_message_author = ?, last_message_at = ? WHERE id = ? RETURNING last_seq',
      ),
      byClient: db.prepare('SELECT * FROM messages WHERE author_key = ? AND client_id = ?'),
      insert: db.prepare(
        `INSERT INTO messages (id, conversation_id, seq, author_key, client_id, kind, author_kind, author_id, author_name, text, meta, created_at)
         VALUES (@id, @conversationId, @seq, @authorKey, @clientId, @kind, @authorKind, @authorId, @authorName, @text, @meta, @createdAt)`,
      ),
      list: db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
      listNoNotes: db.prepare(`SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND kind != 'note' ORDER BY seq LIMIT ?`),
    };
  }

  append(message: NewMessage): Promise<AppendResult> {
    if (!this.sql.db.open) return Promise.reject(new Error('storage is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ message, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Commit on the next turn; but when appends are arriving side by side (the last commit
        // carried several, under a millisecond ago), wait a millisecond so more share this one:
        // throughput under load, at a small latency cost then. A lone writer never waits.
        if (this.lastBatch > 1 && performance.now() - this.lastFlushAt < 1) setTimeout(() => this.flush(), 1);
        else setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is pending now (also called on close). */
  flush(): void {
    this.flushScheduled = false;
    this.lastFlushAt = performance.now();
    const batch = this.pending;
    this.pending = [];
    this.lastBatch = batch.length;
    if (batch.length === 0) return;
    let results: AppendResult[];
    try {
      results = this.appendMany(batch.map((item) => item.message));
    } catch {
      // One bad append (say, a conversation that does not exist) must not fail the others:
      // the batch rolled back, so write each on its own. The cache saw the rolled-back seqs.
      this.cache.forget();
      for (const item of batch) {
        try {
          item.resolve(this.appendMany([item.message])[0]!);
        } catch (error) {
          this.cache.forget(item.message.conversationId);
          item.reject(error);
        }
      }
      return;
    }
    batch.forEach((item, i) => item.resolve(results[i]!));
  }

  private appendOne(msg: NewMessage): AppendResult {
    if (msg.clientId !== null) {
      const existing = this.stmts.byClient.get(msg.authorKey, msg.clientId) as Row | undefined;
      if (existing) return { message: rowToMessage(existing), duplicate: true };
    }
    // The inbox preview shows what people wrote, not the relay's own notices.
    const isText = msg.kind === 'text' && msg.author.kind !== 'system';
    const bumped = (
      isText ? this.stmts.bumpSeqWithText.get(msg.text.slice(0, 200), msg.author.kind, msg.createdAt, msg.conversationId) : this.stmts.bumpSeq.get(msg.conversationId)
    ) as { last_seq: number } | undefined;
    if (!bumped) throw new Error(`conversation ${msg.conversationId} does not exist`);
    this.stmts.insert.run({
      id: msg.id,
      conversationId: msg.conversationId,
      seq: bumped.last_seq,
      authorKey: msg.authorKey,
      clientId: msg.clientId,
      kind: msg.kind,
      authorKind: msg.author.kind,
      authorId: msg.author.id ?? null,
      authorName: msg.author.name ?? null,
      text: msg.text,
      meta: messageMeta(msg),
      createdAt: msg.createdAt,
    });
    const cached = this.cache.live(msg.conversationId);
    if (cached) {
      cached.lastSeq = bumped.last_seq;
      if (isText) Object.assign(cached, { lastMessageText: msg.text.slice(0, 200), lastMessageAuthor: msg.author.kind, lastMessageAt: msg.createdAt });
    }
    return { message: storedMessage(msg, bumped.last_seq), duplicate: false };
  }

  async findByClientId(authorKey: string, clientId: string): Promise<Message | null> {
    const row = this.stmts.byClient.get(authorKey, clientId) as Row | undefined;
    return row ? rowToMessage(row) : null;
  }

  async list(conversationId: string, o: { afterSeq: number; limit: number; includeNotes: boolean }): Promise<Message[]> {
    const stmt = o.includeNotes ? this.stmts.list : this.stmts.listNoNotes;
    return (stmt.all(conversationId, o.afterSeq, o.limit) as Row[]).map(rowToMessage);
  }
}
