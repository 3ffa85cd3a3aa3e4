/**
 * The embedded default storage: SQLite through better-sqlite3 in WAL mode. better-sqlite3 is
 * synchronous; each call is a few microseconds, and a commit in WAL mode with synchronous=NORMAL
 * survives a killed process (only an OS crash or power loss can drop the last commits; set
 * `sqliteSync: 'full'` for that).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Message } from '@switchboard/protocol';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import type {
  AgentPatch,
  CannedRecord,
  AgentRecord,
  AppendResult,
  ConversationPatch,
  ConversationQuery,
  ConversationRecord,
  NewMessage,
  SessionRecord,
  Storage,
  TicketRecord,
  VisitorPatch,
  VisitorRecord,
} from './types.js';
import {
  AGENT_COLUMNS,
  VISITOR_COLUMNS,
  conversationColumns,
  rowToAgent,
  rowToCanned,
  rowToConversation,
  rowToMessage,
  rowToTicket,
  rowToVisitor,
  type Row,
} from './rows.js';

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  path: string;
  sync?: 'normal' | 'full';
}

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly stmts: ReturnType<SqliteStorage['prepare']>;

  constructor(options: SqliteOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // A 64 MB page cache keeps the hot indexes in memory; checkpointing every ~16 MB of WAL
    // instead of every ~4 MB copies hot pages (conversation rows, index roots) fewer times.
    this.db.pragma('cache_size = -65536');
    this.db.pragma('wal_autocheckpoint = 4000');
    this.migrate();
    this.stmts = this.prepare();
    this.appendMany = this.db.transaction((messages: NewMessage[]) => messages.map((m) => this.appendOne(m)));
  }

  private readonly statements = new Map<string, Database.Statement>();
  /**
   * Write-through cache of conversation rows: this process is the only writer of its SQLite file
   * (PostgreSQL, with several writers, has no such cache), and the hot path reads the same few
   * conversations for every message.
   */
  private readonly conversations = new Map<string, ConversationRecord>();

  private remember(row: Row | undefined): ConversationRecord | null {
    if (!row) return null;
    const record = rowToConversation(row);
    if (this.conversations.size >= 10_000) this.conversations.delete(this.conversations.keys().next().value!);
    this.conversations.set(record.id, record);
    return { ...record };
  }

  /** Dynamic SQL (built from which fields a patch sets) is prepared once per distinct text. */
  private cached(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (let version = current; version < SQLITE_MIGRATIONS.length; version++) {
      const apply = this.db.transaction(() => {
        this.db.exec(SQLITE_MIGRATIONS[version]!);
        this.db.pragma(`user_version = ${version + 1}`);
      });
      apply();
    }
  }

  private prepare() {
    const db = this.db;
    return {
      insertVisitor: db.prepare(
        `INSERT INTO visitors (id, site_id, name, email, user_id, verified, attributes, page, user_agent, timezone, locale, created_at, last_seen_at)
         VALUES (@id, @siteId, @name, @email, @userId, @verified, @attributes, @page, @userAgent, @timezone, @locale, @createdAt, @lastSeenAt)`,
      ),
      getVisitor: db.prepare('SELECT * FROM visitors WHERE id = ?'),
      visitorByUser: db.prepare('SELECT * FROM visitors WHERE site_id = ? AND user_id = ?'),
      insertConversation: db.prepare(
        `INSERT INTO conversations (id, site_id, visitor_id, state, created_at) VALUES (@id, @siteId, @visitorId, @state, @createdAt)`,
      ),
      getConversation: db.prepare('SELECT * FROM conversations WHERE id = ?'),
      latestConversation: db.prepare('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1'),
      openByAgent: db.prepare(`SELECT agent_id, COUNT(*) AS n FROM conversations WHERE state = 'assigned' AND agent_id IS NOT NULL GROUP BY agent_id`),
      bumpSeq: db.prepare('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
      bumpSeqWithText: db.prepare(
        'UPDATE conversations SET last_seq = last_seq + 1, last_message_text = ?, last_message_author = ?, last_message_at = ? WHERE id = ? RETURNING last_seq',
      ),
      messageByClient: db.prepare('SELECT * FROM messages WHERE author_key = ? AND client_id = ?'),
      insertMessage: db.prepare(
        `INSERT INTO messages (id, conversation_id, seq, author_key, client_id, kind, author_kind, author_id, author_name, text, meta, created_at)
         VALUES (@id, @conversationId, @seq, @authorKey, @clientId, @kind, @authorKind, @authorId, @authorName, @text, @meta, @createdAt)`,
      ),
      listMessages: db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
      listMessagesNoNotes: db.prepare(`SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND kind != 'note' ORDER BY seq LIMIT ?`),
      insertAgent: db.prepare(
        `INSERT INTO agents (id, email, name, role, password_hash, avatar_url, max_chats, active, created_at)
         VALUES (@id, @email, @name, @role, @passwordHash, @avatarUrl, @maxChats, @active, @createdAt)`,
      ),
      getAgent: db.prepare('SELECT * FROM agents WHERE id = ?'),
      agentByEmail: db.prepare('SELECT * FROM agents WHERE email = ?'),
      listAgents: db.prepare('SELECT * FROM agents ORDER BY created_at, id'),
      countAgents: db.prepare('SELECT COUNT(*) AS n FROM agents'),
      insertSession: db.prepare('INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      getSession: db.prepare('SELECT * FROM sessions WHERE token_hash = ?'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      deleteAgentSessions: db.prepare('DELETE FROM sessions WHERE agent_id = ?'),
      ticketByClient: db.prepare('SELECT * FROM tickets WHERE visitor_id = ? AND client_id = ?'),
      insertTicket: db.prepare(
        `INSERT INTO tickets (id, site_id, visitor_id, conversation_id, client_id, name, email, message, created_at, status)
         VALUES (@id, @siteId, @visitorId, @conversationId, @clientId, @name, @email, @message, @createdAt, @status)`,
      ),
      countTickets: db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE created_at >= ? AND created_at < ?'),
      conversationsBetween: db.prepare('SELECT * FROM conversations WHERE created_at >= ? AND created_at < ? ORDER BY created_at'),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  async init(): Promise<void> {
    // Migrations ran in the constructor: the statements cannot be prepared before the tables exist.
  }

  async close(): Promise<void> {
    this.flush();
    if (this.db.open) this.db.close();
  }

  async ping(): Promise<void> {
    this.cached('SELECT 1').get();
  }

  async createVisitor(v: VisitorRecord): Promise<VisitorRecord> {
    this.stmts.insertVisitor.run({
      ...v,
      verified: v.verified ? 1 : 0,
      attributes: JSON.stringify(v.attributes),
      page: v.page ? JSON.stringify(v.page) : null,
    });
    return v;
  }

  async getVisitor(id: string): Promise<VisitorRecord | null> {
    const row = this.stmts.getVisitor.get(id) as Row | undefined;
    return row ? rowToVisitor(row) : null;
  }

  async findVisitorByUserId(siteId: string, userId: string): Promise<VisitorRecord | null> {
    const row = this.stmts.visitorByUser.get(siteId, userId) as Row | undefined;
    return row ? rowToVisitor(row) : null;
  }

  async updateVisitor(id: string, patch: VisitorPatch): Promise<VisitorRecord | null> {
    const columns: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const column = VISITOR_COLUMNS[key as keyof VisitorPatch];
      if (!column) continue;
      columns[column] = key === 'attributes' || key === 'page' ? (value === null ? null : JSON.stringify(value)) : key === 'verified' ? (value ? 1 : 0) : value;
    }
    const keys = Object.keys(columns);
    if (keys.length > 0) {
      this.cached(`UPDATE visitors SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...columns, id });
    }
    return this.getVisitor(id);
  }

  async createConversation(c: Pick<ConversationRecord, 'id' | 'siteId' | 'visitorId' | 'state' | 'createdAt'>): Promise<ConversationRecord> {
    this.stmts.insertConversation.run(c);
    return this.remember(this.stmts.getConversation.get(c.id) as Row)!;
  }

  async openConversationFor(c: Pick<ConversationRecord, 'id' | 'siteId' | 'visitorId' | 'state' | 'createdAt'> & ConversationPatch): Promise<{ conversation: ConversationRecord; created: boolean }> {
    return this.db.transaction(() => {
      const open = this.cached(`SELECT * FROM conversations WHERE visitor_id = ? AND state != 'closed' ORDER BY created_at DESC, rowid DESC LIMIT 1`).get(c.visitorId) as Row | undefined;
      if (open) return { conversation: this.remember(open)!, created: false };
      const { id, siteId, visitorId, state, createdAt, ...patch } = c;
      this.stmts.insertConversation.run({ id, siteId, visitorId, state, createdAt });
      const { sets, params } = conversationColumns(patch);
      if (sets.length) this.cached(`UPDATE conversations SET ${sets.join(', ')} WHERE id = @__id`).run({ ...params, __id: id });
      return { conversation: this.remember(this.stmts.getConversation.get(id) as Row)!, created: true };
    })();
  }

  async assignWithinCapacity(id: string, agentId: string, maxChats: number, patch: ConversationPatch): Promise<ConversationRecord | null> {
    return this.db.transaction(() => {
      const { n } = this.cached(`SELECT COUNT(*) AS n FROM conversations WHERE agent_id = ? AND state = 'assigned'`).get(agentId) as { n: number };
      if (n >= maxChats) return null;
      const { sets, params } = conversationColumns({ ...patch, state: 'assigned', agentId });
      const row = this.cached(`UPDATE conversations SET ${sets.join(', ')} WHERE id = @__id AND state = 'queued' RETURNING *`).get({ ...params, __id: id }) as Row | undefined;
      return this.remember(row);
    })();
  }

  async getConversation(id: string): Promise<ConversationRecord | null> {
    const cached = this.conversations.get(id);
    if (cached) return { ...cached };
    return this.remember(this.stmts.getConversation.get(id) as Row | undefined);
  }

  async latestConversation(visitorId: string): Promise<ConversationRecord | null> {
    return this.remember(this.stmts.latestConversation.get(visitorId) as Row | undefined);
  }

  async listConversations(q: ConversationQuery): Promise<ConversationRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.states && q.states.length > 0) {
      where.push(`state IN (${q.states.map(() => '?').join(', ')})`);
      params.push(...q.states);
    }
    if (q.visitorId) (where.push('visitor_id = ?'), params.push(q.visitorId));
    if (q.agentId) (where.push('agent_id = ?'), params.push(q.agentId));
    if (q.before !== undefined) (where.push('created_at < ?'), params.push(q.before));
    const order = q.order === 'oldest' ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM conversations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at ${order}, rowid ${order} LIMIT ?`;
    return (this.cached(sql).all(...params, q.limit) as Row[]).map(rowToConversation);
  }

  async transition(id: string, from: string[], patch: ConversationPatch, expectAgentId?: string | null): Promise<ConversationRecord | null> {
    const { sets, params } = conversationColumns(patch);
    const where = [`id = @__id`, `state IN (${from.map((_, i) => `@__from${i}`).join(', ')})`];
    const all: Record<string, unknown> = { ...params, __id: id };
    from.forEach((s, i) => (all[`__from${i}`] = s));
    if (expectAgentId !== undefined) {
      if (expectAgentId === null) where.push('agent_id IS NULL');
      else (where.push('agent_id = @__agent'), (all.__agent = expectAgentId));
    }
    const sql = `UPDATE conversations SET ${sets.length ? sets.join(', ') : 'state = state'} WHERE ${where.join(' AND ')} RETURNING *`;
    const row = this.cached(sql).get(all) as Row | undefined;
    return this.remember(row);
  }

  async updateConversation(id: string, patch: ConversationPatch): Promise<ConversationRecord | null> {
    const { sets, params } = conversationColumns(patch);
    if (sets.length === 0) return this.getConversation(id);
    const row = this.cached(`UPDATE conversations SET ${sets.join(', ')} WHERE id = @__id RETURNING *`).get({ ...params, __id: id }) as Row | undefined;
    return this.remember(row);
  }

  async openChatsByAgent(): Promise<Map<string, number>> {
    const rows = this.stmts.openByAgent.all() as { agent_id: string; n: number }[];
    return new Map(rows.map((r) => [r.agent_id, r.n]));
  }

  /**
   * Group commit: appends that arrive in the same event-loop turn share one transaction (each in
   * its own savepoint, so one failing append does not undo the others). Every caller's promise
   * resolves only after the commit, so an ack still means "stored"; a commit costs ~50 µs or
   * more here, and sharing it is what lets the relay keep up with many sockets.
   */
  private pending: { message: NewMessage; resolve: (r: AppendResult) => void; reject: (e: unknown) => void }[] = [];
  private flushScheduled = false;

  private lastFlushAt = 0;
  private lastBatch = 0;

  private flush(): void {
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
      this.conversations.clear();
      for (const item of batch) {
        try {
          item.resolve(this.appendMany([item.message])[0]!);
        } catch (error) {
          this.conversations.delete(item.message.conversationId);
          item.reject(error);
        }
      }
      return;
    }
    batch.forEach((item, i) => item.resolve(results[i]!));
  }

  /** Appends in one transaction, in order (prepared once in the constructor). */
  private readonly appendMany: (messages: NewMessage[]) => AppendResult[];

  private appendOne(msg: NewMessage): AppendResult {
    if (msg.clientId !== null) {
      const existing = this.stmts.messageByClient.get(msg.authorKey, msg.clientId) as Row | undefined;
      if (existing) return { message: rowToMessage(existing), duplicate: true };
    }
    // The inbox preview shows what people wrote, not the relay's own notices.
    const isText = msg.kind === 'text' && msg.author.kind !== 'system';
    const bumped = (
      isText ? this.stmts.bumpSeqWithText.get(msg.text.slice(0, 200), msg.author.kind, msg.createdAt, msg.conversationId) : this.stmts.bumpSeq.get(msg.conversationId)
    ) as { last_seq: number } | undefined;
    if (!bumped) throw new Error(`conversation ${msg.conversationId} does not exist`);
    const meta: Record<string, unknown> = {};
    if (msg.quickReplies?.length) meta.quickReplies = msg.quickReplies;
    if (msg.suggestions?.length) meta.suggestions = msg.suggestions;
    if (msg.event) meta.event = msg.event;
    if (msg.author.avatarUrl) meta.avatarUrl = msg.author.avatarUrl;
    this.stmts.insertMessage.run({
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
      meta: Object.keys(meta).length ? JSON.stringify(meta) : null,
      createdAt: msg.createdAt,
    });
    const cached = this.conversations.get(msg.conversationId);
    if (cached) {
      cached.lastSeq = bumped.last_seq;
      if (isText) Object.assign(cached, { lastMessageText: msg.text.slice(0, 200), lastMessageAuthor: msg.author.kind, lastMessageAt: msg.createdAt });
    }
    const message: Message = {
      id: msg.id,
      conversationId: msg.conversationId,
      seq: bumped.last_seq,
      kind: msg.kind,
      author: msg.author,
      text: msg.text,
      createdAt: msg.createdAt,
    };
    if (msg.clientId !== null) message.clientId = msg.clientId;
    if (msg.quickReplies?.length) message.quickReplies = msg.quickReplies;
    if (msg.suggestions?.length) message.suggestions = msg.suggestions;
    if (msg.event) message.event = msg.event;
    return { message, duplicate: false };
  }

  appendMessage(message: NewMessage): Promise<AppendResult> {
    if (!this.db.open) return Promise.reject(new Error('storage is closed'));
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

  async findMessageByClientId(authorKey: string, clientId: string): Promise<Message | null> {
    const row = this.stmts.messageByClient.get(authorKey, clientId) as Row | undefined;
    return row ? rowToMessage(row) : null;
  }

  async listMessages(conversationId: string, o: { afterSeq: number; limit: number; includeNotes: boolean }): Promise<Message[]> {
    const stmt = o.includeNotes ? this.stmts.listMessages : this.stmts.listMessagesNoNotes;
    return (stmt.all(conversationId, o.afterSeq, o.limit) as Row[]).map(rowToMessage);
  }

  async createAgent(a: AgentRecord): Promise<AgentRecord> {
    this.stmts.insertAgent.run({ ...a, active: a.active ? 1 : 0 });
    return a;
  }

  async getAgent(id: string): Promise<AgentRecord | null> {
    const row = this.stmts.getAgent.get(id) as Row | undefined;
    return row ? rowToAgent(row) : null;
  }

  async getAgentByEmail(email: string): Promise<AgentRecord | null> {
    const row = this.stmts.agentByEmail.get(email) as Row | undefined;
    return row ? rowToAgent(row) : null;
  }

  async listAgents(): Promise<AgentRecord[]> {
    return (this.stmts.listAgents.all() as Row[]).map(rowToAgent);
  }

  async updateAgent(id: string, patch: AgentPatch): Promise<AgentRecord | null> {
    const map = AGENT_COLUMNS;
    const sets: string[] = [];
    const params: Record<string, unknown> = { __id: id };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const column = map[key as keyof AgentPatch];
      sets.push(`${column} = @${column}`);
      params[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
    if (sets.length) this.cached(`UPDATE agents SET ${sets.join(', ')} WHERE id = @__id`).run(params);
    return this.getAgent(id);
  }

  async countAgents(): Promise<number> {
    return (this.stmts.countAgents.get() as { n: number }).n;
  }

  async createSession(s: SessionRecord): Promise<void> {
    this.stmts.insertSession.run(s.tokenHash, s.agentId, s.createdAt, s.expiresAt);
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const row = this.stmts.getSession.get(tokenHash) as Row | undefined;
    return row ? { tokenHash: String(row.token_hash), agentId: String(row.agent_id), createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.stmts.deleteSession.run(tokenHash);
  }

  async deleteSessionsForAgent(agentId: string): Promise<void> {
    this.stmts.deleteAgentSessions.run(agentId);
  }

  async createTicket(t: TicketRecord): Promise<{ ticket: TicketRecord; duplicate: boolean }> {
    return this.db.transaction(() => {
      const existing = this.stmts.ticketByClient.get(t.visitorId, t.clientId) as Row | undefined;
      if (existing) return { ticket: rowToTicket(existing), duplicate: true };
      this.stmts.insertTicket.run(t);
      return { ticket: t, duplicate: false };
    })();
  }

  async listTickets(o: { status?: 'open' | 'done'; limit: number }): Promise<TicketRecord[]> {
    const rows = o.status
      ? this.cached('SELECT * FROM tickets WHERE status = ? ORDER BY created_at DESC LIMIT ?').all(o.status, o.limit)
      : this.cached('SELECT * FROM tickets ORDER BY created_at DESC LIMIT ?').all(o.limit);
    return (rows as Row[]).map(rowToTicket);
  }

  async countTickets(from: number, to: number): Promise<number> {
    return (this.stmts.countTickets.get(from, to) as { n: number }).n;
  }

  async updateTicket(id: string, patch: { status: 'open' | 'done' }): Promise<TicketRecord | null> {
    const row = this.cached('UPDATE tickets SET status = ? WHERE id = ? RETURNING *').get(patch.status, id) as Row | undefined;
    return row ? rowToTicket(row) : null;
  }

  async ticketsBetween(from: number, to: number): Promise<TicketRecord[]> {
    return (this.cached('SELECT * FROM tickets WHERE created_at >= ? AND created_at < ? ORDER BY created_at').all(from, to) as Row[]).map(rowToTicket);
  }

  async searchConversations(q: { text: string; states?: ConversationRecord['state'][]; limit: number }): Promise<ConversationRecord[]> {
    const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const states = q.states && q.states.length > 0 ? q.states : null;
    const sql = `
      SELECT c.* FROM conversations c JOIN visitors v ON v.id = c.visitor_id
      WHERE (v.name LIKE @like ESCAPE '\\' OR v.email LIKE @like ESCAPE '\\'
             OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.kind != 'event' AND m.text LIKE @like ESCAPE '\\'))
      ${states ? `AND c.state IN (${states.map((_, i) => `@s${i}`).join(', ')})` : ''}
      ORDER BY c.created_at DESC LIMIT @limit`;
    const params: Record<string, unknown> = { like, limit: q.limit };
    states?.forEach((s, i) => (params[`s${i}`] = s));
    return (this.cached(sql).all(params) as Row[]).map(rowToConversation);
  }

  async idleConversations(state: ConversationRecord['state'], before: number, limit: number): Promise<ConversationRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM conversations WHERE state = ? AND COALESCE(last_message_at, created_at) < ? ORDER BY created_at LIMIT ?')
      .all(state, before, limit) as Row[];
    return rows.map(rowToConversation);
  }

  async listCanned(): Promise<CannedRecord[]> {
    return (this.cached('SELECT * FROM canned_responses ORDER BY shortcut').all() as Row[]).map(rowToCanned);
  }

  async getCanned(id: string): Promise<CannedRecord | null> {
    const row = this.cached('SELECT * FROM canned_responses WHERE id = ?').get(id) as Row | undefined;
    return row ? rowToCanned(row) : null;
  }

  async createCanned(c: CannedRecord): Promise<CannedRecord | null> {
    const result = this.db
      .prepare('INSERT INTO canned_responses (id, shortcut, title, text, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (shortcut) DO NOTHING')
      .run(c.id, c.shortcut, c.title, c.text, c.updatedAt);
    return result.changes === 1 ? c : null;
  }

  async updateCanned(id: string, patch: Partial<Omit<CannedRecord, 'id'>>): Promise<CannedRecord | null> {
    const current = await this.getCanned(id);
    if (!current) return null;
    const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    try {
      this.cached('UPDATE canned_responses SET shortcut = ?, title = ?, text = ?, updated_at = ? WHERE id = ?').run(next.shortcut, next.title, next.text, next.updatedAt, id);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
      throw err;
    }
    return next;
  }

  async deleteCanned(id: string): Promise<boolean> {
    return this.cached('DELETE FROM canned_responses WHERE id = ?').run(id).changes === 1;
  }

  async conversationsBetween(from: number, to: number): Promise<ConversationRecord[]> {
    return (this.stmts.conversationsBetween.all(from, to) as Row[]).map(rowToConversation);
  }

  async getSetting(key: string): Promise<string | null> {
    const row = this.stmts.getSetting.get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.stmts.setSetting.run(key, value);
  }
}
