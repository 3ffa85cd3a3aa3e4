import { AGENT_COLUMNS, patchColumns, rowToAgent, rowToSession, type Row } from '../rows.js';
import type { AgentPatch, AgentRecord, AgentStore, SessionRecord } from '../types.js';
import type { SqliteDb } from './db.js';
import { RowCache } from './row-cache.js';

export class SqliteAgents implements AgentStore {
  private readonly agents = RowCache.frozen<AgentRecord>();
  private readonly sessions = RowCache.frozen<SessionRecord>();

  constructor(private readonly sql: SqliteDb) {}

  private remember(row: Row | undefined): AgentRecord | null {
    if (!row) return null;
    const agent = rowToAgent(row);
    return this.agents.remember(agent.id, agent);
  }

  async create(a: AgentRecord): Promise<AgentRecord> {
    this.sql
      .cached(
        `INSERT INTO agents (id, email, name, role, password_hash, avatar_url, max_chats, active, created_at)
         VALUES (@id, @email, @name, @role, @passwordHash, @avatarUrl, @maxChats, @active, @createdAt)`,
      )
      .run({ ...a, active: a.active ? 1 : 0 });
    return this.agents.remember(a.id, { ...a });
  }

  async get(id: string): Promise<AgentRecord | null> {
    return this.agents.get(id) ?? this.remember(this.sql.cached('SELECT * FROM agents WHERE id = ?').get(id) as Row | undefined);
  }

  async getByEmail(email: string): Promise<AgentRecord | null> {
    const row = this.sql.cached('SELECT * FROM agents WHERE email = ?').get(email) as Row | undefined;
    return row ? rowToAgent(row) : null;
  }

  async list(): Promise<AgentRecord[]> {
    return (this.sql.cached('SELECT * FROM agents ORDER BY created_at, id').all() as Row[]).map(rowToAgent);
  }

  async update(id: string, patch: AgentPatch): Promise<AgentRecord | null> {
    const columns = patchColumns(patch, AGENT_COLUMNS, (_k, v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
    if (columns.length === 0) return this.get(id);
    const row = this.sql
      .cached(`UPDATE agents SET ${columns.map(([c]) => `${c} = @${c}`).join(', ')} WHERE id = @__id RETURNING *`)
      .get({ ...Object.fromEntries(columns), __id: id }) as Row | undefined;
    return this.remember(row);
  }

  async count(): Promise<number> {
    return (this.sql.cached('SELECT COUNT(*) AS n FROM agents').get() as { n: number }).n;
  }

  async createSession(s: SessionRecord): Promise<void> {
    this.sql
      .cached(
        `INSERT INTO sessions (token_hash, id, agent_id, created_at, expires_at, last_seen_at, user_agent, ip)
         VALUES (@tokenHash, @id, @agentId, @createdAt, @expiresAt, @lastSeenAt, @userAgent, @ip)`,
      )
      .run(s);
    this.sessions.remember(s.tokenHash, { ...s });
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const cached = this.sessions.get(tokenHash);
    if (cached) return cached;
    const row = this.sql.cached('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return row ? this.sessions.remember(tokenHash, rowToSession(row)) : null;
  }

  async sessionAgent(tokenHash: string): Promise<{ session: SessionRecord; agent: AgentRecord } | null> {
    const session = await this.getSession(tokenHash);
    const agent = session ? await this.get(session.agentId) : null;
    return session && agent ? { session, agent } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sql.cached('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    this.sessions.forget(tokenHash);
  }

  async deleteSessionsOf(agentId: string, except?: string): Promise<number> {
    const { changes } = this.sql.cached('DELETE FROM sessions WHERE agent_id = ? AND token_hash IS NOT ?').run(agentId, except ?? null);
    this.sessions.forgetWhere((s) => s.agentId === agentId && s.tokenHash !== except);
    return changes;
  }

  async listSessions(agentId: string): Promise<SessionRecord[]> {
    return (this.sql.cached('SELECT * FROM sessions WHERE agent_id = ? ORDER BY last_seen_at DESC, created_at DESC').all(agentId) as Row[]).map(rowToSession);
  }

  async touchSession(tokenHash: string, at: number): Promise<void> {
    const row = this.sql.cached('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ? RETURNING *').get(at, tokenHash, at) as Row | undefined;
    if (row) this.sessions.remember(tokenHash, rowToSession(row));
  }
}
