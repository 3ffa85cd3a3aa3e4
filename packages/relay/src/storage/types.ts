/**
 * The storage seam, one store per aggregate: visitors, conversations (and their messages),
 * agents (and their sessions), tickets, canned responses and settings. SQLite (embedded default,
 * storage/sqlite/) and PostgreSQL (storage/postgres/) implement it; the contract suite in
 * test/storage-contract.ts runs against both. Every method is async so a networked database fits
 * behind the same interface, and every write that must hold across relays (a claim, a message's
 * seq, merged visitor attributes) is one atomic statement or transaction in the database.
 */
import type { AgentRole, Attributes, AuditEntry, AuditQuery, AuthorKind, ConversationState, Message, PageInfo, Parsed } from '@switchboard/protocol';

export interface VisitorRecord {
  id: string;
  siteId: string;
  name: string | null;
  email: string | null;
  userId: string | null;
  verified: boolean;
  attributes: Attributes;
  page: PageInfo | null;
  userAgent: string | null;
  timezone: string | null;
  locale: string | null;
  createdAt: number;
  lastSeenAt: number;
  /** When the visitor accepted the privacy policy (the first time), or null. */
  consentAt: number | null;
  /** When the visitor's data was erased (their token no longer resumes them), or null. */
  erasedAt: number | null;
}

export interface ConversationRecord {
  id: string;
  siteId: string;
  visitorId: string;
  state: ConversationState;
  agentId: string | null;
  handoffReason: string | null;
  lastSeq: number;
  createdAt: number;
  queuedAt: number | null;
  assignedAt: number | null;
  firstResponseAt: number | null;
  closedAt: number | null;
  resolution: string | null;
  rating: number | null;
  ratingComment: string | null;
  reopenCount: number;
  transferCount: number;
  visitorSeenSeq: number;
  agentSeenSeq: number;
  lastMessageText: string | null;
  lastMessageAuthor: AuthorKind | null;
  lastMessageAt: number | null;
}

export interface AgentRecord {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  passwordHash: string;
  avatarUrl: string | null;
  maxChats: number;
  active: boolean;
  createdAt: number;
}

export interface SessionRecord {
  tokenHash: string;
  /** Names the session in the agent's session list (the token hash is never shown). */
  id: string;
  agentId: string;
  createdAt: number;
  expiresAt: number;
  /** The last request or frame, updated at most once a minute. */
  lastSeenAt: number;
  userAgent: string | null;
  ip: string | null;
}

export interface TicketRecord {
  id: string;
  siteId: string;
  visitorId: string;
  conversationId: string | null;
  clientId: string;
  name: string | null;
  email: string;
  message: string;
  createdAt: number;
  status: 'open' | 'done';
}

export interface CannedRecord {
  id: string;
  shortcut: string;
  title: string;
  text: string;
  updatedAt: number;
}

export interface NewMessage {
  id: string;
  conversationId: string;
  /** Dedup key: the author's scope ("v:<visitorId>" / "a:<agentId>") and the client id. */
  authorKey: string;
  clientId: string | null;
  kind: Message['kind'];
  author: Message['author'];
  text: string;
  createdAt: number;
  quickReplies?: string[] | undefined;
  suggestions?: Message['suggestions'];
  event?: Message['event'];
}

export interface AppendResult {
  message: Message;
  /** True when (authorKey, clientId) was already stored: `message` is the stored original. */
  duplicate: boolean;
}

export type ConversationPatch = Partial<
  Pick<
    ConversationRecord,
    | 'state'
    | 'agentId'
    | 'handoffReason'
    | 'queuedAt'
    | 'assignedAt'
    | 'firstResponseAt'
    | 'closedAt'
    | 'resolution'
    | 'rating'
    | 'ratingComment'
    | 'reopenCount'
    | 'transferCount'
    | 'visitorSeenSeq'
    | 'agentSeenSeq'
  >
>;

/** Fields replaced as given. Attributes are never replaced: see VisitorStore.mergeAttributes. */
export type VisitorPatch = Partial<Omit<VisitorRecord, 'id' | 'siteId' | 'createdAt' | 'attributes' | 'consentAt' | 'erasedAt'>>;
export type AgentPatch = Partial<Pick<AgentRecord, 'name' | 'role' | 'passwordHash' | 'avatarUrl' | 'maxChats' | 'active'>>;
export type CannedPatch = Partial<Omit<CannedRecord, 'id'>>;
export type NewConversation = Pick<ConversationRecord, 'id' | 'siteId' | 'visitorId' | 'state' | 'createdAt'>;

export interface ConversationQuery {
  states?: ConversationState[];
  visitorId?: string;
  agentId?: string;
  /** Only conversations created before this time (pagination, newest first). */
  before?: number;
  limit: number;
  order?: 'oldest' | 'newest';
}

