/**
 * The storage seam. SQLite (embedded default) and PostgreSQL implement it; the shared contract
 * suite in storage/contract.ts runs against every implementation. All methods are async so a
 * networked database fits behind the same interface.
 */
import type { Attributes, AuthorKind, ConversationState, Message, PageInfo, AgentRole } from '@switchboard/protocol';

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

export type VisitorPatch = Partial<Omit<VisitorRecord, 'id' | 'siteId' | 'createdAt'>>;
export type AgentPatch = Partial<Pick<AgentRecord, 'name' | 'role' | 'passwordHash' | 'avatarUrl' | 'maxChats' | 'active'>>;

export interface ConversationQuery {
  states?: ConversationState[];
  visitorId?: string;
  agentId?: string;
  /** Only conversations created before this time (pagination, newest first). */
  before?: number;
  limit: number;
  order?: 'oldest' | 'newest';
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** Runs pending migrations. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when the database answers; rejects otherwise (used by /healthz). */
  ping(): Promise<void>;

  createVisitor(visitor: VisitorRecord): Promise<VisitorRecord>;
  getVisitor(id: string): Promise<VisitorRecord | null>;
  findVisitorByUserId(siteId: string, userId: string): Promise<VisitorRecord | null>;
  updateVisitor(id: string, patch: VisitorPatch): Promise<VisitorRecord | null>;

  createConversation(conversation: Pick<ConversationRecord, 'id' | 'siteId' | 'visitorId' | 'state' | 'createdAt'>): Promise<ConversationRecord>;
  getConversation(id: string): Promise<ConversationRecord | null>;
  /**
   * The visitor's conversation that is not closed, or `conversation` newly created when there is
   * none. Atomic across relays: two tabs on two relays cannot open two conversations.
   */
  openConversationFor(conversation: Pick<ConversationRecord, 'id' | 'siteId' | 'visitorId' | 'state' | 'createdAt'> & ConversationPatch): Promise<{ conversation: ConversationRecord; created: boolean }>;
  /**
   * Assigns a queued conversation to `agentId` only while that agent has fewer than `maxChats`
   * assigned conversations; null otherwise. Atomic across relays, so automatic routing never
   * takes an agent over capacity.
   */
  assignWithinCapacity(id: string, agentId: string, maxChats: number, patch: ConversationPatch): Promise<ConversationRecord | null>;
  /** The visitor's most recently created conversation, in any state. */
  latestConversation(visitorId: string): Promise<ConversationRecord | null>;
  listConversations(query: ConversationQuery): Promise<ConversationRecord[]>;
  /**
   * Atomically applies `patch` when the conversation is in one of `from` (and, if given, assigned
   * to `agentId`). Returns the updated record, or null when the precondition failed. This is what
   * makes a claim win exactly once.
   */
  transition(id: string, from: ConversationState[], patch: ConversationPatch, expectAgentId?: string | null): Promise<ConversationRecord | null>;
  updateConversation(id: string, patch: ConversationPatch): Promise<ConversationRecord | null>;
  /** Open (non-closed) conversations per agent id. */
  openChatsByAgent(): Promise<Map<string, number>>;

  /** Stores a message with the next per-conversation seq, or returns the stored one for a repeated (authorKey, clientId). */
  appendMessage(message: NewMessage): Promise<AppendResult>;
  /** The message an author already stored under a client id, if any. */
  findMessageByClientId(authorKey: string, clientId: string): Promise<Message | null>;
  listMessages(conversationId: string, options: { afterSeq: number; limit: number; includeNotes: boolean }): Promise<Message[]>;

  createAgent(agent: AgentRecord): Promise<AgentRecord>;
  getAgent(id: string): Promise<AgentRecord | null>;
  getAgentByEmail(email: string): Promise<AgentRecord | null>;
  listAgents(): Promise<AgentRecord[]>;
  updateAgent(id: string, patch: AgentPatch): Promise<AgentRecord | null>;
  countAgents(): Promise<number>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsForAgent(agentId: string): Promise<void>;

  /** Idempotent on (visitorId, clientId): returns the existing ticket for a repeated client id. */
  createTicket(ticket: TicketRecord): Promise<{ ticket: TicketRecord; duplicate: boolean }>;
  listTickets(options: { status?: 'open' | 'done'; limit: number }): Promise<TicketRecord[]>;
  countTickets(from: number, to: number): Promise<number>;

  updateTicket(id: string, patch: { status: 'open' | 'done' }): Promise<TicketRecord | null>;
  ticketsBetween(from: number, to: number): Promise<TicketRecord[]>;

  /** Conversations created in [from, to), for the figures. */
  conversationsBetween(from: number, to: number): Promise<ConversationRecord[]>;
  /**
   * Conversations whose visitor name or email, or any message text, contains `text`
   * (case-insensitive), newest first.
   */
  searchConversations(query: { text: string; states?: ConversationState[]; limit: number }): Promise<ConversationRecord[]>;
  /** Conversations in `state` with no message since `before` (ms), for the idle sweeper. */
  idleConversations(state: ConversationState, before: number, limit: number): Promise<ConversationRecord[]>;

  listCanned(): Promise<CannedRecord[]>;
  getCanned(id: string): Promise<CannedRecord | null>;
  /** CONFLICT-worthy duplicates of `shortcut` return null. */
  createCanned(canned: CannedRecord): Promise<CannedRecord | null>;
  updateCanned(id: string, patch: Partial<Omit<CannedRecord, 'id'>>): Promise<CannedRecord | null>;
  deleteCanned(id: string): Promise<boolean>;

  /** Reads and writes small settings (e.g. the generated signing secret). */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
}
