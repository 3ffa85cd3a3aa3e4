/**
 * REST: health, login and logout, agents, presence, conversations and their history, tickets.
 * The console's own endpoints are in console-api.ts. Bodies and queries are validated with the
 * protocol's schemas (packages/protocol/src/rest.ts) and each route calls one command.
 */
import {
  ConversationListQuery,
  CreateAgentRequest,
  HistoryQuery,
  LoginRequest,
  PresenceRequest,
  TicketListQuery,
  TicketUpdate,
  UpdateAgentRequest,
  type AgentListResponse,
  type AgentResponse,
  type ConversationListResponse,
  type ConversationResponse,
  type HealthResponse,
  type HistoryResponse,
  type LoginResponse,
  type TicketListResponse,
  type TicketResponse,
} from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import type { RelayContext } from '../context.js';
import { registerAccountApi } from './account-api.js';
import { adminActing, bearer, clientOf, requireAgent, requireReader, requireSelf } from './auth.js';
import { registerConsoleApi } from './console-api.js';
import { registerErrorHandler } from './errors.js';
import { parse } from './parse.js';
import { registerPrivacyApi } from './privacy-api.js';

type Id = { Params: { id: string } };

export function registerApi(app: FastifyInstance, ctx: RelayContext): void {
  registerErrorHandler(app);
  const { agents, sessions, reads } = ctx;

  app.get('/healthz', async (_req, reply) => {
    const health: HealthResponse = await ctx.health.report();
    return reply.status(health.status === 'unhealthy' ? 503 : 200).send(health);
  });

  app.post('/api/login', async (req): Promise<LoginResponse> => {
    const body = parse(LoginRequest, req.body, 'login body');
    const { token, expiresAt, agent } = await sessions.login(body, clientOf(req));
    return { token, expiresAt, agent: agents.directory.view(agent) };
  });

  // Ends this session only: its sockets close (4004); the agent's other sessions go on.
  app.post('/api/logout', async (req, reply) => {
    await sessions.logout(bearer(req));
    return reply.status(204).send();
  });

  app.get('/api/me', async (req): Promise<AgentResponse> => ({ agent: agents.directory.view((await requireSelf(ctx, req, { setup: true })).agent) }));

  app.get('/api/agents', async (req): Promise<AgentListResponse> => {
    await requireAgent(ctx, req);
    return { agents: await agents.directory.list() };
  });

  app.post('/api/agents', async (req, reply) => {
    const { actor, ip } = await adminActing(ctx, req);
    const body = parse(CreateAgentRequest, req.body, 'agent');
    const agent = await agents.directory.create(body);
    await ctx.audit.record({ actor, action: 'agent.created', target: { type: 'agent', id: agent.id }, detail: { email: agent.email, role: agent.role }, ip });
    return reply.status(201).send({ agent } satisfies AgentResponse);
  });

  app.patch<Id>('/api/agents/:id', async (req): Promise<AgentResponse> => {
    const { adminId, actor, ip } = await adminActing(ctx, req);
    const body = parse(UpdateAgentRequest, req.body, 'agent update');
    const agent = await agents.directory.update(adminId, req.params.id, body);
    // What changed, never the new password itself.
    const { password, ...fields } = body;
    await ctx.audit.record({ actor, action: 'agent.updated', target: { type: 'agent', id: agent.id }, detail: { ...fields, ...(password ? { password: 'changed' } : {}) }, ip });
    return { agent };
  });

  // An agent who lost their phone and their recovery codes: two-factor off, their sessions end.
  app.post<Id>('/api/agents/:id/two-factor/reset', async (req, reply) => {
    const { actor, ip } = await adminActing(ctx, req);
    await agents.directory.resetTwoFactor(req.params.id);
    await ctx.audit.record({ actor, action: 'two_factor.reset', target: { type: 'agent', id: req.params.id }, ip });
    return reply.status(204).send();
  });

  // Presence over REST is handy for scripts; the console uses the socket.
  app.post('/api/presence', async (req): Promise<AgentResponse> => {
    const actor = await requireAgent(ctx, req);
    const body = parse(PresenceRequest, req.body, 'presence');
    return { agent: await agents.session.presence(actor, body.status, body.maxChats) };
  });

  app.get('/api/conversations', async (req): Promise<ConversationListResponse> => {
    await requireAgent(ctx, req);
    const q = parse(ConversationListQuery, req.query, 'query');
    const states = q.state === undefined ? undefined : q.state === 'open' ? (['bot', 'queued', 'assigned'] as const) : ([q.state] as const);
    const conversations = q.q
      ? await reads.search({ text: q.q, limit: q.limit, ...(states ? { states: [...states] } : {}) })
      : await reads.summaries({
          ...(states ? { states: [...states] } : {}),
          limit: q.limit,
          ...(q.before !== undefined ? { before: q.before } : {}),
          ...(q.visitorId ? { visitorId: q.visitorId } : {}),
        });
    return { conversations };
  });

  app.get<Id>('/api/conversations/:id', async (req): Promise<ConversationResponse> => {
    await requireAgent(ctx, req);
    return { conversation: await reads.one(req.params.id) };
  });

  app.get<Id>('/api/conversations/:id/messages', async (req): Promise<HistoryResponse> => {
    const reader = await requireReader(ctx, req);
    return reads.history(reader, req.params.id, parse(HistoryQuery, req.query, 'query'));
  });

  app.get('/api/tickets', async (req): Promise<TicketListResponse> => {
    await requireAgent(ctx, req);
    return { tickets: await ctx.tickets.list(parse(TicketListQuery, req.query, 'query')) };
  });

  app.patch<Id>('/api/tickets/:id', async (req): Promise<TicketResponse> => {
    await requireAgent(ctx, req);
    return { ticket: await ctx.tickets.update(req.params.id, parse(TicketUpdate, req.body, 'ticket update')) };
  });

  registerConsoleApi(app, ctx);
  registerAccountApi(app, ctx);
  registerPrivacyApi(app, ctx);
}
