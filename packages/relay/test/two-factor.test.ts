/**
 * Two-factor sign-in against a real relay: enrolment with a code computed here from the shared
 * secret (RFC 6238), login with a later code, a code used twice refused, a recovery code that
 * works once, and a site that requires two-factor authentication.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, agentSocket, api, createAgent, enableTwoFactor, loginAs, testRelay, totp, type TestRelay } from './helpers.js';

describe('two-factor authentication (TOTP)', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null });
  });
  afterAll(() => relay.stop());

  it('enrols with a code from the secret, then asks for a code at login and takes each code once', async () => {
    const admin = await loginAs(relay);
    const ana = await createAgent(relay, admin, { email: 'ana@example.com', name: 'Ana' });
    expect((await api(relay, 'GET', '/api/me/two-factor', undefined, ana.token)).body).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });

    // Setup asks for the password again, and gives the secret and the QR code's otpauth URI.
    expect((await api(relay, 'POST', '/api/me/two-factor/setup', { password: 'wrong-password' }, ana.token)).status).toBe(401);
    const setup = await api(relay, 'POST', '/api/me/two-factor/setup', { password: 'agent-password-1' }, ana.token);
    expect(setup.status).toBe(200);
    const { secret, uri } = setup.body as { secret: string; uri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(decodeURIComponent(parsed.pathname)).toContain('ana@example.com');
    // Until a code confirms it, signing in needs no code.
    expect((await api(relay, 'POST', '/api/login', { email: 'ana@example.com', password: 'agent-password-1' })).status).toBe(200);
    expect((await api(relay, 'POST', '/api/me/two-factor/enable', { code: '000000' === totp(secret) ? '111111' : '000000' }, ana.token)).status).toBe(401);
    const enabled = await api(relay, 'POST', '/api/me/two-factor/enable', { code: totp(secret) }, ana.token);
    expect(enabled.status).toBe(200);
    const codes = enabled.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect((await api(relay, 'GET', '/api/me/two-factor', undefined, ana.token)).body).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });

    // The password alone is not enough any more.
    const noCode = await api(relay, 'POST', '/api/login', { email: 'ana@example.com', password: 'agent-password-1' });
    expect(noCode.status).toBe(401);
    expect(noCode.body.error.code).toBe('TWO_FACTOR_REQUIRED');
    // The enrolment's own code was used: the next step's code signs in, once.
    const next = totp(secret, Date.now() + 30_000);
    const withCode = await api(relay, 'POST', '/api/login', { email: 'ana@example.com', password: 'agent-password-1', code: next });
    expect(withCode.status).toBe(200);
    expect((await api(relay, 'GET', '/api/me', undefined, withCode.body.token)).body.agent.email).toBe('ana@example.com');
    const replay = await api(relay, 'POST', '/api/login', { email: 'ana@example.com', password: 'agent-password-1', code: next });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('UNAUTHORIZED');
    // A wrong password with a right code is still a wrong password.
    expect((await api(relay, 'POST', '/api/login', { email: 'ana@example.com', password: 'nope-nope', code: totp(secret) })).status).toBe(401);
  });

  it('takes a recovery code once, in any case and with or without its dash', async () => {
    const admin = await loginAs(relay);
    const ben = await createAgent(relay, admin, { email: 'ben@example.com', name: 'Ben' });
    const { recoveryCodes } = await enableTwoFactor(relay, ben.token, 'agent-password-1');
    const code = recoveryCodes[3]!;
    const login = (c: string) => api(relay, 'POST', '/api/login', { email: 'ben@example.com', password: 'agent-password-1', code: c });
    const first = await login(code.toUpperCase().replace('-', ''));
    expect(first.status).toBe(200);
    const again = await login(code);
    expect(again.status).toBe(401);
    expect((await api(relay, 'GET', '/api/me/two-factor', undefined, first.body.token)).body.recoveryCodesLeft).toBe(9);
    expect((await login(recoveryCodes[4]!)).status).toBe(200);
  });

  it('turns off with the password and a current code; an admin can reset it for an agent who lost their phone', async () => {
    const admin = await loginAs(relay);
    const cy = await createAgent(relay, admin, { email: 'cy@example.com', name: 'Cy' });
    const { secret } = await enableTwoFactor(relay, cy.token, 'agent-password-1');
    const later = totp(secret, Date.now() + 30_000);
    expect((await api(relay, 'POST', '/api/me/two-factor/disable', { password: 'wrong-one', code: later }, cy.token)).status).toBe(401);
    expect((await api(relay, 'POST', '/api/me/two-factor/disable', { password: 'agent-password-1', code: later }, cy.token)).status).toBe(204);
    expect((await api(relay, 'POST', '/api/login', { email: 'cy@example.com', password: 'agent-password-1' })).status).toBe(200);

    const again = await enableTwoFactor(relay, cy.token, 'agent-password-1');
    expect(again.secret).not.toBe(secret);
    const { client } = await agentSocket(relay, cy.token);
    expect((await api(relay, 'POST', `/api/agents/${cy.id}/two-factor/reset`, {}, cy.token)).status).toBe(403);
    expect((await api(relay, 'POST', `/api/agents/${cy.id}/two-factor/reset`, {}, admin)).status).toBe(204);
    expect((await client.waitClosed()).code).toBe(4004);
    expect((await api(relay, 'POST', '/api/login', { email: 'cy@example.com', password: 'agent-password-1' })).status).toBe(200);
  });

  it('when the site requires it: the admin must have it first, then agents without it are led to set it up', async () => {
    const admin = await loginAs(relay);
    const dee = await createAgent(relay, admin, { email: 'dee@example.com', name: 'Dee' });
    const { client: deeSocket } = await agentSocket(relay, dee.token);

    const refused = await api(relay, 'PATCH', '/api/site', { requireTwoFactor: true }, admin);
    expect(refused.status).toBe(409);
    const adminFactor = await enableTwoFactor(relay, admin, ADMIN.password);
    expect((await api(relay, 'PATCH', '/api/site', { requireTwoFactor: true }, admin)).body.requireTwoFactor).toBe(true);
    // Agents without two-factor are signed out at once.
    expect((await deeSocket.waitClosed()).code).toBe(4004);

    const login = await api(relay, 'POST', '/api/login', { email: 'dee@example.com', password: 'agent-password-1' });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    expect((await api(relay, 'GET', '/api/me/two-factor', undefined, token)).body).toMatchObject({ enabled: false, required: true });
    const blocked = await api(relay, 'GET', '/api/agents', undefined, token);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('TWO_FACTOR_SETUP_REQUIRED');
    const socket = await Client.open(`${relay.wsUrl}/ws/agent`);
    socket.send({ type: 'auth', v: 1, token });
    expect((await socket.type('error')).code).toBe('TWO_FACTOR_SETUP_REQUIRED');
    expect((await socket.waitClosed()).code).toBe(4001);

    await enableTwoFactor(relay, token, 'agent-password-1');
    expect((await api(relay, 'GET', '/api/agents', undefined, token)).status).toBe(200);
    expect((await agentSocket(relay, token)).ready.agent.email).toBe('dee@example.com');
    // Nobody turns it off while the site requires it.
    const off = await api(relay, 'POST', '/api/me/two-factor/disable', { password: ADMIN.password, code: totp(adminFactor.secret, Date.now() + 30_000) }, admin);
    expect(off.status).toBe(409);
    expect((await api(relay, 'PATCH', '/api/site', { requireTwoFactor: false }, admin)).body.requireTwoFactor).toBe(false);
  });
});
