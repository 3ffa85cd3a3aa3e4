import { parseKnowledgeBase } from '@switchboard/bot';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSocket, api, cid, createAgent, loginAs, testRelay, visitor, type TestRelay } from './helpers.js';

describe('console API', () => {
  let relay: TestRelay;
  let admin: string;
  beforeAll(async () => {
    relay = await testRelay();
    admin = await loginAs(relay);
  });
  afterAll(() => relay.stop());

  it('canned responses: create, list, edit, delete; shortcuts are unique', async () => {
    const created = await api(relay, 'POST', '/api/canned', { shortcut: 'refund', title: 'Refund policy', text: 'Refunds take **5 days**.' }, admin);
    expect(created.status).toBe(201);
    const id = created.body.canned.id;
    expect((await api(relay, 'POST', '/api/canned', { shortcut: 'REFUND', text: 'dup' }, admin)).body.error.code).toBe('CONFLICT');
    expect((await api(relay, 'POST', '/api/canned', { shortcut: 'bad shortcut', text: 'x' }, admin)).body.error.code).toBe('INVALID_FRAME');
    const edited = await api(relay, 'PATCH', `/api/canned/${id}`, { text: 'Refunds take 3 days.' }, admin);
    expect(edited.body.canned).toMatchObject({ shortcut: 'refund', text: 'Refunds take 3 days.' });
    expect((await api(relay, 'GET', '/api/canned', undefined, admin)).body.canned).toHaveLength(1);
    expect((await api(relay, 'DELETE', `/api/canned/${id}`, undefined, admin)).status).toBe(204);
    expect((await api(relay, 'DELETE', `/api/canned/${id}`, undefined, admin)).status).toBe(404);
  });

  it('knowledge-base edits take effect at once, persist, and guard the file reload', async () => {
    const put = await api(relay, 'PUT', '/api/kb/entries/parking', { questions: ['Is there parking at the store?', 'where can I park'], answer: 'Free parking behind the store.' }, admin);
    expect(put.status).toBe(200);
    const { client } = await visitor(relay);
    client.send({ type: 'message', id: cid(), text: 'is there parking at your store' });
    const answer = await client.message((m) => m.author.kind === 'bot');
    expect(answer.text).toBe('Free parking behind the store.');
    const list = await api(relay, 'GET', '/api/kb/entries', undefined, admin);
    expect(list.body.source).toBe('console');
    expect(list.body.entries.some((e: any) => e.id === 'parking')).toBe(true);
    expect((await api(relay, 'PUT', '/api/kb/entries/bad', { questions: [], answer: 'x' }, admin)).body.error.code).toBe('INVALID_FRAME');
    expect((await api(relay, 'POST', '/api/kb/reload', undefined, admin)).body.error.code).toBe('CONFLICT');
    // The export is the whole knowledge base with the edit: a file KB_PATH can point at.
    const exported = await fetch(`${relay.url}/api/kb/export`, { headers: { authorization: `Bearer ${admin}` } });
    expect(exported.headers.get('content-disposition')).toContain('knowledge-base.json');
    const file = parseKnowledgeBase(await exported.text(), 'json', 'export');
    expect(file.entries.find((e) => e.id === 'parking')?.answer).toBe('Free parking behind the store.');
    expect(file.synonyms?.length).toBeGreaterThan(0);
    expect((await fetch(`${relay.url}/api/kb/export`)).status).toBe(401);
    expect((await api(relay, 'DELETE', '/api/kb/entries/parking', undefined, admin)).status).toBe(204);
    const reload = await api(relay, 'POST', '/api/kb/reload?discardEdits=true', undefined, admin);
    expect(reload.body.source).toBe('file');
    client.close();
  });

  it('site settings: new origins apply at once; outside business hours the visitor gets the offline path', async () => {
    const origin = 'https://new-shop.example';
    const refused = () =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${relay.wsUrl}/ws/visitor`, { origin });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => (ws.close(), resolve(101)));
        ws.on('error', () => undefined);
      });
    expect(await refused()).toBe(403);
    const closedAllWeek = { enabled: true, timezone: 'Europe/Berlin', days: {} };
    const patched = await api(relay, 'PATCH', '/api/site', { allowedOrigins: [origin], welcomeMessage: 'Hallo!', theme: { primaryColor: '#0a7d5a' }, businessHours: closedAllWeek, identitySecret: 'site-secret-0123456789' }, admin);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ welcomeMessage: 'Hallo!', identityVerification: true, theme: { primaryColor: '#0a7d5a' } });
    expect(JSON.stringify(patched.body)).not.toContain('site-secret');
    expect(await refused()).toBe(101);
    const { client: agent } = await agentSocket(relay, admin);
    const { client, welcome } = await visitor(relay);
    expect(welcome.site).toMatchObject({ welcomeMessage: 'Hallo!', open: false, theme: { primaryColor: '#0a7d5a' } });
    expect(welcome.agentsAvailable).toBe(false);
    client.send({ type: 'handoff', id: cid('h') });
    await client.message((m) => m.author.kind === 'system' && /closed right now/.test(m.text));
    expect((await api(relay, 'PATCH', '/api/site', { businessHours: { enabled: true, timezone: 'Mars/Olympus', days: {} } }, admin)).body.error.message).toMatch(/time zone/);
    // Open again: the queued visitor is assigned to the online admin.
    await api(relay, 'PATCH', '/api/site', { businessHours: { enabled: false, timezone: 'UTC', days: {} } }, admin);
    await client.type('conversation', (f) => f.conversation.state === 'assigned');
    client.close();
    agent.close();
  });

  it('searches conversations by visitor name, email and text, and lists a visitor’s conversations', async () => {
    const { client, welcome } = await visitor(relay);
    client.send({ type: 'profile', name: 'Zoë Quartermain', email: 'zoe@example.com' });
    const id = cid();
    client.send({ type: 'message', id, text: 'my blender arrived cracked' });
    await client.type('ack', (f) => f.id === id);
    for (const q of ['quartermain', 'ZOE@EXAMPLE', 'blender arrived']) {
      const found = await api(relay, 'GET', `/api/conversations?q=${encodeURIComponent(q)}`, undefined, admin);
      expect(found.body.conversations.map((c: any) => c.visitor.id), q).toContain(welcome.visitorId);
    }
    expect((await api(relay, 'GET', '/api/conversations?q=%25', undefined, admin)).body.conversations).toHaveLength(0);
    const mine = await api(relay, 'GET', `/api/conversations?visitorId=${welcome.visitorId}`, undefined, admin);
    expect(mine.body.conversations).toHaveLength(1);
    client.close();
  });

  it('tickets can be marked done', async () => {
    const { client } = await visitor(relay);
    const id = cid('t');
    client.send({ type: 'offline_ticket', id, email: 'q@example.com', message: 'call me' });
    const ack = await client.type('ack', (f) => f.id === id);
    const done = await api(relay, 'PATCH', `/api/tickets/${ack.ticketId}`, { status: 'done' }, admin);
    expect(done.body.ticket.status).toBe('done');
    expect((await api(relay, 'GET', '/api/tickets?status=open', undefined, admin)).body.tickets.some((t: any) => t.id === ack.ticketId)).toBe(false);
    client.close();
  });

  it('closes conversations idle with the bot, counting them as deflected', async () => {
    const { client } = await visitor(relay);
    const id = cid();
    client.send({ type: 'message', id, text: 'what are your opening hours' });
    const ack = await client.type('ack', (f) => f.id === id);
    await client.message((m) => m.author.kind === 'bot');
    const closed = await relay.core.closeIdleBotConversations(-60_000); // everything is "idle"
    expect(closed).toBeGreaterThanOrEqual(1);
    const c = await client.type('conversation', (f) => f.conversation.id === ack.conversationId && f.conversation.state === 'closed');
    expect(c).toBeTruthy();
    const summary = await api(relay, 'GET', `/api/conversations/${ack.conversationId}`, undefined, admin);
    expect(summary.body.conversation.resolution).toBe('bot_idle');
    client.close();
  });

  it('reports per day and per agent, with CSV export; only admins', async () => {
    const agent = await createAgent(relay, admin, { email: 'rita@example.com', name: 'Rita' });
    const from = Date.now() - 2 * 86_400_000;
    const to = Date.now() + 60_000;
    expect((await api(relay, 'GET', `/api/reports?from=${from}&to=${to}`, undefined, agent.token)).status).toBe(403);
    const r = await api(relay, 'GET', `/api/reports?from=${from}&to=${to}&tz=America/New_York`, undefined, admin);
    expect(r.status).toBe(200);
    expect(r.body.days.length).toBeGreaterThanOrEqual(3);
    expect(r.body.days.reduce((n: number, d: any) => n + d.conversations, 0)).toBe(r.body.totals.conversations);
    expect(r.body.totals.closed).toBeGreaterThanOrEqual(2);
    const csv = await fetch(`${relay.url}/api/reports.csv?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\n')[0]).toMatch(/^scope,key,conversations,closed/);
    expect(text).toMatch(/^total,/m);
    expect((await api(relay, 'GET', `/api/reports?from=${to}&to=${from}`, undefined, admin)).status).toBe(400);
  });
});
