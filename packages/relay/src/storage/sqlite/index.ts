/**
 * The embedded default storage: SQLite through better-sqlite3 in WAL mode. better-sqlite3 is
 * synchronous; each call is a few microseconds, and a commit in WAL mode with synchronous=NORMAL
 * survives a killed process (only an OS crash or power loss can drop the last commits; set
 * `sqliteSync: 'full'` for that). One store per aggregate, all on one connection.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrationsFor } from '../migrations.js';
import type { Storage } from '../types.js';
import { SqliteAgents } from './agents.js';
import { SqliteAudit } from './audit.js';
import { SqliteCanned } from './canned.js';
import { ConversationCache, SqliteConversations } from './conversations.js';
import { SqliteDb } from './db.js';
import { SqliteMessages } from './messages.js';
import { SqlitePrivacy } from './privacy.js';
import { SqliteSettings } from './settings.js';
import { SqliteTickets } from './tickets.js';
import { SqliteTwoFactor } from './two-factor.js';
import { SqliteVisitors } from './visitors.js';

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  path: string;
  sync?: 'normal' | 'full';
}

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  private readonly sql: SqliteDb;
  readonly visitors: SqliteVisitors;
  readonly conversations: SqliteConversations;
  readonly messages: SqliteMessages;
  readonly agents: SqliteAgents;
  readonly tickets: SqliteTickets;
  readonly canned: SqliteCanned;
  readonly settings: SqliteSettings;
  readonly twoFactor: SqliteTwoFactor;
  readonly audit: SqliteAudit;
  readonly privacy: SqlitePrivacy;

  constructor(options: SqliteOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A 64 MB page cache keeps the hot indexes in memory; checkpointing every ~16 MB of WAL
    // instead of every ~4 MB copies hot pages (conversation rows, index roots) fewer times.
    db.pragma('cache_size = -65536');
    db.pragma('wal_autocheckpoint = 4000');
    migrate(db);
    this.sql = new SqliteDb(db);
    const cache = new ConversationCache();
    this.visitors = new SqliteVisitors(this.sql);
    this.conversations = new SqliteConversations(this.sql, cache);
    this.messages = new SqliteMessages(this.sql, cache);
    this.agents = new SqliteAgents(this.sql);
    this.tickets = new SqliteTickets(this.sql);
    this.canned = new SqliteCanned(this.sql);
    this.settings = new SqliteSettings(this.sql);
    this.twoFactor = new SqliteTwoFactor(this.sql);
    this.audit = new SqliteAudit(this.sql);
    this.privacy = new SqlitePrivacy(this.sql, this.visitors, cache, this.messages);
  }

  async init(): Promise<void> {
    // Migrations ran in the constructor: statements cannot be prepared before their tables exist.
  }

  async close(): Promise<void> {
    this.messages.flush();
    if (this.sql.db.open) this.sql.db.close();
  }

  async ping(): Promise<void> {
    this.sql.cached('SELECT 1').get();
  }
}

/** Applies every version after `PRAGMA user_version`, each in its own transaction. */
function migrate(db: Database.Database): void {
  const steps = migrationsFor('sqlite');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < steps.length; version++) {
    db.transaction(() => {
      if (steps[version]) db.exec(steps[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
