/**
 * A visitor's data on request: export everything stored about them, or erase it. Erasure closes
 * the visitor's open conversations (each in its turn, so agents see them close), then scrubs the
 * visitor in one transaction (storage PrivacyStore.erase: tombstones keep seqs, authors' kinds
 * and times, so reports count the same), then closes the visitor's sockets on every relay (4006)
 * and sends agents the blanked tickets. Their token then opens a new, empty visitor.
 */
import type { ErasureResponse, VisitorExport } from '@switchboard/protocol';
import type { Assignment } from '../conversation/assignment.js';
import type { DomainEvents } from '../conversation/events.js';
import type { Lifecycle } from '../conversation/lifecycle.js';
import type { Serial } from '../conversation/serial.js';
import { RelayError } from '../errors.js';
import type { Storage } from '../storage/types.js';
import { ticketView, visitorProfile } from '../views.js';
import type { VisitorFiles } from './files.js';

export interface VisitorDataDeps {
  storage: Storage;
  serial: Serial;
  events: DomainEvents;
  lifecycle: Lifecycle;
  assignment: Assignment;
  files: VisitorFiles;
  now: () => number;
}

export class VisitorDataCommands {
  constructor(private readonly deps: VisitorDataDeps) {}

  async export(visitorId: string): Promise<VisitorExport> {
    const data = await this.deps.storage.privacy.collect(visitorId);
    if (!data) throw new RelayError('NOT_FOUND', 'No such visitor.');
    const { visitor } = data;
    return {
      exportedAt: this.deps.now(),
      visitor: { ...visitorProfile(visitor), lastSeenAt: visitor.lastSeenAt, erasedAt: visitor.erasedAt },
      conversations: data.conversations.map((c) => ({
        id: c.id,
        state: c.state,
        agentId: c.agentId,
        createdAt: c.createdAt,
        closedAt: c.closedAt,
        resolution: c.resolution,
        handoffReason: c.handoffReason,
        rating: c.rating,
        ratingComment: c.ratingComment,
        messages: data.messages.get(c.id) ?? [],
      })),
      tickets: data.tickets.map(ticketView),
      files: await this.deps.files.list(visitorId),
    };
  }

  async erase(visitorId: string): Promise<ErasureResponse> {
    const { storage, serial, lifecycle, assignment } = this.deps;
    return serial.visitor(visitorId, async () => {
      if (!(await storage.visitors.get(visitorId))) throw new RelayError('NOT_FOUND', 'No such visitor.');
      const open = await storage.conversations.list({ visitorId, states: ['bot', 'queued', 'assigned'], limit: 100 });
      let freed = false;
      for (const { id } of open) {
        await serial.conversation(id, async () => {
          const current = await storage.conversations.get(id);
          if (current && current.state !== 'closed' && (await lifecycle.close(current, 'erased', null))) freed ||= current.state === 'assigned';
        });
      }
      const at = this.deps.now();
      const counts = await storage.privacy.erase(visitorId, at);
      if (!counts) throw new RelayError('NOT_FOUND', 'No such visitor.');
      const files = await this.deps.files.erase(visitorId);
      await this.deps.events.emit({ type: 'visitor.erased', visitorId });
      // Consoles keep open tickets from the socket: each gets the blanked copy, so the visitor's
      // words leave every screen now, not at the next reload. (A rare action: reading the whole
      // record back is fine.)
      for (const ticket of (await storage.privacy.collect(visitorId))?.tickets ?? []) await this.deps.events.emit({ type: 'ticket.updated', ticket });
      // An agent who held one of these has room again.
      if (freed) await assignment.drain();
      return { visitorId, erasedAt: at, ...counts, files };
    });
  }
}
