/**
 * Request and response bodies of the relay's REST API (`/api/*`). Request and query types are
 * `z.input` (what a client sends: defaulted fields optional); response types are `z.infer`.
 * Query numbers use `z.coerce.number<number>()`: the relay reads strings, a client writes numbers.
 */
import { z } from 'zod';
import { AgentRole, AgentView, ConversationSummary, Message, OfflineTicket, PresenceStatus, Seq } from './common.js';
import { errorCodes } from './errors.js';
import { WidgetTheme } from './theme.js';

/** A request as the relay reads it after parsing (defaults filled in); the exported request types are what a client sends. */
export type Parsed<S extends z.ZodType> = z.output<S>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    /** With RATE_LIMITED: seconds until a retry can succeed (also sent as the Retry-After header). */
    retryAfterS: z.number().int().positive().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const LoginRequest = z.object({
  email: z.string().email().max(256),
  password: z.string().min(1).max(512),
  /** For accounts with two-factor authentication: the app's 6-digit code, or a recovery code. */
  code: z.string().trim().min(6).max(32).optional(),
});
export type LoginRequest = z.input<typeof LoginRequest>;
export const LoginResponse = z.object({ token: z.string(), expiresAt: z.number(), agent: AgentView });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const CreateAgentRequest = z.object({
  email: z.string().email().max(256),
  name: z.string().min(1).max(128),
  password: z.string().min(8).max(512),
  role: AgentRole.default('agent'),
  maxChats: z.number().int().min(0).max(100).default(5),
});
export type CreateAgentRequest = z.input<typeof CreateAgentRequest>;
export const UpdateAgentRequest = z.object({
  name: z.string().min(1).max(128).optional(),
  role: z.enum(['admin', 'agent', 'bot']).optional(),
  maxChats: z.number().int().min(0).max(100).optional(),
  active: z.boolean().optional(),
  password: z.string().min(8).max(512).optional(),
});
export type UpdateAgentRequest = z.input<typeof UpdateAgentRequest>;
/** `GET /api/me`, `POST /api/agents`, `PATCH /api/agents/:id`, `POST /api/presence`. */
export const AgentResponse = z.object({ agent: AgentView });
export type AgentResponse = z.infer<typeof AgentResponse>;
export const AgentListResponse = z.object({ agents: z.array(AgentView) });
export type AgentListResponse = z.infer<typeof AgentListResponse>;

/** Presence over REST (scripts); the console sends the `presence` frame instead. */
export const PresenceRequest = z.object({ status: PresenceStatus, maxChats: z.number().int().min(0).max(100).optional() });
export type PresenceRequest = z.input<typeof PresenceRequest>;

