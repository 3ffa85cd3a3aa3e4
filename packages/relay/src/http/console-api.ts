/**
 * REST for the console: canned responses, ticket status, knowledge-base entries, site settings
 * and reports (with CSV export).
 */
import type { FastifyInstance } from 'fastify';
import { CannedInput, KbEntry, ReportsQuery, SiteUpdate, TicketUpdate, type CannedResponse } from '@switchboard/protocol';
import { isTimeZone } from '../business-hours.js';
import type { RelayContext } from '../context.js';
import { RelayError } from '../errors.js';
import { newId } from '../ids.js';
import { computeReports, reportsCsv } from '../reports.js';
import type { CannedRecord } from '../storage/types.js';
import { ticketView } from '../views.js';
import { requireAdmin, requireAgent } from './auth.js';
import { parse } from './parse.js';

const cannedView = (c: CannedRecord): CannedResponse => ({ id: c.id, shortcut: c.shortcut, title: c.title, text: c.text, updatedAt: c.updatedAt });
const MAX_REPORT_RANGE = 400 * 24 * 3_600_000;

export function registerConsoleApi(app: FastifyInstance, ctx: RelayContext): void {
  app.patch<{ Params: { id: string } }>('/api/tickets/:id', async (req) => {
    await requireAgent(ctx, req);
    const body = parse(TicketUpdate, req.body, 'ticket update');
    const ticket = await ctx.storage.updateTicket(req.params.id, body);
    if (!ticket) throw new RelayError('NOT_FOUND', 'No such ticket.');
    return { ticket: ticketView(ticket) };
  });

  app.get('/api/canned', async (req) => {
    await requireAgent(ctx, req);
    return { canned: (await ctx.storage.listCanned()).map(cannedView) };
  });

  app.post('/api/canned', async (req, reply) => {
    await requireAgent(ctx, req);
    const body = parse(CannedInput, req.body, 'canned response');
    const created = await ctx.storage.createCanned({ id: newId('k'), shortcut: body.shortcut, title: body.title ?? body.shortcut, text: body.text, updatedAt: Date.now() });
    if (!created) throw new RelayError('CONFLICT', `The shortcut /${body.shortcut} is taken.`);
    return reply.status(201).send({ canned: cannedView(created) });
  });

  app.patch<{ Params: { id: string } }>('/api/canned/:id', async (req) => {
    await requireAgent(ctx, req);
    const body = parse(CannedInput.partial(), req.body, 'canned response');
    if (!(await ctx.storage.getCanned(req.params.id))) throw new RelayError('NOT_FOUND', 'No such canned response.');
    const updated = await ctx.storage.updateCanned(req.params.id, { ...body, updatedAt: Date.now() });
    if (!updated) throw new RelayError('CONFLICT', `The shortcut /${body.shortcut ?? ''} is taken.`);
    return { canned: cannedView(updated) };
  });

  app.delete<{ Params: { id: string } }>('/api/canned/:id', async (req, reply) => {
    await requireAgent(ctx, req);
    if (!(await ctx.storage.deleteCanned(req.params.id))) throw new RelayError('NOT_FOUND', 'No such canned response.');
    return reply.status(204).send();
  });

  const knowledge = () => {
    if (!ctx.knowledge) throw new RelayError('CONFLICT', 'The in-process bot is disabled (BOT_ENABLED=false).');
    return ctx.knowledge;
  };

  app.get('/api/kb/entries', async (req) => {
    await requireAdmin(ctx, req);
    const kb = knowledge();
    return { entries: kb.list(), source: kb.source, path: kb.source === 'file' ? kb.path : null };
  });

  app.put<{ Params: { id: string } }>('/api/kb/entries/:id', async (req) => {
    await requireAdmin(ctx, req);
    const entry = parse(KbEntry, { ...(req.body as object), id: req.params.id }, 'knowledge-base entry');
    return { entry: await knowledge().upsert(entry) };
  });

  app.delete<{ Params: { id: string } }>('/api/kb/entries/:id', async (req, reply) => {
    await requireAdmin(ctx, req);
    if (!(await knowledge().remove(req.params.id))) throw new RelayError('NOT_FOUND', 'No such entry.');
    return reply.status(204).send();
  });

  app.get('/api/site', async (req) => {
    await requireAgent(ctx, req);
    return ctx.sites.view();
  });

  app.patch('/api/site', async (req) => {
    await requireAdmin(ctx, req);
    const body = parse(SiteUpdate, req.body, 'site settings');
    if (body.businessHours && !isTimeZone(body.businessHours.timezone)) {
      throw new RelayError('INVALID_FRAME', `Invalid site settings: businessHours.timezone: "${body.businessHours.timezone}" is not a time zone.`);
    }
    const view = await ctx.sites.update(body);
    // Opening hours or origins may have changed what visitors can do right now.
    await ctx.service.refreshAvailability();
    return view;
  });

  const reports = async (query: unknown) => {
    const q = parse(ReportsQuery, query, 'query');
    if (q.from >= q.to) throw new RelayError('INVALID_FRAME', 'from must be before to.');
    if (q.to - q.from > MAX_REPORT_RANGE) throw new RelayError('INVALID_FRAME', 'The range is at most 400 days.');
    if (!isTimeZone(q.tz)) throw new RelayError('INVALID_FRAME', `Invalid query: tz: "${q.tz}" is not a time zone.`);
    const [conversations, tickets, agents] = await Promise.all([
      ctx.storage.conversationsBetween(q.from, q.to),
      ctx.storage.ticketsBetween(q.from, q.to),
      ctx.storage.listAgents(),
    ]);
    return computeReports(conversations, tickets, agents, q.from, q.to, q.tz);
  };

  app.get('/api/reports', async (req) => {
    await requireAdmin(ctx, req);
    return reports(req.query);
  });

  app.get('/api/reports.csv', async (req, reply) => {
    await requireAdmin(ctx, req);
    const r = await reports(req.query);
    const name = `switchboard-report-${new Date(r.from).toISOString().slice(0, 10)}-${new Date(r.to).toISOString().slice(0, 10)}.csv`;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(reportsCsv(r));
  });
}

