/** Agent sessions: login, token check, logout. */
import type { Storage, AgentRecord } from '../storage/types.js';
import { RelayError } from '../errors.js';
import { verifyPassword } from './passwords.js';
import { hashSessionToken, newSessionToken } from './tokens.js';

export async function login(storage: Storage, email: string, password: string, ttlHours: number): Promise<{ token: string; expiresAt: number; agent: AgentRecord }> {
  const agent = await storage.getAgentByEmail(email);
  // Verify even for unknown emails would leak less timing, but scrypt on a dummy hash costs the same work: do it.
  const ok = agent ? await verifyPassword(password, agent.passwordHash) : await verifyPassword(password, DUMMY_HASH).then(() => false);
  if (!agent || !ok) throw new RelayError('UNAUTHORIZED', 'Wrong email or password.');
  if (!agent.active) throw new RelayError('FORBIDDEN', 'This account is deactivated.');
  const token = newSessionToken();
  const now = Date.now();
  const expiresAt = now + ttlHours * 3_600_000;
  await storage.createSession({ tokenHash: hashSessionToken(token), agentId: agent.id, createdAt: now, expiresAt });
  return { token, expiresAt, agent };
}

/** The agent behind a session token, with the session's expiry; UNAUTHORIZED when unknown, expired or deactivated. */
export async function authenticate(storage: Storage, token: string): Promise<{ agent: AgentRecord; expiresAt: number }> {
  const session = await storage.getSession(hashSessionToken(token));
  if (!session) throw new RelayError('UNAUTHORIZED', 'The session token is not valid.');
  if (session.expiresAt <= Date.now()) {
    await storage.deleteSession(session.tokenHash);
    throw new RelayError('UNAUTHORIZED', 'The session has expired; log in again.');
  }
  const agent = await storage.getAgent(session.agentId);
  if (!agent || !agent.active) throw new RelayError('UNAUTHORIZED', 'This account is deactivated.');
  return { agent, expiresAt: session.expiresAt };
}

export async function logout(storage: Storage, token: string): Promise<void> {
  await storage.deleteSession(hashSessionToken(token));
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
