import type { ConversationState } from '@switchboard/protocol';
import { conversationColumns, rowToConversation, type Row } from '../rows.js';
import type { ConversationPatch, ConversationQuery, ConversationRecord, ConversationStore, NewConversation } from '../types.js';
import type { SqliteDb } from './db.js';
import { RowCache } from './row-cache.js';

/** Conversation rows by id; appends (messages.ts) keep `lastSeq` and the preview of cached rows current. */
export class ConversationCache {
  private readonly cache = new RowCache<ConversationRecord>((c) => ({ ...c }));

  remember(row: Row | undefined): ConversationRecord | null {
    if (!row) return null;
    const record = rowToConversation(row);
    return this.cache.remember(record.id, record);
  }

  get(id: string): ConversationRecord | null {
    return this.cache.get(id);
  }

  live(id: string): ConversationRecord | undefined {
    return this.cache.live(id);
  }

  forget(id?: string): void {
    this.cache.forget(id);
  }
}

export class SqliteConversations implements ConversationStore {
  constructor(
    private readonly sql: SqliteDb,
    private readonly cache: ConversationCache,
  ) {}

  private byId(id: string): Row | undefined {
    return this.sql.cached('SELECT * FROM conversations WHERE id = ?').get(id) as Row | undefined;
  }

  private insert(c: NewConversation): void {
    this.sql.cached('INSERT INTO conversations (id, site_id, visitor_id, state, created_at) VALUES (@id, @siteId, @visitorId, @state, @createdAt)').run(c);
  }

  async create(c: NewConversation): Promise<ConversationRecord> {
    this.insert({ id: c.id, siteId: c.siteId, visitorId: c.visitorId, state: c.state, createdAt: c.createdAt });
    return this.cache.remember(this.byId(c.id))!;
  }

  async openFor(c: NewConversation & ConversationPatch): Promise<{ conversation: ConversationRecord; created: boolean }> {
    return this.sql.transaction(() => {
      const open = this.sql.cached(`SELECT * FROM conversations WHERE visitor_id = ? AND state != 'closed' ORDER BY created_at DESC, rowid DESC LIMIT 1`).get(c.visitorId) as Row | undefined;
      if (open) return { conversation: this.cache.remember(open)!, created: false };
      const { id, siteId, visitorId, state, createdAt, ...patch } = c;
      this.insert({ id, siteId, visitorId, state, createdAt });
      const { sets, params } = conversationColumns(patch);
      if (sets.length) this.sql.cached(`UPDATE conversations SET ${sets.join(', ')} WHERE id = @__id`).run({ ...params, __id: id });
      return { conversation: this.cache.remember(this.byId(id))!, created: true };
    });
  }

  async assignWithinCapacity(id: string, agentId: string, maxChats: number, patch: ConversationPatch): Promise<ConversationRecord | null> {
    return this.sql.transaction(() => {
      const { n } = this.sql.cached(`SELECT COUNT(*) AS n FROM conversations WHERE agent_id = ? AND state = 'assigned'`).get(agentId) as { n: number };
      if (n >= maxChats) return null;
      const { sets, params } = conversationColumns({ ...patch, state: 'assigned', agentId });
      const row = this.sql.cached(`UPDATE conversations SET ${sets.join(', ')} WHERE id = @__id AND state = 'queued' RETURNING *`).get({ ...params, __id: id }) as Row | undefined;
      return this.cache.remember(row);
    });
  }

  async get(id: string): Promise<ConversationRecord | null> {
    return this.cache.get(id) ?? this.cache.remember(this.byId(id));
  }

  async latestOf(visitorId: string): Promise<ConversationRecord | null> {
    return this.cache.remember(this.sql.cached('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(visitorId) as Row | undefined);
  }

  async list(q: ConversationQuery): Promise<ConversationRecord[]> {
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
    return (this.sql.cached(sql).all(...params, q.limit) as Row[]).map(rowToConversation);
  }

  async transition(id: string, from: ConversationState[], patch: ConversationPatch, expectAgentId?: string | null): Promise<ConversationRecord | null> {
    const { sets, params } = conversationColumns(patch);
    const where = [`id = @__id`, `state IN (${from.map((_, i) => `@__from${i}`).join(', ')})`];
    const all: Record<string, unknown> = { ...params, __id: id };
    from.forEach((s, i) => (all[`__from${i}`] = s));
    if (expectAgentId !== undefined) {
      if (expectAgentId === null) where.push('agent_id IS NULL');
      else (where.push('agent_id = @__agent'), (all.__agent = expectAgentId));
    }
    const sql = `UPDATE conversations SET ${sets.length ? sets.join(', ') : 'state = state'} WHERE ${where.join(' AND ')} RETURNING *`;
    return this.cache.remember(this.sql.cached(sql).get(all) as Row | undefined);
  }

  async update(id: string, patch: ConversationPatch): Promise<ConversationRecord | null> {
    const { sets, params } = conversationColumns(patch);
    if (sets.length === 0) return this.get(id);
    return this.cache.remember(this.sql.cached(`UPDATE conversations SET ${sets.join(', ')} WHERE id = @__id RETURNING *`).get({ ...params, __id: id }) as Row | undefined);
  }

  async openChatsByAgent(): Promise<Map<string, number>> {
    const rows = this.sql.cached(`SELECT agent_id, COUNT(*) AS n FROM conversations WHERE state = 'assigned' AND agent_id IS NOT NULL GROUP BY agent_id`).all() as { agent_id: string; n: number }[];
    return new Map(rows.map((r) => [r.agent_id, r.n]));
  }

  async createdBetween(from: number, to: number): Promise<ConversationRecord[]> {
    return (this.sql.cached('SELECT * FROM conversations WHERE created_at >= ? AND created_at < ? ORDER BY created_at').all(from, to) as Row[]).map(rowToConversation);
  }

  async search(q: { text: string; states?: ConversationState[]; limit: number }): Promise<ConversationRecord[]> {
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
    return (this.sql.cached(sql).all(params) as Row[]).map(rowToConversation);
  }

  async idle(state: ConversationState, before: number, limit: number): Promise<ConversationRecord[]> {
    const rows = this.sql
      .cached('SELECT * FROM conversations WHERE state = ? AND COALESCE(last_message_at, created_at) < ? ORDER BY created_at LIMIT ?')
      .all(state, before, limit) as Row[];
    return rows.map(rowToConversation);
  }
}
