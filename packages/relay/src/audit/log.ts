/**
 * The audit log: who did what, and when. Account facts (sign-ins, sessions, passwords,
 * two-factor) arrive as domain events (`handle` subscribes to them); admin REST actions —
 * agents, site settings, knowledge-base edits, exports, erasures — and retention runs call
 * `record` themselves, since they are not conversation changes. Entries are appended and read,
 * never changed: there is no route that updates or deletes one, and the table refuses it
 * (SQLite triggers, a PostgreSQL trigger; see storage/migrations.ts).
 */
import type { AuditAction, AuditActor, AuditEntry, AuditListResponse } from '@switchboard/protocol';
import { csvCell } from '../reports.js';
import type { ClientInfo, DomainEvent } from '../conversation/events.js';
import type { AgentRecord, AuditFilter, Storage } from '../storage/types.js';

export const SYSTEM: AuditActor = { type: 'system', id: null, name: 'relay' };

export function agentActor(agent: Pick<AgentRecord, 'id' | 'name'>): AuditActor {
  return { type: 'agent', id: agent.id, name: agent.name };
}

export interface AuditInput {
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string } | null;
  detail?: AuditEntry['detail'];
  ip?: string | null;
}

/** CSV export: at most this many entries (newest first); narrow the filter for older ones. */
export const CSV_MAX_ROWS = 100_000;

export class AuditLog {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  record(input: AuditInput): Promise<AuditEntry> {
    return this.storage.audit.append({
      at: this.now(),
      actor: input.actor,
      action: input.action,
      target: input.target ?? null,
      detail: input.detail ?? {},
      ip: input.ip ?? null,
    });
  }

  async list(filter: AuditFilter): Promise<AuditListResponse> {
    // One more than asked tells whether there is a next page.
    const rows = await this.storage.audit.list({ ...filter, limit: filter.limit + 1 });
    const entries = rows.slice(0, filter.limit);
    return { entries, nextBefore: rows.length > filter.limit ? entries[entries.length - 1]!.id : null };
  }

  async csv(filter: Omit<AuditFilter, 'limit' | 'before'>): Promise<string> {
    const lines = [['id', 'time', 'action', 'actor_type', 'actor_id', 'actor_name', 'target_type', 'target_id', 'ip', 'detail'].join(',')];
    let before: string | undefined;
    for (let total = 0; total < CSV_MAX_ROWS; ) {
      const page = await this.storage.audit.list({ ...filter, ...(before ? { before } : {}), limit: Math.min(1000, CSV_MAX_ROWS - total) });
      for (const e of page) {
        const cells = [e.id, new Date(e.at).toISOString(), e.action, e.actor.type, e.actor.id, e.actor.name, e.target?.type ?? null, e.target?.id ?? null, e.ip, JSON.stringify(e.detail)];
        lines.push(cells.map(csvCell).join(','));
      }
      total += page.length;
      if (page.length < 1000) break;
      before = page[page.length - 1]!.id;
    }
    return `${lines.join('\n')}\n`;
  }

  /** The subscriber for account facts. */
  readonly handle = async (event: DomainEvent): Promise<void> => {
    const entry = accountEntry(event);
    if (entry) await this.record(entry);
  };
}

const from = (client: ClientInfo) => ({ ip: client.ip });

function accountEntry(event: DomainEvent): AuditInput | null {
  const e = event;
  switch (e.type) {
    case 'account.login_succeeded':
      return { actor: agentActor(e.agent), action: 'login.succeeded', target: { type: 'agent', id: e.agent.id }, detail: { via: e.via, userAgent: e.client.userAgent?.slice(0, 200) ?? null }, ...from(e.client) };
    case 'account.login_failed':
      // The actor of a failed sign-in is whoever tried: unknown, so only the address it came from.
      return {
        actor: { type: 'agent', id: e.agent?.id ?? null, name: null },
        action: 'login.failed',
        target: e.agent ? { type: 'agent', id: e.agent.id } : null,
        detail: { email: e.email.slice(0, 256), reason: e.reason },
        ...from(e.client),
      };
    case 'account.password_changed':
      return { actor: agentActor(e.agent), action: 'password.changed', target: { type: 'agent', id: e.agent.id }, detail: { sessionsEnded: e.sessionsEnded }, ...from(e.client) };
    case 'account.sessions_ended':
      return { actor: agentActor(e.agent), action: 'sessions.ended', target: { type: 'agent', id: e.agent.id }, detail: { which: e.which, count: e.count }, ...from(e.client) };
    case 'account.two_factor_changed': {
      const action: AuditAction = e.change === 'enabled' ? 'two_factor.enabled' : e.change === 'disabled' ? 'two_factor.disabled' : 'recovery_codes.created';
      return { actor: agentActor(e.agent), action, target: { type: 'agent', id: e.agent.id }, ...from(e.client) };
    }
    default:
      return null;
  }
}
