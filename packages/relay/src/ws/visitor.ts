/**
 * The visitor socket: `hello` → `welcome` (+ replay + `synced`), then chat frames. Every frame
 * is validated against the protocol; a visitor only ever reaches their own conversations.
 */
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { SUPPORTED_VERSIONS, errorFrame, type VisitorClientFrame } from '@switchboard/protocol';
import { signVisitorToken, verifyIdentity, verifyVisitorToken } from '../auth/tokens.js';
import type { RelayContext } from '../context.js';
import { RelayError } from '../errors.js';
import { newId } from '../ids.js';
import type { VisitorRecord } from '../storage/types.js';
import { conversationView } from '../views.js';
import { admit } from './admit.js';
import { answerErrors, parseVisitorFrame } from './frames.js';
import { FrameGuard } from './guard.js';
import { wrapSocket, type Peer } from './socket.js';

type Hello = Extract<VisitorClientFrame, { type: 'hello' }>;
const RECENT_CLOSED_MS = 24 * 60 * 60 * 1000;
/** Frames that store something: these count against the shared per-visitor and per-IP limits. */
const STORING: ReadonlySet<string> = new Set(['message', 'offline_ticket', 'rating', 'handoff', 'new_conversation']);

export function handleVisitorSocket(ctx: RelayContext, socket: WebSocket, req: FastifyRequest): void {
  const { config, log } = ctx;
  const peer = wrapSocket(socket);
  const guard = new FrameGuard(config.ratePerSec, config.rateBurst, config.abuseLimit);
  let visitor: VisitorRecord | null = null;
  let chain: Promise<void> = Promise.resolve();
  const handshake = setTimeout(() => {
    if (!visitor) peer.close('HANDSHAKE_TIMEOUT');
  }, config.handshakeTimeoutMs);

  socket.on('message', (data) => {
    const frame = admit(peer, guard, data, parseVisitorFrame);
    if (!frame) return;
    const id = 'id' in frame ? frame.id : undefined;
    // Frames of one socket run in order; after hello, frames of all the visitor's tabs do too.
    chain = chain.then(() =>
      answerErrors(peer, guard, log, id, async () => {
        if (frame.type === 'hello') return hello(frame);
        if (frame.type === 'ping') return peer.send({ type: 'pong', ...(frame.ts !== undefined ? { ts: frame.ts } : {}) });
        const current = visitor;
        if (!current) throw new RelayError('NOT_READY', 'Send hello first.');
        if (STORING.has(frame.type)) await checkShared(current);
        await ctx.visitorQueue.run(current.id, () => handle(current, frame));
      }),
    );
  });

  socket.on('close', () => {
    clearTimeout(handshake);
    if (visitor) ctx.hub.removeVisitor(visitor.id, peer);
  });
  socket.on('error', (err) => log.debug({ err }, 'visitor socket error'));

  /** Limits across all of a visitor's tabs and all relays, and per client IP. */
  async function checkShared(current: VisitorRecord): Promise<void> {
    const minute = 60_000;
    if (!(await ctx.limiter.take('visitor', current.id, { limit: config.visitorPerMin, windowMs: minute }))) {
      throw new RelayError('RATE_LIMITED', `More than ${config.visitorPerMin} messages a minute from this visitor; wait a moment.`);
    }
    if (!(await ctx.limiter.take('ip', req.ip, { limit: config.ipPerMin, windowMs: minute }))) {
      throw new RelayError('RATE_LIMITED', 'Too many messages from this network; wait a moment.');
    }
  }

  async function hello(frame: Hello): Promise<void> {
    if (visitor) throw new RelayError('CONFLICT', 'hello was already sent on this socket.');
    if (!(await ctx.limiter.take('connect', req.ip, { limit: config.ipConnectsPerMin, windowMs: 60_000 }))) {
      peer.send(errorFrame('RATE_LIMITED', 'Too many new chat connections from this network; try again in a minute.'));
      peer.close('POLICY_VIOLATION', 'too many connections');
      return;
    }
    if (!SUPPORTED_VERSIONS.includes(frame.v)) {
      peer.send(errorFrame('UNSUPPORTED_VERSION', `Protocol version ${frame.v} is not supported; use one of ${SUPPORTED_VERSIONS.join(', ')}.`));
      peer.close('UNSUPPORTED_VERSION');
      return;
    }
    if (frame.siteId !== undefined && frame.siteId !== ctx.sites.current.id) throw new RelayError('NOT_FOUND', `Unknown site "${frame.siteId}".`);
    const greeted = await greet(ctx, peer, frame, req);
    visitor = greeted;
    clearTimeout(handshake);
  }

  async function handle(current: VisitorRecord, frame: Exclude<VisitorClientFrame, { type: 'hello' | 'ping' }>): Promise<void> {
    const { service } = ctx;
    switch (frame.type) {
      case 'message': {
        const ack = await service.visitorMessage(current, peer.id, frame);
        return peer.send({ type: 'ack', id: frame.id, ...ack });
      }
      case 'handoff': {
        const ack = await service.visitorHandoff(current, frame.conversationId);
        return peer.send({ type: 'ack', id: frame.id, ...ack });
      }
      case 'offline_ticket': {
        const ack = await service.offlineTicket(current, frame);
        return peer.send({ type: 'ack', id: frame.id, ...ack });
      }
      case 'rating': {
        const ack = await service.rate(current, frame);
        return peer.send({ type: 'ack', id: frame.id, ...ack });
      }
      case 'new_conversation': {
        await service.newConversation(current);
        return peer.send({ type: 'ack', id: frame.id });
      }
      case 'typing':
        return service.visitorTyping(current, frame.conversationId, frame.on);
      case 'seen':
        return service.visitorSeen(current, frame.conversationId, frame.seq);
      case 'resume': {
        const conversation = await service.ownConversation(current, frame.conversationId);
        for await (const message of service.replay(conversation.id, frame.afterSeq, false)) peer.send({ type: 'message', message });
        return peer.send({ type: 'synced', conversationId: conversation.id, lastSeq: conversation.lastSeq });
      }
      case 'page': {
        visitor = (await ctx.storage.updateVisitor(current.id, { page: frame.page, lastSeenAt: Date.now() })) ?? current;
        return;
      }
      case 'profile': {
        const attributes = frame.attributes ? { ...current.attributes, ...frame.attributes } : undefined;
        visitor =
          (await ctx.storage.updateVisitor(current.id, {
            ...(frame.name !== undefined ? { name: frame.name } : {}),
            ...(frame.email !== undefined ? { email: frame.email } : {}),
            ...(attributes ? { attributes } : {}),
          })) ?? current;
        return;
      }
      case 'identify': {
        const secret = ctx.sites.current.identitySecret;
        if (!secret || !verifyIdentity(secret, frame.identity.userId, frame.identity.signature)) {
          throw new RelayError('INVALID_SIGNATURE', 'The identity signature does not match this user id.');
        }
        const owner = await ctx.storage.findVisitorByUserId(current.siteId, frame.identity.userId);
        if (owner && owner.id !== current.id) {
          // The user is known from another device: this socket continues as that visitor.
          ctx.hub.removeVisitor(current.id, peer);
          visitor = owner;
          ctx.hub.addVisitor(owner.id, peer);
          return peer.send(await welcomeFrame(ctx, owner));
        }
        visitor =
          (await ctx.storage.updateVisitor(current.id, {
            userId: frame.identity.userId,
            verified: true,
            ...(frame.identity.name ? { name: frame.identity.name } : {}),
            ...(frame.identity.email ? { email: frame.identity.email } : {}),
          })) ?? current;
        return;
      }
    }
  }
}

