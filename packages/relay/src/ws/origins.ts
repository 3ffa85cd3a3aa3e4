/**
 * Which pages may open a socket, checked before the upgrade (a refused page never gets a socket):
 * - `/ws/visitor`: the relay's own origin and the site's allowed origins (ALLOWED_ORIGINS and
 *   those added in the console). A request without Origin is refused: every browser sends one.
 * - `/ws/agent`: the relay's own origin (the console it serves) and AGENT_ORIGINS. A request
 *   without Origin is allowed: it does not come from a browser page (a bot process, a script), so
 *   it cannot ride on a visitor's browser, and it still has to authenticate with a token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { originMatcher } from '../auth/origins.js';
import type { SiteStore } from '../site.js';

type Check = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

function sameOrigin(req: FastifyRequest, origin: string): boolean {
  try {
    return new URL(origin).host === req.host;
  } catch {
    return false;
  }
}

function refuse(req: FastifyRequest, reply: FastifyReply, origin: string | undefined, socket: string): FastifyReply {
  req.log.warn({ origin, socket }, 'socket from a disallowed origin');
  return reply.status(403).send({ error: { code: 'ORIGIN_NOT_ALLOWED', message: `Origin ${origin ?? '(none)'} may not open ${socket} sockets.` } });
}

export function visitorOriginCheck(sites: SiteStore): Check {
  return async (req, reply) => {
    const origin = req.headers.origin;
    if ((origin !== undefined && sameOrigin(req, origin)) || sites.originAllowed(origin)) return;
    return refuse(req, reply, origin, 'visitor');
  };
}

export function agentOriginCheck(agentOrigins: readonly string[]): Check {
  const allowed = originMatcher(agentOrigins);
  return async (req, reply) => {
    const origin = req.headers.origin;
    if (origin === undefined || sameOrigin(req, origin) || allowed(origin)) return;
    return refuse(req, reply, origin, 'agent');
  };
}