export interface VisitorStore {
  create(visitor: VisitorRecord): Promise<VisitorRecord>;
  get(id: string): Promise<VisitorRecord | null>;
  findByUserId(siteId: string, userId: string): Promise<VisitorRecord | null>;
  update(id: string, patch: VisitorPatch): Promise<VisitorRecord | null>;
  /**
   * Merges `attributes` into the stored ones in one statement, key by key (last write per key
   * wins; keys not named are kept), so tabs and relays writing at once never lose each other's
   * keys. Refused (`too_many`) when the result would have more than `maxKeys` keys.
   */
  mergeAttributes(id: string, attributes: Attributes, maxKeys: number): Promise<'merged' | 'too_many' | 'missing'>;
  /** Records consent at `at` unless it was recorded before (the first time is kept). */
  recordConsent(id: string, at: number): Promise<VisitorRecord | null>;
}

export interface ConversationStore {
  create(conversation: NewConversation): Promise<ConversationRecord>;
  get(id: string): Promise<ConversationRecord | null>;
  /**
   * The visitor's conversation that is not closed, or `conversation` newly created when there is
   * none. Atomic across relays: two tabs on two relays cannot open two conversations.
   */
  openFor(conversation: NewConversation & ConversationPatch): Promise<{ conversation: ConversationRecord; created: boolean }>;
  /**
   * Assigns a queued conversation to `agentId` only while that agent has fewer than `maxChats`
   * assigned conversations; null otherwise. Atomic across relays, so automatic routing never
   * takes an agent over capacity.
   */
  assignWithinCapacity(id: string, agentId: string, maxChats: number, patch: ConversationPatch): Promise<ConversationRecord | null>;
  /** The visitor's most recently created conversation, in any state. */
  latestOf(visitorId: string): Promise<ConversationRecord | null>;
  list(query: ConversationQuery): Promise<ConversationRecord[]>;
  /**
   * Atomically applies `patch` when the conversation is in one of `from` (and, if given, assigned
   * to `expectAgentId`). Returns the updated record, or null when the precondition failed. This
   * is what makes a claim win exactly once.
   */
  transition(id: string, from: ConversationState[], patch: ConversationPatch, expectAgentId?: string | null): Promise<ConversationRecord | null>;
  update(id: string, patch: ConversationPatch): Promise<ConversationRecord | null>;
  /** Assigned conversations per agent id. */
  openChatsByAgent(): Promise<Map<string, number>>;
  /** Conversations created in [from, to), for the figures. */
  createdBetween(from: number, to: number): Promise<ConversationRecord[]>;
  /**
   * Conversations whose visitor name or email, or any message text, contains `text`
   * (case-insensitive), newest first.
   */
  search(query: { text: string; states?: ConversationState[]; limit: number }): Promise<ConversationRecord[]>;
  /** Conversations in `state` with no message since `before` (ms), for the idle sweeper. */
  idle(state: ConversationState, before: number, limit: number): Promise<ConversationRecord[]>;
}

/** A conversation's log. Part of the conversation aggregate: an append bumps the conversation's seq. */
export interface MessageStore {
  /** Stores a message with the next per-conversation seq, or returns the stored one for a repeated (authorKey, clientId). */
  append(message: NewMessage): Promise<AppendResult>;
  /** The message an author already stored under a client id, if any. */
  findByClientId(authorKey: string, clientId: string): Promise<Message | null>;
  list(conversationId: string, options: { afterSeq: number; limit: number; includeNotes: boolean }): Promise<Message[]>;
}

export interface AgentStore {
  create(agent: AgentRecord): Promise<AgentRecord>;
  get(id: string): Promise<AgentRecord | null>;
  getByEmail(email: string): Promise<AgentRecord | null>;
  list(): Promise<AgentRecord[]>;
  update(id: string, patch: AgentPatch): Promise<AgentRecord | null>;
  count(): Promise<number>;
  createSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | null>;
  /** A session with its agent, in one lookup (checked on every agent frame). */
  sessionAgent(tokenHash: string): Promise<{ session: SessionRecord; agent: AgentRecord } | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of the agent, or every one but `except` (a token hash); returns how many. */
  deleteSessionsOf(agentId: string, except?: string): Promise<number>;
  /** The agent's sessions, most recently seen first. */
  listSessions(agentId: string): Promise<SessionRecord[]>;
  /** Moves a session's last-seen time forward (never back). */
  touchSession(tokenHash: string, at: number): Promise<void>;
}

/** An agent's TOTP secret: pending until `enabledAt`. */
export interface TotpRecord {
  agentId: string;
  /** Base32, as the authenticator app holds it. */
  secret: string;
  enabledAt: number | null;
  /** The last RFC 6238 time step a code was accepted for: a code is good once. */
  lastStep: number;
}

