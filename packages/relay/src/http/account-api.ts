/**
 * REST for an agent's own account: sessions (list, end one, end all others), password, and
 * two-factor authentication. Reading one's status and setting two-factor up work while the site
 * requires it and it is not set up yet (everything else then answers TWO_FACTOR_SETUP_REQUIRED).
 */
import {
  PasswordChangeRequest,
  TwoFactorCodeRequest,
  TwoFactorDisableRequest,
  TwoFactorSetupRequest,
  type RecoveryCodesResponse,
  type SessionListResponse,
  type SessionsEndedResponse,
  type TwoFactorSetupResponse,
  type TwoFactorStatus,
} from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import type { RelayContext } from '../context.js';
import { clientOf, requireSelf } from './auth.js';
import { parse } from './parse.js';

export function registerAccountApi(app: FastifyInstance, ctx: RelayContext): void {
  const { account, sessions, twoFactor } = ctx;

  app.get('/api/me/sessions', async (req): Promise<SessionListResponse> => {
    const { agent, sessionHash } = await requireSelf(ctx, req);
    return { sessions: await account.sessionList(agent.id, sessionHash) };
  });

  // "Sign out everywhere else": every other session ends and its sockets close (4004).
  app.delete('/api/me/sessions', async (req): Promise<SessionsEndedResponse> => {
    const { agent, sessionHash } = await requireSelf(ctx, req, { setup: true });
    return { ended: await sessions.endOthers(agent, sessionHash, clientOf(req)) };
  });

  app.delete<{ Params: { id: string } }>('/api/me/sessions/:id', async (req, reply) => {
    const { agent } = await requireSelf(ctx, req, { setup: true });
    await sessions.revoke(agent, req.params.id, clientOf(req));
    return reply.status(204).send();
  });

  app.post('/api/me/password', async (req, reply) => {
    const { agent, sessionHash } = await requireSelf(ctx, req, { setup: true });
    const body = parse(PasswordChangeRequest, req.body, 'password change');
    await account.changePassword(agent, sessionHash, body.currentPassword, body.newPassword, clientOf(req));
    return reply.status(204).send();
  });

  app.get('/api/me/two-factor', async (req): Promise<TwoFactorStatus> => {
    const { agent } = await requireSelf(ctx, req, { setup: true });
    return twoFactor.status(agent);
  });

  app.post('/api/me/two-factor/setup', async (req): Promise<TwoFactorSetupResponse> => {
    const { agent } = await requireSelf(ctx, req, { setup: true });
    return twoFactor.setup(agent, parse(TwoFactorSetupRequest, req.body, 'two-factor setup').password);
  });

  app.post('/api/me/two-factor/enable', async (req): Promise<RecoveryCodesResponse> => {
    const { agent } = await requireSelf(ctx, req, { setup: true });
    return { recoveryCodes: await twoFactor.enable(agent, parse(TwoFactorCodeRequest, req.body, 'code').code, clientOf(req)) };
  });

  app.post('/api/me/two-factor/recovery-codes', async (req): Promise<RecoveryCodesResponse> => {
    const { agent } = await requireSelf(ctx, req);
    return { recoveryCodes: await twoFactor.newRecoveryCodes(agent, parse(TwoFactorCodeRequest, req.body, 'code').code, clientOf(req)) };
  });

  app.post('/api/me/two-factor/disable', async (req, reply) => {
    const { agent } = await requireSelf(ctx, req);
    const body = parse(TwoFactorDisableRequest, req.body, 'two-factor disable');
    await twoFactor.disable(agent, body.password, body.code, clientOf(req));
    return reply.status(204).send();
  });
}
