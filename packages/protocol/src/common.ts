import { z } from 'zod';

export { PROTOCOL_VERSION, SUPPORTED_VERSIONS } from './version.js';

/** Hard caps the schemas enforce; the relay may enforce lower ones from its config. */
export const LIMITS = {
  /** Longest text field the schema accepts at all (the relay's configurable cap is lower, 8 KB default). */
  textChars: 65_536,
  idChars: 64,
  quickReplies: 10,
  attributes: 50,
} as const;

/** Client-generated ids: 1–64 chars of [A-Za-z0-9_-] (a UUID or nanoid fits). */
export const ClientId = z
  .string()
  .min(1)
  .max(LIMITS.idChars)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids use only letters, digits, "_" and "-"');
export const ServerId = z.string().min(1).max(LIMITS.idChars);
export const Seq = z.number().int().nonnegative();
export const Timestamp = z.number().int().nonnegative().describe('milliseconds since the Unix epoch');
export const MessageText = z.string().max(LIMITS.textChars).refine((s) => s.trim().length > 0, 'text must not be blank');
const Url = z.string().max(2048);

export const ConversationState = z.enum(['bot', 'queued', 'assigned', 'closed']);
export type ConversationState = z.infer<typeof ConversationState>;

export const AuthorKind = z.enum(['visitor', 'bot', 'agent', 'system']);
export type AuthorKind = z.infer<typeof AuthorKind>;
export const Author = z.object({
  kind: AuthorKind,
  id: z.string().optional(),
  name: z.string().optional(),
  avatarUrl: z.string().optional(),
});
export type Author = z.infer<typeof Author>;

/** `text` is a visitor/agent/bot message; `note` is internal (never sent to visitors); `event` records a lifecycle change. */
export const MessageKind = z.enum(['text', 'note', 'event']);
export type MessageKind = z.infer<typeof MessageKind>;

export const EventName = z.enum(['opened', 'handoff', 'assigned', 'transferred', 'closed', 'reopened', 'rated']);
export type EventName = z.infer<typeof EventName>;

export const Suggestion = z.object({ id: z.string(), label: z.string() });
export type Suggestion = z.infer<typeof Suggestion>;

export const Message = z.object({
  id: ServerId,
  conversationId: ServerId,
  seq: Seq,
  clientId: z.string().optional(),
  kind: MessageKind,
  author: Author,
  text: z.string(),
  createdAt: Timestamp,
  /** Buttons the visitor can press; pressing one sends its label as a message. */
  quickReplies: z.array(z.string()).optional(),
  /** "Did you mean" choices from the bot. */
  suggestions: z.array(Suggestion).optional(),
  /** For `event` messages: which lifecycle change, with details (reason, agent, resolution…). */
  event: z
    .object({ name: EventName, reason: z.string().optional(), agentId: z.string().optional(), detail: z.string().optional() })
    .optional(),
  /** The text was erased (the visitor's data was erased, or retention anonymised it): `text` is empty. */
  erased: z.literal(true).optional(),
});
export type Message = z.infer<typeof Message>;

export const AgentRef = z.object({ id: z.string(), name: z.string(), avatarUrl: z.string().optional() });
export type AgentRef = z.infer<typeof AgentRef>;

/** What a visitor sees of a conversation. */
export const ConversationView = z.object({
  id: ServerId,
  state: ConversationState,
  agent: AgentRef.nullable(),
  lastSeq: Seq,
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
  rating: z.number().int().min(1).max(5).nullable(),
});
export type ConversationView = z.infer<typeof ConversationView>;

export const PageInfo = z.object({ url: Url.optional(), title: z.string().max(512).optional(), referrer: Url.optional() });
export type PageInfo = z.infer<typeof PageInfo>;

export const AttributeValue = z.union([z.string().max(1024), z.number(), z.boolean()]);
export const Attributes = z
  .record(z.string().max(64), AttributeValue)
  .refine((a) => Object.keys(a).length <= LIMITS.attributes, `at most ${LIMITS.attributes} attributes`);
export type Attributes = z.infer<typeof Attributes>;

/** Identity verification: the site's server computes hex(HMAC-SHA256(identitySecret, userId)). */
export const Identity = z.object({
  userId: z.string().min(1).max(256),
  signature: z.string().regex(/^[0-9a-f]{64}$/i, 'signature is 64 hex chars (HMAC-SHA256)'),
  name: z.string().max(256).optional(),
  email: z.string().email().max(256).optional(),
});
export type Identity = z.infer<typeof Identity>;

export const VisitorProfile = z.object({
  id: ServerId,
  name: z.string().nullable(),
  email: z.string().nullable(),
  userId: z.string().nullable(),
  verified: z.boolean(),
  attributes: z.record(z.string(), AttributeValue),
  page: PageInfo.nullable(),
  userAgent: z.string().nullable(),
  timezone: z.string().nullable(),
  locale: z.string().nullable(),
  createdAt: Timestamp,
  /** When the visitor accepted the privacy policy in the pre-chat form (null: never asked or not yet). */
  consentAt: Timestamp.nullable().optional(),
});
export type VisitorProfile = z.infer<typeof VisitorProfile>;

/** What an agent sees of a conversation (inbox row). */
export const ConversationSummary = ConversationView.extend({
  siteId: z.string(),
  visitor: VisitorProfile,
  handoffReason: z.string().nullable(),
  queuedAt: Timestamp.nullable(),
  lastMessage: z.object({ text: z.string(), author: AuthorKind, createdAt: Timestamp }).nullable(),
  resolution: z.string().nullable(),
  /** Read state: the highest seq the assigned agent and the visitor have seen (0: nothing yet). */
  agentSeenSeq: Seq,
  visitorSeenSeq: Seq,
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const PresenceStatus = z.enum(['online', 'away', 'offline']);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

export const AgentRole = z.enum(['admin', 'agent', 'bot']);
export type AgentRole = z.infer<typeof AgentRole>;

/**
 * An agent as others see them. How many chats they hold is not here: it is a count of the
 * conversations assigned to them, which a console derives from the conversations it keeps (a
 * number sent beside them would go stale with every assignment and close).
 */
export const AgentView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: AgentRole,
  avatarUrl: z.string().nullable(),
  status: PresenceStatus,
  maxChats: z.number().int().min(0),
  active: z.boolean(),
});
export type AgentView = z.infer<typeof AgentView>;

export const OfflineTicket = z.object({
  id: ServerId,
  siteId: z.string(),
  visitorId: z.string(),
  conversationId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string(),
  message: z.string(),
  createdAt: Timestamp,
  status: z.enum(['open', 'done']),
});
export type OfflineTicket = z.infer<typeof OfflineTicket>;