/** Two-factor authentication: TOTP secrets and hashed one-time recovery codes. */
export interface TwoFactorStore {
  get(agentId: string): Promise<TotpRecord | null>;
  /** Starts (or restarts) enrolment with a new secret; false when two-factor is already enabled. */
  begin(agentId: string, secret: string): Promise<boolean>;
  /** Enables the pending secret, taking `step` as used, with a new set of recovery codes; false when not pending. */
  enable(agentId: string, step: number, at: number, recoveryCodeHashes: string[]): Promise<boolean>;
  /** Accepts `step` once: true only when it is later than the last accepted step (atomic across relays). */
  useStep(agentId: string, step: number): Promise<boolean>;
  /** Removes the secret and the recovery codes. */
  remove(agentId: string): Promise<void>;
  replaceRecoveryCodes(agentId: string, hashes: string[]): Promise<void>;
  /** Marks an unused code used at `at`; false when it is unknown or used already (atomic across relays). */
  useRecoveryCode(agentId: string, hash: string, at: number): Promise<boolean>;
  recoveryCodesLeft(agentId: string): Promise<number>;
  /** Agents with two-factor enabled. */
  enabledAgentIds(): Promise<string[]>;
}

export type AuditFilter = Omit<Parsed<typeof AuditQuery>, 'limit'> & { limit: number };

/** The audit log: append and read, nothing else (both backends refuse UPDATE and DELETE on it). */
export interface AuditStore {
  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditEntry[]>;
}

/** What erasing a visitor changed. */
export interface ErasureCounts {
  conversations: number;
  messages: number;
  tickets: number;
}

/** Everything stored about one visitor. */
export interface VisitorData {
  visitor: VisitorRecord;
  conversations: ConversationRecord[];
  /** Every conversation's messages (notes and events included), by conversation, oldest first. */
  messages: Map<string, Message[]>;
  tickets: TicketRecord[];
}

/**
 * Personal data across aggregates: one visitor's export and erasure, and retention. Each write is
 * one transaction; retention's are conditional statements, so relays running them at once split
 * the work and never count a conversation twice.
 */
export interface PrivacyStore {
  collect(visitorId: string): Promise<VisitorData | null>;
  /**
   * Scrubs a visitor: name, e-mail, identity, attributes, page, device gone; every message of
   * their conversations (not lifecycle events) a tombstone with its seq, author kind and time
   * kept; rating comments, previews and their tickets' words gone. Rows stay, so figures and
   * reports keep their counts. Null when there is no such visitor.
   */
  erase(visitorId: string, at: number): Promise<ErasureCounts | null>;
  /** Deletes up to `limit` conversations closed before `before`, with their messages; returns how many. */
  deleteClosedBefore(before: number, limit: number): Promise<number>;
  /** Tombstones the messages of up to `limit` conversations closed before `before` not yet anonymised; returns how many. */
  anonymiseClosedBefore(before: number, at: number, limit: number): Promise<number>;
  /** Deletes (or scrubs) tickets created before `before`; returns how many. */
  retainTickets(before: number, action: 'delete' | 'anonymise', limit: number): Promise<number>;
  /**
   * Visitors last seen before `before` with no conversation left that is open or closed since:
   * deleted (when they have no conversation or ticket at all) or erased; returns how many.
   */
  retainVisitors(before: number, action: 'delete' | 'anonymise', at: number, limit: number): Promise<number>;
}

export interface TicketStore {
  /** Idempotent on (visitorId, clientId): returns the existing ticket for a repeated client id. */
  create(ticket: TicketRecord): Promise<{ ticket: TicketRecord; duplicate: boolean }>;
  list(options: { status?: 'open' | 'done'; limit: number }): Promise<TicketRecord[]>;
  count(from: number, to: number): Promise<number>;
  update(id: string, patch: { status: 'open' | 'done' }): Promise<TicketRecord | null>;
  createdBetween(from: number, to: number): Promise<TicketRecord[]>;
}

export interface CannedStore {
  list(): Promise<CannedRecord[]>;
  get(id: string): Promise<CannedRecord | null>;
  /** null when the shortcut (case-insensitive) is taken. */
  create(canned: CannedRecord): Promise<CannedRecord | null>;
  /** null when missing, or when the new shortcut is taken. */
  update(id: string, patch: CannedPatch): Promise<CannedRecord | null>;
  delete(id: string): Promise<boolean>;
}

/** Small named values: the generated signing secret, site settings, console knowledge-base edits. */
export interface SettingStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** Runs pending migrations. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when the database answers; rejects otherwise (used by /healthz). */
  ping(): Promise<void>;
  readonly visitors: VisitorStore;
  readonly conversations: ConversationStore;
  readonly messages: MessageStore;
  readonly agents: AgentStore;
  readonly tickets: TicketStore;
  readonly canned: CannedStore;
  readonly settings: SettingStore;
  readonly twoFactor: TwoFactorStore;
  readonly audit: AuditStore;
  readonly privacy: PrivacyStore;
}
