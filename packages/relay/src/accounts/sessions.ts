/**
 * Agent sessions: login (password, then a second factor when the agent has one, throttled per
 * account and per IP), logout, and checking a token (REST) or a socket's session (every agent
 * frame). Ending sessions — logout, a revoked session, "sign out everywhere else", a new
 * password or a deactivation — emits `session.ended`, which closes their sockets (4004) on
 * every relay.
 */
import { randomBytes } from 'node:crypto';
import { verifyPassword } from '../auth/passwords.js';
import { hashSessionToken, newSessionToken } from '../auth/tokens.js';
import type { ClientInfo, DomainEvents } from '../conversation/events.js';
import type { AgentActor } from '../conversation/ports.js';
import { RelayError, SessionEndedError } from '../errors.js';
import type { AgentRecord, SessionRecord, Storage } from '../storage/types.js';
import type { LoginThrottle, ThrottleRule } from './throttle.js';
import type { SecondFactor, TwoFactor } from './two-factor.js';

export interface Authenticated {
  agent: AgentRecord;
  /** The session's id: the SHA-256 of its token (the token itself is never stored or sent on the bus). */
  sessionHash: string;
  expiresAt: number;
}

export interface LoginRules {
  account: ThrottleRule;
  ip: ThrottleRule;
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
/** A session's last-seen time is written at most this often. */
const TOUCH_MS = 60_000;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export interface SessionsDeps {
  storage: Storage;
  events: DomainEvents;
  twoFactor: TwoFactor;
  throttle: LoginThrottle;
  rules: LoginRules;
  ttlHours: number;
  now?: () => number;
}

export class Sessions {
  private readonly now: () => number;

  constructor(private readonly deps: SessionsDeps) {
    this.now = deps.now ?? Date.now;
  }

  async login(
    credentials: { email: string; password: string; code?: string | undefined },
    client: ClientInfo,
  ): Promise<{ token: string; expiresAt: number; agent: AgentRecord }> {
    const { storage, throttle } = this.deps;
    const email = credentials.email.trim().toLowerCase();
    const keys = { account: `a:${email}`, ip: client.ip ? `ip:${client.ip}` : null };
    const now = this.now();
    const wait = Math.max(await throttle.waitMs(keys.account, now), keys.ip ? await throttle.waitMs(keys.ip, now) : 0);
    if (wait > 0) throw new RelayError('RATE_LIMITED', `Too many failed sign-ins: try again in ${seconds(wait)} s.`, seconds(wait));

    const agent = await storage.agents.getByEmail(email);
    // Unknown emails cost the same scrypt work as known ones, so timing does not tell them apart.
    const ok = agent ? await verifyPassword(credentials.password, agent.passwordHash) : await verifyPassword(credentials.password, DUMMY_HASH).then(() => false);
    if (!agent || !ok) return this.failed(email, agent, 'password', keys, client, 'Wrong email or password.');
    if (!agent.active) {
      await this.deps.events.emit({ type: 'account.login_failed', email, agent, reason: 'deactivated', client });
      throw new RelayError('FORBIDDEN', 'This account is deactivated.');
    }
    let via: 'password' | SecondFactor = 'password';
    if (await this.deps.twoFactor.enabled(agent.id)) {
      if (!credentials.code) throw new RelayError('TWO_FACTOR_REQUIRED');
      const factor = await this.deps.twoFactor.check(agent.id, credentials.code);
      if (!factor) return this.failed(email, agent, 'code', keys, client, 'That code is not right (each code works once).');
      via = factor;
    }
    await throttle.clear(keys.account);

    const token = newSessionToken();
    const expiresAt = now + this.deps.ttlHours * 3_600_000;
    await storage.agents.createSession({
      tokenHash: hashSessionToken(token),
      id: randomBytes(8).toString('hex'),
      agentId: agent.id,
      createdAt: now,
      expiresAt,
      lastSeenAt: now,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      ip: client.ip,
    });
    await this.deps.events.emit({ type: 'account.login_succeeded', agent, via, client });
    return { token, expiresAt, agent };
  }

