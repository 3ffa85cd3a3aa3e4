/** The service figures and reports over a time range, from stored conversations (figures.ts and reports.ts compute them). */
import type { Parsed, FiguresQuery, FiguresResponse, ReportsQuery, ReportsResponse } from '@switchboard/protocol';
import { isTimeZone } from '../business-hours.js';
import { RelayError } from '../errors.js';
import { computeFigures } from '../figures.js';
import { computeReports } from '../reports.js';
import type { Storage } from '../storage/types.js';

const MAX_REPORT_RANGE = 400 * 24 * 3_600_000;
const DEFAULT_FIGURES_RANGE = 30 * 24 * 3_600_000;

export class Reporting {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  /** Figures over [from, to); the last 30 days by default. */
  async figures(q: FiguresQuery): Promise<FiguresResponse> {
    const to = q.to ?? this.now();
    const from = q.from ?? to - DEFAULT_FIGURES_RANGE;
    if (from >= to) throw new RelayError('INVALID_FRAME', 'from must be before to.');
    const [conversations, tickets] = await Promise.all([this.storage.conversations.createdBetween(from, to), this.storage.tickets.count(from, to)]);
    return { from, to, ...computeFigures(conversations, tickets) };
  }

  /** Figures per day (in `tz`) and per agent, over at most 400 days. */
  async reports(q: Parsed<typeof ReportsQuery>): Promise<ReportsResponse> {
    if (q.from >= q.to) throw new RelayError('INVALID_FRAME', 'from must be before to.');
    if (q.to - q.from > MAX_REPORT_RANGE) throw new RelayError('INVALID_FRAME', 'The range is at most 400 days.');
    if (!isTimeZone(q.tz)) throw new RelayError('INVALID_FRAME', `Invalid query: tz: "${q.tz}" is not a time zone.`);
    const [conversations, tickets, agents] = await Promise.all([
      this.storage.conversations.createdBetween(q.from, q.to),
      this.storage.tickets.createdBetween(q.from, q.to),
      this.storage.agents.list(),
    ]);
    return computeReports(conversations, tickets, agents, q.from, q.to, q.tz);
  }
}
