/**
 * REST bodies for visitors' data (export, erasure) and the audit log. Request types are
 * `z.input`, responses `z.infer`.
 */
import { z } from 'zod';
import { AUDIT_ACTIONS } from './audit-actions.js';
import { ConversationState, Message, OfflineTicket, Timestamp, VisitorProfile } from './common.js';

export const ExportedConversation = z.object({
  id: z.string(),
  state: ConversationState,
  agentId: z.string().nullable(),
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
  resolution: z.string().nullable(),
  handoffReason: z.string().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  /** Every message, internal notes and lifecycle events included, oldest first. */
  messages: z.array(Message),
});
export type ExportedConversation = z.infer<typeof ExportedConversation>;

/** `GET /api/visitors/:id/export`: everything stored about one visitor. */
export const VisitorExport = z.object({
  exportedAt: Timestamp,
  visitor: VisitorProfile.extend({ lastSeenAt: Timestamp, erasedAt: Timestamp.nullable() }),
  conversations: z.array(ExportedConversation),
  tickets: z.array(OfflineTicket),
  /** Files the visitor sent: none until attachments exist (see docs/console.md). */
  files: z.array(z.object({ id: z.string(), name: z.string(), bytes: z.number().int(), createdAt: Timestamp })),
});
export type VisitorExport = z.infer<typeof VisitorExport>;

/** `POST /api/visitors/:id/erase`: what was erased. */
export const ErasureResponse = z.object({
  visitorId: z.string(),
  erasedAt: Timestamp,
  conversations: z.number().int(),
  messages: z.number().int(),
  tickets: z.number().int(),
  files: z.number().int(),
});
export type ErasureResponse = z.infer<typeof ErasureResponse>;

export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditActor = z.object({
  /** `token`: an integration token (API tokens); `system`: the relay itself (retention). */
  type: z.enum(['agent', 'token', 'system']),
  id: z.string().nullable(),
  /** The agent's name or the token's label when it acted (kept if they are renamed later). */
  name: z.string().nullable(),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditEntry = z.object({
  id: z.string(),
  at: Timestamp,
  actor: AuditActor,
  action: AuditAction,
  /** What it was done to: an agent, a visitor, a knowledge-base entry, the site… */
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  /** Which fields changed, counts, why a login failed… Never a password or a visitor's words. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** The client address of the request, when there was one. */
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  action: AuditAction.optional(),
  /** Entries by this actor (agent id, or token id). */
  actorId: z.string().max(64).optional(),
  /** Entries about this target id (an agent, a visitor…). */
  targetId: z.string().max(128).optional(),
  from: z.coerce.number<number>().int().optional(),
  to: z.coerce.number<number>().int().optional(),
  /** Pagination: entries older than this entry id. */
  before: z.string().max(64).optional(),
  limit: z.coerce.number<number>().int().min(1).max(500).default(100),
});
export type AuditQuery = z.input<typeof AuditQuery>;
export const AuditListResponse = z.object({
  entries: z.array(AuditEntry),
  /** Pass as `before` for the next (older) page; null when there is no more. */
  nextBefore: z.string().nullable(),
});
export type AuditListResponse = z.infer<typeof AuditListResponse>;
