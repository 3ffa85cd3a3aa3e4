/**
 * Builds and starts a relay: storage, bus, the conversation core, sockets, REST and static files.
 * This is the one place that holds everything; socket and route handlers get the commands in
 * RelayContext and never a storage handle.
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { WebSocket } from 'ws';
import { CannedResponses } from './admin/canned.js';
import { Reporting } from './admin/reporting.js';
import { SiteSettingsCommands } from './admin/site-settings.js';
import { Tickets } from './admin/tickets.js';
import { MemoryLoginThrottle, RedisLoginThrottle } from './accounts/throttle.js';
import { hashPassword } from './auth/passwords.js';
import { newSecret } from './auth/tokens.js';
import type { RelayBot } from './bot-port.js';
import { MemoryBus } from './bus/memory.js';
import { RedisBus, parseRedisUrl } from './bus/redis.js';
import type { Bus } from './bus/types.js';
import { ConfigError, parseConfig, type Config, type ConfigInput } from './config.js';
import type { RelayContext } from './context.js';
import { createCore, type Core } from './conversation/core.js';
import { Dependency, Health, type RedisParts } from './health.js';
import { registerApi } from './http/api.js';
import { sessionPrincipals } from './http/principals.js';
import { registerStatic } from './http/static.js';
import { Hub } from './hub.js';
import { newId } from './ids.js';
import { KnowledgeBaseHolder } from './knowledge.js';
import { MemoryPresence, type PresenceStore } from './presence.js';
import { RedisPresence } from './presence-redis.js';
import { NO_ATTACHMENTS } from './privacy/files.js';
import { MemoryRateLimiter, RedisRateLimiter } from './rate-limit-redis.js';
import { SiteStore } from './site.js';
import { PostgresStorage } from './storage/postgres/index.js';
import { SqliteStorage } from './storage/sqlite/index.js';
import type { Storage } from './storage/types.js';
import { agentOriginCheck, visitorOriginCheck } from './ws/origins.js';
import { handleAgentSocket } from './ws/agent.js';
import { handleVisitorSocket } from './ws/visitor.js';

export interface RelayOptions extends ConfigInput {
  /** Use this storage instead of the one the config selects. */
  storage?: Storage;
  bus?: Bus;
  presence?: PresenceStore;
  /** Replace the in-process bot (tests); `null` disables it. */
  botEngine?: RelayBot | null;
  /** Where log lines go (default stdout). */
  logStream?: { write(line: string): void };
  /** Called once with the admin's first-start credentials (the CLI shows them, never in the log). */
  onAdminCreated?: (admin: { email: string; password: string; generated: boolean }) => void;
}

export interface Relay {
  app: FastifyInstance;
  context: RelayContext;
  /** The conversation core (commands, events, routing) and the storage under it: for embedding and tests. */
  core: Core;
  storage: Storage;
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
  const stored = await storage.settings.get('visitor_token_secret');
  if (stored) return stored;
  const secret = newSecret();
  await storage.settings.set('visitor_token_secret', secret);
  return (await storage.settings.get('visitor_token_secret')) ?? secret;
}

