import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { originMatcher } from './origins.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { signIdentity, signVisitorToken, verifyIdentity, verifyVisitorToken } from './tokens.js';

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsE', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('visitor tokens', () => {
  it('round-trips and rejects tampering or another secret', () => {
    const token = signVisitorToken('s'.repeat(32), 'v_1');
    expect(verifyVisitorToken('s'.repeat(32), token)).toBe('v_1');
    expect(verifyVisitorToken('t'.repeat(32), token)).toBeNull();
    expect(verifyVisitorToken('s'.repeat(32), token.replace('v_1', 'v_2'))).toBeNull();
    expect(verifyVisitorToken('s'.repeat(32), 'v1.v_1')).toBeNull();
  });
});

describe('identity signatures', () => {
  it('are hex HMAC-SHA256 of the user id, as a site server computes them', () => {
    const expected = createHmac('sha256', 'secret-secret-123').update('user-7').digest('hex');
    expect(signIdentity('secret-secret-123', 'user-7')).toBe(expected);
    expect(verifyIdentity('secret-secret-123', 'user-7', expected)).toBe(true);
    expect(verifyIdentity('secret-secret-123', 'user-8', expected)).toBe(false);
    expect(verifyIdentity('secret-secret-123', 'user-7', 'zz')).toBe(false);
  });
});

describe('origin allowlist', () => {
  it('matches exact origins, port and subdomain wildcards', () => {
    const allowed = originMatcher(['https://shop.example', 'http://localhost:*', 'https://*.brand.example']);
    expect(allowed('https://shop.example')).toBe(true);
    expect(allowed('https://shop.example:8443')).toBe(false);
    expect(allowed('http://shop.example')).toBe(false);
    expect(allowed('http://localhost:5173')).toBe(true);
    expect(allowed('http://localhost')).toBe(true);
    expect(allowed('https://eu.brand.example')).toBe(true);
    expect(allowed('https://brand.example')).toBe(false);
    expect(allowed('https://brand.example.evil.com')).toBe(false);
    expect(allowed('https://shop-example')).toBe(false);
    expect(allowed(undefined)).toBe(false);
    expect(originMatcher(['*'])('https://anything.example')).toBe(true);
  });
});
