/**
 * REST for visitors' data and the audit log. Each route asks for a scope (http/principals.ts),
 * so an integration token with that scope can call it as an admin can; the audit log records
 * whoever it was. The audit log has read routes only: nothing here (or anywhere) changes an entry.
 */
import { AuditQuery, type AuditListResponse, type ErasureResponse, type VisitorExport } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import type { RelayContext } from '../context.js';
import { clientOf } from './auth.js';
import { parse } from './parse.js';
import { authorize } from './principals.js';

type Id = { Params: { id: string } };

export function registerPrivacyApi(app: FastifyInstance, ctx: RelayContext): void {
  app.get<Id>('/api/visitors/:id/export', async (req, reply) => {
    const { actor } = await authorize(ctx, req, 'visitors:export');
    const data: VisitorExport = await ctx.privacy.visitors.export(req.params.id);
    await ctx.audit.record({ actor, action: 'visitor.exported', target: { type: 'visitor', id: req.params.id }, detail: { conversations: data.conversations.length }, ip: clientOf(req).ip });
    const name = `switchboard-visitor-${req.params.id.replace(/[^A-Za-z0-9_-]/g, '')}.json`;
    return reply.header('content-disposition', `attachment; filename="${name}"`).send(data);
  });

  app.post<Id>('/api/visitors/:id/erase', async (req): Promise<ErasureResponse> => {
    const { actor } = await authorize(ctx, req, 'visitors:erase');
    const erased = await ctx.privacy.visitors.erase(req.params.id);
    const { conversations, messages, tickets, files } = erased;
    await ctx.audit.record({ actor, action: 'visitor.erased', target: { type: 'visitor', id: req.params.id }, detail: { conversations, messages, tickets, files }, ip: clientOf(req).ip });
    return erased;
  });

  app.get('/api/audit', async (req): Promise<AuditListResponse> => {
    await authorize(ctx, req, 'audit:read');
    return ctx.audit.list(parse(AuditQuery, req.query, 'query'));
  });

  app.get('/api/audit.csv', async (req, reply) => {
    await authorize(ctx, req, 'audit:read');
    const { limit: _limit, before: _before, ...filter } = parse(AuditQuery, req.query, 'query');
    const name = `switchboard-audit-${new Date().toISOString().slice(0, 10)}.csv`;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(await ctx.audit.csv(filter));
  });
}
