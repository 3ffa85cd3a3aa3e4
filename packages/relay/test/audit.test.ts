/**
 * The audit log: every audited action — sign-ins, account changes, admin actions, exports and
 * erasures — appears exactly once with its actor and time; admins read, filter and export it as
 * CSV; nothing in the API changes or removes an entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, enableTwoFactor, loginAs, testRelay, totp, visitor, type TestRelay } from './helpers.js';

describe('the audit log', () => {
  let relay: TestRelay;
  let admin: string;
  let adminId: string;
  const start = Date.now();
  beforeAll(async () => {
    relay = await testRelay({});
    admin = await loginAs(relay);
    adminId = (await api(relay, 'GET', '/api/me', undefined, admin)).body.agent.id;
  });
  afterAll(() => relay.stop());

  it('records each audited action once, with actor and time', async () => {
    // Sign-ins.
    expect((await api(relay, 'POST', '/api/login', { email: ADMIN.email, password: 'not-the-password' })).status).toBe(401);
    // Admin actions.
    const created = await api(relay, 'POST', '/api/agents', { email: 'hal@example.com', name: 'Hal', password: 'agent-password-1' }, admin);
    const halId = created.body.agent.id as string;
    await api(relay, 'PATCH', `/api/agents/${halId}`, { maxChats: 3, password: 'another-password-9' }, admin);
    await api(relay, 'PATCH', '/api/site', { name: 'Audited shop', identitySecret: 'a-secret-of-sixteen+' }, admin);
    await api(relay, 'PUT', '/api/kb/entries/parking', { questions: ['where can I park'], answer: 'Behind the store.' }, admin);
    await api(relay, 'DELETE', '/api/kb/entries/parking', undefined, admin);
    await api(relay, 'POST', '/api/kb/reload?discardEdits=true', undefined, admin);
    const { client, welcome } = await visitor(relay);
    client.close();
    await api(relay, 'GET', `/api/visitors/${welcome.visitorId}/export`, undefined, admin);
    await api(relay, 'POST', `/api/visitors/${welcome.visitorId}/erase`, {}, admin);
    // Hal's own account.
    const hal = await loginAs(relay, 'hal@example.com', 'another-password-9');
    await api(relay, 'POST', '/api/me/password', { currentPassword: 'another-password-9', newPassword: 'hal-password-10' }, hal);
    await api(relay, 'DELETE', '/api/me/sessions', undefined, hal);
    const { secret } = await enableTwoFactor(relay, hal, 'hal-password-10');
    await api(relay, 'POST', '/api/me/two-factor/recovery-codes', { code: totp(secret, Date.now() + 30_000) }, hal);
    await api(relay, 'POST', `/api/agents/${halId}/two-factor/reset`, {}, admin);
    const end = Date.now();

    const { entries, nextBefore } = (await api(relay, 'GET', '/api/audit?limit=500', undefined, admin)).body as { entries: any[]; nextBefore: string | null };
    expect(nextBefore).toBeNull();
    const byAction = (action: string) => entries.filter((e) => e.action === action);
    const once = (action: string, actorId: string | null, targetId?: string) => {
      const found = byAction(action);
      expect(found, action).toHaveLength(1);
      const [e] = found;
      expect(e.at, action).toBeGreaterThanOrEqual(start);
      expect(e.at, action).toBeLessThanOrEqual(end);
      expect(e.actor.id, action).toBe(actorId);
      if (targetId) expect(e.target?.id, action).toBe(targetId);
      return e;
    };
    expect(once('login.failed', adminId).detail).toEqual({ email: ADMIN.email, reason: 'password' });
    expect(once('agent.created', adminId, halId).actor.name).toBe('Admin');
    expect(once('agent.updated', adminId, halId).detail).toEqual({ maxChats: 3, password: 'changed' });
    expect(once('site.updated', adminId).detail).toEqual({ name: true, identitySecret: 'set' });
    once('kb.entry_saved', adminId, 'parking');
    once('kb.entry_deleted', adminId, 'parking');
    once('kb.reloaded', adminId);
    once('visitor.exported', adminId, welcome.visitorId);
    expect(once('visitor.erased', adminId, welcome.visitorId).detail).toMatchObject({ conversations: 0, files: 0 });
    expect(once('password.changed', halId, halId).detail).toEqual({ sessionsEnded: 0 });
    expect(once('sessions.ended', halId).detail).toEqual({ which: 'others', count: 0 });
    once('two_factor.enabled', halId, halId);
    once('recovery_codes.created', halId, halId);
    once('two_factor.reset', adminId, halId);
    // Two sign-ins: the admin's (in beforeAll) and Hal's.
    const logins = byAction('login.succeeded');
    expect(logins.map((e) => e.actor.id).sort()).toEqual([adminId, halId].sort());
    expect(logins.every((e) => e.ip === '127.0.0.1' && e.detail.via === 'password')).toBe(true);
    // No password, secret or token anywhere in the log.
    const dump = JSON.stringify(entries);
    for (const secretText of ['another-password-9', 'hal-password-10', 'a-secret-of-sixteen+', secret, admin, hal]) expect(dump).not.toContain(secretText);
  });

  it('filters, pages and exports as CSV; only admins read it', async () => {
    const page1 = (await api(relay, 'GET', '/api/audit?limit=2', undefined, admin)).body;
    expect(page1.entries).toHaveLength(2);
    const page2 = (await api(relay, 'GET', `/api/audit?limit=2&before=${page1.nextBefore}`, undefined, admin)).body;
    expect(Number(page2.entries[0].id)).toBeLessThan(Number(page1.entries[1].id));
    const mine = (await api(relay, 'GET', `/api/audit?actorId=${adminId}&action=agent.created`, undefined, admin)).body.entries;
    expect(mine).toHaveLength(1);
    expect((await api(relay, 'GET', `/api/audit?from=${Date.now() + 60_000}`, undefined, admin)).body.entries).toEqual([]);
    expect((await api(relay, 'GET', '/api/audit?action=nonsense', undefined, admin)).status).toBe(400);

    const csv = await fetch(`${relay.url}/api/audit.csv?action=agent.created`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('id,time,action,actor_type,actor_id,actor_name,target_type,target_id,ip,detail');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',agent.created,agent,');

    await api(relay, 'POST', '/api/agents', { email: 'reader@example.com', name: 'Reader', password: 'agent-password-1' }, admin);
    const reader = await loginAs(relay, 'reader@example.com', 'agent-password-1');
    expect((await api(relay, 'GET', '/api/audit', undefined, reader)).status).toBe(403);
    expect((await api(relay, 'GET', '/api/audit')).status).toBe(401);
  });

  it('cannot be changed or emptied through the API', async () => {
    const before = (await api(relay, 'GET', '/api/audit?limit=500', undefined, admin)).body.entries as { id: string }[];
    const id = before[0]!.id;
    for (const [method, path] of [
      ['PUT', `/api/audit/${id}`],
      ['PATCH', `/api/audit/${id}`],
      ['DELETE', `/api/audit/${id}`],
      ['DELETE', '/api/audit'],
      ['POST', '/api/audit'],
      ['PATCH', '/api/audit'],
    ] as const) {
      const res = await api(relay, method, path, method === 'DELETE' ? undefined : { action: 'login.succeeded', actor: { type: 'system' } }, admin);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const after = (await api(relay, 'GET', '/api/audit?limit=500', undefined, admin)).body.entries as { id: string }[];
    expect(after).toEqual(before);
  });
});
