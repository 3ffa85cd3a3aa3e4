/** Consent: the site asks for it in the pre-chat form; the relay records when the visitor gave it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

describe('consent in the pre-chat form', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null });
  });
  afterAll(() => relay.stop());

  it('is announced in welcome when the site asks for it, and recorded with its time once', async () => {
    const admin = await loginAs(relay);
    expect((await visitor(relay)).welcome.site.consent).toBeUndefined();
    expect((await api(relay, 'PATCH', '/api/site', { consent: { enabled: true, privacyUrl: '' } }, admin)).status).toBe(400);
    expect((await api(relay, 'PATCH', '/api/site', { consent: { enabled: true, privacyUrl: 'javascript:alert(1)' } }, admin)).status).toBe(400);
    const site = await api(relay, 'PATCH', '/api/site', { consent: { enabled: true, privacyUrl: 'https://shop.example/privacy' } }, admin);
    expect(site.body.consent).toEqual({ enabled: true, privacyUrl: 'https://shop.example/privacy' });

    const { client, welcome } = await visitor(relay);
    expect(welcome.site.consent).toEqual({ privacyUrl: 'https://shop.example/privacy' });
    expect(welcome.consentAt).toBeNull();
    const before = Date.now();
    client.send({ type: 'profile', name: 'Kim', consent: true });
    await eventually(async () => (await api(relay, 'GET', `/api/visitors/${welcome.visitorId}/export`, undefined, admin)).body.visitor.consentAt !== null);
    const first = (await api(relay, 'GET', `/api/visitors/${welcome.visitorId}/export`, undefined, admin)).body.visitor.consentAt as number;
    expect(first).toBeGreaterThanOrEqual(before);
    client.send({ type: 'profile', consent: true });
    const again = await visitor(relay, { token: welcome.token });
    expect(again.welcome.consentAt).toBe(first);
    client.close();
    again.client.close();
  });
});
