/**
 * What an agent does with their own account: change the password (their other sessions end),
 * list and end their sessions, and two-factor authentication (accounts/two-factor.ts).
 */
import type { SessionView } from '@switchboard/protocol';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { ClientInfo, DomainEvents } from '../conversation/events.js';
import { RelayError } from '../errors.js';
import type { AgentRecord, Storage } from '../storage/types.js';
import type { Sessions } from './sessions.js';

export class Account {
  constructor(
    private readonly storage: Storage,
    private readonly sessions: Sessions,
    private readonly events: DomainEvents,
  ) {}

  /** A new password; every other session of the agent ends (its sockets close), this one goes on. */
  async changePassword(agent: AgentRecord, sessionHash: string, current: string, next: string, client: ClientInfo): Promise<void> {
    if (!(await verifyPassword(current, agent.passwordHash))) throw new RelayError('UNAUTHORIZED', 'The current password is not right.');
    if (current === next) throw new RelayError('CONFLICT', 'The new password is the one you have.');
    await this.storage.agents.update(agent.id, { passwordHash: await hashPassword(next) });
    const count = await this.storage.agents.deleteSessionsOf(agent.id, sessionHash);
    await this.events.emit({ type: 'session.ended', agentId: agent.id, exceptSessionHash: sessionHash });
    await this.events.emit({ type: 'account.password_changed', agent, sessionsEnded: count, client });
  }

  async sessionList(agentId: string, currentHash: string): Promise<SessionView[]> {
    return (await this.sessions.list(agentId)).map((s) => ({
      id: s.id,
      current: s.tokenHash === currentHash,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      userAgent: s.userAgent,
      ip: s.ip,
    }));
  }
}
