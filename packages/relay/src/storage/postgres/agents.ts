import { AGENT_COLUMNS, patchColumns, rowToAgent, rowToSession } from '../rows.js';
import type { AgentPatch, AgentRecord, AgentStore, SessionRecord } from '../types.js';
import { setClause, type PgDb } from './db.js';

export class PgAgents implements AgentStore {
  constructor(private readonly db: PgDb) {}

  async create(a: AgentRecord): Promise<AgentRecord> {
    await this.db.query(
      `INSERT INTO agents (id, email, name, role, password_hash, avatar_url, max_chats, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [a.id, a.email, a.name, a.role, a.passwordHash, a.avatarUrl, a.maxChats, a.active, a.createdAt],
    );
    return a;
  }

  async get(id: string): Promise<AgentRecord | null> {
    const row = await this.db.one('SELECT * FROM agents WHERE id = $1', [id]);
    return row ? rowToAgent(row) : null;
  }

  async getByEmail(email: string): Promise<AgentRecord | null> {
    const row = await this.db.one('SELECT * FROM agents WHERE lower(email) = lower($1)', [email]);
    return row ? rowToAgent(row) : null;
  }

  async list(): Promise<AgentRecord[]> {
    return (await this.db.query('SELECT * FROM agents ORDER BY created_at, id')).map(rowToAgent);
  }

  async update(id: string, patch: AgentPatch): Promise<AgentRecord | null> {
    const columns = patchColumns(patch, AGENT_COLUMNS);
    if (columns.length === 0) return this.get(id);
    const { sets, params } = setClause(columns, 2);
    const row = await this.db.one(`UPDATE agents SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...params]);
    return row ? rowToAgent(row) : null;
  }

  async count(): Promise<number> {
    return Number((await this.db.one('SELECT COUNT(*) AS n FROM agents'))!.n);
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.db.query('INSERT INTO sessions (token_hash, id, agent_id, created_at, expires_at, last_seen_at, user_agent, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      s.tokenHash,
      s.id,
      s.agentId,
      s.createdAt,
      s.expiresAt,
      s.lastSeenAt,
      s.userAgent,
      s.ip,
    ]);
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const row = await this.db.one('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]);
    return row ? rowToSession(row) : null;
  }

  async sessionAgent(tokenHash: string): Promise<{ session: SessionRecord; agent: AgentRecord } | null> {
    const row = await this.db.one(
      `SELECT a.*, s.token_hash, s.agent_id, s.created_at AS session_created_at, s.expires_at, s.id AS session_id, s.last_seen_at AS session_last_seen_at, s.user_agent, s.ip
       FROM sessions s JOIN agents a ON a.id = s.agent_id WHERE s.token_hash = $1`,
      [tokenHash],
    );
    return row
      ? { session: rowToSession({ ...row, id: row.session_id, created_at: row.session_created_at, last_seen_at: row.session_last_seen_at }), agent: rowToAgent(row) }
      : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteSessionsOf(agentId: string, except?: string): Promise<number> {
    return (await this.db.query('DELETE FROM sessions WHERE agent_id = $1 AND token_hash IS DISTINCT FROM $2 RETURNING 1', [agentId, except ?? null])).length;
  }

  async listSessions(agentId: string): Promise<SessionRecord[]> {
    return (await this.db.query('SELECT * FROM sessions WHERE agent_id = $1 ORDER BY last_seen_at DESC, created_at DESC', [agentId])).map(rowToSession);
  }

  async touchSession(tokenHash: string, at: number): Promise<void> {
    await this.db.query('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2', [tokenHash, at]);
  }
}
