/**
 * The agent console in Chromium against a real relay: a visitor (a `ws` client with hostile
 * profile data) talks to the bot and is handed off; the admin logs in through the UI, sees the
 * chat in the queue with the bot's part and the reason, claims, replies, writes a note the visitor
 * never gets, sees typing and "Seen", transfers to a second agent and closes; the visitor's rating
 * shows up in the reports. Screenshots of inbox, conversation and reports; axe on each.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, type TestAgent } from '../helpers/agent.js';
import { collectErrors, DESKTOP, launchBrowser, screenshot } from '../helpers/browser.js';
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { api, axeViolations, connectVisitor, createAgent, login, uiLogin, type Visitor } from './harness.js';

const XSS_NAME = `<img src=x onerror="window.__xss='name'">Eve`;
const XSS_TITLE = `</title><script>window.__xss='title'</script>Cart`;
const XSS_TEXT = `<script>window.__xss='text'</script><img src=x onerror="window.__xss='img'"> [click](javascript:window.__xss='link') is my order here?`;
const BOB = { email: 'bob@example.com', name: 'Bob Agent', password: 'bob-password-1' };

let relay: TestRelay;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let errors: string[];
let visitor: Visitor;
let bob: TestAgent;
let conversationId = '';
let bobId = '';

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  const adminToken = await login(relay.url, ADMIN.email, ADMIN.password);
  bobId = (await createAgent(relay.url, adminToken, { ...BOB, role: 'agent' })).id;
  // Away: routing leaves the chat in the queue for the admin to claim by hand.
  await api(relay.url, 'POST', '/api/presence', { status: 'away' }, adminToken);
  visitor = await connectVisitor(relay.url, {
    page: { url: 'https://shop.example/cart?x="><script>alert(1)</script>', title: XSS_TITLE, referrer: 'javascript:alert(1)' },
    timezone: 'Europe/Berlin',
    locale: 'de-DE',
  });
  visitor.send({ type: 'profile', name: XSS_NAME, email: 'eve@example.com', attributes: { plan: '<b>pro</b><script>window.__xss="attr"</script>', orders: 3 } });
  const first = await visitor.say('what are your opening hours');
  conversationId = first.conversationId;
  await visitor.waitFor((f) => f.type === 'message' && f.message.author.kind === 'bot');
  await visitor.say(XSS_TEXT);
  visitor.send({ type: 'handoff', id: 'handoff-1' });
  await visitor.waitFor((f) => f.type === 'ack' && f.id === 'handoff-1');
  ctx = await browser.newContext(DESKTOP);
  page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  errors = collectErrors(page);
});

afterAll(async () => {
  visitor?.close();
  bob?.disconnect();
  await ctx?.close();
  await browser?.close();
  await relay?.close();
});

async function noXss(): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"], .md script, .visitor script, .log img').count()).toBe(0);
}

describe('console: queue → claim → reply → note → transfer → close → CSAT', () => {
  it('logs in and shows the handed-off chat in the queue with its waiting time', async () => {
    await uiLogin(page, relay.url, ADMIN.email, ADMIN.password);
    const row = page.locator('.rows a.row').first();
    await row.waitFor();
    expect(await row.locator('.row-name').innerText()).toBe(XSS_NAME);
    expect(await row.locator('.wait').innerText()).toMatch(/^waiting (<1|\d+) min$/);
    expect(await page.title()).toBe('(1) Switchboard console');
    await screenshot(page, 'console-inbox');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opens the conversation with the bot part, the handoff reason and the visitor context, all as text', async () => {
    await page.locator('.rows a.row').first().click();
    await page.locator('.log .from-bot').first().waitFor();
    expect(await page.locator('.log .from-visitor .bubble').first().innerText()).toContain('opening hours');
    expect(await page.locator('.log .ev-handoff').innerText()).toMatch(/reason: \w+/);
    expect(await page.locator('.log .from-visitor .bubble').nth(1).innerText()).toContain("<script>window.__xss='text'</script>");
    const panel = page.locator('aside.visitor');
    expect(await panel.innerText()).toContain(XSS_TITLE);
    expect(await panel.innerText()).toContain('<b>pro</b>');
    expect(await panel.innerText()).toMatch(/Safari 17 on macOS 10\.15\.7/);
    expect(await panel.innerText()).toMatch(/\(Europe\/Berlin\)/);
    expect(await panel.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await noXss();
  });

  it('claims, replies with markdown (Enter sends), and the visitor receives it', async () => {
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.locator('.conv-sub .state-assigned').waitFor();
    await visitor.waitFor((f) => f.type === 'conversation' && f.conversation.state === 'assigned');
    const box = page.getByRole('textbox', { name: /Reply to the visitor/ });
    await box.fill('Hi, I am **Admin**.');
    await box.press('Shift+Enter');
    await box.pressSequentially('Let me check.');
    await box.press('Enter');
    const m = await visitor.waitFor((f) => f.type === 'message' && f.message.author.kind === 'agent' && f.message.kind === 'text');
    expect(m.type === 'message' && m.message.text).toBe('Hi, I am **Admin**.\nLet me check.');
    await page.locator('.log .from-agent:not(.pending) .bubble strong', { hasText: 'Admin' }).waitFor();
  });

  it('writes an internal note that the visitor never receives', async () => {
    await page.getByRole('radio', { name: 'Internal note' }).check();
    const box = page.getByRole('textbox', { name: /Internal note/ });
    await box.fill('SECRET-NOTE customer is on the pro plan');
    await box.press('Enter');
    await page.locator('.log .msg.note:not(.pending)', { hasText: 'SECRET-NOTE' }).waitFor();
    await page.getByRole('radio', { name: 'Reply' }).check();
    // A later visible reply proves the note would have arrived by now.
    const box2 = page.getByRole('textbox', { name: /Reply to the visitor/ });
    await box2.fill('Found it: order 1234.');
    await box2.press('Enter');
    await visitor.waitFor((f) => f.type === 'message' && f.message.text === 'Found it: order 1234.');
    expect(JSON.stringify(visitor.frames)).not.toContain('SECRET-NOTE');
  });

  it("shows the visitor's typing and new messages live, and 'Seen' once they read the reply", async () => {
    visitor.send({ type: 'typing', conversationId, on: true });
    await page.locator('.typing', { hasText: 'is typing' }).waitFor();
    const lastAgent = visitor.messages().filter((m) => m.author.kind === 'agent').at(-1)!;
    visitor.send({ type: 'seen', conversationId, seq: lastAgent.seq });
    await page.locator('.log .seen', { hasText: 'Seen' }).waitFor();
    await visitor.say('Thanks, **great**');
    await page.locator('.log .from-visitor .bubble strong', { hasText: 'great' }).waitFor();
    expect(await page.locator('.typing').innerText()).toBe('');
    await screenshot(page, 'console-conversation');
    expect(await axeViolations(page)).toEqual([]);
    await noXss();
  });

  it('transfers to a second agent with a note', async () => {
    bob = await connectAgent(relay.url, BOB.email, BOB.password);
    await page.getByRole('button', { name: 'Transfer…' }).click();
    await page.getByLabel('Transfer to').selectOption(bobId);
    await page.getByLabel(/Note for the next agent/).fill('Billing question, please take over');
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await bob.waitFor((f) => f.type === 'conversation' && f.conversation.id === conversationId && f.conversation.agent?.name === BOB.name);
    await page.locator('.conv-sub', { hasText: BOB.name }).waitFor();
    await page.locator('.log .event', { hasText: /Transferred to Bob Agent|Bob Agent/ }).first().waitFor();
  });

  it('closes with a resolution; the visitor rates; CSAT shows in the reports', async () => {
    await page.getByRole('button', { name: 'Close…' }).click();
    await page.getByLabel('Resolution').selectOption('resolved');
    await page.getByRole('button', { name: 'Close conversation' }).click();
    await page.locator('.conv-sub .state-closed').waitFor();
    await visitor.waitFor((f) => f.type === 'conversation' && f.conversation.state === 'closed');
    visitor.send({ type: 'rating', id: 'rate-1', conversationId, score: 5, comment: 'Quick' });
    await visitor.waitFor((f) => f.type === 'ack' && f.id === 'rate-1');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.locator('.tile', { hasText: 'CSAT' }).waitFor();
    await expect.poll(() => page.locator('.tile', { hasText: 'CSAT' }).innerText()).toMatch(/5\.00/);
    await page.locator('.chart svg').first().waitFor();
    await screenshot(page, 'console-reports');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
