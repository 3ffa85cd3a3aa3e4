/**
 * Relay settings: environment variables, optionally a JSON file named by SWITCHBOARD_CONFIG
 * (the environment wins). Validated with zod; a bad setting stops start-up with a message naming
 * the setting and why.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { isOriginPattern } from './auth/origins.js';

const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));
const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const origins = csv.pipe(
  z.array(z.string().refine(isOriginPattern, { error: (issue) => `"${String(issue.input)}" is not an origin pattern (scheme://host[:port], * for any port or subdomain, or * alone)` })),
);

export const ConfigSchema = z.object({
  port: int(0, 65535).default(8787),
  host: z.string().min(1).default('127.0.0.1'),
  /** Where SQLite and the generated secret live. */
  dataDir: z.string().min(1).default('./data'),
  /** postgres://… selects PostgreSQL storage instead of SQLite. */
  databaseUrl: z.string().url().optional(),
  /** redis://… selects the Redis bus instead of the in-process one. */
  redisUrl: z.string().url().optional(),
  sqliteSync: z.enum(['normal', 'full']).default('normal'),
  /** Signs visitor tokens. Generated and stored in the database when not given. */
  secret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Origins allowed to open visitor sockets. `*` allows any; `http://localhost:*` any port. */
  allowedOrigins: origins.default(['http://localhost:*', 'http://127.0.0.1:*']),
  /** Origins besides the relay's own allowed to open agent sockets (a console served elsewhere). */
  agentOrigins: origins.default([]),
  /** Per-site secret for identity verification (HMAC-SHA256 of the user id). */
  identitySecret: z.string().min(16, 'must be at least 16 characters').optional(),
  siteName: z.string().min(1).default('Support'),
  welcomeMessage: z.string().default('Hi! Ask me anything about orders, shipping or returns — or ask for a human.'),
  kbPath: z.string().optional(),
  bot: bool.default(true),
  /** A conversation left with the bot this long without a message is closed (counts as deflected). 0 = never. */
  botIdleMinutes: int(0, 7 * 24 * 60).default(30),
  adminEmail: z.string().email().default('admin@example.com'),
  /** Password for the admin account created on first start; a random one is printed when unset. */
  adminPassword: z.string().min(8, 'must be at least 8 characters').optional(),
  sessionTtlHours: int(1, 24 * 365).default(24 * 7),
  /** Failed sign-ins in a row that lock an account (per e-mail, across relays with Redis). */
  loginMaxFailures: int(1, 100).default(5),
  /** Failed sign-ins in a row that lock a client IP (offices share one). */
  loginIpMaxFailures: int(1, 10_000).default(20),
  /** The first lock's length; each further lockout doubles it, up to an hour. */
  loginLockSeconds: int(1, 86_400).default(60),
  /** Closed conversations older than this are deleted or anonymised (RETENTION_ACTION) every hour; 0 keeps them forever. */
  retentionDays: int(0, 36_500).default(0),
  retentionAction: z.enum(['anonymise', 'delete']).default('anonymise'),
  maxTextBytes: int(16, 65_536).default(8192),
  maxFrameBytes: int(1024, 1_048_576).default(65_536),
  /** Bytes a socket may have waiting to be written before it is closed with 4005 (a reader that stopped reading). */
  sendBufferBytes: int(65_536, 67_108_864).default(1_048_576),
  ratePerSec: int(1, 10_000).default(10),
  rateBurst: int(1, 10_000).default(30),
  /** Bad or excess frames a connection may send in a minute before it is closed (1008). */
  abuseLimit: int(1, 100_000).default(50),
  /** Stored frames (messages, tickets, ratings…) per visitor per minute, across tabs and relays. */
  visitorPerMin: int(1, 100_000).default(60),
  /** Stored frames per client IP per minute, across relays (many visitors can share an office IP). */
  ipPerMin: int(1, 1_000_000).default(300),
  /** New visitor sockets per client IP per minute. */
  ipConnectsPerMin: int(1, 100_000).default(60),
  /** Take the client IP from X-Forwarded-For: only behind a proxy that sets it. */
  trustProxy: bool.default(false),
  heartbeatMs: int(1000, 600_000).default(30_000),
  handshakeTimeoutMs: int(100, 120_000).default(10_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Serve the demo page at `/` (the widget and console are always served). */
  demo: bool.default(true),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variable → setting. */
export const ENV_NAMES: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  sqliteSync: 'SQLITE_SYNC',
  secret: 'SWITCHBOARD_SECRET',
  allowedOrigins: 'ALLOWED_ORIGINS',
  agentOrigins: 'AGENT_ORIGINS',
  identitySecret: 'IDENTITY_SECRET',
  siteName: 'SITE_NAME',
  welcomeMessage: 'WELCOME_MESSAGE',
  kbPath: 'KB_PATH',
  bot: 'BOT_ENABLED',
  botIdleMinutes: 'BOT_IDLE_MINUTES',
  adminEmail: 'ADMIN_EMAIL',
  adminPassword: 'ADMIN_PASSWORD',
  sessionTtlHours: 'SESSION_TTL_HOURS',
  loginMaxFailures: 'LOGIN_MAX_FAILURES',
  loginIpMaxFailures: 'LOGIN_IP_MAX_FAILURES',
  loginLockSeconds: 'LOGIN_LOCK_SECONDS',
  retentionDays: 'RETENTION_DAYS',
  retentionAction: 'RETENTION_ACTION',
  maxTextBytes: 'MAX_TEXT_BYTES',
  maxFrameBytes: 'MAX_FRAME_BYTES',
  sendBufferBytes: 'SEND_BUFFER_BYTES',
  ratePerSec: 'RATE_PER_SEC',
  rateBurst: 'RATE_BURST',
  abuseLimit: 'ABUSE_LIMIT',
  visitorPerMin: 'VISITOR_PER_MIN',
  ipPerMin: 'IP_PER_MIN',
  ipConnectsPerMin: 'IP_CONNECTS_PER_MIN',
  trustProxy: 'TRUST_PROXY',
  heartbeatMs: 'HEARTBEAT_MS',
  handshakeTimeoutMs: 'HANDSHAKE_TIMEOUT_MS',
  logLevel: 'LOG_LEVEL',
  demo: 'DEMO_PAGE',
};

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid relay configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validates settings given in code (tests, embedding). */
export function parseConfig(input: ConfigInput, describe: (key: string) => string = (k) => k): Config {
  const result = ConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return `${describe(key)}: ${issue.message}`;
    }),
  );
}

/** Reads the optional config file, then the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let fileValues: Record<string, unknown> = {};
  const file = env.SWITCHBOARD_CONFIG;
  if (file) {
    try {
      fileValues = JSON.parse(readFileSync(resolve(file), 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError([`SWITCHBOARD_CONFIG (${file}): cannot read it as JSON: ${(err as Error).message}`]);
    }
    const unknown = Object.keys(fileValues).filter((k) => !(k in ENV_NAMES));
    if (unknown.length) throw new ConfigError(unknown.map((k) => `SWITCHBOARD_CONFIG (${file}): unknown setting "${k}"`));
  }
  const input: Record<string, unknown> = { ...fileValues };
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[key] = value;
  }
  return parseConfig(input as ConfigInput, (key) => {
    const name = ENV_NAMES[key as keyof Config];
    return name ? `${name} (${key})` : key;
  });
}
