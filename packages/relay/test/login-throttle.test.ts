/**
 * Login throttling: after N failed sign-ins in a row an account (or a client IP) is refused with
 * "try again in N s" for exactly the lock's length, the next lockout doubles it, and with Redis
 * the counts are shared by every relay.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, api, testRelay, type TestRelay } from './helpers.js';
import { REDIS_URL, skipWithout, testPrefix } from './services.js';

async function login(relay: { url: string }, email: string, password: string): Promise<{ status: number; body: any; retryAfter: string | null }> {
  const res = await fetch(`${relay.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
}

const relays: TestRelay[] = [];
afterAll(() => Promise.all(relays.map((r) => r.stop())));

describe('login throttling', () => {
  it('locks an account after N failures for the lock time, says how long, and doubles the next lock', async () => {
    const relay = await testRelay({ botEngine: null, loginMaxFailures: 3, loginLockSeconds: 2 });
    relays.push(relay);
    expect((await login(relay, ADMIN.email, 'wrong-1')).status).toBe(401);
    expect((await login(relay, ADMIN.email, 'wrong-2')).status).toBe(401);
    const third = await login(relay, ADMIN.email, 'wrong-3');
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterS: 2 });
    expect(third.body.error.message).toMatch(/Wrong email or password\. .*try again in 2 s/);
    expect(third.retryAfter).toBe('2');
    // Even the right password waits: nothing is checked while locked.
    const locked = await login(relay, ADMIN.email, ADMIN.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(locked.body.error.retryAfterS).toBeLessThanOrEqual(2);
    // Other accounts are not affected.
    expect((await login(relay, 'someone@example.com', 'whatever-1')).status).toBe(401);

    await new Promise((r) => setTimeout(r, 2100));
    for (let i = 0; i < 2; i++) expect((await login(relay, ADMIN.email, `again-${i}`)).status).toBe(401);
    const second = await login(relay, ADMIN.email, 'again-2');
    expect(second.body.error.retryAfterS).toBe(4);

    await new Promise((r) => setTimeout(r, 4100));
    expect((await login(relay, ADMIN.email, ADMIN.password)).status).toBe(200);
    // A success clears the account's count: one more failure does not lock it.
    expect((await login(relay, ADMIN.email, 'wrong-after')).status).toBe(401);
  });

  it('locks unknown e-mails the same way (no hint whether an account exists)', async () => {
    const relay = await testRelay({ botEngine: null, loginMaxFailures: 2, loginLockSeconds: 30 });
    relays.push(relay);
    expect((await login(relay, 'nobody@example.com', 'x-1')).status).toBe(401);
    expect((await login(relay, 'nobody@example.com', 'x-2')).body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterS: 30 });
  });

  it('locks a client IP that fails across many accounts', async () => {
    const relay = await testRelay({ botEngine: null, loginMaxFailures: 100, loginIpMaxFailures: 4, loginLockSeconds: 30 });
    relays.push(relay);
    for (let i = 0; i < 3; i++) expect((await login(relay, `guess${i}@example.com`, 'password')).status).toBe(401);
    expect((await login(relay, 'guess3@example.com', 'password')).body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterS: 30 });
    expect((await login(relay, ADMIN.email, ADMIN.password)).status).toBe(429);
  });
});

describe.skipIf(skipWithout('redis'))('login throttling across relays (Redis)', () => {
  it('failures on one relay lock the account on another', async () => {
    const redisUrl = `${REDIS_URL}/?prefix=${encodeURIComponent(testPrefix())}`;
    const a = await testRelay({ botEngine: null, redisUrl, loginMaxFailures: 3, loginLockSeconds: 20 });
    const b = await testRelay({ botEngine: null, redisUrl, loginMaxFailures: 3, loginLockSeconds: 20 });
    relays.push(a, b);
    expect((await login(a, ADMIN.email, 'wrong-1')).status).toBe(401);
    expect((await login(b, ADMIN.email, 'wrong-2')).status).toBe(401);
    expect((await login(a, ADMIN.email, 'wrong-3')).body.error.retryAfterS).toBe(20);
    const onB = await login(b, ADMIN.email, ADMIN.password);
    expect(onB.status).toBe(429);
    expect(onB.body.error.retryAfterS).toBeGreaterThan(15);
  });
});
