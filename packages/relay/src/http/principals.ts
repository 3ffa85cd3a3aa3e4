/**
 * Who acts with a bearer credential, and what they may do. Routes that an integration may call
 * (a visitor's export and erasure, reading the audit log) ask for a **scope**, not a role:
 * `authorize(ctx, req, 'visitors:erase')`. Today the only credential is an agent session, whose
 * scopes come from the agent's role (admins hold them all). API tokens (issue 14) add a
 * `PrincipalResolver` to `ctx.principals` that recognises their tokens and returns the token's
 * own scopes and name: these routes, and what the audit log records as the actor, stay as they are.
 */
import type { AgentRole, AuditActor } from '@switchboard/protocol';
import type { FastifyRequest } from 'fastify';
import type { Sessions } from '../accounts/sessions.js';
import type { RelayContext } from '../context.js';
import { RelayError } from '../errors.js';
import { bearer } from './auth.js';

export const SCOPES = ['visitors:export', 'visitors:erase', 'audit:read'] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLE_SCOPES: Record<AgentRole, readonly Scope[]> = {
  admin: SCOPES,
  agent: [],
  bot: [],
};

export interface Principal {
  /** As the audit log records it. */
  actor: AuditActor;
  scopes: ReadonlySet<Scope>;
}

/** Recognises one kind of bearer credential: null when the token is not of its kind. */
export type PrincipalResolver = (token: string) => Promise<Principal | null>;

/** Agent session tokens: every token not claimed by another resolver is tried as one (UNAUTHORIZED when it is not). */
export function sessionPrincipals(sessions: Sessions): PrincipalResolver {
  return async (token) => {
    const { agent } = await sessions.authenticate(token);
    return { actor: { type: 'agent', id: agent.id, name: agent.name }, scopes: new Set(ROLE_SCOPES[agent.role]) };
  };
}

export async function authorize(ctx: RelayContext, req: FastifyRequest, scope: Scope): Promise<Principal> {
  const token = bearer(req);
  for (const resolve of ctx.principals) {
    const principal = await resolve(token);
    if (!principal) continue;
    if (!principal.scopes.has(scope)) throw new RelayError('FORBIDDEN', `This needs the "${scope}" permission (admins have it).`);
    return principal;
  }
  throw new RelayError('UNAUTHORIZED', 'The token is not valid.');
}
