/**
 * Frames on the agent socket (`GET /ws/agent`), used by the console and by bots that run as
 * their own process. The first frame must be `auth` with a session token from `POST /api/login`
 * (or a bot token); the relay answers `ready`.
 */
import { z } from 'zod';
import {
  AgentRef,
  AgentView,
  ClientId,
  ConversationSummary,
  Message,
  MessageText,
  OfflineTicket,
  PresenceStatus,
  Seq,
  ServerId,
  Author,
  Suggestion,
} from './common.js';
import { Ack, SeenFrame, SyncedFrame } from './visitor.js';
import { ErrorFrame, PingFrame, PongFrame } from './shared-frames.js';

export const AgentAuth = z.object({
  type: z.literal('auth'),
  v: z.number().int(),
  token: z.string().min(1).max(512),
  /** `all`: live frames for every conversation (the console); `assigned`: only those assigned to me. */
  scope: z.enum(['all', 'assigned']).optional(),
});

export const AgentSend = z.object({
  type: z.literal('message'),
  id: ClientId,
  conversationId: ServerId,
  text: MessageText,
  /** An internal note: stored and shown to agents, never sent to the visitor. */
  internal: z.boolean().optional(),
  /**
   * A human agent replying to the visitor of a conversation assigned to someone else: set after
   * the agent confirmed it (without it such a reply is FORBIDDEN).
   */
  asNonAssignee: z.boolean().optional(),
  /** Bots only: buttons and "did you mean" choices shown under the message. */
  quickReplies: z.array(z.string().max(200)).max(10).optional(),
  suggestions: z.array(Suggestion).max(3).optional(),
});
export const AgentClaim = z.object({ type: z.literal('claim'), id: ClientId, conversationId: ServerId });
export const AgentTransfer = z.object({
  type: z.literal('transfer'),
  id: ClientId,
  conversationId: ServerId,
  toAgentId: ServerId,
  note: z.string().max(2000).optional(),
});
export const AgentClose = z.object({
  type: z.literal('close'),
  id: ClientId,
  conversationId: ServerId,
  resolution: z.string().max(64).optional(),
});
export const AgentReopen = z.object({ type: z.literal('reopen'), id: ClientId, conversationId: ServerId });
/** Bots only: hand the conversation to a human with a reason (and the bot's transcript is already stored). */
export const AgentHandoff = z.object({
  type: z.literal('handoff'),
  id: ClientId,
  conversationId: ServerId,
  reason: z.string().max(200),
});
export const AgentTyping = z.object({ type: z.literal('typing'), conversationId: ServerId, on: z.boolean() });
export const AgentPresence = z.object({
  type: z.literal('presence'),
  status: PresenceStatus,
  maxChats: z.number().int().min(0).max(100).optional(),
});
export const AgentResume = z.object({ type: z.literal('resume'), conversationId: ServerId, afterSeq: Seq });
export const AgentSeen = z.object({ type: z.literal('seen'), conversationId: ServerId, seq: Seq });
/** The console shows (`on`) or stopped showing a conversation: other agents see who else has it open. */
export const AgentViewing = z.object({ type: z.literal('viewing'), conversationId: ServerId, on: z.boolean() });

export const AgentClientFrame = z.discriminatedUnion('type', [
  AgentAuth,
  AgentSend,
  AgentClaim,
  AgentTransfer,
  AgentClose,
  AgentReopen,
  AgentHandoff,
  AgentTyping,
  AgentPresence,
  AgentResume,
  AgentSeen,
  AgentViewing,
  PingFrame,
]);
export type AgentClientFrame = z.infer<typeof AgentClientFrame>;

export const Ready = z.object({
  type: z.literal('ready'),
  v: z.number().int(),
  agent: AgentView,
  /** Every conversation not closed, oldest first. */
  conversations: z.array(ConversationSummary),
  agents: z.array(AgentView),
  /** Open offline tickets, newest first (none for bots); `ticket` frames keep them current. */
  tickets: z.array(OfflineTicket),
  heartbeatMs: z.number().int(),
  /** Longest message text the relay stores (`MAX_TEXT_BYTES`); absent from older relays. */
  maxTextBytes: z.number().int().optional(),
  /** Largest frame the relay reads (`MAX_FRAME_BYTES`); a larger one closes the socket with 1009. Absent: 65536. */
  maxFrameBytes: z.number().int().optional(),
});
export type Ready = z.infer<typeof Ready>;
export const AgentMessageFrame = z.object({ type: z.literal('message'), message: Message });
export const AgentConversationFrame = z.object({ type: z.literal('conversation'), conversation: ConversationSummary });
export const AgentTypingFrame = z.object({ type: z.literal('typing'), conversationId: ServerId, author: Author, on: z.boolean() });
export const AgentPresenceFrame = z.object({ type: z.literal('presence'), agent: AgentView });
/** A ticket was left or its status changed (by any agent): replaces the copy with this id. */
export const TicketFrame = z.object({ type: z.literal('ticket'), ticket: OfflineTicket });
/** Another agent opened (`on`) or left a conversation in their console. */
export const AgentViewingFrame = z.object({ type: z.literal('viewing'), conversationId: ServerId, agent: AgentRef, on: z.boolean() });

export const AgentServerFrame = z.discriminatedUnion('type', [
  Ready,
  Ack,
  AgentMessageFrame,
  AgentConversationFrame,
  AgentTypingFrame,
  AgentPresenceFrame,
  TicketFrame,
  AgentViewingFrame,
  SeenFrame,
  SyncedFrame,
  ErrorFrame,
  PongFrame,
]);
export type AgentServerFrame = z.infer<typeof AgentServerFrame>;
