/**
 * Visitor tokens, identity signatures and agent session tokens.
 * - Visitor token: `v1.<visitorId>.<HMAC-SHA256(secret, "visitor:" + visitorId)>` — stateless, so
 *   any relay with the same secret can check it; it grants access to that visitor's conversations only.
 * - Identity: the site's server sends hex(HMAC-SHA256(identitySecret, userId)); only a matching
 *   signature marks a visitor as that user.
 * - Agent sessions: 32 random bytes; the database keeps only their SHA-256.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

function hmac(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function signVisitorToken(secret: string, visitorId: string): string {
  return `v1.${visitorId}.${hmac(secret, `visitor:${visitorId}`).toString('base64url')}`;
}

/** The visitor id a token was issued for, or null when it is malformed or forged. */
export function verifyVisitorToken(secret: string, token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1' || !parts[1] || !parts[2]) return null;
  const expected = hmac(secret, `visitor:${parts[1]}`);
  return safeEqual(Buffer.from(parts[2], 'base64url'), expected) ? parts[1] : null;
}

/** What the site's server computes: hex(HMAC-SHA256(identitySecret, userId)). */
export function signIdentity(identitySecret: string, userId: string): string {
  return hmac(identitySecret, userId).toString('hex');
}

export function verifyIdentity(identitySecret: string, userId: string, signature: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  return safeEqual(Buffer.from(signature, 'hex'), hmac(identitySecret, userId));
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
