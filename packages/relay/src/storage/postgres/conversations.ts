import type { ConversationState } from '@switchboard/protocol';
import { CONVERSATION_COLUMNS, patchColumns, rowToConversation, type Row } from '../rows.js';
import type { ConversationPatch, ConversationQuery, ConversationRecord, ConversationStore, NewConversation } from '../types.js';
import { setClause, type PgDb } from './db.js';

/** `SET` fragments for a conversation patch, positional parameters from `$first`. */
const patchSql = (patch: ConversationPatch, first: number) => setClause(patchColumns(patch, CONVERSATION_COLUMNS), first);

export class PgConversations implements ConversationStore {
  constructor(private readonly db: PgDb) {}

  async create(c: NewConversation): Promise<ConversationRecord> {
    const row = await this.db.one('INSERT INTO conversations (id, site_id, visitor_id, state, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
      c.id,
      c.siteId,
      c.visitorId,
      c.state,
      c.createdAt,
    ]);
    return rowToConversation(row!);
  }

  async openFor(c: NewConversation & ConversationPatch): Promise<{ conversation: ConversationRecord; created: boolean }> {
    return this.db.tx(async (client) => {
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
    return this.db.tx(async (client) => {
      // One assignment per agent at a time across relays, so the count below stays true until commit.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('sb-agent:' || $1))`, [agentId]);
      const { rows } = await client.query(`SELECT COUNT(*)::int AS n FROM conversations WHERE agent_id = $1 AND state = 'assigned'`, [agentId]);
      if (Number((rows[0] as { n: number }).n) >= maxChats) return null;
      const { sets, params } = patchSql({ ...patch, state: 'assigned', agentId }, 2);
      const updated = await client.query(`UPDATE conversations SET ${sets.join(', ')} WHERE id = $1 AND state = 'queued' RETURNING *`, [id, ...params]);
      return updated.rows[0] ? rowToConversation(updated.rows[0] as Row) : null;
    });
  }

  async get(id: string): Promise<ConversationRecord | null> {
    const row = await this.db.one('SELECT * FROM conversations WHERE id = $1', [id]);
    return row ? rowToConversation(row) : null;
  }

  async latestOf(visitorId: string): Promise<ConversationRecord | null> {
    const row = await this.db.one('SELECT * FROM conversations WHERE visitor_id = $1 ORDER BY created_at DESC, row_no DESC LIMIT 1', [visitorId]);
    return row ? rowToConversation(row) : null;
  }

  async list(q: ConversationQuery): Promise<ConversationRecord[]> {
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
    return (await this.db.query(sql, params)).map(rowToConversation);
  }

  async transition(id: string, from: ConversationState[], patch: ConversationPatch, expectAgentId?: string | null): Promise<ConversationRecord | null> {
    const { sets, params } = patchSql(patch, 3);
    const where = ['id = $1', 'state = ANY($2::text[])'];
    const all: unknown[] = [id, from, ...params];
    if (expectAgentId === null) where.push('agent_id IS NULL');
    else if (expectAgentId !== undefined) (all.push(expectAgentId), where.push(`agent_id = $${all.length}`));
    const row = await this.db.one(`UPDATE conversations SET ${sets.length ? sets.join(', ') : 'state = state'} WHERE ${where.join(' AND ')} RETURNING *`, all);
    return row ? rowToConversation(row) : null;
  }

  async update(id: string, patch: ConversationPatch): Promise<ConversationRecord | null> {
    const { sets, params } = patchSql(patch, 2);
    if (sets.length === 0) return this.get(id);
    const row = await this.db.one(`UPDATE conversations SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...params]);
    return row ? rowToConversation(row) : null;
  }

  async openChatsByAgent(): Promise<Map<string, number>> {
    const rows = await this.db.query(`SELECT agent_id, COUNT(*) AS n FROM conversations WHERE state = 'assigned' AND agent_id IS NOT NULL GROUP BY agent_id`);
    return new Map(rows.map((r) => [String(r.agent_id), Number(r.n)]));
  }

  async createdBetween(from: number, to: number): Promise<ConversationRecord[]> {
    return (await this.db.query('SELECT * FROM conversations WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, row_no', [from, to])).map(rowToConversation);
  }

  async search(q: { text: string; states?: ConversationState[]; limit: number }): Promise<ConversationRecord[]> {
    const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const states = q.states && q.states.length > 0 ? q.states : null;
    const sql = `
      SELECT c.* FROM conversations c JOIN visitors v ON v.id = c.visitor_id
      WHERE (v.name ILIKE $1 ESCAPE '\\' OR v.email ILIKE $1 ESCAPE '\\'
             OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.kind <> 'event' AND m.text ILIKE $1 ESCAPE '\\'))
      ${states ? 'AND c.state = ANY($3::text[])' : ''}
      ORDER BY c.created_at DESC, c.row_no DESC LIMIT $2`;
    return (await this.db.query(sql, states ? [like, q.limit, states] : [like, q.limit])).map(rowToConversation);
  }

  async idle(state: ConversationState, before: number, limit: number): Promise<ConversationRecord[]> {
    const sql = 'SELECT * FROM conversations WHERE state = $1 AND COALESCE(last_message_at, created_at) < $2 ORDER BY created_at, row_no LIMIT $3';
    return (await this.db.query(sql, [state, before, limit])).map(rowToConversation);
  }
}
