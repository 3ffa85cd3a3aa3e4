import { rowToTotp } from '../rows.js';
import type { TotpRecord, TwoFactorStore } from '../types.js';
import type { PgDb } from './db.js';

export class PgTwoFactor implements TwoFactorStore {
  constructor(private readonly db: PgDb) {}

  async get(agentId: string): Promise<TotpRecord | null> {
    const row = await this.db.one('SELECT * FROM agent_totp WHERE agent_id = $1', [agentId]);
    return row ? rowToTotp(row) : null;
  }

  async begin(agentId: string, secret: string): Promise<boolean> {
    const row = await this.db.one(
      `INSERT INTO agent_totp (agent_id, secret, enabled_at, last_step) VALUES ($1, $2, NULL, 0)
       ON CONFLICT (agent_id) DO UPDATE SET secret = excluded.secret, last_step = 0 WHERE agent_totp.enabled_at IS NULL RETURNING agent_id`,
      [agentId, secret],
    );
    return row !== null;
  }

  async enable(agentId: string, step: number, at: number, hashes: string[]): Promise<boolean> {
    return this.db.tx(async (c) => {
      const { rowCount } = await c.query('UPDATE agent_totp SET enabled_at = $2, last_step = $3 WHERE agent_id = $1 AND enabled_at IS NULL', [agentId, at, step]);
      if (!rowCount) return false;
      await c.query('DELETE FROM recovery_codes WHERE agent_id = $1', [agentId]);
      await c.query('INSERT INTO recovery_codes (agent_id, code_hash) SELECT $1, unnest($2::text[])', [agentId, hashes]);
      return true;
    });
  }

  async useStep(agentId: string, step: number): Promise<boolean> {
    return (await this.db.query('UPDATE agent_totp SET last_step = $2 WHERE agent_id = $1 AND last_step < $2 RETURNING 1', [agentId, step])).length === 1;
  }

  async remove(agentId: string): Promise<void> {
    await this.db.tx(async (c) => {
      await c.query('DELETE FROM recovery_codes WHERE agent_id = $1', [agentId]);
      await c.query('DELETE FROM agent_totp WHERE agent_id = $1', [agentId]);
    });
  }

  async replaceRecoveryCodes(agentId: string, hashes: string[]): Promise<void> {
    await this.db.tx(async (c) => {
      await c.query('DELETE FROM recovery_codes WHERE agent_id = $1', [agentId]);
      await c.query('INSERT INTO recovery_codes (agent_id, code_hash) SELECT $1, unnest($2::text[])', [agentId, hashes]);
    });
  }

  async useRecoveryCode(agentId: string, hash: string, at: number): Promise<boolean> {
    return (await this.db.query('UPDATE recovery_codes SET used_at = $3 WHERE agent_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING 1', [agentId, hash, at])).length === 1;
  }

  async recoveryCodesLeft(agentId: string): Promise<number> {
    return Number((await this.db.one('SELECT COUNT(*) AS n FROM recovery_codes WHERE agent_id = $1 AND used_at IS NULL', [agentId]))!.n);
  }

  async enabledAgentIds(): Promise<string[]> {
    return (await this.db.query('SELECT agent_id FROM agent_totp WHERE enabled_at IS NOT NULL')).map((r) => String(r.agent_id));
  }
}
