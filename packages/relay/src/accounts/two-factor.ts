/**
 * Two-factor authentication with TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1 — what every
 * authenticator app reads from an `otpauth://` QR code), through otplib. A code is accepted once:
 * the step it was made for must be later than the last accepted one, checked in one conditional
 * write, so a code seen over someone's shoulder cannot be replayed on another relay either.
 * Recovery codes are 10 random `xxxxx-xxxxx` codes (50 bits each) shown once; the database keeps
 * their SHA-256 and marks each used in one conditional write.
 */
import type { TwoFactorSetupResponse, TwoFactorStatus } from '@switchboard/protocol';
import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { verifyPassword } from '../auth/passwords.js';
import type { ClientInfo, DomainEvents } from '../conversation/events.js';
import { RelayError } from '../errors.js';
import type { SiteStore } from '../site.js';
import type { AgentRecord, Storage } from '../storage/types.js';

const RECOVERY_CODES = 10;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** Codes from the step before or after the current one are accepted too (clock drift, typing time). */
const TOLERANCE_S = 30;
const PERIOD_S = 30;

export type SecondFactor = 'totp' | 'recovery_code';

export function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => BASE32[b & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** What is stored of a recovery code: case, spaces and the dash do not matter when it is typed. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('base64url');
}

export class TwoFactor {
  constructor(
    private readonly storage: Storage,
    private readonly events: DomainEvents,
    private readonly sites: SiteStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the site makes this agent use two-factor authentication (bots never). */
  required(agent: AgentRecord): boolean {
    return this.sites.current.requireTwoFactor && agent.role !== 'bot';
  }

  async enabled(agentId: string): Promise<boolean> {
    return (await this.storage.twoFactor.get(agentId))?.enabledAt != null;
  }

  async status(agent: AgentRecord): Promise<TwoFactorStatus> {
    const [enabled, left] = await Promise.all([this.enabled(agent.id), this.storage.twoFactor.recoveryCodesLeft(agent.id)]);
    return { enabled, required: this.required(agent), recoveryCodesLeft: enabled ? left : 0 };
  }

  /** A new secret, pending until a code for it confirms it (`enable`). The password is asked again. */
  async setup(agent: AgentRecord, password: string): Promise<TwoFactorSetupResponse> {
    if (!(await verifyPassword(password, agent.passwordHash))) throw new RelayError('UNAUTHORIZED', 'Wrong password.');
    const secret = generateSecret();
    if (!(await this.storage.twoFactor.begin(agent.id, secret))) throw new RelayError('CONFLICT', 'Two-factor authentication is already on; turn it off first to use another app.');
    return { secret, uri: generateURI({ issuer: `Switchboard (${this.sites.current.name})`, label: agent.email, secret }) };
  }

  /** Confirms the pending secret with a code from the app; returns the recovery codes (shown once). */
  async enable(agent: AgentRecord, code: string, client: ClientInfo): Promise<string[]> {
    const record = await this.storage.twoFactor.get(agent.id);
    if (!record || record.enabledAt !== null) throw new RelayError('CONFLICT', record ? 'Two-factor authentication is already on.' : 'Start the setup first.');
    const step = await this.stepOf(record.secret, code, record.lastStep);
    if (step === null) throw new RelayError('UNAUTHORIZED', 'That code is not right: check the time on your phone and try the next one.');
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    if (!(await this.storage.twoFactor.enable(agent.id, step, this.now(), codes.map(hashRecoveryCode)))) throw new RelayError('CONFLICT', 'Two-factor authentication is already on.');
    await this.events.emit({ type: 'account.two_factor_changed', agent, change: 'enabled', client });
    return codes;
  }

  /** New recovery codes (the old ones stop working), confirmed with a current code. */
  async newRecoveryCodes(agent: AgentRecord, code: string, client: ClientInfo): Promise<string[]> {
    if ((await this.check(agent.id, code)) !== 'totp') throw new RelayError('UNAUTHORIZED', 'That code is not right.');
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.storage.twoFactor.replaceRecoveryCodes(agent.id, codes.map(hashRecoveryCode));
    await this.events.emit({ type: 'account.two_factor_changed', agent, change: 'recovery_codes', client });
    return codes;
  }

  async disable(agent: AgentRecord, password: string, code: string, client: ClientInfo): Promise<void> {
    if (this.required(agent)) throw new RelayError('CONFLICT', 'This site requires two-factor authentication.');
    if (!(await verifyPassword(password, agent.passwordHash))) throw new RelayError('UNAUTHORIZED', 'Wrong password.');
    if ((await this.check(agent.id, code)) !== 'totp') throw new RelayError('UNAUTHORIZED', 'That code is not right.');
    await this.storage.twoFactor.remove(agent.id);
    await this.events.emit({ type: 'account.two_factor_changed', agent, change: 'disabled', client });
  }

  /**
   * Checks a second factor at sign-in: an app code for a step not used before, or an unused
   * recovery code (then used up). Null when neither.
   */
  async check(agentId: string, code: string): Promise<SecondFactor | null> {
    const record = await this.storage.twoFactor.get(agentId);
    if (!record || record.enabledAt === null) return null;
    if (/^\d{6}$/.test(code.trim())) {
      const step = await this.stepOf(record.secret, code.trim(), record.lastStep);
      return step !== null && (await this.storage.twoFactor.useStep(agentId, step)) ? 'totp' : null;
    }
    return (await this.storage.twoFactor.useRecoveryCode(agentId, hashRecoveryCode(code), this.now())) ? 'recovery_code' : null;
  }

  /** The RFC 6238 step `code` was made for, when it is right and later than `afterStep`. */
  private async stepOf(secret: string, code: string, afterStep: number): Promise<number | null> {
    const epoch = Math.floor(this.now() / 1000);
    const result = await verify({ secret, token: code, epoch, epochTolerance: TOLERANCE_S, afterTimeStep: afterStep });
    return result.valid ? Math.floor(epoch / PERIOD_S) + result.delta : null;
  }
}
