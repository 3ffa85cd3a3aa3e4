/**
 * PostgreSQL storage (`DATABASE_URL=postgres://…`), for several relays sharing one database.
 * Consistency comes from the database, not from any relay: seqs are allocated where messages are
 * inserted, claims and capacity-checked assignments are single conditional writes, and merged
 * visitor attributes are one `jsonb ||` update. Migrations run at start under an advisory lock,
 * so of several relays starting together exactly one applies each pending version.
 */
import { migrationsFor } from '../migrations.js';
import type { Row } from '../rows.js';
import type { Storage } from '../types.js';
import { PgAgents } from './agents.js';
import { PgAudit } from './audit.js';
import { PgCanned } from './canned.js';
import { PgConversations } from './conversations.js';
import { PgDb } from './db.js';
import { PgMessages } from './messages.js';
import { PgPrivacy } from './privacy.js';
import { PgSettings } from './settings.js';
import { PgTickets } from './tickets.js';
import { PgTwoFactor } from './two-factor.js';
import { PgVisitors } from './visitors.js';

export { StorageUnavailableError } from './db.js';

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

export class PostgresStorage implements Storage {
  readonly kind = 'postgres' as const;
  private readonly db: PgDb;
  private closed = false;
  readonly visitors: PgVisitors;
  readonly conversations: PgConversations;
  readonly messages: PgMessages;
  readonly agents: PgAgents;
  readonly tickets: PgTickets;
  readonly canned: PgCanned;
  readonly settings: PgSettings;
  readonly twoFactor: PgTwoFactor;
  readonly audit: PgAudit;
  readonly privacy: PgPrivacy;

  constructor(private readonly options: PostgresOptions) {
    this.db = new PgDb(options);
    this.visitors = new PgVisitors(this.db);
    this.conversations = new PgConversations(this.db);
    this.messages = new PgMessages(this.db);
    this.agents = new PgAgents(this.db);
    this.tickets = new PgTickets(this.db);
    this.canned = new PgCanned(this.db);
    this.settings = new PgSettings(this.db);
    this.twoFactor = new PgTwoFactor(this.db);
    this.audit = new PgAudit(this.db);
    this.privacy = new PgPrivacy(this.db);
  }

  async init(): Promise<void> {
    const steps = migrationsFor('postgres');
    await this.db.tx(async (c) => {
      // One relay migrates; the others wait here, then find nothing left to do.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('switchboard-migrations'))`);
      if (this.options.schema) await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.options.schema.replace(/"/g, '""')}"`);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const done = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map((r: Row) => Number(r.version)));
      for (const [i, sql] of steps.entries()) {
        if (done.has(i + 1)) continue;
        if (sql) await c.query(sql);
        await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [i + 1, Date.now()]);
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.pool.end();
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
