/**
 * An agent's shift in Chromium against a real relay: the counts in the header, the navigation and
 * the Agents page follow chats as they are routed and closed, without a reload; a chat routed to
 * the agent while they look elsewhere is noticed (a toast in a live region, the title badge); rows
 * say whose turn it is; the "Internal note" choice stays as the agent left it; Close… opens over
 * the log without pushing it; and an offline ticket is one item, with its text, under Offline
 * tickets — never an empty chat in Mine — with a count that survives a reload and follows another
 * agent marking it done. Screenshots of the inbox, the toast and the tickets; axe on each.
 */
import type { ConversationSummary, OfflineTicket } from '@switchboard/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, type TestAgent } from '../helpers/agent.js';
import { collectErrors, DESKTOP, launchBrowser, screenshot } from '../helpers/browser.js';
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { api, axeViolations, connectVisitor, createAgent, handedOff, login, uiLogin, type Visitor } from './harness.js';

const BOB = { email: 'bob@example.com', name: 'Bob Agent', password: 'bob-password-1' };

let relay: TestRelay;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let errors: string[];
let adminToken = '';
let bobToken = '';
/** A second socket of the admin's, as another tab would be: it closes a chat behind the page's back. */
let otherTab: TestAgent | null = null;
const visitors: Visitor[] = [];
const chats: Record<string, string> = {};

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  adminToken = await login(relay.url, ADMIN.email, ADMIN.password);
  await createAgent(relay.url, adminToken, { ...BOB, role: 'agent' });
  bobToken = await login(relay.url, BOB.email, BOB.password);
  ctx = await browser.newContext(DESKTOP);
  page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  errors = collectErrors(page);
  await uiLogin(page, relay.url, ADMIN.email, ADMIN.password);
});

afterAll(async () => {
  for (const v of visitors) v.close();
  otherTab?.disconnect();
  await ctx?.close();
  await browser?.close();
  await relay?.close();
});

async function chat(name: string, text: string): Promise<Visitor> {
  const c = await handedOff(relay.url, name, text);
  visitors.push(c.visitor);
  chats[name] = c.conversationId;
  return c.visitor;
}

const summary = async (id: string) => (await api<{ conversation: ConversationSummary }>(relay.url, 'GET', `/api/conversations/${id}`, undefined, adminToken)).conversation;
/** Waits for what the relay's routing and fan-out bring about (a few hops, a browser render). */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 5000 });
const nav = () => page.getByRole('navigation', { name: 'Main' });
/** The number beside a navigation entry (its screen-reader text is ", N"). */
const navCount = async (name: RegExp) => (await nav().getByRole('link', { name }).locator('.count').textContent())?.replace(/\D/g, '');
const load = () => page.locator('.load');
const row = (name: string) => page.locator('.rows a.row', { hasText: name });
/** Opens a conversation by its address, as a link or a notification would. */
async function open(view: string, id: string): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), `#/${view}/c/${id}`);
  await page.locator('.log > li').first().waitFor();
}

