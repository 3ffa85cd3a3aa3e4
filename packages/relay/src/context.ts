import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from './bus/types.js';
import type { Config } from './config.js';
import type { Hub } from './hub.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { PresenceStore } from './presence.js';
import type { ConversationService } from './service.js';
import type { SiteStore } from './site.js';
import type { Storage } from './storage/types.js';
import type { KnowledgeBaseHolder } from './knowledge.js';
import type { SharedRateLimiter } from './rate-limit-redis.js';

/** Everything a socket or route handler needs, built once in server.ts. */
export interface RelayContext {
  config: Config;
  storage: Storage;
  bus: Bus;
  hub: Hub;
  presence: PresenceStore;
  service: ConversationService;
  sites: SiteStore;
  /** Signs visitor tokens. */
  secret: string;
  log: FastifyBaseLogger;
  /** Serialises each visitor's frames across their tabs, so two first messages cannot open two conversations. */
  visitorQueue: KeyedQueue;
  /** Serialises agent frames per conversation. */
  conversationQueue: KeyedQueue;
  knowledge: KnowledgeBaseHolder | null;
  /** Per-visitor and per-IP limits, shared by every relay when Redis is configured. */
  limiter: SharedRateLimiter;
  startedAt: number;
}
