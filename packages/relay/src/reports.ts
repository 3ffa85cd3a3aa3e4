/**
 * Reports: the service figures per day (in a chosen time zone) and per agent, computed from
 * stored conversations and tickets. docs/metrics.md defines each figure; figures.ts computes them.
 */
import type { ReportsResponse } from '@switchboard/protocol';
import { computeFigures } from './figures.js';
import type { AgentRecord, ConversationRecord, TicketRecord } from './storage/types.js';

export function dayKey(at: number, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function computeReports(
  conversations: readonly ConversationRecord[],
  tickets: readonly TicketRecord[],
  agents: readonly AgentRecord[],
  from: number,
  to: number,
  tz: string,
): ReportsResponse {
  const days = new Map<string, { conversations: ConversationRecord[]; tickets: TicketRecord[] }>();
  // Every day in range, so charts show quiet days as zero rather than skipping them.
  for (let t = from; t < to; t += 3_600_000) days.set(dayKey(t, tz), days.get(dayKey(t, tz)) ?? { conversations: [], tickets: [] });
  if (to > from) days.set(dayKey(to - 1, tz), days.get(dayKey(to - 1, tz)) ?? { conversations: [], tickets: [] });
  for (const c of conversations) days.get(dayKey(c.createdAt, tz))?.conversations.push(c);
  for (const t of tickets) days.get(dayKey(t.createdAt, tz))?.tickets.push(t);

  const byAgent = new Map<string, ConversationRecord[]>();
  for (const c of conversations) {
    if (!c.agentId) continue;
    byAgent.set(c.agentId, [...(byAgent.get(c.agentId) ?? []), c]);
  }
  const names = new Map(agents.map((a) => [a.id, a.name]));

  return {
    from,
    to,
    tz,
    totals: computeFigures(conversations, tickets.length),
    days: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, d]) => ({ day, ...computeFigures(d.conversations, d.tickets.length) })),
    agents: [...byAgent.entries()]
      .map(([agentId, list]) => ({ agentId, name: names.get(agentId) ?? agentId, ...computeFigures(list, 0) }))
      .sort((a, b) => b.conversations - a.conversations),
  };
}

const CSV_COLUMNS = [
  'conversations',
  'closed',
  'handoffs',
  'botDeflectionRate',
  'firstResponseMedianMs',
  'firstResponseP90Ms',
  'avgHandleMs',
  'resolutionRate',
  'firstContactResolutionRate',
  'csatAverage',
  'csatCount',
  'offlineTickets',
] as const;

type Row = ReportsResponse['totals'];

function cells(f: Row): (number | null)[] {
  return [
    f.conversations,
    f.closed,
    f.handoffs,
    f.botDeflectionRate,
    f.firstResponseMs.median,
    f.firstResponseMs.p90,
    f.avgHandleMs,
    f.resolutionRate,
    f.firstContactResolutionRate,
    f.csat.average,
    f.csat.count,
    f.offlineTickets,
  ];
}

export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 10_000) / 10_000) : v;
  // Quote, and defuse spreadsheet formulas in names (=, +, -, @ at the start).
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function reportsCsv(r: ReportsResponse): string {
  const lines = [['scope', 'key', ...CSV_COLUMNS].join(',')];
  lines.push(['total', `${new Date(r.from).toISOString()}/${new Date(r.to).toISOString()}`, ...cells(r.totals)].map(csvCell).join(','));
  for (const d of r.days) lines.push(['day', d.day, ...cells(d)].map(csvCell).join(','));
  for (const a of r.agents) lines.push(['agent', a.name, ...cells(a)].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}