export const HistoryQuery = z.object({
  afterSeq: z.coerce.number<number>().int().min(0).default(0),
  limit: z.coerce.number<number>().int().min(1).max(500).default(100),
});
export type HistoryQuery = z.input<typeof HistoryQuery>;
export const HistoryResponse = z.object({
  messages: z.array(Message),
  /** Pass as `afterSeq` for the next page; null when there is no more. */
  nextAfterSeq: Seq.nullable(),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;

export const ConversationListQuery = z.object({
  state: z.enum(['bot', 'queued', 'assigned', 'closed', 'open']).optional(),
  /** Search visitor name, email and message text (case-insensitive). */
  q: z.string().min(1).max(200).optional(),
  /** One visitor's conversations (their earlier conversations, in the console). */
  visitorId: z.string().max(64).optional(),
  limit: z.coerce.number<number>().int().min(1).max(200).default(50),
  before: z.coerce.number<number>().int().optional(),
});
export type ConversationListQuery = z.input<typeof ConversationListQuery>;
export const ConversationListResponse = z.object({ conversations: z.array(ConversationSummary) });
export type ConversationListResponse = z.infer<typeof ConversationListResponse>;
export const ConversationResponse = z.object({ conversation: ConversationSummary });
export type ConversationResponse = z.infer<typeof ConversationResponse>;

export const TicketListQuery = z.object({
  status: z.enum(['open', 'done']).optional(),
  limit: z.coerce.number<number>().int().min(1).max(500).default(100),
});
export type TicketListQuery = z.input<typeof TicketListQuery>;
export const TicketListResponse = z.object({ tickets: z.array(OfflineTicket) });
export type TicketListResponse = z.infer<typeof TicketListResponse>;
export const TicketUpdate = z.object({ status: z.enum(['open', 'done']) });
export type TicketUpdate = z.input<typeof TicketUpdate>;
export const TicketResponse = z.object({ ticket: OfflineTicket });
export type TicketResponse = z.infer<typeof TicketResponse>;

export const FiguresQuery = z.object({
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
});
export type FiguresQuery = z.infer<typeof FiguresQuery>;

/** One Redis-backed part of the relay (bus, presence, rate limits) as `/healthz` reports it. */
export const DependencyHealth = z.object({
  state: z.enum(['up', 'down']),
  /** Since when it is in this state (ms). */
  since: z.number(),
  /** How many times it went down since the relay started. */
  outages: z.number().int(),
  /** Failed operations since the relay started (a rate-limit check let through, a bus append held back…). */
  failures: z.number().int(),
});
export type DependencyHealth = z.infer<typeof DependencyHealth>;

export const HealthResponse = z.object({
  /** `degraded`: storage answers but a Redis-backed part is down (chat goes on; 200). `unhealthy`: storage is down (503). */
  status: z.enum(['ok', 'degraded', 'unhealthy']),
  storage: z.enum(['ok', 'down']),
  uptimeS: z.number(),
  connections: z.object({ visitors: z.number(), agents: z.number() }),
  /** Present when REDIS_URL is set. */
  redis: z.object({ bus: DependencyHealth, presence: DependencyHealth, rateLimit: DependencyHealth }).optional(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

// ---------------------------------------------------------------- console API

export const CannedResponse = z.object({
  id: z.string(),
  /** Typed as `/shortcut` in the reply box. */
  shortcut: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/i, 'shortcut: 1–32 letters, digits, "_" or "-"'),
  title: z.string().max(120),
  text: z.string().min(1).max(4000),
  updatedAt: z.number(),
});
export type CannedResponse = z.infer<typeof CannedResponse>;
export const CannedInput = CannedResponse.pick({ shortcut: true, title: true, text: true }).partial({ title: true });
export type CannedInput = z.input<typeof CannedInput>;
export const CannedUpdate = CannedInput.partial();
export type CannedUpdate = z.input<typeof CannedUpdate>;
export const CannedListResponse = z.object({ canned: z.array(CannedResponse) });
export type CannedListResponse = z.infer<typeof CannedListResponse>;
/** `POST /api/canned`, `PATCH /api/canned/:id`. */
export const CannedItemResponse = z.object({ canned: CannedResponse });
export type CannedItemResponse = z.infer<typeof CannedItemResponse>;

export const KbEntry = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'id: letters, digits, "_", "." or "-"'),
  questions: z.array(z.string().min(1).max(500)).min(1).max(200),
  answer: z.string().min(1).max(8000),
  quickReplies: z.array(z.string().min(1).max(200)).max(10).optional(),
  tags: z.array(z.string().min(1).max(64)).max(20).optional(),
});
export type KbEntry = z.infer<typeof KbEntry>;
/** `PUT /api/kb/entries/:id`: the entry without its id (the path names it). */
export const KbEntryInput = KbEntry.omit({ id: true });
export type KbEntryInput = z.infer<typeof KbEntryInput>;
export const KbEntryResponse = z.object({ entry: KbEntry });
export type KbEntryResponse = z.infer<typeof KbEntryResponse>;
export const KbMatchQuery = z.object({ q: z.string().min(1).max(2000) });
export type KbMatchQuery = z.infer<typeof KbMatchQuery>;
/** `GET /api/kb/match?q=`: the bot's ranked candidates, best first. */
export const KbMatchResponse = z.object({
  candidates: z.array(z.object({ entryId: z.string(), question: z.string(), confidence: z.number().min(0).max(1) })),
});
export type KbMatchResponse = z.infer<typeof KbMatchResponse>;
export type KbMatchCandidate = KbMatchResponse['candidates'][number];
export const KbSource = z.enum(['file', 'console']);
export type KbSource = z.infer<typeof KbSource>;
export const KbEntriesResponse = z.object({ entries: z.array(KbEntry), source: KbSource, path: z.string().nullable() });
export type KbEntriesResponse = z.infer<typeof KbEntriesResponse>;
export const KbReloadQuery = z.object({ discardEdits: z.enum(['true', 'false']).optional() });
export type KbReloadQuery = z.input<typeof KbReloadQuery>;
export const KbReloadResponse = z.object({ entries: z.number().int(), source: KbSource });
export type KbReloadResponse = z.infer<typeof KbReloadResponse>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time is HH:MM');
export const BusinessHours = z.object({
  enabled: z.boolean(),
  /** IANA time zone, e.g. "Europe/Berlin". */
  timezone: z.string().min(1).max(64),
  /** Open intervals per weekday; a day with no interval is closed. */
  days: z.partialRecord(Weekday, z.array(z.object({ open: HHMM, close: HHMM })).max(4)),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

export { WidgetTheme };

/** The widget's pre-chat form asks the visitor to accept the site's privacy policy; the relay records when. */
export const ConsentSettings = z.object({
  enabled: z.boolean(),
  /** The site's privacy policy, linked beside the checkbox. */
  privacyUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2048)]),
});
export type ConsentSettings = z.infer<typeof ConsentSettings>;

