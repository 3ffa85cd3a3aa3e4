/** The session token in localStorage, so a reload keeps the agent logged in until it expires. */
import type { LoginResponse } from '@switchboard/protocol';

const KEY = 'switchboard.console.session';

/** What of the login answer outlives a reload. */
export type Session = Pick<LoginResponse, 'token' | 'expiresAt'>;

export function loadSession(storage: Storage = localStorage, now = Date.now()): Session | null {
  const raw = storage.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.token === 'string' && typeof s.expiresAt === 'number' && s.expiresAt > now) return { token: s.token, expiresAt: s.expiresAt };
  } catch {
    // A corrupt entry is as good as none; it is removed below.
  }
  storage.removeItem(KEY);
  return null;
}

export function saveSession(session: Session, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}
