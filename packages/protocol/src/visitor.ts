/**
 * Frames on the visitor socket (`GET /ws/visitor`). One discriminated union per direction.
 * The first frame a visitor sends must be `hello`; the relay answers `welcome`.
 */
import { z } from 'zod';
import {
  Attributes,
  ClientId,
  ConversationView,
  Message,
  MessageText,
  PageInfo,
  Seq,
  ServerId,
  Author,
} from './common.js';
import { ErrorFrame, PingFrame, PongFrame } from './shared-frames.js';
import { WidgetTheme } from './theme.js';

export const VisitorHello = z.object({
  type: z.literal('hello'),
  v: z.number().int(),
  /** Site key; defaults to the relay's default site. */
  siteId: z.string().max(64).optional(),
  /** The token from an earlier `welcome`; without it the relay creates a new visitor. */
  token: z.string().max(512).optional(),
  /**
   * An `Identity`. Checked by the relay, not by this schema: one that is malformed or does not
   * match gets an INVALID_SIGNATURE error frame and the visitor is welcomed anonymously, so a
   * bad identity never keeps a visitor from chatting.
   */
  identity: z.unknown().optional(),
  /** Resume: the conversation the client shows and the last seq it has. Missed messages follow `welcome`. */
  resume: z.object({ conversationId: ServerId, afterSeq: Seq }).optional(),
  page: PageInfo.optional(),
  locale: z.string().max(35).optional(),
  timezone: z.string().max(64).optional(),
});

export const VisitorSend = z.object({
  type: z.literal('message'),
  id: ClientId,
  text: MessageText,
  /** Omit to write to the visitor's open conversation (or start one). */
  conversationId: ServerId.optional(),
});

export const VisitorTyping = z.object({ type: z.literal('typing'), conversationId: ServerId, on: z.boolean() });
export const VisitorHandoff = z.object({ type: z.literal('handoff'), id: ClientId, conversationId: ServerId.optional() });
export const VisitorOfflineTicket = z.object({
  type: z.literal('offline_ticket'),
  id: ClientId,
  email: z.string().email().max(256),
  name: z.string().max(256).optional(),
  message: MessageText,
});
export const VisitorRating = z.object({
  type: z.literal('rating'),
  id: ClientId,
  conversationId: ServerId,
  score: z.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
});
export const VisitorSeen = z.object({ type: z.literal('seen'), conversationId: ServerId, seq: Seq });
export const VisitorResume = z.object({ type: z.literal('resume'), conversationId: ServerId, afterSeq: Seq });
export const VisitorNewConversation = z.object({ type: z.literal('new_conversation'), id: ClientId });
export const VisitorPage = z.object({ type: z.literal('page'), page: PageInfo });
/** `identity` is an `Identity`, checked by the relay like `hello`'s (INVALID_SIGNATURE when malformed). */
export const VisitorIdentify = z.object({ type: z.literal('identify'), identity: z.unknown() });
export const VisitorUpdateProfile = z.object({
  type: z.literal('profile'),
  name: z.string().max(256).optional(),
  email: z.string().email().max(256).optional(),
  attributes: Attributes.optional(),
  /** The visitor ticked the consent checkbox (the relay records the time of the first one). */
  consent: z.literal(true).optional(),
});

export const VisitorClientFrame = z.discriminatedUnion('type', [
  VisitorHello,
  VisitorSend,
  VisitorTyping,
  VisitorHandoff,
  VisitorOfflineTicket,
  VisitorRating,
  VisitorSeen,
  VisitorResume,
  VisitorNewConversation,
  VisitorPage,
  VisitorIdentify,
  VisitorUpdateProfile,
  PingFrame,
]);
export type VisitorClientFrame = z.infer<typeof VisitorClientFrame>;

export const Welcome = z.object({
  type: z.literal('welcome'),
  v: z.number().int(),
  visitorId: ServerId,
  /** Keep this (localStorage) and send it in the next `hello`. */
  token: z.string(),
  verified: z.boolean(),
  userId: z.string().nullable(),
  /** The visitor's open (or most recent, if recently closed) conversation, if any. */
  conversation: ConversationView.nullable(),
  /** Whether a human agent could take a handoff right now. */
  agentsAvailable: z.boolean(),
  /** Site texts the widget shows (welcome message). */
  site: z.object({
    name: z.string(),
    welcomeMessage: z.string().nullable(),
    /** Colours, position and launcher label set by the site's admin (the page's own options win). */
    theme: WidgetTheme.optional(),
    /** False outside business hours: offer the offline form rather than a human. */
    open: z.boolean().optional(),
    /** Present when the site asks for consent in the pre-chat form. */
    consent: z.object({ privacyUrl: z.string() }).optional(),
  }),
  /** When this visitor gave consent (null: not yet); present when the site asks for it. */
  consentAt: z.number().int().nullable().optional(),
  /** Limits the client should respect. */
  limits: z.object({
    maxTextBytes: z.number().int(),
    heartbeatMs: z.number().int(),
    /** Largest frame the relay reads (`MAX_FRAME_BYTES`); a larger one closes the socket with 1009. Absent: 65536. */
    maxFrameBytes: z.number().int().positive().optional(),
  }),
});

export type Welcome = z.infer<typeof Welcome>;

/** The relay stored the frame with this client id (or had already: `duplicate`). */
export const Ack = z.object({
  type: z.literal('ack'),
  id: ClientId,
  messageId: ServerId.optional(),
  conversationId: ServerId.optional(),
  seq: Seq.optional(),
  ticketId: ServerId.optional(),
  duplicate: z.boolean().optional(),
});

export const MessageFrame = z.object({ type: z.literal('message'), message: Message });
export const ConversationFrame = z.object({ type: z.literal('conversation'), conversation: ConversationView });
export const TypingFrame = z.object({ type: z.literal('typing'), conversationId: ServerId, author: Author, on: z.boolean() });
export const SeenFrame = z.object({ type: z.literal('seen'), conversationId: ServerId, seq: Seq, by: z.enum(['visitor', 'agent']) });
/** Sent after `welcome` or `resume` once all missed messages were replayed. */
export const SyncedFrame = z.object({ type: z.literal('synced'), conversationId: ServerId, lastSeq: Seq });
export const AvailabilityFrame = z.object({ type: z.literal('availability'), agentsAvailable: z.boolean() });

export type Ack = z.infer<typeof Ack>;

export const VisitorServerFrame = z.discriminatedUnion('type', [
  Welcome,
  Ack,
  MessageFrame,
  ConversationFrame,
  TypingFrame,
  SeenFrame,
  SyncedFrame,
  AvailabilityFrame,
  ErrorFrame,
  PongFrame,
]);
export type VisitorServerFrame = z.infer<typeof VisitorServerFrame>;
