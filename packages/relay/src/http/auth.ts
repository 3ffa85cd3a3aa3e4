/** Who sends a REST request: an agent session (`Bearer <token>`), or a visitor token (history only). */
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '@switchboard/protocol';
import type { Authenticated } from '../accounts/sessions.js';
import { agentActor } from '../audit/log.js';
import type { ClientInfo } from '../conversation/events.js';
import type { RelayContext } from '../context.js';
import type { AgentActor } from '../conversation/ports.js';
import type { Reader } from '../conversation/reads.js';
import { RelayError } from '../errors.js';

export function bearer(req: FastifyRequest): string {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new RelayError('UNAUTHORIZED', 'Send "Authorization: Bearer <token>".');
  return match[1]!;
}

/** The agent whose session token the request carries (UNAUTHORIZED when none, expired, or deactivated). */
export async function requireAgent(ctx: RelayContext, req: FastifyRequest): Promise<AgentActor> {
  const { agent, sessionHash } = await ctx.sessions.authenticate(bearer(req));
  return { agentId: agent.id, role: agent.role, sessionHash };
}

/**
 * The agent and session behind the request, for their own account's routes. With `setup`, also
 * while the site requires two-factor authentication the agent has not set up yet.
 */
export function requireSelf(ctx: RelayContext, req: FastifyRequest, options: { setup?: boolean } = {}): Promise<Authenticated> {
  return ctx.sessions.authenticate(bearer(req), options);
}

/** Where a request came from, for the audit log and the session list. */
export function clientOf(req: FastifyRequest): ClientInfo {
  const ua = req.headers['user-agent'];
  return { ip: req.ip || null, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null };
}

/** An admin, with what the audit log records of their action: who, and from where. */
export async function adminActing(ctx: RelayContext, req: FastifyRequest): Promise<{ adminId: string; actor: AuditActor; ip: string | null }> {
  const { agent } = await ctx.sessions.authenticate(bearer(req));
  if (agent.role !== 'admin') throw new RelayError('FORBIDDEN', 'Only admins may do this.');
  return { adminId: agent.id, actor: agentActor(agent), ip: clientOf(req).ip };
}

export async function requireAdmin(ctx: RelayContext, req: FastifyRequest): Promise<AgentActor> {
  const agent = await requireAgent(ctx, req);
  if (agent.role !== 'admin') throw new RelayError('FORBIDDEN', 'Only admins may do this.');
  return agent;
}

/** An agent session token or a visitor token (`v1.…`). */
export async function requireReader(ctx: RelayContext, req: FastifyRequest): Promise<Reader> {
  const token = bearer(req);
  if (token.startsWith('v1.')) return { visitorId: await ctx.visitors.session.visitorOf(token) };
  return { agentId: (await requireAgent(ctx, req)).agentId };
}
