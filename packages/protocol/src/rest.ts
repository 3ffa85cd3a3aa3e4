/** Request and response bodies of the relay's REST API (`/api/*`). */
import { z } from 'zod';
import { AgentRole, AgentView, ConversationSummary, Message, OfflineTicket, Seq } from './common.js';
import { errorCodes } from './errors.js';

export const ErrorBody = z.object({ error: z.object({ code: z.enum(errorCodes), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const LoginRequest = z.object({ email: z.string().email().max(256), password: z.string().min(1).max(512) });
export const LoginResponse = z.object({ token: z.string(), expiresAt: z.number(), agent: AgentView });

export const CreateAgentRequest = z.object({
  email: z.string().email().max(256),
  name: z.string().min(1).max(128),
  password: z.string().min(8).max(512),
  role: AgentRole.default('agent'),
  maxChats: z.number().int().min(0).max(100).default(5),
});

export const HistoryQuery = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const HistoryResponse = z.object({
  messages: z.array(Message),
  /** Pass as `afterSeq` for the next page; null when there is no more. */
  nextAfterSeq: Seq.nullable(),
});

export const ConversationListQuery = z.object({
  state: z.enum(['bot', 'queued', 'assigned', 'closed', 'open']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().optional(),
});
export const ConversationListResponse = z.object({ conversations: z.array(ConversationSummary) });
export const TicketListResponse = z.object({ tickets: z.array(OfflineTicket) });

export const FiguresQuery = z.object({
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
});
export const FiguresResponse = z.object({
  from: z.number(),
  to: z.number(),
  conversations: z.number(),
  botDeflectionRate: z.number().nullable(),
  handoffs: z.number(),
  firstResponseMs: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
  avgHandleMs: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  csat: z.object({ average: z.number().nullable(), count: z.number(), distribution: z.array(z.number()).length(5) }),
  offlineTickets: z.number(),
});
export type FiguresResponse = z.infer<typeof FiguresResponse>;

export const HealthResponse = z.object({
  status: z.enum(['ok', 'unhealthy']),
  storage: z.enum(['ok', 'down']),
  uptimeS: z.number(),
  connections: z.object({ visitors: z.number(), agents: z.number() }),
});
