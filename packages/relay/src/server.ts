/**
 * Builds and starts a relay: storage, bus, bot, sockets, REST and static files.
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { WebSocket } from 'ws';
import { hashPassword } from './auth/passwords.js';
import { newSecret } from './auth/tokens.js';
import type { RelayBot } from './bot-port.js';
import { MemoryBus } from './bus/memory.js';
import { RedisBus, parseRedisUrl } from './bus/redis.js';
import type { Bus } from './bus/types.js';
import { ConfigError, parseConfig, type Config, type ConfigInput } from './config.js';
import type { RelayContext } from './context.js';
import { Hub } from './hub.js';
import { registerApi } from './http/api.js';
import { registerStatic } from './http/static.js';
import { newId } from './ids.js';
import { KeyedQueue } from './keyed-queue.js';
import { KnowledgeBaseHolder } from './knowledge.js';
import { MemoryPresence, type PresenceStore } from './presence.js';
import { RedisPresence } from './presence-redis.js';
import { MemoryRateLimiter, RedisRateLimiter } from './rate-limit-redis.js';
import { ConversationService } from './service.js';
import { SiteStore } from './site.js';
import { PostgresStorage } from './storage/postgres.js';
import { SqliteStorage } from './storage/sqlite.js';
import type { Storage } from './storage/types.js';
import { handleAgentSocket } from './ws/agent.js';
import { handleVisitorSocket } from './ws/visitor.js';

export interface RelayOptions extends ConfigInput {
  /** Use this storage instead of the one the config selects. */
  storage?: Storage;
  bus?: Bus;
  presence?: PresenceStore;
  /** Replace the in-process bot (tests); `null` disables it. */
  botEngine?: RelayBot | null;
  /** Called once with the admin's first-start credentials (the CLI prints them). */
  onAdminCreated?: (admin: { email: string; password: string; generated: boolean }) => void;
}

export interface Relay {
  app: FastifyInstance;
  context: RelayContext;
  config: Config;
  /** Drains: closes sockets with 1001, finishes pending work, closes storage. */
  close(): Promise<void>;
}

export interface RunningRelay extends Relay {
  url: string;
  port: number;
}

async function openStorage(config: Config, log: FastifyBaseLogger): Promise<Storage> {
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) throw new ConfigError(['DATABASE_URL (databaseUrl): must be a postgres:// or postgresql:// URL.']);
    return new PostgresStorage({ url: config.databaseUrl, onError: (err) => log.warn({ err: err.message }, 'PostgreSQL connection lost') });
  }
  return new SqliteStorage({ path: join(resolve(config.dataDir), 'switchboard.db'), sync: config.sqliteSync });
}

async function signingSecret(storage: Storage, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const stored = await storage.getSetting('visitor_token_secret');
  if (stored) return stored;
  const secret = newSecret();
  await storage.setSetting('visitor_token_secret', secret);
  return (await storage.getSetting('visitor_token_secret')) ?? secret;
}

async function ensureAdmin(storage: Storage, config: Config, notify: RelayOptions['onAdminCreated']): Promise<void> {
  if ((await storage.countAgents()) > 0) return;
  const generated = !config.adminPassword;
  const password = config.adminPassword ?? randomBytes(9).toString('base64url');
  await storage.createAgent({
    id: newId('a'),
    email: config.adminEmail,
    name: 'Admin',
    role: 'admin',
    passwordHash: await hashPassword(password),
    avatarUrl: null,
    maxChats: 5,
    active: true,
    createdAt: Date.now(),
  });
  notify?.({ email: config.adminEmail, password, generated });
}

