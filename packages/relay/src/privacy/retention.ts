/**
 * Retention: closed conversations older than RETENTION_DAYS are deleted, or anonymised (their
 * messages become tombstones, so the figures stay), in batches, every hour; old tickets and
 * visitors follow. Each batch is one conditional transaction (see storage PrivacyStore), so
 * several relays running it at once split the work and count each conversation once. Every run
 * that changed something is logged with its counts and written to the audit log.
 */
import type { Config } from '../config.js';
import type { AuditLog } from '../audit/log.js';
import { SYSTEM } from '../audit/log.js';
import type { Storage } from '../storage/types.js';

const BATCH = 500;
const DAY_MS = 86_400_000;

export interface RetentionRun {
  action: 'delete' | 'anonymise';
  before: number;
  conversations: number;
  tickets: number;
  visitors: number;
}

interface Log {
  info(obj: object, msg: string): void;
}

export class Retention {
  constructor(
    private readonly storage: Storage,
    private readonly config: Pick<Config, 'retentionDays' | 'retentionAction'>,
    private readonly audit: AuditLog,
    private readonly log: Log,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.config.retentionDays > 0;
  }

  /** One pass over everything older than the retention period; null when retention is off. */
  async run(): Promise<RetentionRun | null> {
    if (!this.enabled) return null;
    const { privacy } = this.storage;
    const action = this.config.retentionAction === 'delete' ? 'delete' : 'anonymise';
    const at = this.now();
    const before = at - this.config.retentionDays * DAY_MS;
    const drain = async (batch: () => Promise<number>) => {
      let total = 0;
      for (let n = BATCH; n === BATCH; total += n) n = await batch();
      return total;
    };
    const conversations = await drain(() => (action === 'delete' ? privacy.deleteClosedBefore(before, BATCH) : privacy.anonymiseClosedBefore(before, at, BATCH)));
    const tickets = await drain(() => privacy.retainTickets(before, action, BATCH));
    const visitors = await drain(() => privacy.retainVisitors(before, action, at, BATCH));
    const result: RetentionRun = { action, before, conversations, tickets, visitors };
    if (conversations + tickets + visitors > 0) {
      this.log.info({ retention: result }, `retention: ${action === 'delete' ? 'deleted' : 'anonymised'} ${conversations} conversations, ${tickets} tickets, ${visitors} visitors older than ${this.config.retentionDays} days`);
      await this.audit.record({ actor: SYSTEM, action: 'retention.ran', detail: { action, before, conversations, tickets, visitors } });
    }
    return result;
  }
}
