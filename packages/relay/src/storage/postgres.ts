/**
 * PostgreSQL storage (`DATABASE_URL=postgres://…`), for several relays sharing one database.
 * Consistency comes from the database, not from any relay:
 * - a message's seq is allocated in the transaction that inserts it (the conversation row lock
 *   serialises writers, so seqs stay gap-free and unique with any number of relays);
 * - a repeated (author_key, client_id) hits a unique index; the loser's statement aborts, which
 *   undoes its seq bump, and it returns the stored original;
 * - `transition` is one conditional UPDATE, so exactly one of several racing claims wins.
 * Errors that mean "the database cannot be reached" are rethrown as StorageUnavailableError
 * (code STORAGE_UNAVAILABLE): the relay then does not ack and tells the client to retry.
 */
import pg from 'pg';
import type { Message } from '@switchboard/protocol';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
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
import type {
  AgentPatch,
  AgentRecord,
  AppendResult,
  CannedRecord,
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

export interface PostgresOptions {
  /** postgres://user:pass@host:port/db (may carry `?options=-c search_path=…`). */
  url: string;
  /** Schema to create and use (tests); default: the connection's search_path. */
  schema?: string;
  /** Connections per relay. @default 10 */
  poolSize?: number;
  /** Give up connecting after this long (the error is STORAGE_UNAVAILABLE). @default 3000 */
  connectTimeoutMs?: number;
  /** Give up on a query after this long (a database that stopped answering). @default 15000 */
  queryTimeoutMs?: number;
  /** Where background pool errors go (an idle connection dropped by the server). */
  onError?: (err: Error) => void;
}

/** The database cannot be reached right now; retrying later may succeed. */
export class StorageUnavailableError extends Error {
  readonly code = 'STORAGE_UNAVAILABLE';
  constructor(cause: unknown) {
    super(`PostgreSQL is unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** SQLSTATE classes that mean "not reachable / not accepting", as opposed to a bad query. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300|53400)$/;

/** Socket errors, and the driver's own words for a lost or never-made connection. */
const UNAVAILABLE_SOCKET = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/;
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection error|Client was closed/i;

function isUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  if (err instanceof pg.DatabaseError) return UNAVAILABLE_SQLSTATE.test(err.code ?? '');
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNAVAILABLE_SOCKET.test(code)) return true;
  return err instanceof Error && UNAVAILABLE_MESSAGE.test(err.message);
}

const types = new pg.TypeOverrides();
// BIGINT (timestamps, seqs, counts) as numbers: all fit well within 2^53.
types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export class PostgresStorage implements Storage {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private closed = false;

  constructor(private readonly options: PostgresOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      query_timeout: options.queryTimeoutMs ?? 15_000,
      keepAlive: true,
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // Without a listener an idle connection dropped by the server would crash the process.
    this.pool.on('error', (err) => options.onError?.(err));
  }

  private async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (err) {
      throw isUnavailable(err) && !(err instanceof StorageUnavailableError) ? new StorageUnavailableError(err) : err;
    }
  }

  private async one(sql: string, params: unknown[] = []): Promise<Row | null> {
    return (await this.query(sql, params))[0] ?? null;
  }

  /** Runs `work` in a transaction on one connection; rolls back if it throws. */
  private async tx<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw new StorageUnavailableError(err);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken = isUnavailable(err);
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw broken && !(err instanceof StorageUnavailableError) ? new StorageUnavailableError(err) : err;
    } finally {
      client.release(broken);
    }
  }

  async init(): Promise<void> {
    await this.tx(async (c) => {
      // One relay migrates; the others wait here, then find nothing left to do.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('switchboard-migrations'))`);
      if (this.options.schema) await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.options.schema.replace(/"/g, '""')}"`);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const done = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map((r: Row) => Number(r.version)));
      for (let i = 0; i < POSTGRES_MIGRATIONS.length; i++) {
        if (done.has(i + 1)) continue;
        await c.query(POSTGRES_MIGRATIONS[i]!);
        await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [i + 1, Date.now()]);
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  // ---------------------------------------------------------------- visitors

  async createVisitor(v: VisitorRecord): Promise<VisitorRecord> {
    await this.query(
      `INSERT INTO visitors (id, site_id, name, email, user_id, verified, attributes, page, user_agent, timezone, locale, created_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [v.id, v.siteId, v.name, v.email, v.userId, v.verified, json(v.attributes), json(v.page), v.userAgent, v.timezone, v.locale, v.createdAt, v.lastSeenAt],
    );
    return v;
  }

  async getVisitor(id: string): Promise<VisitorRecord | null> {
    const row = await this.one('SELECT * FROM visitors WHERE id = $1', [id]);
    return row ? rowToVisitor(row) : null;
  }

  async findVisitorByUserId(siteId: string, userId: string): Promise<VisitorRecord | null> {
    const row = await this.one('SELECT * FROM visitors WHERE site_id = $1 AND user_id = $2', [siteId, userId]);
    return row ? rowToVisitor(row) : null;
  }

  async updateVisitor(id: string, patch: VisitorPatch): Promise<VisitorRecord | null> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, value] of Object.entries(patch)) {
      const column = VISITOR_COLUMNS[key as keyof VisitorPatch];
      if (value === undefined || !column) continue;
      params.push(key === 'attributes' || key === 'page' ? json(value) : value);
      sets.push(`${column} = $${params.length}`);
    }
    if (sets.length === 0) return this.getVisitor(id);
    const row = await this.one(`UPDATE visitors SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params);
    return row ? rowToVisitor(row) : null;
  }

  // ---------------------------------------------------------------- conversations

  async createConversation(c: Pick<ConversationRecord, 'id' | 'siteId' | 'visitorId' | 'state' | 'createdAt'>): Promise<ConversationRecord> {
    const row = await this.one('INSERT INTO conversations (id, site_id, visitor_id, state, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
      c.id,
      c.siteId,
      c.visitorId,
      c.state,
      c.createdAt,
    ]);
    return rowToConversation(row!);
  }

  async openConversationFor(c: Pick<ConversationRecord, 'id' | 'siteId' | 'visitorId' | 'state' | 'createdAt'> & ConversationPatch): Promise<{ conversation: ConversationRecord; created: boolean }> {
    return this.tx(async (client) => {
      // Serialises openers of one visitor (e.g. two tabs on two relays) without locking anyone else.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('sb-visitor:' || $1))`, [c.visitorId]);
      const open = await client.query(`SELECT * FROM conversations WHERE visitor_id = $1 AND state <> 'closed' ORDER BY created_at DESC, row_no DESC LIMIT 1`, [c.visitorId]);
      if (open.rows[0]) return { conversation: rowToConversation(open.rows[0] as Row), created: false };
      const { id, siteId, visitorId, state, createdAt, ...patch } = c;
      await client.query('INSERT INTO conversations (id, site_id, visitor_id, state, created_at) VALUES ($1, $2, $3, $4, $5)', [id, siteId, visitorId, state, createdAt]);
      const { sets, params } = patchSql(patch, 2);
      const row = sets.length
        ? (await client.query(`UPDATE conversations SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...params])).rows[0]
        : (await client.query('SELECT * FROM conversations WHERE id = $1', [id])).rows[0];
      return { conversation: rowToConversation(row as Row), created: true };
    });
  }

  async assignWithinCapacity(id: string, agentId: string, maxChats: number, patch: ConversationPatch): Promise<ConversationRecord | null> {
    return this.tx(async (client) => {
      // One assignment per agent at a time across relays, so the count below stays true until commit.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('sb-agent:' || $1))`, [agentId]);
      const { rows } = await client.query(`SELECT COUNT(*)::int AS n FROM conversations WHERE agent_id = $1 AND state = 'assigned'`, [agentId]);
      if (Number((rows[0] as { n: number }).n) >= maxChats) return null;
      const { sets, params } = patchSql({ ...patch, state: 'assigned', agentId }, 2);
      const updated = await client.query(`UPDATE conversations SET ${sets.join(', ')} WHERE id = $1 AND state = 'queued' RETURNING *`, [id, ...params]);
      return updated.rows[0] ? rowToConversation(updated.rows[0] as Row) : null;
    });
  }

  async getConversation(id: string): Promise<ConversationRecord | null> {
    const row = await this.one('SELECT * FROM conversations WHERE id = $1', [id]);
    return row ? rowToConversation(row) : null;
  }

  async latestConversation(visitorId: string): Promise<ConversationRecord | null> {
    const row = await this.one('SELECT * FROM conversations WHERE visitor_id = $1 ORDER BY created_at DESC, row_no DESC LIMIT 1', [visitorId]);
    return row ? rowToConversation(row) : null;
  }

  async listConversations(q: ConversationQuery): Promise<ConversationRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.states && q.states.length > 0) add((p) => `state = ANY(${p}::text[])`, q.states);
    if (q.visitorId) add((p) => `visitor_id = ${p}`, q.visitorId);
    if (q.agentId) add((p) => `agent_id = ${p}`, q.agentId);
    if (q.before !== undefined) add((p) => `created_at < ${p}`, q.before);
    const order = q.order === 'oldest' ? 'ASC' : 'DESC';
    params.push(q.limit);
    const sql = `SELECT * FROM conversations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at ${order}, row_no ${order} LIMIT $${params.length}`;
    return (await this.query(sql, params)).map(rowToConversation);
  }

  async transition(id: string, from: string[], patch: ConversationPatch, expectAgentId?: string | null): Promise<ConversationRecord | null> {
    const { sets, params } = patchSql(patch, 3);
    const where = ['id = $1', 'state = ANY($2::text[])'];
    const all: unknown[] = [id, from, ...params];
    if (expectAgentId === null) where.push('agent_id IS NULL');
    else if (expectAgentId !== undefined) (all.push(expectAgentId), where.push(`agent_id = $${all.length}`));
    const row = await this.one(`UPDATE conversations SET ${sets.length ? sets.join(', ') : 'state = state'} WHERE ${where.join(' AND ')} RETURNING *`, all);
    return row ? rowToConversation(row) : null;
  }

  async updateConversation(id: string, patch: ConversationPatch): Promise<ConversationRecord | null> {
    const { sets, params } = patchSql(patch, 2);
    if (sets.length === 0) return this.getConversation(id);
    const row = await this.one(`UPDATE conversations SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...params]);
    return row ? rowToConversation(row) : null;
  }

  async openChatsByAgent(): Promise<Map<string, number>> {
    const rows = await this.query(`SELECT agent_id, COUNT(*) AS n FROM conversations WHERE state = 'assigned' AND agent_id IS NOT NULL GROUP BY agent_id`);
    return new Map(rows.map((r) => [String(r.agent_id), Number(r.n)]));
  }

  // ---------------------------------------------------------------- messages

  async appendMessage(msg: NewMessage): Promise<AppendResult> {
    const meta: Record<string, unknown> = {};
    if (msg.quickReplies?.length) meta.quickReplies = msg.quickReplies;
    if (msg.suggestions?.length) meta.suggestions = msg.suggestions;
    if (msg.event) meta.event = msg.event;
    if (msg.author.avatarUrl) meta.avatarUrl = msg.author.avatarUrl;
    let seq: number;
    try {
      // One statement, one round trip: see migration 3 (sb_append_message).
      const row = await this.one('SELECT sb_append_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS seq', [
        msg.id,
        msg.conversationId,
        msg.authorKey,
        msg.clientId,
        msg.kind,
        msg.author.kind,
        msg.author.id ?? null,
        msg.author.name ?? null,
        msg.text,
        Object.keys(meta).length ? JSON.stringify(meta) : null,
        msg.createdAt,
      ]);
      seq = Number(row!.seq);
    } catch (err) {
      if (!(err instanceof pg.DatabaseError && err.code === DUPLICATE_CLIENT_ID)) throw err;
      // This (author, client id) was stored first, by this relay or another: return the original.
      const original = await this.findMessageByClientId(msg.authorKey, msg.clientId!);
      if (!original) throw new Error(`message ${msg.authorKey}/${msg.clientId} conflicted but is not stored`);
      return { message: original, duplicate: true };
    }
    const message: Message = { id: msg.id, conversationId: msg.conversationId, seq, kind: msg.kind, author: msg.author, text: msg.text, createdAt: msg.createdAt };
    if (msg.clientId !== null) message.clientId = msg.clientId;
    if (msg.quickReplies?.length) message.quickReplies = msg.quickReplies;
    if (msg.suggestions?.length) message.suggestions = msg.suggestions;
    if (msg.event) message.event = msg.event;
    return { message, duplicate: false };
  }

  async findMessageByClientId(authorKey: string, clientId: string): Promise<Message | null> {
    const row = await this.one('SELECT * FROM messages WHERE author_key = $1 AND client_id = $2', [authorKey, clientId]);
    return row ? rowToMessage(row) : null;
  }

  async listMessages(conversationId: string, o: { afterSeq: number; limit: number; includeNotes: boolean }): Promise<Message[]> {
    const notes = o.includeNotes ? '' : ` AND kind <> 'note'`;
    const rows = await this.query(`SELECT * FROM messages WHERE conversation_id = $1 AND seq > $2${notes} ORDER BY seq LIMIT $3`, [conversationId, o.afterSeq, o.limit]);
    return rows.map(rowToMessage);
  }

  // ---------------------------------------------------------------- agents and sessions

  async createAgent(a: AgentRecord): Promise<AgentRecord> {
    await this.query(
      `INSERT INTO agents (id, email, name, role, password_hash, avatar_url, max_chats, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [a.id, a.email, a.name, a.role, a.passwordHash, a.avatarUrl, a.maxChats, a.active, a.createdAt],
    );
    return a;
  }

  async getAgent(id: string): Promise<AgentRecord | null> {
    const row = await this.one('SELECT * FROM agents WHERE id = $1', [id]);
    return row ? rowToAgent(row) : null;
  }

  async getAgentByEmail(email: string): Promise<AgentRecord | null> {
    const row = await this.one('SELECT * FROM agents WHERE lower(email) = lower($1)', [email]);
    return row ? rowToAgent(row) : null;
  }

  async listAgents(): Promise<AgentRecord[]> {
    return (await this.query('SELECT * FROM agents ORDER BY created_at, id')).map(rowToAgent);
  }

  async updateAgent(id: string, patch: AgentPatch): Promise<AgentRecord | null> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, value] of Object.entries(patch)) {
      const column = AGENT_COLUMNS[key as keyof AgentPatch];
      if (value === undefined || !column) continue;
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    if (sets.length === 0) return this.getAgent(id);
    const row = await this.one(`UPDATE agents SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params);
    return row ? rowToAgent(row) : null;
  }

  async countAgents(): Promise<number> {
    return Number((await this.one('SELECT COUNT(*) AS n FROM agents'))!.n);
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.query('INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [s.tokenHash, s.agentId, s.createdAt, s.expiresAt]);
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const row = await this.one('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]);
    return row ? { tokenHash: String(row.token_hash), agentId: String(row.agent_id), createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteSessionsForAgent(agentId: string): Promise<void> {
    await this.query('DELETE FROM sessions WHERE agent_id = $1', [agentId]);
  }

  // ---------------------------------------------------------------- tickets, figures, settings

  async createTicket(t: TicketRecord): Promise<{ ticket: TicketRecord; duplicate: boolean }> {
    const row = await this.one(
      `INSERT INTO tickets (id, site_id, visitor_id, conversation_id, client_id, name, email, message, created_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (visitor_id, client_id) DO NOTHING RETURNING id`,
      [t.id, t.siteId, t.visitorId, t.conversationId, t.clientId, t.name, t.email, t.message, t.createdAt, t.status],
    );
    if (row) return { ticket: t, duplicate: false };
    const existing = await this.one('SELECT * FROM tickets WHERE visitor_id = $1 AND client_id = $2', [t.visitorId, t.clientId]);
    return { ticket: rowToTicket(existing!), duplicate: true };
  }

  async listTickets(o: { status?: 'open' | 'done'; limit: number }): Promise<TicketRecord[]> {
    const rows = o.status
      ? await this.query('SELECT * FROM tickets WHERE status = $1 ORDER BY created_at DESC LIMIT $2', [o.status, o.limit])
      : await this.query('SELECT * FROM tickets ORDER BY created_at DESC LIMIT $1', [o.limit]);
    return rows.map(rowToTicket);
  }

  async countTickets(from: number, to: number): Promise<number> {
    return Number((await this.one('SELECT COUNT(*) AS n FROM tickets WHERE created_at >= $1 AND created_at < $2', [from, to]))!.n);
  }

  async updateTicket(id: string, patch: { status: 'open' | 'done' }): Promise<TicketRecord | null> {
    const row = await this.one('UPDATE tickets SET status = $1 WHERE id = $2 RETURNING *', [patch.status, id]);
    return row ? rowToTicket(row) : null;
  }

  async ticketsBetween(from: number, to: number): Promise<TicketRecord[]> {
    return (await this.query('SELECT * FROM tickets WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at', [from, to])).map(rowToTicket);
  }

  async searchConversations(q: { text: string; states?: ConversationRecord['state'][]; limit: number }): Promise<ConversationRecord[]> {
    const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const states = q.states && q.states.length > 0 ? q.states : null;
    const sql = `
      SELECT c.* FROM conversations c JOIN visitors v ON v.id = c.visitor_id
      WHERE (v.name ILIKE $1 ESCAPE '\\' OR v.email ILIKE $1 ESCAPE '\\'
             OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.kind <> 'event' AND m.text ILIKE $1 ESCAPE '\\'))
      ${states ? 'AND c.state = ANY($3::text[])' : ''}
      ORDER BY c.created_at DESC, c.row_no DESC LIMIT $2`;
    return (await this.query(sql, states ? [like, q.limit, states] : [like, q.limit])).map(rowToConversation);
  }

  async idleConversations(state: ConversationRecord['state'], before: number, limit: number): Promise<ConversationRecord[]> {
    const sql = 'SELECT * FROM conversations WHERE state = $1 AND COALESCE(last_message_at, created_at) < $2 ORDER BY created_at, row_no LIMIT $3';
    return (await this.query(sql, [state, before, limit])).map(rowToConversation);
  }

  async listCanned(): Promise<CannedRecord[]> {
    return (await this.query('SELECT * FROM canned_responses ORDER BY lower(shortcut)')).map(rowToCanned);
  }

  async getCanned(id: string): Promise<CannedRecord | null> {
    const row = await this.one('SELECT * FROM canned_responses WHERE id = $1', [id]);
    return row ? rowToCanned(row) : null;
  }

  async createCanned(c: CannedRecord): Promise<CannedRecord | null> {
    const row = await this.one('INSERT INTO canned_responses (id, shortcut, title, text, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id', [
      c.id,
      c.shortcut,
      c.title,
      c.text,
      c.updatedAt,
    ]);
    return row ? c : null;
  }

  async updateCanned(id: string, patch: Partial<Omit<CannedRecord, 'id'>>): Promise<CannedRecord | null> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, value] of Object.entries(patch)) {
      const column = CANNED_COLUMNS[key as keyof typeof CANNED_COLUMNS];
      if (value === undefined || !column) continue;
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    if (sets.length === 0) return this.getCanned(id);
    try {
      const row = await this.one(`UPDATE canned_responses SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params);
      return row ? rowToCanned(row) : null;
    } catch (err) {
      // Another response already has this shortcut.
      if (err instanceof pg.DatabaseError && err.code === '23505') return null;
      throw err;
    }
  }

  async deleteCanned(id: string): Promise<boolean> {
    return (await this.query('DELETE FROM canned_responses WHERE id = $1 RETURNING id', [id])).length === 1;
  }

  async conversationsBetween(from: number, to: number): Promise<ConversationRecord[]> {
    return (await this.query('SELECT * FROM conversations WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, row_no', [from, to])).map(rowToConversation);
  }

  async getSetting(key: string): Promise<string | null> {
    const row = await this.one('SELECT value FROM settings WHERE key = $1', [key]);
    return row ? String(row.value) : null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }
}

/** SQLSTATE sb_append_message raises when the (author, client id) is already stored. */
const DUPLICATE_CLIENT_ID = 'SB001';

/** `SET` fragments with positional parameters starting at `$first`. */
function patchSql(patch: ConversationPatch, first: number): { sets: string[]; params: unknown[] } {
  const { params: named } = conversationColumns(patch);
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of Object.entries(named)) {
    params.push(value);
    sets.push(`${column} = $${first + params.length - 1}`);
  }
  return { sets, params };
}



const CANNED_COLUMNS: Record<keyof Omit<CannedRecord, 'id'>, string> = {
  shortcut: 'shortcut',
  title: 'title',
  text: 'text',
  updatedAt: 'updated_at',
};