async function greet(ctx: RelayContext, peer: Peer, frame: Hello, req: FastifyRequest): Promise<VisitorRecord> {
  const { storage } = ctx;
  const now = Date.now();
  const tokenVisitorId = frame.token ? verifyVisitorToken(ctx.secret, frame.token) : null;
  let visitor = tokenVisitorId ? await storage.getVisitor(tokenVisitorId) : null;

  let verifiedUser: string | null = null;
  if (frame.identity) {
    const secret = ctx.sites.current.identitySecret;
    if (secret && verifyIdentity(secret, frame.identity.userId, frame.identity.signature)) {
      verifiedUser = frame.identity.userId;
      const owner = await storage.findVisitorByUserId(ctx.sites.current.id, verifiedUser);
      if (owner) visitor = owner;
    } else {
      peer.send(errorFrame('INVALID_SIGNATURE', secret ? 'The identity signature does not match this user id; continuing as an anonymous visitor.' : 'Identity verification is not configured on this relay.'));
    }
  }

  const seen = {
    lastSeenAt: now,
    userAgent: req.headers['user-agent']?.slice(0, 512) ?? null,
    ...(frame.page ? { page: frame.page } : {}),
    ...(frame.locale ? { locale: frame.locale } : {}),
    ...(frame.timezone ? { timezone: frame.timezone } : {}),
  };
  const identity = verifiedUser && frame.identity
    ? { userId: verifiedUser, verified: true, ...(frame.identity.name ? { name: frame.identity.name } : {}), ...(frame.identity.email ? { email: frame.identity.email } : {}) }
    : {};

  if (visitor) {
    visitor = (await storage.updateVisitor(visitor.id, { ...seen, ...identity })) ?? visitor;
  } else {
    visitor = await storage.createVisitor({
      id: newId('v'),
      siteId: ctx.sites.current.id,
      name: null,
      email: null,
      userId: null,
      verified: false,
      attributes: {},
      page: null,
      timezone: null,
      locale: null,
      createdAt: now,
      ...seen,
      ...identity,
    });
  }

  ctx.hub.addVisitor(visitor.id, peer);
  const welcome = await welcomeFrame(ctx, visitor);
  peer.send(welcome);
  const conversation = welcome.conversation;
  if (conversation) {
    const afterSeq = frame.resume && frame.resume.conversationId === conversation.id ? frame.resume.afterSeq : 0;
    for await (const message of ctx.service.replay(conversation.id, afterSeq, false)) peer.send({ type: 'message', message });
    peer.send({ type: 'synced', conversationId: conversation.id, lastSeq: conversation.lastSeq });
  }
  return visitor;
}

async function welcomeFrame(ctx: RelayContext, visitor: VisitorRecord) {
  const site = ctx.sites.current;
  const latest = await ctx.storage.latestConversation(visitor.id);
  const shown = latest && (latest.state !== 'closed' || Date.now() - (latest.closedAt ?? 0) < RECENT_CLOSED_MS) ? latest : null;
  const agent = shown?.agentId ? await ctx.storage.getAgent(shown.agentId) : null;
  return {
    type: 'welcome' as const,
    v: 1,
    visitorId: visitor.id,
    token: signVisitorToken(ctx.secret, visitor.id),
    verified: visitor.verified,
    userId: visitor.userId,
    conversation: shown ? conversationView(shown, agent) : null,
    agentsAvailable: await ctx.service.agentsAvailable(),
    site: { name: site.name, welcomeMessage: site.welcomeMessage, theme: site.theme, open: ctx.sites.open() },
    limits: { maxTextBytes: ctx.config.maxTextBytes, heartbeatMs: ctx.config.heartbeatMs },
  };
}
