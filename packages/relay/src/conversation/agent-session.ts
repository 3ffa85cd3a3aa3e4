/**
 * An agent socket's session: `auth` → `ready` (the snapshot a console starts from), presence, and
 * the socket going away. A human agent is online while they have a socket (until they say
 * otherwise); every presence change is announced and may let routing assign queued conversations.
 */
import type { AgentView, PresenceStatus, Ready } from '@switchboard/protocol';
import type { AgentDirectory } from '../accounts/agents.js';
import type { Sessions } from '../accounts/sessions.js';
import type { Config } from '../config.js';
import { RelayError } from '../errors.js';
import type { PresenceStore } from '../presence.js';
import type { AgentRecord, Storage } from '../storage/types.js';
import { ticketView } from '../views.js';
import type { Assignment } from './assignment.js';
import type { DomainEvents } from './events.js';
import type { AgentActor, AgentConnection } from './ports.js';
import type { ConversationReads } from './reads.js';
import type { Serial } from './serial.js';

/** Most open conversations and open tickets a `ready` carries. */
const READY_LIMIT = 500;

export interface AgentSessionDeps {
  storage: Storage;
  events: DomainEvents;
  serial: Serial;
  sessions: Sessions;
  directory: AgentDirectory;
  presence: PresenceStore;
  assignment: Assignment;
  reads: ConversationReads;
  config: Pick<Config, 'heartbeatMs' | 'maxTextBytes' | 'maxFrameBytes'>;
}

export class AgentSession {
  constructor(private readonly deps: AgentSessionDeps) {}

  /** Authenticates a socket and sends `ready`. Returns who the socket is and when its session expires. */
  async auth(conn: AgentConnection, token: string, scope: 'all' | 'assigned'): Promise<{ actor: AgentActor; expiresAt: number }> {
    const { agent, sessionHash, expiresAt } = await this.deps.sessions.authenticate(token);
    const actor: AgentActor = { agentId: agent.id, sessionHash, role: agent.role };
    conn.attach(actor, scope);
    if (agent.role !== 'bot') this.deps.presence.connected(agent.id);
    conn.send(await this.ready(agent, scope));
    if (agent.role !== 'bot') await this.presenceChanged(agent);
    return { actor, expiresAt };
  }

  /** The socket closed. */
  async disconnected(actor: AgentActor): Promise<void> {
    if (actor.role === 'bot') return;
    this.deps.presence.disconnected(actor.agentId);
    const agent = await this.deps.storage.agents.get(actor.agentId);
    if (agent) await this.presenceChanged(agent);
  }

  /** `online`, `away` or `offline`, and optionally a new max of concurrent chats. */
  presence(actor: AgentActor, status: PresenceStatus, maxChats: number | undefined): Promise<AgentView> {
    return this.deps.serial.agent(actor.agentId, async () => {
      const agent = await this.deps.sessions.agentOf(actor);
      if (agent.role === 'bot') throw new RelayError('FORBIDDEN', 'Bots have no presence.');
      const current = maxChats !== undefined && maxChats !== agent.maxChats ? ((await this.deps.storage.agents.update(agent.id, { maxChats })) ?? agent) : agent;
      this.deps.presence.setStatus(agent.id, status);
      return this.presenceChanged(current);
    });
  }

  /** Tells agents, then lets routing hand queued conversations to whoever became available. */
  async presenceChanged(agent: AgentRecord): Promise<AgentView> {
    const view = this.deps.directory.view(agent);
    await this.deps.events.emit({ type: 'agent.presence', agent: view });
    await this.deps.assignment.refresh();
    return view;
  }

  private async ready(agent: AgentRecord, scope: 'all' | 'assigned'): Promise<Ready> {
    const bot = agent.role === 'bot';
    const [conversations, agents, tickets] = await Promise.all([
      this.deps.reads.summaries({ states: bot ? ['bot'] : ['bot', 'queued', 'assigned'], order: 'oldest', limit: READY_LIMIT }),
      this.deps.directory.list(),
      bot ? [] : this.deps.storage.tickets.list({ status: 'open', limit: READY_LIMIT }),
    ]);
    const visible = scope === 'all' || bot ? conversations : conversations.filter((c) => c.agent?.id === agent.id || c.state === 'queued');
    return {
      type: 'ready',
      v: 1,
      agent: this.deps.directory.view(agent),
      conversations: visible,
      agents: agents.filter((a) => a.role !== 'bot'),
      tickets: tickets.map(ticketView),
      heartbeatMs: this.deps.config.heartbeatMs,
      maxTextBytes: this.deps.config.maxTextBytes,
      maxFrameBytes: this.deps.config.maxFrameBytes,
    };
  }
}
