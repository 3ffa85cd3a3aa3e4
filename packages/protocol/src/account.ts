/**
 * REST bodies for an agent's own account (`/api/me/*`): sessions, password, two-factor
 * authentication (TOTP, RFC 6238) and recovery codes. Request types are `z.input`, responses `z.infer`.
 */
import { z } from 'zod';
import { Timestamp } from './common.js';

const Password = z.string().min(1).max(512);
const NewPassword = z.string().min(8).max(512);
/** The 6 digits an authenticator app shows. */
export const TotpCode = z.string().trim().regex(/^\d{6}$/, 'code: the 6 digits from the app');

/** One signed-in browser or script of mine. */
export const SessionView = z.object({
  /** Names the session in `DELETE /api/me/sessions/:id` (not the token). */
  id: z.string(),
  /** The session this request was made with. */
  current: z.boolean(),
  createdAt: Timestamp,
  /** The last request or frame, to the minute. */
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  /** The User-Agent it logged in with (the console shows browser and system). */
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
});
export type SessionView = z.infer<typeof SessionView>;
export const SessionListResponse = z.object({ sessions: z.array(SessionView) });
export type SessionListResponse = z.infer<typeof SessionListResponse>;
/** `DELETE /api/me/sessions`: how many other sessions ended. */
export const SessionsEndedResponse = z.object({ ended: z.number().int() });
export type SessionsEndedResponse = z.infer<typeof SessionsEndedResponse>;

export const PasswordChangeRequest = z.object({ currentPassword: Password, newPassword: NewPassword });
export type PasswordChangeRequest = z.input<typeof PasswordChangeRequest>;

export const TwoFactorStatus = z.object({
  enabled: z.boolean(),
  /** The site requires it (bots excepted). */
  required: z.boolean(),
  /** Unused recovery codes left. */
  recoveryCodesLeft: z.number().int(),
});
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;

/** `POST /api/me/two-factor/setup`: the password again, for a new secret. */
export const TwoFactorSetupRequest = z.object({ password: Password });
export type TwoFactorSetupRequest = z.input<typeof TwoFactorSetupRequest>;
export const TwoFactorSetupResponse = z.object({
  /** Base32, for typing into the app by hand. */
  secret: z.string(),
  /** `otpauth://totp/…`: what the QR code holds. */
  uri: z.string(),
});
export type TwoFactorSetupResponse = z.infer<typeof TwoFactorSetupResponse>;
/** `POST /api/me/two-factor/enable` (a code for the new secret) and `…/recovery-codes` (a current code). */
export const TwoFactorCodeRequest = z.object({ code: TotpCode });
export type TwoFactorCodeRequest = z.input<typeof TwoFactorCodeRequest>;
/** Shown once: the relay keeps only their hashes. */
export const RecoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesResponse = z.infer<typeof RecoveryCodesResponse>;
export const TwoFactorDisableRequest = z.object({ password: Password, code: TotpCode });
export type TwoFactorDisableRequest = z.input<typeof TwoFactorDisableRequest>;
