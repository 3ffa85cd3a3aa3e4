/**
 * Builds and starts a relay: storage, bus, bot, sockets, REST and static files.
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { WebSocket } from 'ws';
import { hashPassword } from './auth/passwords.js';
import { originMatcher } from './auth/origins.js';
import { newSecret } from './auth/tokens.js';
import type { RelayBot } from './bot-port.js';
import { MemoryBus } from './bus/memory.js';
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
import { ConversationService } from './service.js';
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

async function openStorage(config: Config): Promise<Storage> {
  if (config.databaseUrl) {
    throw new ConfigError(['DATABASE_URL (databaseUrl): PostgreSQL storage is not in this build yet; unset it to use the embedded SQLite.']);
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
    trustProxy: true,
  });
  const storage = givenStorage ?? (await openStorage(config));
  await storage.init();
  const secret = await signingSecret(storage, config.secret);
  await ensureAdmin(storage, config, onAdminCreated);

  const knowledge = givenBot === undefined && config.bot ? await KnowledgeBaseHolder.load(config.kbPath) : null;
  const bot = givenBot === undefined ? (knowledge?.relayBot ?? null) : givenBot;
  const bus = givenBus ?? new MemoryBus();
  const hub = new Hub();
  const presence = givenPresence ?? new MemoryPresence();
  const service = new ConversationService({
    storage,
    bus,
    presence,
    bot,
    externalBotConnected: () => hub.hasBotConnected(),
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
    site: { id: 'default', name: config.siteName, welcomeMessage: config.welcomeMessage || null, identitySecret: config.identitySecret ?? null },
    secret,
    log: app.log,
    visitorQueue: new KeyedQueue(),
    conversationQueue: new KeyedQueue(),
    knowledge,
    startedAt: Date.now(),
  };
  const unsubscribe = bus.subscribe((delivery) => hub.deliver(delivery));

  await app.register(websocket, { options: { maxPayload: config.maxFrameBytes } });
  const allowed = originMatcher(config.allowedOrigins);
  app.register(async (scope) => {
    scope.get(
      '/ws/visitor',
      {
        websocket: true,
        // Rejected before the upgrade: a page on another origin never gets a socket.
        preValidation: async (req, reply) => {
          const origin = req.headers.origin;
          const sameOrigin = origin !== undefined && safeHost(origin) === req.headers.host;
          if (!sameOrigin && !allowed(origin)) {
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

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(heartbeat);
      hub.closeAll();
      await app.close();
      await Promise.all([service.idle(), context.conversationQueue.idle(), context.visitorQueue.idle()]);
      unsubscribe();
      if (!givenBus) await bus.close();
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
