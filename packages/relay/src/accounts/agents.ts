/**
 * The agent directory: who the agents are, as the REST API shows and changes them. A new
 * password, a new role or a deactivation ends the agent's sessions (their sockets close with 4004).
 */
import type { AgentView, CreateAgentRequest, UpdateAgentRequest } from '@switchboard/protocol';
import { hashPassword } from '../auth/passwords.js';
import { RelayError } from '../errors.js';
import { newId } from '../ids.js';
import type { PresenceStore } from '../presence.js';
import type { AgentRecord, Storage } from '../storage/types.js';
import { agentView } from '../views.js';
import type { Sessions } from './sessions.js';

export class AgentDirectory {
  constructor(
    private readonly storage: Storage,
    private readonly sessions: Sessions,
    private readonly presence: PresenceStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** An agent as others see them, with presence. */
  view(agent: AgentRecord): AgentView {
    return agentView(agent, this.presence.status(agent.id));
  }

  async list(): Promise<AgentView[]> {
    return (await this.storage.agents.list()).map((a) => this.view(a));
  }

  async create(body: Required<Pick<CreateAgentRequest, 'email' | 'name' | 'password'>> & { role: AgentRecord['role']; maxChats: number }): Promise<AgentView> {
    if (await this.storage.agents.getByEmail(body.email)) throw new RelayError('CONFLICT', `An agent with email ${body.email} exists.`);
    const agent = await this.storage.agents.create({
      id: newId('a'),
      email: body.email,
      name: body.name,
      role: body.role,
      passwordHash: await hashPassword(body.password),
      avatarUrl: null,
      maxChats: body.maxChats,
      active: true,
      createdAt: this.now(),
    });
    return agentView(agent, 'offline');
  }

  /** One agent by id; NOT_FOUND when there is none. */
  async get(id: string): Promise<AgentView> {
    const agent = await this.storage.agents.get(id);
    if (!agent) throw new RelayError('NOT_FOUND', 'No such agent.');
    return this.view(agent);
  }

  /** Ends the sessions of every human agent without two-factor authentication (the site now requires it). */
  async endSessionsWithoutTwoFactor(): Promise<void> {
    const [agents, enrolled] = await Promise.all([this.storage.agents.list(), this.storage.twoFactor.enabledAgentIds()]);
    const has = new Set(enrolled);
    for (const agent of agents) if (agent.role !== 'bot' && !has.has(agent.id)) await this.sessions.endAll(agent.id);
  }

  /** Turns an agent's two-factor authentication off (lost phone and recovery codes); their sessions end. */
  async resetTwoFactor(id: string): Promise<void> {
    if (!(await this.storage.agents.get(id))) throw new RelayError('NOT_FOUND', 'No such agent.');
    await this.storage.twoFactor.remove(id);
    await this.sessions.endAll(id);
  }

  async update(adminId: string, id: string, body: UpdateAgentRequest): Promise<AgentView> {
    const existing = await this.storage.agents.get(id);
    if (!existing) throw new RelayError('NOT_FOUND', 'No such agent.');
    if (existing.id === adminId && (body.active === false || (body.role && body.role !== 'admin'))) {
      throw new RelayError('CONFLICT', 'You cannot deactivate or demote yourself.');
    }
    const { password, ...rest } = body;
    const agent = await this.storage.agents.update(existing.id, { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) });
    if (!agent) throw new RelayError('NOT_FOUND', 'No such agent.');
    // A session's rights are the agent's at login: a new role ends it too.
    if (body.active === false || password || (body.role !== undefined && body.role !== existing.role)) await this.sessions.endAll(agent.id);
    return this.view(agent);
  }
}
