/**
 * The schema's history for both backends, in one append-only list. Entry N is version N: SQLite
 * records the last one applied in `PRAGMA user_version`, PostgreSQL in `schema_migrations`. An
 * entry gives `sql` when both dialects run the same statements, or `sqlite` and `postgres` when
 * they differ (column types, functions); a backend with nothing to do for an entry (the
 * PostgreSQL-only append function) just records the version. A released entry is never edited:
 * a database that already ran it would never see the change.
 *
 * Column names are the same in both, so storage/rows.ts maps rows from either. SQLite keeps
 * times as INTEGER and JSON as TEXT; PostgreSQL as BIGINT and JSONB.
 */
export interface Migration {
  name: string;
  /** Runs on both backends. */
  sql?: string;
  sqlite?: string;
  postgres?: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: 'the initial schema',
    sqlite: `
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
    postgres: `
  CREATE TABLE visitors (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    name TEXT, email TEXT, user_id TEXT,
    verified BOOLEAN NOT NULL DEFAULT FALSE,
    attributes JSONB NOT NULL DEFAULT '{}',
    page JSONB, user_agent TEXT, timezone TEXT, locale TEXT,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
  );
  CREATE UNIQUE INDEX visitors_user ON visitors (site_id, user_id) WHERE user_id IS NOT NULL;

  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    -- Insertion order: the tie-breaker SQLite gets from rowid.
    row_no BIGINT GENERATED ALWAYS AS IDENTITY,
    site_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL REFERENCES visitors (id),
    state TEXT NOT NULL,
    agent_id TEXT,
    handoff_reason TEXT,
    last_seq BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    queued_at BIGINT, assigned_at BIGINT, first_response_at BIGINT, closed_at BIGINT,
    resolution TEXT, rating INTEGER, rating_comment TEXT,
    reopen_count INTEGER NOT NULL DEFAULT 0,
    transfer_count INTEGER NOT NULL DEFAULT 0,
    visitor_seen_seq BIGINT NOT NULL DEFAULT 0,
    agent_seen_seq BIGINT NOT NULL DEFAULT 0,
    last_message_text TEXT, last_message_author TEXT, last_message_at BIGINT
  );
  CREATE INDEX conversations_visitor ON conversations (visitor_id, created_at);
  CREATE INDEX conversations_state ON conversations (state, created_at);
  CREATE INDEX conversations_created ON conversations (created_at);
  CREATE INDEX conversations_agent_open ON conversations (agent_id) WHERE state = 'assigned';

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq BIGINT NOT NULL,
    author_key TEXT NOT NULL,
    client_id TEXT,
    kind TEXT NOT NULL,
    author_kind TEXT NOT NULL, author_id TEXT, author_name TEXT,
    text TEXT NOT NULL,
    meta JSONB,
    created_at BIGINT NOT NULL
  );
  CREATE UNIQUE INDEX messages_seq ON messages (conversation_id, seq);
  CREATE UNIQUE INDEX messages_client ON messages (author_key, client_id) WHERE client_id IS NOT NULL;

  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    avatar_url TEXT,
    max_chats INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
  );
  -- Case-insensitive like SQLite's COLLATE NOCASE.
  CREATE UNIQUE INDEX agents_email ON agents (lower(email));

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL REFERENCES agents (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX sessions_agent ON sessions (agent_id);

  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    conversation_id TEXT,
    client_id TEXT NOT NULL,
    name TEXT, email TEXT NOT NULL, message TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open'
  );
  CREATE UNIQUE INDEX tickets_client ON tickets (visitor_id, client_id);
  CREATE INDEX tickets_created ON tickets (created_at);

  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  },
  {
    name: 'canned responses for the console',
    sqlite: `
  CREATE TABLE canned_responses (
    id TEXT PRIMARY KEY,
    shortcut TEXT NOT NULL UNIQUE COLLATE NOCASE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX conversations_agent ON conversations (agent_id, state);
  `,
    postgres: `
  CREATE TABLE canned_responses (
    id TEXT PRIMARY KEY,
    shortcut TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE UNIQUE INDEX canned_shortcut ON canned_responses (lower(shortcut));
  CREATE INDEX conversations_agent ON conversations (agent_id, state);
  `,
  },
  {
    // The UPDATE's row lock orders every writer of the conversation on every relay; a client id
    // stored meanwhile raises SB001, which aborts the statement and so undoes the seq bump (no
    // gap). SQLite appends in process (storage/sqlite/messages.ts).
    name: 'append a message in one round trip',
    postgres: `
  CREATE FUNCTION sb_append_message(
    p_id TEXT, p_conversation_id TEXT, p_author_key TEXT, p_client_id TEXT, p_kind TEXT,
    p_author_kind TEXT, p_author_id TEXT, p_author_name TEXT, p_text TEXT, p_meta JSONB, p_created_at BIGINT
  ) RETURNS BIGINT LANGUAGE plpgsql AS $$
  DECLARE
    v_seq BIGINT;
    v_is_text BOOLEAN := p_kind = 'text';
  BEGIN
    UPDATE conversations SET
      last_seq = last_seq + 1,
      last_message_text = CASE WHEN v_is_text THEN left(p_text, 200) ELSE last_message_text END,
      last_message_author = CASE WHEN v_is_text THEN p_author_kind ELSE last_message_author END,
      last_message_at = CASE WHEN v_is_text THEN p_created_at ELSE last_message_at END
    WHERE id = p_conversation_id
    RETURNING last_seq INTO v_seq;
    IF v_seq IS NULL THEN
      RAISE EXCEPTION 'conversation % does not exist', p_conversation_id USING ERRCODE = 'P0002';
    END IF;
    INSERT INTO messages (id, conversation_id, seq, author_key, client_id, kind, author_kind, author_id, author_name, text, meta, created_at)
    VALUES (p_id, p_conversation_id, v_seq, p_author_key, p_client_id, p_kind, p_author_kind, p_author_id, p_author_name, p_text, p_meta, p_created_at)
    ON CONFLICT (author_key, client_id) WHERE client_id IS NOT NULL DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'client id % of % is already stored', p_client_id, p_author_key USING ERRCODE = 'SB001';
    END IF;
    RETURN v_seq;
  END
  $$;
  `,
  },
  {
    name: "system notices no longer become a conversation's last message",
    postgres: `
  CREATE OR REPLACE FUNCTION sb_append_message(
    p_id TEXT, p_conversation_id TEXT, p_author_key TEXT, p_client_id TEXT, p_kind TEXT,
    p_author_kind TEXT, p_author_id TEXT, p_author_name TEXT, p_text TEXT, p_meta JSONB, p_created_at BIGINT
  ) RETURNS BIGINT LANGUAGE plpgsql AS $$
  DECLARE
    v_seq BIGINT;
    -- The inbox preview shows what people wrote, not the relay's own notices.
    v_is_text BOOLEAN := p_kind = 'text' AND p_author_kind <> 'system';
  BEGIN
    UPDATE conversations SET
      last_seq = last_seq + 1,
      last_message_text = CASE WHEN v_is_text THEN left(p_text, 200) ELSE last_message_text END,
      last_message_author = CASE WHEN v_is_text THEN p_author_kind ELSE last_message_author END,
      last_message_at = CASE WHEN v_is_text THEN p_created_at ELSE last_message_at END
    WHERE id = p_conversation_id
    RETURNING last_seq INTO v_seq;
    IF v_seq IS NULL THEN
      RAISE EXCEPTION 'conversation % does not exist', p_conversation_id USING ERRCODE = 'P0002';
    END IF;
    INSERT INTO messages (id, conversation_id, seq, author_key, client_id, kind, author_kind, author_id, author_name, text, meta, created_at)
    VALUES (p_id, p_conversation_id, v_seq, p_author_key, p_client_id, p_kind, p_author_kind, p_author_id, p_author_name, p_text, p_meta, p_created_at)
    ON CONFLICT (author_key, client_id) WHERE client_id IS NOT NULL DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'client id % of % is already stored', p_client_id, p_author_key USING ERRCODE = 'SB001';
    END IF;
    RETURN v_seq;
  END
  $$;
  `,
  },
  {
    // Issue 15. Sessions get a public id, a device and a last-seen time; two-factor secrets and
    // hashed recovery codes; consent and erasure times on visitors; an anonymised mark for
    // retention; and the audit log, which triggers make append-only on both backends.
    name: 'trust: session devices, two-factor, consent and erasure, the audit log',
    sqlite: `
  ALTER TABLE sessions ADD COLUMN id TEXT;
  ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
  ALTER TABLE sessions ADD COLUMN user_agent TEXT;
  ALTER TABLE sessions ADD COLUMN ip TEXT;
  UPDATE sessions SET id = lower(hex(randomblob(8))), last_seen_at = created_at;
  CREATE UNIQUE INDEX sessions_id ON sessions (id);

  CREATE TABLE agent_totp (
    agent_id TEXT PRIMARY KEY REFERENCES agents (id),
    secret TEXT NOT NULL,
    enabled_at INTEGER,
    last_step INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE recovery_codes (
    agent_id TEXT NOT NULL REFERENCES agents (id),
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (agent_id, code_hash)
  );

  ALTER TABLE visitors ADD COLUMN consent_at INTEGER;
  ALTER TABLE visitors ADD COLUMN erased_at INTEGER;
  ALTER TABLE conversations ADD COLUMN anonymised_at INTEGER;
  CREATE INDEX conversations_closed ON conversations (closed_at) WHERE state = 'closed';
  CREATE INDEX visitors_last_seen ON visitors (last_seen_at);

  CREATE TABLE audit_log (
    no INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_type TEXT NOT NULL, actor_id TEXT, actor_name TEXT,
    action TEXT NOT NULL,
    target_type TEXT, target_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}',
    ip TEXT
  );
  CREATE INDEX audit_at ON audit_log (at);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
    postgres: `
  ALTER TABLE sessions ADD COLUMN id TEXT;
  ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
  ALTER TABLE sessions ADD COLUMN user_agent TEXT;
  ALTER TABLE sessions ADD COLUMN ip TEXT;
  UPDATE sessions SET id = substr(md5(random()::text || token_hash), 1, 16), last_seen_at = created_at;
  CREATE UNIQUE INDEX sessions_id ON sessions (id);

  CREATE TABLE agent_totp (
    agent_id TEXT PRIMARY KEY REFERENCES agents (id),
    secret TEXT NOT NULL,
    enabled_at BIGINT,
    last_step BIGINT NOT NULL DEFAULT 0
  );
  CREATE TABLE recovery_codes (
    agent_id TEXT NOT NULL REFERENCES agents (id),
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (agent_id, code_hash)
  );

  ALTER TABLE visitors ADD COLUMN consent_at BIGINT;
  ALTER TABLE visitors ADD COLUMN erased_at BIGINT;
  ALTER TABLE conversations ADD COLUMN anonymised_at BIGINT;
  CREATE INDEX conversations_closed ON conversations (closed_at) WHERE state = 'closed';
  CREATE INDEX visitors_last_seen ON visitors (last_seen_at);

  CREATE TABLE audit_log (
    no BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_type TEXT NOT NULL, actor_id TEXT, actor_name TEXT,
    action TEXT NOT NULL,
    target_type TEXT, target_id TEXT,
    detail JSONB NOT NULL DEFAULT '{}',
    ip TEXT
  );
  CREATE INDEX audit_at ON audit_log (at);
  CREATE FUNCTION sb_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'SB002';
  END
  $$;
  CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION sb_audit_append_only();
  CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION sb_audit_append_only();
  `,
  },
];

/** The statements `kind` runs for each version, in order ('' where it has nothing to do). */
export function migrationsFor(kind: 'sqlite' | 'postgres'): string[] {
  return MIGRATIONS.map((m) => m.sql ?? m[kind] ?? '');
}
