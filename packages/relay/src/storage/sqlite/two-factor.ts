import { rowToTotp, type Row } from '../rows.js';
import type { TotpRecord, TwoFactorStore } from '../types.js';
import type { SqliteDb } from './db.js';

export class SqliteTwoFactor implements TwoFactorStore {
  constructor(private readonly sql: SqliteDb) {}

  async get(agentId: string): Promise<TotpRecord | null> {
    const row = this.sql.cached('SELECT * FROM agent_totp WHERE agent_id = ?').get(agentId) as Row | undefined;
    return row ? rowToTotp(row) : null;
  }

  async begin(agentId: string, secret: string): Promise<boolean> {
    const row = this.sql
      .cached(
        `INSERT INTO agent_totp (agent_id, secret, enabled_at, last_step) VALUES (?, ?, NULL, 0)
         ON CONFLICT (agent_id) DO UPDATE SET secret = excluded.secret, last_step = 0 WHERE agent_totp.enabled_at IS NULL RETURNING agent_id`,
      )
      .get(agentId, secret);
    return row !== undefined;
  }

  async enable(agentId: string, step: number, at: number, hashes: string[]): Promise<boolean> {
    return this.sql.transaction(() => {
      const { changes } = this.sql.cached('UPDATE agent_totp SET enabled_at = ?, last_step = ? WHERE agent_id = ? AND enabled_at IS NULL').run(at, step, agentId);
      if (changes === 0) return false;
      this.replace(agentId, hashes);
      return true;
    });
  }

  async useStep(agentId: string, step: number): Promise<boolean> {
    return this.sql.cached('UPDATE agent_totp SET last_step = ? WHERE agent_id = ? AND last_step < ?').run(step, agentId, step).changes === 1;
  }

  async remove(agentId: string): Promise<void> {
    this.sql.transaction(() => {
      this.sql.cached('DELETE FROM recovery_codes WHERE agent_id = ?').run(agentId);
      this.sql.cached('DELETE FROM agent_totp WHERE agent_id = ?').run(agentId);
    });
  }

  async replaceRecoveryCodes(agentId: string, hashes: string[]): Promise<void> {
    this.sql.transaction(() => this.replace(agentId, hashes));
  }

  private replace(agentId: string, hashes: string[]): void {
    this.sql.cached('DELETE FROM recovery_codes WHERE agent_id = ?').run(agentId);
    const insert = this.sql.cached('INSERT INTO recovery_codes (agent_id, code_hash) VALUES (?, ?)');
    for (const hash of hashes) insert.run(agentId, hash);
  }

  async useRecoveryCode(agentId: string, hash: string, at: number): Promise<boolean> {
    return this.sql.cached('UPDATE recovery_codes SET used_at = ? WHERE agent_id = ? AND code_hash = ? AND used_at IS NULL').run(at, agentId, hash).changes === 1;
  }

  async recoveryCodesLeft(agentId: string): Promise<number> {
    return (this.sql.cached('SELECT COUNT(*) AS n FROM recovery_codes WHERE agent_id = ? AND used_at IS NULL').get(agentId) as { n: number }).n;
  }

  async enabledAgentIds(): Promise<string[]> {
    return (this.sql.cached('SELECT agent_id FROM agent_totp WHERE enabled_at IS NOT NULL').all() as { agent_id: string }[]).map((r) => r.agent_id);
  }
}
