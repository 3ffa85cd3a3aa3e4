/** The session token in localStorage, so a reload keeps the agent logged in until it expires. */

const KEY = 'switchboard.console.session';

export interface Session {
  token: string;
  expiresAt: number;
}

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
