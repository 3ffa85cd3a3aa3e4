/** Offline tickets as agents work through them. (Visitors create them: conversation/visitor-commands.ts.) */
import type { Parsed, OfflineTicket, TicketListQuery, TicketUpdate } from '@switchboard/protocol';
import type { DomainEvents } from '../conversation/events.js';
import { RelayError } from '../errors.js';
import type { Storage } from '../storage/types.js';
import { ticketView } from '../views.js';

export class Tickets {
  constructor(
    private readonly storage: Storage,
    private readonly events: DomainEvents,
  ) {}

  async list(query: Parsed<typeof TicketListQuery>): Promise<OfflineTicket[]> {
    return (await this.storage.tickets.list({ limit: query.limit, ...(query.status ? { status: query.status } : {}) })).map(ticketView);
  }

  async update(id: string, patch: TicketUpdate): Promise<OfflineTicket> {
    const ticket = await this.storage.tickets.update(id, patch);
    if (!ticket) throw new RelayError('NOT_FOUND', 'No such ticket.');
    // Every console keeps its open tickets from the socket: tell them all.
    await this.events.emit({ type: 'ticket.updated', ticket });
    return ticketView(ticket);
  }
}
