/** Row ↔ record mapping shared by the SQL implementations (column names are the same in both). */
import type { AgentRole, AuditEntry, AuthorKind, ConversationState, Message } from '@switchboard/protocol';
import type {
  AgentPatch,
  AgentRecord,
  CannedPatch,
  CannedRecord,
  ConversationPatch,
  ConversationRecord,
  NewMessage,
  SessionRecord,
  TicketRecord,
  TotpRecord,
  VisitorPatch,
  VisitorRecord,
} from './types.js';

export type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const json = <T>(v: unknown, fallback: T): T => {
  if (v === null || v === undefined) return fallback;
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
};

export function rowToVisitor(r: Row): VisitorRecord {
  return {
    id: String(r.id),
    siteId: String(r.site_id),
    name: str(r.name),
    email: str(r.email),
    userId: str(r.user_id),
    verified: Boolean(r.verified),
    attributes: json(r.attributes, {}),
    page: json(r.page, null),
    userAgent: str(r.user_agent),
    timezone: str(r.timezone),
    locale: str(r.locale),
    createdAt: Number(r.created_at),
    lastSeenAt: Number(r.last_seen_at),
    consentAt: num(r.consent_at),
    erasedAt: num(r.erased_at),
  };
}

export function rowToConversation(r: Row): ConversationRecord {
  return {
    id: String(r.id),
    siteId: String(r.site_id),
    visitorId: String(r.visitor_id),
    state: String(r.state) as ConversationState,
    agentId: str(r.agent_id),
    handoffReason: str(r.handoff_reason),
    lastSeq: Number(r.last_seq),
    createdAt: Number(r.created_at),
    queuedAt: num(r.queued_at),
    assignedAt: num(r.assigned_at),
    firstResponseAt: num(r.first_response_at),
    closedAt: num(r.closed_at),
    resolution: str(r.resolution),
    rating: num(r.rating),
    ratingComment: str(r.rating_comment),
    reopenCount: Number(r.reopen_count),
    transferCount: Number(r.transfer_count),
    visitorSeenSeq: Number(r.visitor_seen_seq),
    agentSeenSeq: Number(r.agent_seen_seq),
    lastMessageText: str(r.last_message_text),
    lastMessageAuthor: str(r.last_message_author) as AuthorKind | null,
    lastMessageAt: num(r.last_message_at),
  };
}

export function rowToMessage(r: Row): Message {
  const meta = json<{ quickReplies?: string[]; suggestions?: Message['suggestions']; event?: Message['event']; avatarUrl?: string; erased?: true }>(r.meta, {});
  const author: Message['author'] = { kind: String(r.author_kind) as AuthorKind };
  if (r.author_id !== null && r.author_id !== undefined) author.id = String(r.author_id);
  if (r.author_name !== null && r.author_name !== undefined) author.name = String(r.author_name);
  if (meta.avatarUrl) author.avatarUrl = meta.avatarUrl;
  const message: Message = {
    id: String(r.id),
    conversationId: String(r.conversation_id),
    seq: Number(r.seq),
    kind: String(r.kind) as Message['kind'],
    author,
    text: String(r.text),
    createdAt: Number(r.created_at),
  };
  if (r.client_id !== null && r.client_id !== undefined) message.clientId = String(r.client_id);
  if (meta.quickReplies) message.quickReplies = meta.quickReplies;
  if (meta.suggestions) message.suggestions = meta.suggestions;
  if (meta.event) message.event = meta.event;
  if (meta.erased) message.erased = true;
  return message;
}

/** The `meta` of a tombstone: the message's words (and buttons) are gone. */
export const ERASED_META = JSON.stringify({ erased: true });

export function rowToAgent(r: Row): AgentRecord {
  return {
    id: String(r.id),
    email: String(r.email),
    name: String(r.name),
    role: String(r.role) as AgentRole,
    passwordHash: String(r.password_hash),
    avatarUrl: str(r.avatar_url),
    maxChats: Number(r.max_chats),
    active: Boolean(r.active),
    createdAt: Number(r.created_at),
  };
}

export function rowToTicket(r: Row): TicketRecord {
  return {
    id: String(r.id),
    siteId: String(r.site_id),
    visitorId: String(r.visitor_id),
    conversationId: str(r.conversation_id),
    clientId: String(r.client_id),
    name: str(r.name),
    email: String(r.email),
    message: String(r.message),
    createdAt: Number(r.created_at),
    status: String(r.status) as TicketRecord['status'],
  };
}

