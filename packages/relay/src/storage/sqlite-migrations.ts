/**
 * Versioned SQLite migrations. Append only: a released migration is never edited, because a
 * database that already ran it would never see the change. `PRAGMA user_version` records the
 * last one applied.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: the initial schema
  `
  CREATE TABLE visitors (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    name TEXT, email TEXT, user_id TEXT,
    verified INTEGER NOT NULL DEFAULT 0,
    attributes TEXT NOT NULL DEFAULT '{}',
    page TEXT, user_agent TEXT, timezone TEXT, locale TEXT,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX visitors_user ON visitors (site_id, user_id) WHERE user_id IS NOT NULL;

  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL REFERENCES visitors (id),
    state TEXT NOT NULL,
    agent_id TEXT,
    handoff_reason TEXT,
    last_seq INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    queued_at INTEGER, assigned_at INTEGER, first_response_at INTEGER, closed_at INTEGER,
    resolution TEXT, rating INTEGER, rating_comment TEXT,
    reopen_count INTEGER NOT NULL DEFAULT 0,
    transfer_count INTEGER NOT NULL DEFAULT 0,
    visitor_seen_seq INTEGER NOT NULL DEFAULT 0,
    agent_seen_seq INTEGER NOT NULL DEFAULT 0,
    last_message_text TEXT, last_message_author TEXT, last_message_at INTEGER
  );
  CREATE INDEX conversations_visitor ON conversations (visitor_id, created_at);
  CREATE INDEX conversations_state ON conversations (state, created_at);
  CREATE INDEX conversations_created ON conversations (created_at);

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq INTEGER NOT NULL,
    author_key TEXT NOT NULL,
    client_id TEXT,
    kind TEXT NOT NULL,
    author_kind TEXT NOT NULL, author_id TEXT, author_name TEXT,
    text TEXT NOT NULL,
    meta TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX messages_seq ON messages (conversation_id, seq);
  CREATE UNIQUE INDEX messages_client ON messages (author_key, client_id) WHERE client_id IS NOT NULL;

  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    avatar_url TEXT,
    max_chats INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL REFERENCES agents (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_agent ON sessions (agent_id);

  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    conversation_id TEXT,
    client_id TEXT NOT NULL,
    name TEXT, email TEXT NOT NULL, message TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'open'
  );
  CREATE UNIQUE INDEX tickets_client ON tickets (visitor_id, client_id);
  CREATE INDEX tickets_created ON tickets (created_at);

  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 2: canned responses for the console
  `
  CREATE TABLE canned_responses (
    id TEXT PRIMARY KEY,
    shortcut TEXT NOT NULL UNIQUE COLLATE NOCASE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX conversations_agent ON conversations (agent_id, state);
  `,
];
