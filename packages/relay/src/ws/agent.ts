/**
 * The agent socket (console and external bots): `auth` → `ready`, then agent frames. The
 * session is re-checked when it expires, and a deactivated agent's sockets are closed.
 */
import type { WebSocket } from 'ws';
import { SUPPORTED_VERSIONS, errorFrame, type AgentClientFrame } from '@switchboard/protocol';
import { authenticate } from '../auth/sessions.js';
import type { RelayContext } from '../context.js';
import { RelayError } from '../errors.js';
import type { AgentSocket } from '../hub.js';
import type { AgentRecord } from '../storage/types.js';
import { agentView } from '../views.js';
import { admit } from './admit.js';
import { answerErrors, parseAgentFrame } from './frames.js';
import { FrameGuard } from './guard.js';
import { wrapSocket } from './socket.js';

type Auth = Extract<AgentClientFrame, { type: 'auth' }>;

export function handleAgentSocket(ctx: RelayContext, socket: WebSocket): void {
  const { config, log, service } = ctx;
  const peer = wrapSocket(socket);
  // Consoles send bursts (claim, reply, typing); give agents a larger bucket than visitors.
  const guard = new FrameGuard(config.ratePerSec * 5, config.rateBurst * 5, config.abuseLimit);
  let session: { agent: AgentRecord; socket: AgentSocket; expiry: NodeJS.Timeout } | null = null;
  let authDone: Promise<void> | null = null;
  const handshake = setTimeout(() => {
    if (!session) peer.close('HANDSHAKE_TIMEOUT');
  }, config.handshakeTimeoutMs);

  socket.on('message', (data) => {
    const frame = admit(peer, guard, data, parseAgentFrame);
    if (!frame) return;
    const id = 'id' in frame ? frame.id : undefined;
    if (frame.type === 'ping') return peer.send({ type: 'pong', ...(frame.ts !== undefined ? { ts: frame.ts } : {}) });
    if (frame.type === 'auth') {
      if (authDone) return void answerErrors(peer, guard, log, id, async () => { throw new RelayError('CONFLICT', 'auth was already sent on this socket.'); });
      authDone = answerErrors(peer, guard, log, id, () => auth(frame));
      return;
    }
    if (!authDone) return void answerErrors(peer, guard, log, id, async () => { throw new RelayError('NOT_READY', 'Send auth first.'); });
    // Order matters within a conversation, not across them: one agent's replies in different
    // conversations are handled side by side, those in one conversation strictly in order.
    const key = 'conversationId' in frame ? frame.conversationId : `socket:${peer.id}`;
    void authDone.then(() =>
      ctx.conversationQueue.run(key, () =>
        answerErrors(peer, guard, log, id, async () => {
          if (!session) throw new RelayError('NOT_READY', 'Send a valid auth first.');
          await handle(session.agent, frame);
        }),
      ),
    );
  });

  socket.on('close', () => {
    clearTimeout(handshake);
    if (!session) return;
    clearTimeout(session.expiry);
    ctx.hub.removeAgent(session.socket);
    if (session.agent.role !== 'bot') {
      ctx.presence.disconnected(session.agent.id);
      void service.presenceChanged(session.agent).catch((err: unknown) => log.error({ err }, 'presence update failed'));
    }
  });
  socket.on('error', (err) => log.debug({ err }, 'agent socket error'));

  async function auth(frame: Auth): Promise<void> {
    if (!SUPPORTED_VERSIONS.includes(frame.v)) {
      peer.send(errorFrame('UNSUPPORTED_VERSION', `Protocol version ${frame.v} is not supported.`));
      peer.close('UNSUPPORTED_VERSION');
      return;
    }
    let authed: Awaited<ReturnType<typeof authenticate>>;
    try {
      authed = await authenticate(ctx.storage, frame.token);
    } catch (err) {
      if (err instanceof RelayError) {
        peer.send(errorFrame('UNAUTHORIZED', err.message));
        peer.close('UNAUTHORIZED');
        return;
      }
      throw err;
    }
    const { agent, expiresAt } = authed;
    clearTimeout(handshake);
    const agentSocket: AgentSocket = { peer, agentId: agent.id, role: agent.role, scope: frame.scope ?? 'all' };
    const expiry = setTimeout(() => peer.close('UNAUTHORIZED', 'session expired'), Math.min(expiresAt - Date.now(), 2_147_000_000));
    session = { agent, socket: agentSocket, expiry };
    ctx.hub.addAgent(agentSocket);
    if (agent.role !== 'bot') ctx.presence.connected(agent.id);

    const [conversations, agents, open] = await Promise.all([
      service.summaries(agent.role === 'bot' ? ['bot'] : ['bot', 'queued', 'assigned']),
      ctx.storage.listAgents(),
      ctx.storage.openChatsByAgent(),
    ]);
    const visible = agentSocket.scope === 'all' || agent.role === 'bot' ? conversations : conversations.filter((c) => c.agent?.id === agent.id || c.state === 'queued');
    peer.send({
      type: 'ready',
      v: 1,
      agent: agentView(agent, ctx.presence.status(agent.id), open.get(agent.id) ?? 0),
      conversations: visible,
      agents: agents.filter((a) => a.role !== 'bot').map((a) => agentView(a, ctx.presence.status(a.id), open.get(a.id) ?? 0)),
      heartbeatMs: config.heartbeatMs,
    });
    if (agent.role !== 'bot') await service.presenceChanged(agent);
  }

  async function handle(agent: AgentRecord, frame: Exclude<AgentClientFrame, { type: 'auth' | 'ping' }>): Promise<void> {
    switch (frame.type) {
      case 'message': {
        const ack = await service.agentMessage(agent, peer.id, frame);
        return peer.send({ type: 'ack', id: frame.id, ...ack });
      }
      case 'claim':
        return peer.send({ type: 'ack', id: frame.id, ...(await service.claim(agent, frame.conversationId)) });
      case 'transfer':
        return peer.send({ type: 'ack', id: frame.id, ...(await service.transfer(agent, frame)) });
      case 'close':
        return peer.send({ type: 'ack', id: frame.id, ...(await service.close(agent, frame.conversationId, frame.resolution)) });
      case 'reopen':
        return peer.send({ type: 'ack', id: frame.id, ...(await service.reopen(agent, frame.conversationId)) });
      case 'handoff':
        return peer.send({ type: 'ack', id: frame.id, ...(await service.botHandoff(agent, frame.conversationId, frame.reason)) });
      case 'typing':
        return service.agentTyping(agent, frame.conversationId, frame.on, peer.id);
      case 'seen':
        return service.agentSeen(agent, frame.conversationId, frame.seq);
      case 'presence': {
        if (agent.role === 'bot') throw new RelayError('FORBIDDEN', 'Bots have no presence.');
        const updated = await service.setPresence(agent, frame.status, frame.maxChats);
        if (session) session.agent = updated;
        return;
      }
      case 'resume': {
        const conversation = await ctx.storage.getConversation(frame.conversationId);
        if (!conversation) throw new RelayError('NOT_FOUND', 'No such conversation.');
        const includeNotes = agent.role !== 'bot';
        for await (const message of service.replay(conversation.id, frame.afterSeq, includeNotes)) peer.send({ type: 'message', message });
        return peer.send({ type: 'synced', conversationId: conversation.id, lastSeq: conversation.lastSeq });
      }
    }
  }
}