export async function createRelay(options: RelayOptions = {}): Promise<Relay> {
  const { storage: givenStorage, bus: givenBus, presence: givenPresence, botEngine: givenBot, onAdminCreated, ...input } = options;
  const config = parseConfig(input);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: 256 * 1024,
    trustProxy: config.trustProxy,
    // Requests Node's HTTP parser refuses (oversized headers or URL, malformed lines) get the same
    // coded error body as everything else.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
      const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify({
        error: tooLarge
          ? { code: 'TOO_LARGE', message: 'The request URL or headers are too large.' }
          : { code: 'INVALID_FRAME', message: 'The HTTP request is malformed.' },
      });
      socket.end(
        `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  const storage = givenStorage ?? (await openStorage(config, app.log));
  await storage.init();
  const secret = await signingSecret(storage, config.secret);
  await ensureAdmin(storage, config, onAdminCreated);

  const knowledge = givenBot === undefined && config.bot ? await KnowledgeBaseHolder.load(storage, config.kbPath) : null;
  const bot = givenBot === undefined ? (knowledge?.relayBot ?? null) : givenBot;
  const redis = config.redisUrl ? parseRedisUrl(config.redisUrl) : null;
  const bus = givenBus ?? (redis ? new RedisBus({ ...redis, log: app.log }) : new MemoryBus());
  const hub = new Hub();
  const limiter = redis ? new RedisRateLimiter({ ...redis, log: app.log }) : new MemoryRateLimiter();
  const sharedPresence = !givenPresence && redis ? new RedisPresence({ ...redis, localBot: () => hub.hasBotConnected(), log: app.log }) : null;
  const presence = givenPresence ?? sharedPresence ?? new MemoryPresence();
  const sites = await SiteStore.load(storage, config);
  const service = new ConversationService({
    isOpen: () => sites.open(),
    storage,
    bus,
    presence,
    bot,
    externalBotConnected: () => hub.hasBotConnected() || (sharedPresence?.botElsewhere() ?? false),
    config,
    log: app.log,
  });
  const context: RelayContext = {
    config,
    storage,
    bus,
    hub,
    presence,
    service,
    sites,
    secret,
    log: app.log,
    visitorQueue: new KeyedQueue(),
    conversationQueue: new KeyedQueue(),
    knowledge,
    limiter,
    startedAt: Date.now(),
  };
  const unsubscribe = bus.subscribe((delivery) => hub.deliver(delivery));

  await app.register(websocket, { options: { maxPayload: config.maxFrameBytes } });
  app.register(async (scope) => {
    scope.get(
      '/ws/visitor',
      {
        websocket: true,
        // Rejected before the upgrade: a page on another origin never gets a socket.
        preValidation: async (req, reply) => {
          const origin = req.headers.origin;
          const sameOrigin = origin !== undefined && safeHost(origin) === req.headers.host;
          if (!sameOrigin && !sites.originAllowed(origin)) {
            req.log.warn({ origin }, 'visitor socket from a disallowed origin');
            return reply.status(403).send({ error: { code: 'ORIGIN_NOT_ALLOWED', message: `Origin ${origin ?? '(none)'} may not connect.` } });
          }
        },
      },
      (socket: WebSocket, req) => handleVisitorSocket(context, socket, req),
    );
    scope.get('/ws/agent', { websocket: true }, (socket: WebSocket) => handleAgentSocket(context, socket));
  });
  registerApi(app, context);
  await registerStatic(app, { demo: config.demo });

  // Heartbeat: a socket that did not answer the previous ping is dead (its TCP peer vanished).
  const alive = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const client of app.websocketServer.clients) {
      if (!alive.has(client)) {
        client.terminate();
        continue;
      }
      alive.delete(client);
      client.ping();
    }
  }, config.heartbeatMs);
  heartbeat.unref();
  app.websocketServer.on('connection', (client: WebSocket) => {
    alive.add(client);
    client.on('pong', () => alive.add(client));
  });

  // Business hours open and close on the clock, and bot conversations go idle: check every minute.
  const minutely = setInterval(() => {
    void service.refreshAvailability().catch((err: unknown) => app.log.error({ err }, 'availability check failed'));
    if (config.botIdleMinutes > 0) {
      void service.closeIdleBotConversations(config.botIdleMinutes * 60_000).catch((err: unknown) => app.log.error({ err }, 'idle sweep failed'));
    }
  }, 60_000);
  minutely.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(heartbeat);
      clearInterval(minutely);
      hub.closeAll();
      await app.close();
      await Promise.all([service.idle(), context.conversationQueue.idle(), context.visitorQueue.idle()]);
      unsubscribe();
      if (!givenBus) await bus.close();
      await sharedPresence?.close();
      await limiter.close();
      if (!givenStorage) await storage.close();
    })());

  return { app, context, config, close };
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export async function startRelay(options: RelayOptions = {}): Promise<RunningRelay> {
  const relay = await createRelay(options);
  await relay.app.listen({ port: relay.config.port, host: relay.config.host });
  const address = relay.app.server.address();
  const port = typeof address === 'object' && address ? address.port : relay.config.port;
  const host = relay.config.host === '0.0.0.0' || relay.config.host === '::' ? '127.0.0.1' : relay.config.host;
  return { ...relay, port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