describe("console: an agent's shift", () => {
  it('keeps the header, the navigation and the Agents page counts true as chats are routed and closed, without a reload', async () => {
    // Online with room: routing gives each handed-off chat to the admin.
    await chat('Ana', 'My order 10001 has not arrived');
    await poll(() => navCount(/^Mine/)).toBe('1');
    await poll(() => load().textContent()).toBe('1/5 open');
    await chat('Ben', 'Can I pay by invoice?');
    await poll(() => navCount(/^Mine/)).toBe('2');
    await poll(() => load().textContent()).toBe('2/5 open');

    await nav().getByRole('link', { name: 'Agents' }).click();
    const adminRow = page.getByRole('row', { name: new RegExp(ADMIN.email) });
    await poll(() => adminRow.locator('td.num').first().textContent()).toBe('2');
    // Another tab of the admin's closes Ben's chat: this page hears of it only from the socket.
    otherTab = await connectAgent(relay.url, ADMIN.email, ADMIN.password);
    otherTab.close(chats.Ben!);
    await poll(() => adminRow.locator('td.num').first().textContent()).toBe('1');
    await poll(() => load().textContent()).toBe('1/5 open');
    expect(await navCount(/^Mine/)).toBe('1');
    await screenshot(page, 'console-shift-agents');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('notices a chat routed to me while I look at Unassigned: a toast in a live region and the title badge', async () => {
    await nav().getByRole('link', { name: /^Unassigned/ }).click();
    await page.locator('.list-pane .empty').waitFor();
    const before = await page.title();
    await chat('Cleo', 'Do you ship to Norway?');
    const toast = page.locator('.toast', { hasText: 'Cleo' });
    await toast.waitFor();
    expect(await toast.innerText()).toMatch(/assigned to you/i);
    // Inside a polite live region, so a screen reader says it without moving focus.
    expect(await toast.evaluate((el) => el.closest('[aria-live="polite"]') !== null)).toBe(true);
    await poll(() => page.title()).toMatch(/^\(\d+\) /);
    expect(await page.title()).not.toBe(before);
    await screenshot(page, 'console-shift-toast');
    expect(await axeViolations(page)).toEqual([]);
    await toast.getByRole('link', { name: /open/i }).click();
    await page.locator('#conv-title', { hasText: 'Cleo' }).waitFor();
    expect(page.url()).toContain(`/c/${chats.Cleo}`);
    await poll(() => page.locator('.toast', { hasText: 'Cleo' }).count()).toBe(0);
  });

  it('says whose turn it is: "waiting" on rows where the visitor spoke last, not where I answered', async () => {
    await open('mine', chats.Cleo!);
    const box = page.getByRole('textbox', { name: /Reply to the visitor/ });
    await box.fill('Yes, we ship to Norway in 3–5 days.');
    await box.press('Enter');
    await page.locator('.log .from-agent:not(.pending)', { hasText: 'Norway' }).waitFor();
    await nav().getByRole('link', { name: /^Mine/ }).click();
    await row('Cleo').waitFor();
    await poll(() => row('Cleo').locator('.wait').count()).toBe(0);
    // Ana has had no answer from a person yet.
    expect(await row('Ana').locator('.wait').innerText()).toMatch(/^waiting (<\s?1|\d+) min$/);
    await visitors.find((v) => v.frames.some((f) => f.type === 'ack' && f.conversationId === chats.Cleo))!.say('And to Iceland?');
    await poll(() => row('Cleo').locator('.wait').count()).toBe(1);
    expect(await row('Cleo').locator('.wait').innerText()).toMatch(/^waiting/);
    // Who waits longest comes first among those waiting.
    const names = await page.locator('.rows a.row .row-name').allInnerTexts();
    expect(names.indexOf('Ana')).toBeLessThan(names.indexOf('Cleo'));
    await screenshot(page, 'console-shift-mine');
    expect(await axeViolations(page)).toEqual([]);
    await row('Cleo').click();
    await page.locator('.log .from-visitor', { hasText: 'Iceland' }).waitFor();
    await screenshot(page, 'console-shift-conversation');
  });

  it('keeps "Internal note" as the agent left it: after adding a note, and when routing then gives the chat to the agent', async () => {
    await open('mine', chats.Cleo!);
    const noteMode = () => page.getByLabel('Internal note', { exact: true });
    await noteMode().check();
    const note = page.getByRole('textbox', { name: /Internal note/ });
    await note.fill('Iceland: check the carrier first');
    await note.press('Enter');
    await page.locator('.log .msg.note:not(.pending)', { hasText: 'Iceland' }).waitFor();
    expect(await noteMode().isChecked()).toBe(true);
    const cleo = visitors.find((v) => v.frames.some((f) => f.type === 'ack' && f.conversationId === chats.Cleo))!;

    // A queued chat takes only notes; the agent adds one, then routing gives the chat to them.
    await page.getByLabel('Status').selectOption('away');
    await poll(async () => (await api<{ agent: { status: string } }>(relay.url, 'GET', '/api/me', undefined, adminToken)).agent.status).toBe('away');
    const dan = await chat('Dan', 'Is the blue jacket back in stock?');
    await open('queue', chats.Dan!);
    expect(await noteMode().isChecked()).toBe(true);
    await note.fill('Dan buys for a shop: wholesale prices');
    await note.press('Enter');
    await page.locator('.log .msg.note:not(.pending)', { hasText: 'wholesale' }).waitFor();
    await page.getByLabel('Status').selectOption('online');
    await page.locator('.conv-sub .state-assigned').waitFor();
    await page.waitForTimeout(300);
    // Still a note: what the agent types next must not reach the visitor unasked.
    expect(await noteMode().isChecked()).toBe(true);
    expect(await page.getByRole('textbox', { name: /Internal note/ }).count()).toBe(1);
    await note.fill('Checked stock: back on Monday');
    await note.press('Enter');
    await page.locator('.log .msg.note:not(.pending)', { hasText: 'back on Monday' }).waitFor();
    expect(JSON.stringify(dan.frames)).not.toContain('back on Monday');
    expect(JSON.stringify(cleo.frames)).not.toContain('Iceland');
    await screenshot(page, 'console-shift-note');
    expect(await axeViolations(page)).toEqual([]);
    // Leaving the chat and coming back finds the choice as it was left.
    await open('mine', chats.Cleo!);
    await open('mine', chats.Dan!);
    expect(await noteMode().isChecked()).toBe(true);
  });

  it('opens Close… over the log without pushing it: the newest message stays in view', async () => {
    await open('mine', chats.Cleo!);
    const log = page.locator('ol.log');
    const newest = page.locator('.log > li').last();
    const before = await log.boundingBox();
    const inView = async () => {
      const [l, m] = await Promise.all([log.boundingBox(), newest.boundingBox()]);
      return !!l && !!m && m.y >= l.y - 1 && m.y + m.height <= l.y + l.height + 1;
    };
    expect(await inView()).toBe(true);
    await page.getByRole('button', { name: 'Close…' }).click();
    await page.getByLabel('Resolution').waitFor();
    const after = await log.boundingBox();
    expect(after).toEqual(before);
    expect(await inView()).toBe(true);
    await screenshot(page, 'console-shift-close');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await poll(() => page.getByLabel('Resolution').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Close…');
  });

  it('an offline ticket is one item with its text, not an empty chat in Mine; its count survives a reload and follows another agent', async () => {
    // Nobody online: the admin goes away (the other tab too) and Bob is not connected.
    await page.evaluate(() => (location.hash = '#/mine'));
    otherTab?.disconnect();
    otherTab = null;
    await page.getByLabel('Status').selectOption('away');
    await poll(async () => (await api<{ agent: { status: string } }>(relay.url, 'GET', '/api/me', undefined, adminToken)).agent.status).toBe('away');
    // "Talk to a human" without a word written, then the offline form — as the widget does.
    const dora = await connectVisitor(relay.url, { page: { url: 'https://shop.example/', title: 'Shop' } });
    visitors.push(dora);
    dora.send({ type: 'handoff', id: 'dora-handoff' });
    const handoff = await dora.waitFor((f) => f.type === 'ack' && f.id === 'dora-handoff');
    const doraChat = handoff.type === 'ack' ? handoff.conversationId! : '';
    dora.send({ type: 'offline_ticket', id: 'dora-ticket', name: 'Dora', email: 'dora@example.com', message: 'Please call me back about order 10002' });
    await dora.waitFor((f) => f.type === 'ack' && f.id === 'dora-ticket');

    await poll(() => navCount(/^Offline tickets/)).toBe('1');
    await page.reload();
    await page.locator('.conn-online').waitFor();
    await poll(() => navCount(/^Offline tickets/)).toBe('1');

    // The admin comes back: routing must not hand them Dora's ticket as an empty chat.
    await page.getByLabel('Status').selectOption('online');
    await poll(async () => (await summary(doraChat)).state).toBe('closed');
    expect((await summary(doraChat)).resolution).toBe('offline_ticket');
    await nav().getByRole('link', { name: /^Mine/ }).click();
    await row('Ana').waitFor();
    expect(await row('Dora').count()).toBe(0);

    await nav().getByRole('link', { name: /^Offline tickets/ }).click();
    const card = page.locator('.ticket', { hasText: 'dora@example.com' });
    await card.waitFor();
    expect(await card.innerText()).toContain('Please call me back about order 10002');
    expect(await page.locator('.ticket').count()).toBe(1);
    await screenshot(page, 'console-shift-tickets');
    expect(await axeViolations(page)).toEqual([]);

    // Bob marks it done in his console: this one's count follows without a reload.
    const { tickets } = await api<{ tickets: OfflineTicket[] }>(relay.url, 'GET', '/api/tickets?status=open', undefined, bobToken);
    await api(relay.url, 'PATCH', `/api/tickets/${tickets[0]!.id}`, { status: 'done' }, bobToken);
    await poll(() => navCount(/^Offline tickets/)).toBe('0');
    await poll(() => page.locator('.ticket', { hasText: 'dora@example.com' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
