import type { FastifyRequest } from 'fastify';
import { authenticate } from '../auth/sessions.js';
import { verifyVisitorToken } from '../auth/tokens.js';
import type { RelayContext } from '../context.js';
import { RelayError } from '../errors.js';
import type { AgentRecord, VisitorRecord } from '../storage/types.js';

export function bearer(req: FastifyRequest): string {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new RelayError('UNAUTHORIZED', 'Send "Authorization: Bearer <token>".');
  return match[1]!;
}

export async function requireAgent(ctx: RelayContext, req: FastifyRequest): Promise<AgentRecord> {
  return (await authenticate(ctx.storage, bearer(req))).agent;
}

export async function requireAdmin(ctx: RelayContext, req: FastifyRequest): Promise<AgentRecord> {
  const agent = await requireAgent(ctx, req);
  if (agent.role !== 'admin') throw new RelayError('FORBIDDEN', 'Only admins may do this.');
  return agent;
}

/** An agent session token or a visitor token. */
export async function requireReader(ctx: RelayContext, req: FastifyRequest): Promise<{ agent: AgentRecord } | { visitor: VisitorRecord }> {
  const token = bearer(req);
  if (token.startsWith('v1.')) {
    const visitorId = verifyVisitorToken(ctx.secret, token);
    const visitor = visitorId ? await ctx.storage.getVisitor(visitorId) : null;
    if (!visitor) throw new RelayError('UNAUTHORIZED', 'The visitor token is not valid.');
    return { visitor };
  }
  return { agent: (await authenticate(ctx.storage, token)).agent };
}
