/**
 * REST for the console: canned responses, knowledge-base entries, site settings, figures and
 * reports (with CSV export).
 */
import {
  CannedInput,
  CannedUpdate,
  FiguresQuery,
  KbEntry,
  KbMatchQuery,
  KbReloadQuery,
  ReportsQuery,
  SiteUpdate,
  type CannedItemResponse,
  type CannedListResponse,
  type FiguresResponse,
  type KbEntriesResponse,
  type KbEntryResponse,
  type KbMatchResponse,
  type KbReloadResponse,
  type ReportsResponse,
  type SiteSettings,
} from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import type { RelayContext } from '../context.js';
import { RelayError } from '../errors.js';
import type { KnowledgeBaseHolder } from '../knowledge.js';
import { reportsCsv } from '../reports.js';
import { adminActing, requireAdmin, requireAgent } from './auth.js';
import { parse } from './parse.js';

type Id = { Params: { id: string } };

export function registerConsoleApi(app: FastifyInstance, ctx: RelayContext): void {
  app.get('/api/canned', async (req): Promise<CannedListResponse> => {
    await requireAgent(ctx, req);
    return { canned: await ctx.canned.list() };
  });

  app.post('/api/canned', async (req, reply) => {
    await requireAgent(ctx, req);
    const created = await ctx.canned.create(parse(CannedInput, req.body, 'canned response'));
    return reply.status(201).send({ canned: created } satisfies CannedItemResponse);
  });

  app.patch<Id>('/api/canned/:id', async (req): Promise<CannedItemResponse> => {
    await requireAgent(ctx, req);
    return { canned: await ctx.canned.update(req.params.id, parse(CannedUpdate, req.body, 'canned response')) };
  });

  app.delete<Id>('/api/canned/:id', async (req, reply) => {
    await requireAgent(ctx, req);
    await ctx.canned.remove(req.params.id);
    return reply.status(204).send();
  });

  const knowledge = (): KnowledgeBaseHolder => {
    if (!ctx.knowledge) throw new RelayError('CONFLICT', 'The in-process bot is disabled (BOT_ENABLED=false).');
    return ctx.knowledge;
  };

  app.get('/api/kb/entries', async (req): Promise<KbEntriesResponse> => {
    await requireAdmin(ctx, req);
    const kb = knowledge();
    return { entries: kb.list(), source: kb.source, path: kb.source === 'file' ? kb.path : null };
  });

  app.put<Id>('/api/kb/entries/:id', async (req): Promise<KbEntryResponse> => {
    const { actor, ip } = await adminActing(ctx, req);
    // The body is a KbEntryInput; the path names the entry.
    const entry = parse(KbEntry, { ...(req.body as object), id: req.params.id }, 'knowledge-base entry');
    const saved = await knowledge().upsert(entry);
    await ctx.audit.record({ actor, action: 'kb.entry_saved', target: { type: 'kb_entry', id: saved.id }, detail: { questions: saved.questions.length }, ip });
    return { entry: saved };
  });

  app.delete<Id>('/api/kb/entries/:id', async (req, reply) => {
    const { actor, ip } = await adminActing(ctx, req);
    if (!(await knowledge().remove(req.params.id))) throw new RelayError('NOT_FOUND', 'No such entry.');
    await ctx.audit.record({ actor, action: 'kb.entry_deleted', target: { type: 'kb_entry', id: req.params.id }, ip });
    return reply.status(204).send();
  });

  // A download: console edits live in the database, and this turns them back into a file.
  app.get('/api/kb/export', async (req, reply) => {
    await requireAdmin(ctx, req);
    const json = knowledge().export();
    return reply.type('application/json; charset=utf-8').header('content-disposition', 'attachment; filename="knowledge-base.json"').send(json);
  });

  app.post('/api/kb/reload', async (req): Promise<KbReloadResponse> => {
    const { actor, ip } = await adminActing(ctx, req);
    const kb = knowledge();
    const q = parse(KbReloadQuery, req.query, 'query');
    try {
      const reloaded = await kb.reload(q.discardEdits === 'true');
      await ctx.audit.record({ actor, action: 'kb.reloaded', detail: { entries: reloaded.entries, source: reloaded.source, discardEdits: q.discardEdits === 'true' }, ip });
      return reloaded;
    } catch (err) {
      if (err instanceof RelayError) throw err;
      throw new RelayError('INVALID_FRAME', `The knowledge base was not reloaded: ${(err as Error).message}`);
    }
  });

  app.get('/api/kb/match', async (req): Promise<KbMatchResponse> => {
    await requireAgent(ctx, req);
    const q = parse(KbMatchQuery, req.query, 'query');
    return knowledge().match(q.q);
  });

  app.get('/api/site', async (req): Promise<SiteSettings> => {
    await requireAgent(ctx, req);
    return ctx.sites.view();
  });

  app.patch('/api/site', async (req): Promise<SiteSettings> => {
    const { adminId, actor, ip } = await adminActing(ctx, req);
    const patch = parse(SiteUpdate, req.body, 'site settings');
    const site = await ctx.siteSettings.update(patch, adminId);
    // Which settings changed (the identity secret's value never).
    const detail = Object.fromEntries(Object.keys(patch).map((k) => [k, k === 'identitySecret' ? (patch.identitySecret ? 'set' : 'removed') : true]));
    await ctx.audit.record({ actor, action: 'site.updated', target: { type: 'site', id: site.id }, detail, ip });
    return site;
  });

  app.get('/api/figures', async (req): Promise<FiguresResponse> => {
    await requireAdmin(ctx, req);
    return ctx.reporting.figures(parse(FiguresQuery, req.query, 'query'));
  });

  app.get('/api/reports', async (req): Promise<ReportsResponse> => {
    await requireAdmin(ctx, req);
    return ctx.reporting.reports(parse(ReportsQuery, req.query, 'query'));
  });

  app.get('/api/reports.csv', async (req, reply) => {
    await requireAdmin(ctx, req);
    const r = await ctx.reporting.reports(parse(ReportsQuery, req.query, 'query'));
    const name = `switchboard-report-${new Date(r.from).toISOString().slice(0, 10)}-${new Date(r.to).toISOString().slice(0, 10)}.csv`;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(reportsCsv(r));
  });
}