async function ensureAdmin(storage: Storage, config: Config, notify: RelayOptions['onAdminCreated']): Promise<void> {
  if ((await storage.agents.count()) > 0) return;
  const generated = !config.adminPassword;
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  await storage.agents.create({
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
  const { storage: givenStorage, bus: givenBus, presence: givenPresence, botEngine: givenBot, onAdminCreated, logStream, ...input } = options;
  const config = parseConfig(input);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, ...(logStream ? { stream: logStream } : {}) },
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

  const knowledge = givenBot === undefined && config.bot ? await KnowledgeBaseHolder.load(storage.settings, config.kbPath) : null;
  const bot = givenBot === undefined ? (knowledge?.relayBot ?? null) : givenBot;
  const redis = config.redisUrl ? parseRedisUrl(config.redisUrl) : null;
  const redisParts: RedisParts | null = redis
    ? { bus: new Dependency('redis.bus', app.log), presence: new Dependency('redis.presence', app.log), rateLimit: new Dependency('redis.rateLimit', app.log) }
    : null;
  const bus = givenBus ?? (redis ? new RedisBus({ ...redis, log: app.log, health: redisParts!.bus }) : new MemoryBus());
  const hub = new Hub();
  const limiter = redis ? new RedisRateLimiter({ ...redis, health: redisParts!.rateLimit }) : new MemoryRateLimiter();
  const throttle = redis ? new RedisLoginThrottle({ ...redis, health: redisParts!.rateLimit }) : new MemoryLoginThrottle();
  const sharedPresence = !givenPresence && redis ? new RedisPresence({ ...redis, localBot: () => hub.hasBotConnected(), health: redisParts!.presence }) : null;
  const presence = givenPresence ?? sharedPresence ?? new MemoryPresence();
  const sites = await SiteStore.load(storage.settings, config);
  const core = createCore({
    storage,
    bus,
    presence,
    bot,
    botProcessConnected: () => hub.hasBotConnected() || (sharedPresence?.botElsewhere() ?? false),
    sites,
    limiter,
    config,
    secret,
    log: app.log,
    throttle,
    files: NO_ATTACHMENTS,
  });
  const context: RelayContext = {
    config,
    log: app.log,
    hub,
    limiter,
    visitors: core.visitors,
    agents: core.agents,
    sessions: core.sessions,
    account: core.account,
    twoFactor: core.twoFactor,
    audit: core.audit,
    privacy: core.privacy,
    principals: [sessionPrincipals(core.sessions)],
    reads: core.reads,
    tickets: new Tickets(storage, core.events),
    canned: new CannedResponses(storage),
    reporting: new Reporting(storage),
    sites,
    siteSettings: new SiteSettingsCommands(sites, core.assignment, core.twoFactor, core.agents.directory),
    knowledge,
    health: new Health(storage, hub, redisParts, Date.now()),
  };
  const unsubscribe = bus.subscribe((delivery) => hub.deliver(delivery));

  await app.register(websocket, {
    options: { maxPayload: config.maxFrameBytes },
    errorHandler(err, socket, req) {
      // A protocol violation (a frame over MAX_FRAME_BYTES: 1009, text that is not UTF-8: 1007…):
      // ws has sent the close frame and reads and discards what the client still sends. Cutting
      // the connection now would reset it and destroy that close frame before the client reads it.
      const code: unknown = (err as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('WS_ERR_')) {
        req.log.debug({ err: err.message }, 'socket closed for a protocol violation');
        return;
      }
      req.log.warn({ err: err.message }, 'socket error');
      socket.terminate();
    },
  });
  app.register(async (scope) => {
    scope.get('/ws/visitor', { websocket: true, preValidation: visitorOriginCheck(sites) }, (socket: WebSocket, req) => handleVisitorSocket(context, socket, req));
    scope.get('/ws/agent', { websocket: true, preValidation: agentOriginCheck(config.agentOrigins) }, (socket: WebSocket) => handleAgentSocket(context, socket));
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
  // Site settings another relay changed (origins, hours, two-factor, consent) arrive the same way.
  const minutely = setInterval(() => {
    void sites
      .reload()
      .then(() => core.assignment.refresh())
      .catch((err: unknown) => app.log.error({ err }, 'availability check failed'));
    if (config.botIdleMinutes > 0) {
      void core.closeIdleBotConversations(config.botIdleMinutes * 60_000).catch((err: unknown) => app.log.error({ err }, 'idle sweep failed'));
    }
  }, 60_000);
  minutely.unref();

  // Retention: once shortly after start, then every hour.
  const retain = () => void core.privacy.retention.run().catch((err: unknown) => app.log.error({ err }, 'retention run failed'));
  const retentionStart = core.privacy.retention.enabled ? setTimeout(retain, 10_000) : null;
  const hourly = core.privacy.retention.enabled ? setInterval(retain, 3_600_000) : null;
  retentionStart?.unref();
  hourly?.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(heartbeat);
      clearInterval(minutely);
      if (retentionStart) clearTimeout(retentionStart);
      if (hourly) clearInterval(hourly);
      hub.closeAll();
      await app.close();
      await core.serial.idle();
      unsubscribe();
      if (!givenBus) await bus.close();
      await sharedPresence?.close();
      await limiter.close();
      await throttle.close();
      if (!givenStorage) await storage.close();
    })());

  return { app, context, core, storage, config, close };
}

export async function startRelay(options: RelayOptions = {}): Promise<RunningRelay> {
  const relay = await createRelay(options);
  await relay.app.listen({ port: relay.config.port, host: relay.config.host });
  const address = relay.app.server.address();
  const port = typeof address === 'object' && address ? address.port : relay.config.port;
  const host = relay.config.host === '0.0.0.0' || relay.config.host === '::' ? '127.0.0.1' : relay.config.host;
  return { ...relay, port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