export const CONVERSATION_COLUMNS: Record<keyof ConversationPatch, string> = {
  state: 'state',
  agentId: 'agent_id',
  handoffReason: 'handoff_reason',
  queuedAt: 'queued_at',
  assignedAt: 'assigned_at',
  firstResponseAt: 'first_response_at',
  closedAt: 'closed_at',
  resolution: 'resolution',
  rating: 'rating',
  ratingComment: 'rating_comment',
  reopenCount: 'reopen_count',
  transferCount: 'transfer_count',
  visitorSeenSeq: 'visitor_seen_seq',
  agentSeenSeq: 'agent_seen_seq',
};

/** `SET` fragments with named parameters (`@column`) for a conversation patch. */
export function conversationColumns(patch: ConversationPatch): { sets: string[]; params: Record<string, unknown> } {
  const columns = patchColumns(patch, CONVERSATION_COLUMNS);
  return { sets: columns.map(([c]) => `${c} = @${c}`), params: Object.fromEntries(columns) };
}

export function rowToCanned(r: Row): CannedRecord {
  return { id: String(r.id), shortcut: String(r.shortcut), title: String(r.title), text: String(r.text), updatedAt: Number(r.updated_at) };
}

export const VISITOR_COLUMNS: Record<keyof VisitorPatch, string> = {
  name: 'name',
  email: 'email',
  userId: 'user_id',
  verified: 'verified',
  page: 'page',
  userAgent: 'user_agent',
  timezone: 'timezone',
  locale: 'locale',
  lastSeenAt: 'last_seen_at',
};

export const AGENT_COLUMNS: Record<keyof AgentPatch, string> = {
  name: 'name',
  role: 'role',
  passwordHash: 'password_hash',
  avatarUrl: 'avatar_url',
  maxChats: 'max_chats',
  active: 'active',
};

export const CANNED_COLUMNS: Record<keyof CannedPatch, string> = {
  shortcut: 'shortcut',
  title: 'title',
  text: 'text',
  updatedAt: 'updated_at',
};

export function rowToSession(r: Row): SessionRecord {
  return {
    tokenHash: String(r.token_hash),
    id: String(r.id),
    agentId: String(r.agent_id),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    lastSeenAt: Number(r.last_seen_at ?? r.created_at),
    userAgent: str(r.user_agent),
    ip: str(r.ip),
  };
}

export function rowToTotp(r: Row): TotpRecord {
  return { agentId: String(r.agent_id), secret: String(r.secret), enabledAt: num(r.enabled_at), lastStep: Number(r.last_step) };
}

export function rowToAudit(r: Row): AuditEntry {
  return {
    id: String(r.no),
    at: Number(r.at),
    actor: { type: String(r.actor_type) as AuditEntry['actor']['type'], id: str(r.actor_id), name: str(r.actor_name) },
    action: String(r.action) as AuditEntry['action'],
    target: r.target_type === null || r.target_type === undefined ? null : { type: String(r.target_type), id: String(r.target_id) },
    detail: json(r.detail, {}),
    ip: str(r.ip),
  };
}

/** The `meta` column of a message: what only some messages carry. */
export function messageMeta(m: { quickReplies?: string[] | undefined; suggestions?: unknown[] | undefined; event?: unknown; author: { avatarUrl?: string | undefined } }): string | null {
  const meta: Record<string, unknown> = {};
  if (m.quickReplies?.length) meta.quickReplies = m.quickReplies;
  if (m.suggestions?.length) meta.suggestions = m.suggestions;
  if (m.event) meta.event = m.event;
  if (m.author.avatarUrl) meta.avatarUrl = m.author.avatarUrl;
  return Object.keys(meta).length ? JSON.stringify(meta) : null;
}

/** The message as stored under `seq`, built from what was appended (no read back). */
export function storedMessage(m: NewMessage, seq: number): Message {
  const message: Message = { id: m.id, conversationId: m.conversationId, seq, kind: m.kind, author: m.author, text: m.text, createdAt: m.createdAt };
  if (m.clientId !== null) message.clientId = m.clientId;
  if (m.quickReplies?.length) message.quickReplies = m.quickReplies;
  if (m.suggestions?.length) message.suggestions = m.suggestions;
  if (m.event) message.event = m.event;
  return message;
}

/**
 * The columns a patch sets, with their values, skipping fields left undefined. `encode` turns a
 * value into what the column holds (JSON text, 0/1 for SQLite booleans).
 */
export function patchColumns<P extends object>(patch: P, columns: Record<keyof P, string>, encode: (key: keyof P, value: unknown) => unknown = (_k, v) => v): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(patch)) {
    const column = columns[key as keyof P];
    if (value === undefined || !column) continue;
    out.push([column, encode(key as keyof P, value)]);
  }
  return out;
}
