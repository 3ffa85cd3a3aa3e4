/**
 * Agent sessions: login, logout, and checking a token (REST) or a socket's session (every agent
 * frame). Logging out, a new password or deactivation ends sessions and closes their sockets.
 */
import { verifyPassword } from '../auth/passwords.js';
import { hashSessionToken, newSessionToken } from '../auth/tokens.js';
import type { DomainEvents } from '../conversation/events.js';
import type { AgentActor } from '../conversation/ports.js';
import { RelayError, SessionEndedError } from '../errors.js';
import type { AgentRecord, Storage } from '../storage/types.js';

export interface Authenticated {
  agent: AgentRecord;
  /** The session's id: the SHA-256 of its token (the token itself is never stored or sent on the bus). */
  sessionHash: string;
  expiresAt: number;
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export class Sessions {
  constructor(
    private readonly storage: Storage,
    private readonly events: DomainEvents,
    private readonly ttlHours: number,
    private readonly now: () => number = Date.now,
  ) {}

  async login(email: string, password: string): Promise<{ token: string; expiresAt: number; agent: AgentRecord }> {
    const agent = await this.storage.agents.getByEmail(email);
    // Unknown emails cost the same scrypt work as known ones, so timing does not tell them apart.
    const ok = agent ? await verifyPassword(password, agent.passwordHash) : await verifyPassword(password, DUMMY_HASH).then(() => false);
    if (!agent || !ok) throw new RelayError('UNAUTHORIZED', 'Wrong email or password.');
    if (!agent.active) throw new RelayError('FORBIDDEN', 'This account is deactivated.');
    const token = newSessionToken();
    const now = this.now();
    const expiresAt = now + this.ttlHours * 3_600_000;
    await this.storage.agents.createSession({ tokenHash: hashSessionToken(token), agentId: agent.id, createdAt: now, expiresAt });
    return { token, expiresAt, agent };
  }

  /** The agent behind a session token; UNAUTHORIZED when unknown, expired or deactivated. */
  async authenticate(token: string): Promise<Authenticated> {
    const sessionHash = hashSessionToken(token);
    return { ...(await this.check(sessionHash)), sessionHash };
  }

  /** The agent a socket speaks for, while its session lasts; SessionEndedError otherwise. */
  async agentOf(actor: AgentActor): Promise<AgentRecord> {
    const { agent } = await this.check(actor.sessionHash);
    return agent;
  }

  /** Ends one session: the token stops working and the sockets it opened close (4004). */
  async logout(token: string): Promise<void> {
    const { agent, sessionHash } = await this.authenticate(token);
    await this.storage.agents.deleteSession(sessionHash);
    await this.events.emit({ type: 'session.ended', agentId: agent.id, sessionHash });
  }

  /** Ends every session of an agent (new password, deactivation). */
  async endAll(agentId: string): Promise<void> {
    await this.storage.agents.deleteSessionsOf(agentId);
    await this.events.emit({ type: 'session.ended', agentId });
  }

  private async check(sessionHash: string): Promise<{ agent: AgentRecord; expiresAt: number }> {
    const found = await this.storage.agents.sessionAgent(sessionHash);
    if (!found) throw new SessionEndedError('SESSION_REVOKED', 'The session token is not valid (logged out or revoked).');
    const { session, agent } = found;
    if (session.expiresAt <= this.now()) {
      await this.storage.agents.deleteSession(session.tokenHash);
      throw new SessionEndedError('UNAUTHORIZED', 'The session has expired; log in again.');
    }
    if (!agent.active) throw new SessionEndedError('SESSION_REVOKED', 'This account is deactivated.');
    return { agent, expiresAt: session.expiresAt };
  }
}
