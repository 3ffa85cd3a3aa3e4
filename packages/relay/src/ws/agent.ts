/**
 * The agent socket (console and bot processes): `auth` → `ready`, then agent frames. Each frame
 * is rate-limited and validated (admit.ts), then handed to one command
 * (conversation/agent-session.ts, conversation/agent-commands.ts). The socket keeps only who it
 * is (agent id, session); every command checks the session still holds, so a logout, a new
 * password or a deactivation closes the socket (4004) and refuses whatever it sends next.
 */
import type { WebSocket } from 'ws';
import { SUPPORTED_VERSIONS, answering, errorFrame, type AgentClientFrame, type AgentServerFrame } from '@switchboard/protocol';
import type { RelayContext } from '../context.js';
import type { AgentActor, AgentConnection } from '../conversation/ports.js';
import { RelayError } from '../errors.js';
import type { AgentSocket, Hub } from '../hub.js';
import { admit } from './admit.js';
import { answerErrors, parseAgentFrame } from './frames.js';
import { FrameGuard } from './guard.js';
import { SocketConnection, wrapSocket, type Peer } from './socket.js';

type Auth = Extract<AgentClientFrame, { type: 'auth' }>;

/** What the commands see of an agent socket: it answers, and knows who it is once authenticated. */
class AgentSocketConnection extends SocketConnection<AgentServerFrame> implements AgentConnection {
  actor: AgentActor | null = null;
  registered: AgentSocket | null = null;
  /** The conversation this console shows (collision), so its closing tells the others. */
  viewing: string | null = null;

  constructor(
    peer: Peer,
    private readonly hub: Hub,
  ) {
    super(peer);
  }

  attach(actor: AgentActor, scope: 'all' | 'assigned'): void {
    this.actor = actor;
    this.registered = { peer: this.peer, agentId: actor.agentId, role: actor.role, scope, sessionHash: actor.sessionHash };
    this.hub.addAgent(this.registered);
  }

  detach(): void {
    if (this.registered) this.hub.removeAgent(this.registered);
  }
}

export function handleAgentSocket(ctx: RelayContext, socket: WebSocket): void {
  const { config, log } = ctx;
  const { session, commands } = ctx.agents;
  const peer = wrapSocket(socket, config.sendBufferBytes);
  // Consoles send bursts (claim, reply, typing); give agents a larger bucket than visitors.
  const guard = new FrameGuard(config.ratePerSec * 5, config.rateBurst * 5, config.abuseLimit);
  const conn = new AgentSocketConnection(peer, ctx.hub);
  let expiry: NodeJS.Timeout | null = null;
  let authDone: Promise<void> | null = null;
  const handshakeTimer = setTimeout(() => {
    if (!conn.actor) peer.close('HANDSHAKE_TIMEOUT');
  }, config.handshakeTimeoutMs);

  socket.on('message', (data) => {
    const frame = admit(peer, guard, data, parseAgentFrame);
    if (!frame) return;
    if (frame.type === 'ping') return peer.send({ type: 'pong', ...(frame.ts !== undefined ? { ts: frame.ts } : {}) });
    const about = answering(frame);
    if (frame.type === 'auth') {
      if (authDone) return void answerErrors(peer, guard, log, about, async () => { throw new RelayError('CONFLICT', 'auth was already sent on this socket.'); });
      authDone = answerErrors(peer, guard, log, about, () => auth(frame));
      return;
    }
    if (!authDone) return void answerErrors(peer, guard, log, about, async () => { throw new RelayError('NOT_READY', 'Send auth first.'); });
    void authDone.then(() =>
      answerErrors(peer, guard, log, about, () => {
        if (!conn.actor) throw new RelayError('NOT_READY', 'Send a valid auth first.');
        return handle(conn.actor, frame);
      }),
    );
  });

  socket.on('close', () => {
    clearTimeout(handshakeTimer);
    if (expiry) clearTimeout(expiry);
    conn.detach();
    if (conn.actor) void session.disconnected(conn.actor).catch((err: unknown) => log.error({ err }, 'presence update failed'));
    if (conn.actor && conn.viewing) void commands.leftView(conn.actor, conn.viewing).catch((err: unknown) => log.error({ err }, 'viewing update failed'));
  });
  socket.on('error', (err) => log.debug({ err }, 'agent socket error'));

  async function auth(frame: Auth): Promise<void> {
    if (!SUPPORTED_VERSIONS.includes(frame.v)) {
      peer.send(errorFrame('UNSUPPORTED_VERSION', `Protocol version ${frame.v} is not supported.`, { frame: 'auth' }));
      return peer.close('UNSUPPORTED_VERSION');
    }
    let authed: Awaited<ReturnType<typeof session.auth>>;
    try {
      authed = await session.auth(conn, frame.token, frame.scope ?? 'all');
    } catch (err) {
      if (!(err instanceof RelayError && (err.code === 'UNAUTHORIZED' || err.code === 'TWO_FACTOR_SETUP_REQUIRED'))) throw err;
      peer.send(errorFrame(err.code, err.message, { frame: 'auth' }));
      return peer.close('UNAUTHORIZED', err.code === 'TWO_FACTOR_SETUP_REQUIRED' ? 'two-factor authentication must be set up first' : undefined);
    }
    clearTimeout(handshakeTimer);
    expiry = setTimeout(() => peer.close('UNAUTHORIZED', 'session expired'), Math.min(authed.expiresAt - Date.now(), 2_147_000_000));
  }

  async function handle(who: AgentActor, frame: Exclude<AgentClientFrame, { type: 'auth' | 'ping' }>): Promise<void> {
    switch (frame.type) {
      case 'message':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.message(conn, who, frame)) });
      case 'claim':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.claim(who, frame)) });
      case 'transfer':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.transfer(who, frame)) });
      case 'close':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.close(who, frame)) });
      case 'reopen':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.reopen(who, frame)) });
      case 'handoff':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.handoff(who, frame)) });
      case 'typing':
        return commands.typing(conn, who, frame);
      case 'seen':
        return commands.seen(who, frame);
      case 'presence':
        await session.presence(who, frame.status, frame.maxChats);
        return;
      case 'resume':
        return commands.resume(conn, who, frame);
      case 'viewing': {
        const before = conn.viewing;
        conn.viewing = frame.on ? frame.conversationId : before === frame.conversationId ? null : before;
        // Showing another conversation leaves the one shown before.
        if (before && before !== conn.viewing && before !== frame.conversationId) await commands.leftView(who, before);
        return commands.viewing(conn, who, frame);
      }
    }
  }
}
