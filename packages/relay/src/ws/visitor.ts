/**
 * The visitor socket: `hello` → `welcome` (+ replay + `synced`), then chat frames. Each frame is
 * rate-limited and validated against the protocol (admit.ts), then handed to one command
 * (conversation/visitor-session.ts, conversation/visitor-commands.ts) whose result is sent back.
 * The socket keeps only the id of the visitor it speaks for.
 */
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { SUPPORTED_VERSIONS, answering, errorFrame, type VisitorClientFrame, type VisitorServerFrame } from '@switchboard/protocol';
import type { RelayContext } from '../context.js';
import type { VisitorConnection } from '../conversation/ports.js';
import { RelayError } from '../errors.js';
import type { Hub } from '../hub.js';
import { admit } from './admit.js';
import { answerErrors, parseVisitorFrame } from './frames.js';
import { FrameGuard } from './guard.js';
import { SocketConnection, wrapSocket, type Peer } from './socket.js';

type Hello = Extract<VisitorClientFrame, { type: 'hello' }>;

/** What the commands see of a visitor socket: it answers, and knows which visitor it speaks for. */
class VisitorSocket extends SocketConnection<VisitorServerFrame> implements VisitorConnection {
  visitorId: string | null = null;

  constructor(
    peer: Peer,
    private readonly hub: Hub,
    readonly ip: string,
    readonly userAgent: string | null,
  ) {
    super(peer);
  }

  attach(visitorId: string): void {
    this.detach();
    this.visitorId = visitorId;
    this.hub.addVisitor(visitorId, this.peer);
  }

  detach(): void {
    if (this.visitorId) this.hub.removeVisitor(this.visitorId, this.peer);
  }
}

export function handleVisitorSocket(ctx: RelayContext, socket: WebSocket, req: FastifyRequest): void {
  const { config, log } = ctx;
  const { session, commands } = ctx.visitors;
  const peer = wrapSocket(socket, config.sendBufferBytes);
  const guard = new FrameGuard(config.ratePerSec, config.rateBurst, config.abuseLimit);
  const conn = new VisitorSocket(peer, ctx.hub, req.ip, req.headers['user-agent'] ?? null);
  // Frames wait for a hello in flight; once greeted they go straight to their command, in order.
  let handshake: Promise<void> = Promise.resolve();
  const handshakeTimer = setTimeout(() => {
    if (!conn.visitorId) peer.close('HANDSHAKE_TIMEOUT');
  }, config.handshakeTimeoutMs);

  socket.on('message', (data) => {
    const frame = admit(peer, guard, data, parseVisitorFrame);
    if (!frame) return;
    if (frame.type === 'ping') return peer.send({ type: 'pong', ...(frame.ts !== undefined ? { ts: frame.ts } : {}) });
    const about = answering(frame);
    if (frame.type === 'hello') {
      handshake = handshake.then(() => answerErrors(peer, guard, log, about, () => hello(frame)));
      return;
    }
    void handshake.then(() =>
      answerErrors(peer, guard, log, about, () => {
        if (!conn.visitorId) throw new RelayError('NOT_READY', 'Send hello first.');
        return handle(conn.visitorId, frame);
      }),
    );
  });

  socket.on('close', () => {
    clearTimeout(handshakeTimer);
    conn.detach();
  });
  socket.on('error', (err) => log.debug({ err }, 'visitor socket error'));

  async function hello(frame: Hello): Promise<void> {
    if (conn.visitorId) throw new RelayError('CONFLICT', 'hello was already sent on this socket.');
    if (!(await ctx.limiter.take('connect', req.ip, { limit: config.ipConnectsPerMin, windowMs: 60_000 }))) {
      peer.send(errorFrame('RATE_LIMITED', 'Too many new chat connections from this network; try again in a minute.', { frame: 'hello' }));
      return peer.close('POLICY_VIOLATION', 'too many connections');
    }
    if (!SUPPORTED_VERSIONS.includes(frame.v)) {
      peer.send(errorFrame('UNSUPPORTED_VERSION', `Protocol version ${frame.v} is not supported; use one of ${SUPPORTED_VERSIONS.join(', ')}.`, { frame: 'hello' }));
      return peer.close('UNSUPPORTED_VERSION');
    }
    await session.hello(conn, frame);
    clearTimeout(handshakeTimer);
  }

  async function handle(id: string, frame: Exclude<VisitorClientFrame, { type: 'hello' | 'ping' }>): Promise<void> {
    switch (frame.type) {
      case 'message':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.message(conn, id, frame)) });
      case 'handoff':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.handoff(conn, id, frame)) });
      case 'offline_ticket':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.ticket(conn, id, frame)) });
      case 'rating':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.rate(conn, id, frame)) });
      case 'new_conversation':
        return peer.send({ type: 'ack', id: frame.id, ...(await commands.newConversation(conn, id)) });
      case 'typing':
        return commands.typing(id, frame);
      case 'seen':
        return commands.seen(id, frame);
      case 'resume':
        return commands.resume(conn, id, frame);
      case 'page':
        return commands.page(id, frame.page);
      case 'profile':
        return commands.profile(id, frame);
      case 'identify':
        await session.identify(conn, id, frame.identity);
        return;
    }
  }
}
