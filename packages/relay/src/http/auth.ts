/** Who sends a REST request: an agent session (`Bearer <token>`), or a visitor token (history only). */
import type { FastifyRequest } from 'fastify';
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
