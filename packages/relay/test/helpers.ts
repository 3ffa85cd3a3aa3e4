/**
 * Integration-test harness: a real relay on a random port (in this process, or as a child
 * process for crash tests) and real `ws` clients that record every frame they receive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startRelay, type RelayOptions, type RunningRelay } from '../src/index.js';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };
export const ORIGIN = 'http://localhost:5173';

export interface TestRelay extends RunningRelay {
  dataDir: string;
  wsUrl: string;
  stop(): Promise<void>;
}

export async function testRelay(options: RelayOptions = {}): Promise<TestRelay> {
  const dataDir = (options.dataDir as string | undefined) ?? mkdtempSync(join(tmpdir(), 'sb-relay-'));
  // Tests open many sockets from 127.0.0.1; the shared per-IP limits get their own test.
  const relay = await startRelay({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', adminEmail: ADMIN.email, adminPassword: ADMIN.password, ipConnectsPerMin: 100_000, ipPerMin: 1_000_000, ...options });
  return {
    ...relay,
    dataDir,
    wsUrl: relay.url.replace(/^http/, 'ws'),
    async stop() {
      await relay.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Frame = { type: string; [key: string]: any };

/** A WebSocket client that keeps every frame and lets a test wait for the next matching one. */
export class Client {
  readonly frames: Frame[] = [];
  private cursor = 0;
  private waiters: (() => void)[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly closedPromise: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.wake();
    });
    this.closedPromise = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closed = { code, reason: reason.toString() };
        this.wake();
        resolve(this.closed);
      }),
    );
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<Client> {
    const ws = new WebSocket(url, options);
    const client = new Client(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return client;
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (after the last one returned) that matches; frames skipped over stay in `frames`. */
  async next(match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++]!;
        if (match(frame)) return frame;
      }
      if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting; frames: ${JSON.stringify(this.frames.slice(-5))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a frame; last frames: ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  type(type: string, extra: (f: Frame) => boolean = () => true, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => f.type === type && extra(f), timeoutMs);
  }

  /** Waits for a bot/agent/system message whose text matches. */
  message(match: (m: any) => boolean, timeoutMs?: number): Promise<any> {
    return this.next((f) => f.type === 'message' && match(f.message), timeoutMs).then((f) => f.message);
  }

  waitClosed(): Promise<{ code: number; reason: string }> {
    return this.closedPromise;
  }

  close(): void {
    this.ws.close();
  }
}

export async function visitor(relay: { wsUrl: string }, hello: object = {}, origin = ORIGIN): Promise<{ client: Client; welcome: Frame }> {
  const client = await Client.open(`${relay.wsUrl}/ws/visitor`, { origin });
  client.send({ type: 'hello', v: 1, ...hello });
  const welcome = await client.type('welcome');
  return { client, welcome };
}

export async function api(relay: { url: string }, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${relay.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function loginAs(relay: { url: string }, email = ADMIN.email, password = ADMIN.password): Promise<string> {
  const res = await api(relay, 'POST', '/api/login', { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export async function createAgent(relay: { url: string }, adminToken: string, agent: { email: string; name: string; maxChats?: number; role?: string }): Promise<{ id: string; token: string }> {
  const password = 'agent-password-1';
  const res = await api(relay, 'POST', '/api/agents', { password, maxChats: 5, ...agent }, adminToken);
  if (res.status !== 201) throw new Error(`create agent failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.agent.id, token: await loginAs(relay, agent.email, password) };
}

export async function agentSocket(relay: { wsUrl: string }, token: string, scope: 'all' | 'assigned' = 'all'): Promise<{ client: Client; ready: Frame }> {
  const client = await Client.open(`${relay.wsUrl}/ws/agent`);
  client.send({ type: 'auth', v: 1, token, scope });
  const ready = await client.type('ready');
  return { client, ready };
}

export const RELAY_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** The relay as its own process (built CLI), for SIGKILL and SIGTERM tests. */
export async function spawnRelay(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; wsUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [RELAY_CLI, 'start'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_PASSWORD: ADMIN.password, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d.toString()));
  child.stderr!.on('data', (d) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${out}`)), 20_000);
    const check = () => {
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}:\n${out}`)));
  });
  return { child, url, wsUrl: url.replace(/^http/, 'ws'), output: () => out };
}

let ids = 0;
export const cid = (prefix = 'c') => `${prefix}${Date.now().toString(36)}${++ids}`;

/** Polls `check` until it holds; throws after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The RFC 6238 code an authenticator app shows for a base32 secret at `at` (HMAC-SHA1, 30 s
 * steps, 6 digits), written out here from the RFC so the tests do not trust the relay's library.
 */
export function totp(secret: string, at = Date.now()): string {
  let bits = '';
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += BASE32.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Turns two-factor on for the agent behind `token`; returns the secret and the recovery codes. */
export async function enableTwoFactor(relay: { url: string }, token: string, password: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await api(relay, 'POST', '/api/me/two-factor/setup', { password }, token);
  if (setup.status !== 200) throw new Error(`two-factor setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  const enabled = await api(relay, 'POST', '/api/me/two-factor/enable', { code: totp(setup.body.secret) }, token);
  if (enabled.status !== 200) throw new Error(`two-factor enable failed: ${enabled.status} ${JSON.stringify(enabled.body)}`);
  return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes };
}
