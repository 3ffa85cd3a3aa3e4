/**
 * Builds the conversation core — events, the serial queue, the log, lifecycle, routing, fan-out,
 * the in-process bot and the commands sockets call — over one storage and one bus.
 */
import type { FastifyBaseLogger } from 'fastify';
import { Account } from '../accounts/account.js';
import { AgentDirectory } from '../accounts/agents.js';
import { Sessions } from '../accounts/sessions.js';
import type { LoginThrottle } from '../accounts/throttle.js';
import { TwoFactor } from '../accounts/two-factor.js';
import { AuditLog } from '../audit/log.js';
import type { RelayBot } from '../bot-port.js';
import type { Bus } from '../bus/types.js';
import type { Config } from '../config.js';
import type { PresenceStore } from '../presence.js';
import type { VisitorFiles } from '../privacy/files.js';
import { Retention } from '../privacy/retention.js';
import { VisitorDataCommands } from '../privacy/visitor-data.js';
import type { SharedRateLimiter } from '../rate-limit-redis.js';
import type { SiteStore } from '../site.js';
import type { Storage } from '../storage/types.js';
import { AgentCommands } from './agent-commands.js';
import { AgentSession } from './agent-session.js';
import { Assignment } from './assignment.js';
import { BotTurns } from './bot-turns.js';
import { DomainEvents } from './events.js';
import { FanOut } from './fanout.js';
import { Lifecycle } from './lifecycle.js';
import { ConversationLog } from './log.js';
import { ConversationReads } from './reads.js';
import { Serial } from './serial.js';
import { VisitorCommands } from './visitor-commands.js';
import { VisitorSession } from './visitor-session.js';

export interface CoreDeps {
  storage: Storage;
  bus: Bus;
  presence: PresenceStore;
  /** The in-process bot, or null. */
  bot: RelayBot | null;
  /** Whether a bot process is connected to this relay or another: the in-process bot then stays quiet. */
  botProcessConnected: () => boolean;
  sites: SiteStore;
  limiter: SharedRateLimiter;
  config: Config;
  secret: string;
  log: FastifyBaseLogger;
  /** Failed sign-ins per account and IP (shared by relays through Redis when configured). */
  throttle: LoginThrottle;
  /** A visitor's files, for export and erasure (none are stored until attachments exist). */
  files: VisitorFiles;
  now?: () => number;
}

export function createCore(deps: CoreDeps) {
  const { storage, presence, bot, sites, config } = deps;
  const now = deps.now ?? Date.now;
  const events = new DomainEvents(deps.log);
  const serial = new Serial();
  const reads = new ConversationReads(storage, now);
  const log = new ConversationLog(storage, events, now);
  const twoFactor = new TwoFactor(storage, events, sites, now);
  const rules = {
    account: { maxFailures: config.loginMaxFailures, lockMs: config.loginLockSeconds * 1000 },
    ip: { maxFailures: config.loginIpMaxFailures, lockMs: config.loginLockSeconds * 1000 },
  };
  const sessions = new Sessions({ storage, events, twoFactor, throttle: deps.throttle, rules, ttlHours: config.sessionTtlHours, now });
  const directory = new AgentDirectory(storage, sessions, presence, now);
  const audit = new AuditLog(storage, now);
  const botServes = () => bot !== null || deps.botProcessConnected();
  const lifecycle = new Lifecycle({ storage, events, log, presence, bot, botServes, now });
  const assignment = new Assignment({ storage, events, serial, lifecycle, log, presence, isOpen: () => sites.open(), now });

  // Subscribers, in order: fan-out first, so clients hear of a fact before what follows from it.
  events.subscribe('fan-out', new FanOut(deps.bus, reads).handle);
  events.subscribe('audit log', audit.handle);
  if (bot) {
    const turns = new BotTurns({ bot, storage, serial, log, assignment, botProcessConnected: deps.botProcessConnected, logger: deps.log });
    events.subscribe('in-process bot', turns.handle);
  }

  const visitorSession = new VisitorSession({ storage, serial, reads, assignment, sites, config, secret: deps.secret, now });
  return {
    events,
    serial,
    reads,
    lifecycle,
    assignment,
    sessions,
    twoFactor,
    account: new Account(storage, sessions, events),
    audit,
    privacy: {
      visitors: new VisitorDataCommands({ storage, serial, events, lifecycle, assignment, files: deps.files, now }),
      retention: new Retention(storage, config, audit, deps.log, now),
    },
    visitors: {
      session: visitorSession,
      commands: new VisitorCommands({ storage, events, serial, log, lifecycle, assignment, reads, session: visitorSession, limiter: deps.limiter, config, now }),
    },
    agents: {
      session: new AgentSession({ storage, events, serial, sessions, directory, presence, assignment, reads, config }),
      commands: new AgentCommands({ storage, events, serial, sessions, log, lifecycle, assignment, reads, config }),
      directory,
    },
    /** Closes conversations left with the bot longer than `idleMs` (they count as deflected). */
    async closeIdleBotConversations(idleMs: number): Promise<number> {
      const idle = await storage.conversations.idle('bot', now() - idleMs, 200);
      for (const { id } of idle) {
        await serial.conversation(id, async () => {
          const current = await storage.conversations.get(id);
          // It may have been handed off, claimed or written to meanwhile.
          if (current?.state === 'bot' && (current.lastMessageAt ?? current.createdAt) < now() - idleMs) await lifecycle.close(current, 'bot_idle', null);
        });
      }
      return idle.length;
    },
  };
}

export type Core = ReturnType<typeof createCore>;
