/**
 * The storage seam, one store per aggregate: visitors, conversations (and their messages),
 * agents (and their sessions), tickets, canned responses and settings. SQLite (embedded default,
 * storage/sqlite/) and PostgreSQL (storage/postgres/) implement it; the contract suite in
 * test/storage-contract.ts runs against both. Every method is async so a networked database fits
 * behind the same interface, and every write that must hold across relays (a claim, a message's
 * seq, merged visitor attributes) is one atomic statement or transaction in the database.
 */
import type { AgentRole, Attributes, AuthorKind, ConversationState, Message, PageInfo } from '@switchboard/protocol';

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
  agentId: string;
  createdAt: number;
  expiresAt: number;
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
export type VisitorPatch = Partial<Omit<VisitorRecord, 'id' | 'siteId' | 'createdAt' | 'attributes'>>;
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
  deleteSessionsOf(agentId: string): Promise<void>;
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
}