  /** Counts a failed sign-in against the account and the IP, records it, and refuses. */
  private async failed(
    email: string,
    agent: AgentRecord | null,
    reason: 'password' | 'code',
    keys: { account: string; ip: string | null },
    client: ClientInfo,
    message: string,
  ): Promise<never> {
    const { throttle, rules } = this.deps;
    const now = this.now();
    const wait = Math.max(await throttle.fail(keys.account, rules.account, now), keys.ip ? await throttle.fail(keys.ip, rules.ip, now) : 0);
    await this.deps.events.emit({ type: 'account.login_failed', email, agent, reason, client });
    if (wait > 0) throw new RelayError('RATE_LIMITED', `${message} Too many failed sign-ins: try again in ${seconds(wait)} s.`, seconds(wait));
    throw new RelayError('UNAUTHORIZED', message);
  }

  /**
   * The agent behind a session token; UNAUTHORIZED when unknown, expired or deactivated, and
   * TWO_FACTOR_SETUP_REQUIRED when the site requires two-factor authentication the agent has not
   * set up yet (unless `setup`: the routes that set it up, and reading one's own account).
   */
  async authenticate(token: string, options: { setup?: boolean } = {}): Promise<Authenticated> {
    const sessionHash = hashSessionToken(token);
    const { agent, expiresAt } = await this.check(sessionHash);
    if (!options.setup && this.deps.twoFactor.required(agent) && !(await this.deps.twoFactor.enabled(agent.id))) throw new RelayError('TWO_FACTOR_SETUP_REQUIRED');
    return { agent, expiresAt, sessionHash };
  }

  /** The agent a socket speaks for, while its session lasts; SessionEndedError otherwise. */
  async agentOf(actor: AgentActor): Promise<AgentRecord> {
    const { agent } = await this.check(actor.sessionHash);
    return agent;
  }

  /** Ends one session: the token stops working and the sockets it opened close (4004). */
  async logout(token: string): Promise<void> {
    const { agent, sessionHash } = await this.authenticate(token, { setup: true });
    await this.deps.storage.agents.deleteSession(sessionHash);
    await this.deps.events.emit({ type: 'session.ended', agentId: agent.id, sessionHash });
  }

  /** An agent's own sessions, this one marked. */
  async list(agentId: string): Promise<SessionRecord[]> {
    return this.deps.storage.agents.listSessions(agentId);
  }

  /** Ends one of the agent's sessions by its public id (NOT_FOUND when it is not theirs). */
  async revoke(agent: AgentRecord, sessionId: string, client: ClientInfo): Promise<void> {
    const session = (await this.deps.storage.agents.listSessions(agent.id)).find((s) => s.id === sessionId);
    if (!session) throw new RelayError('NOT_FOUND', 'No such session.');
    await this.deps.storage.agents.deleteSession(session.tokenHash);
    await this.deps.events.emit({ type: 'session.ended', agentId: agent.id, sessionHash: session.tokenHash });
    await this.deps.events.emit({ type: 'account.sessions_ended', agent, count: 1, which: 'one', client });
  }

  /** "Sign out everywhere else": every session of the agent but `keep` ends. Returns how many did. */
  async endOthers(agent: AgentRecord, keep: string, client: ClientInfo): Promise<number> {
    const count = await this.deps.storage.agents.deleteSessionsOf(agent.id, keep);
    await this.deps.events.emit({ type: 'session.ended', agentId: agent.id, exceptSessionHash: keep });
    await this.deps.events.emit({ type: 'account.sessions_ended', agent, count, which: 'others', client });
    return count;
  }

  /** Ends every session of an agent (an admin's new password, role or deactivation; a two-factor reset). */
  async endAll(agentId: string): Promise<void> {
    await this.deps.storage.agents.deleteSessionsOf(agentId);
    await this.deps.events.emit({ type: 'session.ended', agentId });
  }

  private async check(sessionHash: string): Promise<{ agent: AgentRecord; expiresAt: number }> {
    const found = await this.deps.storage.agents.sessionAgent(sessionHash);
    if (!found) throw new SessionEndedError('SESSION_REVOKED', 'The session token is not valid (logged out or revoked).');
    const { session, agent } = found;
    const now = this.now();
    if (session.expiresAt <= now) {
      await this.deps.storage.agents.deleteSession(session.tokenHash);
      throw new SessionEndedError('UNAUTHORIZED', 'The session has expired; log in again.');
    }
    if (!agent.active) throw new SessionEndedError('SESSION_REVOKED', 'This account is deactivated.');
    if (now - session.lastSeenAt >= TOUCH_MS) await this.deps.storage.agents.touchSession(session.tokenHash, now);
    return { agent, expiresAt: session.expiresAt };
  }
}
