/**
 * REST: health, login/logout, agents, conversations and their history, tickets, knowledge-base
 * reload and figures. Bodies and queries are validated with the protocol's schemas; every error
 * is `{ error: { code, message } }` with a matching HTTP status.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  ConversationListQuery,
  CreateAgentRequest,
  FiguresQuery,
  HistoryQuery,
  LoginRequest,
  PresenceStatus,
  errorFrame,
} from '@switchboard/protocol';
import { z as zod } from 'zod';
import { hashPassword } from '../auth/passwords.js';
import { login, logout } from '../auth/sessions.js';
import type { RelayContext } from '../context.js';
import { HTTP_STATUS, RelayError } from '../errors.js';
import { computeFigures } from '../figures.js';
import { newId } from '../ids.js';
import { agentView, ticketView } from '../views.js';
import { bearer, requireAdmin, requireAgent, requireReader } from './auth.js';
import { registerConsoleApi } from './console-api.js';
import { parse } from './parse.js';
import { isStorageDown } from '../ws/frames.js';

const UpdateAgentRequest = zod.object({
  name: zod.string().min(1).max(128).optional(),
  role: zod.enum(['admin', 'agent', 'bot']).optional(),
  maxChats: zod.number().int().min(0).max(100).optional(),
  active: zod.boolean().optional(),
  password: zod.string().min(8).max(512).optional(),
});

export function registerApi(app: FastifyInstance, ctx: RelayContext): void {
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply: FastifyReply) => {
    if (err instanceof RelayError) {
      return reply.status(HTTP_STATUS[err.code]).send({ error: { code: err.code, message: err.message } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
      return reply.status(400).send({ error: { code: 'BAD_JSON', message: 'The request body is not valid JSON.' } });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ error: { code: 'TOO_LARGE', message: 'The request body is too large.' } });
    if (err.statusCode && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: 'INVALID_FRAME', message: err.message } });
    }
    if (isStorageDown(err)) {
      const frame = errorFrame('STORAGE_UNAVAILABLE');
      return reply.status(503).send({ error: { code: frame.code, message: frame.message } });
    }
    req.log.error({ err }, 'request failed');
    const frame = errorFrame('INTERNAL');
    return reply.status(500).send({ error: { code: frame.code, message: frame.message } });
  });

  app.get('/healthz', async (_req, reply) => {
    let storage: 'ok' | 'down' = 'ok';
    try {
      await ctx.storage.ping();
    } catch {
      storage = 'down';
    }
    const body = {
      status: storage === 'ok' ? ('ok' as const) : ('unhealthy' as const),
      storage,
      uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000),
      connections: ctx.hub.counts(),
    };
    return reply.status(storage === 'ok' ? 200 : 503).send(body);
  });

  app.post('/api/login', async (req) => {
    const body = parse(LoginRequest, req.body, 'login body');
    const { token, expiresAt, agent } = await login(ctx.storage, body.email, body.password, ctx.config.sessionTtlHours);
    const open = (await ctx.storage.openChatsByAgent()).get(agent.id) ?? 0;
    return { token, expiresAt, agent: agentView(agent, ctx.presence.status(agent.id), open) };
  });

  app.post('/api/logout', async (req, reply) => {
    await requireAgent(ctx, req);
    await logout(ctx.storage, bearer(req));
    return reply.status(204).send();
  });

  app.get('/api/me', async (req) => {
    const agent = await requireAgent(ctx, req);
    const open = (await ctx.storage.openChatsByAgent()).get(agent.id) ?? 0;
    return { agent: agentView(agent, ctx.presence.status(agent.id), open) };
  });

  app.get('/api/agents', async (req) => {
    await requireAgent(ctx, req);
    const [agents, open] = await Promise.all([ctx.storage.listAgents(), ctx.storage.openChatsByAgent()]);
    return { agents: agents.map((a) => agentView(a, ctx.presence.status(a.id), open.get(a.id) ?? 0)) };
  });

  app.post('/api/agents', async (req, reply) => {
    await requireAdmin(ctx, req);
    const body = parse(CreateAgentRequest, req.body, 'agent');
    if (await ctx.storage.getAgentByEmail(body.email)) throw new RelayError('CONFLICT', `An agent with email ${body.email} exists.`);
    const agent = await ctx.storage.createAgent({
      id: newId('a'),
      email: body.email,
      name: body.name,
      role: body.role,
      passwordHash: await hashPassword(body.password),
      avatarUrl: null,
      maxChats: body.maxChats,
      active: true,
      createdAt: Date.now(),
    });
    return reply.status(201).send({ agent: agentView(agent, 'offline', 0) });
  });

  app.patch<{ Params: { id: string } }>('/api/agents/:id', async (req) => {
    const admin = await requireAdmin(ctx, req);
    const body = parse(UpdateAgentRequest, req.body, 'agent update');
    const existing = await ctx.storage.getAgent(req.params.id);
    if (!existing) throw new RelayError('NOT_FOUND', 'No such agent.');
    if (existing.id === admin.id && (body.active === false || (body.role && body.role !== 'admin'))) {
      throw new RelayError('CONFLICT', 'You cannot deactivate or demote yourself.');
    }
    const { password, ...rest } = body;
    const agent = await ctx.storage.updateAgent(existing.id, { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) });
    if (!agent) throw new RelayError('NOT_FOUND', 'No such agent.');
    if (body.active === false || password) {
      await ctx.storage.deleteSessionsForAgent(agent.id);
      await ctx.bus.publish({ to: 'revoke', agentId: agent.id });
    }
    const open = (await ctx.storage.openChatsByAgent()).get(agent.id) ?? 0;
    return { agent: agentView(agent, ctx.presence.status(agent.id), open) };
  });

  app.get('/api/conversations', async (req) => {
    await requireAgent(ctx, req);
    const q = parse(ConversationListQuery, req.query, 'query');
    const states = q.state === undefined ? undefined : q.state === 'open' ? (['bot', 'queued', 'assigned'] as const) : ([q.state] as const);
    const conversations = q.q
      ? await ctx.storage.searchConversations({ text: q.q, limit: q.limit, ...(states ? { states: [...states] } : {}) })
      : await ctx.storage.listConversations({
          ...(states ? { states: [...states] } : {}),
          limit: q.limit,
          ...(q.before !== undefined ? { before: q.before } : {}),
          ...(q.visitorId ? { visitorId: q.visitorId } : {}),
        });
    return { conversations: await Promise.all(conversations.map((c) => ctx.service.summary(c))) };
  });

  app.get<{ Params: { id: string } }>('/api/conversations/:id', async (req) => {
    await requireAgent(ctx, req);
    const conversation = await ctx.storage.getConversation(req.params.id);
    if (!conversation) throw new RelayError('NOT_FOUND', 'No such conversation.');
    return { conversation: await ctx.service.summary(conversation) };
  });

  app.get<{ Params: { id: string } }>('/api/conversations/:id/messages', async (req) => {
    const reader = await requireReader(ctx, req);
    const q = parse(HistoryQuery, req.query, 'query');
    const conversation = 'visitor' in reader ? await ctx.service.ownConversation(reader.visitor, req.params.id) : await ctx.storage.getConversation(req.params.id);
    if (!conversation) throw new RelayError('NOT_FOUND', 'No such conversation.');
    const messages = await ctx.storage.listMessages(conversation.id, { afterSeq: q.afterSeq, limit: q.limit, includeNotes: 'agent' in reader });
    const last = messages[messages.length - 1];
    return { messages, nextAfterSeq: messages.length === q.limit && last ? last.seq : null };
  });

  app.get('/api/tickets', async (req) => {
    await requireAgent(ctx, req);
    const q = parse(zod.object({ status: zod.enum(['open', 'done']).optional(), limit: zod.coerce.number().int().min(1).max(500).default(100) }), req.query, 'query');
    const tickets = await ctx.storage.listTickets({ limit: q.limit, ...(q.status ? { status: q.status } : {}) });
    return { tickets: tickets.map(ticketView) };
  });

  app.post('/api/kb/reload', async (req) => {
    await requireAdmin(ctx, req);
    if (!ctx.knowledge) throw new RelayError('CONFLICT', 'The in-process bot is disabled (BOT_ENABLED=false).');
    const q = parse(zod.object({ discardEdits: zod.enum(['true', 'false']).optional() }), req.query, 'query');
    try {
      return await ctx.knowledge.reload(q.discardEdits === 'true');
    } catch (err) {
      if (err instanceof RelayError) throw err;
      throw new RelayError('INVALID_FRAME', `The knowledge base was not reloaded: ${(err as Error).message}`);
    }
  });

  app.get('/api/kb/match', async (req) => {
    await requireAgent(ctx, req);
    const q = parse(zod.object({ q: zod.string().min(1).max(2000) }), req.query, 'query');
    if (!ctx.knowledge) throw new RelayError('CONFLICT', 'The in-process bot is disabled (BOT_ENABLED=false).');
    return ctx.knowledge.match(q.q);
  });

  app.get('/api/figures', async (req) => {
    await requireAdmin(ctx, req);
    const q = parse(FiguresQuery, req.query, 'query');
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 30 * 24 * 3_600_000;
    if (from >= to) throw new RelayError('INVALID_FRAME', 'from must be before to.');
    const [conversations, tickets] = await Promise.all([ctx.storage.conversationsBetween(from, to), ctx.storage.countTickets(from, to)]);
    return { from, to, ...computeFigures(conversations, tickets) };
  });

  registerConsoleApi(app, ctx);

  // Presence over REST is handy for scripts; the console uses the socket.
  app.post('/api/presence', async (req) => {
    const agent = await requireAgent(ctx, req);
    const body = parse(zod.object({ status: PresenceStatus, maxChats: zod.number().int().min(0).max(100).optional() }), req.body, 'presence');
    const updated = await ctx.service.setPresence(agent, body.status, body.maxChats);
    return { agent: agentView(updated, ctx.presence.status(updated.id), (await ctx.storage.openChatsByAgent()).get(updated.id) ?? 0) };
  });
}
