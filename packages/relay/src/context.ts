import type { FastifyBaseLogger } from 'fastify';
import type { Sessions } from './accounts/sessions.js';
import type { CannedResponses } from './admin/canned.js';
import type { Reporting } from './admin/reporting.js';
import type { SiteSettingsCommands } from './admin/site-settings.js';
import type { Tickets } from './admin/tickets.js';
import type { Config } from './config.js';
import type { Core } from './conversation/core.js';
import type { ConversationReads } from './conversation/reads.js';
import type { Health } from './health.js';
import type { PrincipalResolver } from './http/principals.js';
import type { Hub } from './hub.js';
import type { KnowledgeBaseHolder } from './knowledge.js';
import type { SharedRateLimiter } from './rate-limit-redis.js';
import type { SiteStore } from './site.js';

/**
 * What socket and route handlers may use, built once in server.ts: commands and reads, never a
 * storage handle. Handlers decode and validate a frame or request, call one command, and send
 * what it returns.
 */
export interface RelayContext {
  config: Config;
  log: FastifyBaseLogger;
  /** The sockets this process holds. */
  hub: Hub;
  /** New visitor sockets per IP (shared by every relay when Redis is configured). */
  limiter: SharedRateLimiter;
  visitors: Core['visitors'];
  agents: Core['agents'];
  sessions: Sessions;
  account: Core['account'];
  twoFactor: Core['twoFactor'];
  audit: Core['audit'];
  privacy: Core['privacy'];
  /** Who may act with a bearer credential (http/principals.ts); API tokens add theirs here. */
  principals: PrincipalResolver[];
  reads: ConversationReads;
  tickets: Tickets;
  canned: CannedResponses;
  reporting: Reporting;
  sites: SiteStore;
  siteSettings: SiteSettingsCommands;
  knowledge: KnowledgeBaseHolder | null;
  health: Health;
}