/** Site settings an admin edits in the console. The identity secret is write-only. */
export const SiteSettings = z.object({
  id: z.string(),
  name: z.string().min(1).max(120),
  welcomeMessage: z.string().max(1000),
  /** Origins added in the console (editable). */
  allowedOrigins: z.array(z.string().max(200)).max(50),
  /** Origins from the relay's ALLOWED_ORIGINS setting: always allowed, not editable here. */
  environmentOrigins: z.array(z.string()),
  identityVerification: z.boolean(),
  theme: WidgetTheme,
  businessHours: BusinessHours,
  /** Agents must use two-factor authentication (bots excepted); see docs/console.md. */
  requireTwoFactor: z.boolean(),
  consent: ConsentSettings,
});
export type SiteSettings = z.infer<typeof SiteSettings>;
export const SiteUpdate = SiteSettings.omit({ id: true, identityVerification: true, environmentOrigins: true })
  .partial()
  .extend({ identitySecret: z.string().min(16).max(256).nullable().optional() });
export type SiteUpdate = z.input<typeof SiteUpdate>;

export const ReportsQuery = z.object({
  from: z.coerce.number<number>().int(),
  to: z.coerce.number<number>().int(),
  /** IANA time zone for day boundaries. */
  tz: z.string().max(64).default('UTC'),
});
export type ReportsQuery = z.input<typeof ReportsQuery>;
export const Figures = z.object({
  conversations: z.number(),
  closed: z.number(),
  botDeflectionRate: z.number().nullable(),
  handoffs: z.number(),
  firstResponseMs: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
  avgHandleMs: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  firstContactResolutionRate: z.number().nullable(),
  csat: z.object({ average: z.number().nullable(), count: z.number(), distribution: z.array(z.number()).length(5) }),
  offlineTickets: z.number(),
});
export type Figures = z.infer<typeof Figures>;
export const FiguresResponse = Figures.extend({ from: z.number(), to: z.number() });
export type FiguresResponse = z.infer<typeof FiguresResponse>;
export const ReportsResponse = z.object({
  from: z.number(),
  to: z.number(),
  tz: z.string(),
  totals: Figures,
  /** One row per calendar day in `tz`, oldest first, days without conversations included. */
  days: z.array(Figures.extend({ day: z.string() })),
  /** One row per agent who handled (was last assigned to) a conversation in the range. */
  agents: z.array(Figures.extend({ agentId: z.string(), name: z.string() })),
});
export type ReportsResponse = z.infer<typeof ReportsResponse>;
