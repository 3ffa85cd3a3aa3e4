/**
 * The console's admin and team pages in Chromium against a real relay: new-chat alerts, canned
 * responses inserted with "/shortcut", the knowledge base with "try a question", site settings,
 * agents (a deactivated agent's open console drops to the login screen), search, and axe on
 * every page.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, DESKTOP, launchBrowser, screenshot } from '../helpers/browser.js';
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { api, axeViolations, connectVisitor, handedOff as handOff, login, uiLogin, type Visitor } from './harness.js';

let relay: TestRelay;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let errors: string[];
let adminToken = '';
const visitors: Visitor[] = [];

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  adminToken = await login(relay.url, ADMIN.email, ADMIN.password);
  ctx = await browser.newContext(DESKTOP);
  page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  page.on('dialog', (d) => void d.accept());
  errors = collectErrors(page);
});

afterAll(async () => {
  for (const v of visitors) v.close();
  await ctx?.close();
  await browser?.close();
  await relay?.close();
});

async function handedOff(name: string, text: string): Promise<{ visitor: Visitor; conversationId: string }> {
  const chat = await handOff(relay.url, name, text);
  visitors.push(chat.visitor);
  return chat;
}

describe('console: alerts, canned responses, knowledge base, settings, agents', () => {
  it('announces a new queued chat, badges the title and puts it in the queue', async () => {
    await uiLogin(page, relay.url, ADMIN.email, ADMIN.password);
    await page.getByLabel('Status').selectOption('away');
    await expect.poll(async () => (await api<{ agent: { status: string } }>(relay.url, 'GET', '/api/me', undefined, adminToken)).agent.status).toBe('away');
    await handedOff('Quinn', 'I need help with my invoice');
    await page.locator('.toast', { hasText: 'Quinn is waiting in Unassigned' }).waitFor();
    await expect.poll(() => page.title()).toBe('(1) Switchboard console');
    // Keyboard: the first row is reachable and opens with Enter.
    await page.locator('.rows a.row').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('#conv-title', { hasText: 'Quinn' }).waitFor();
  });

  it('creates a canned response and inserts it with /shortcut in the reply box', async () => {
    await page.getByRole('link', { name: 'Canned responses' }).click();
    await page.getByLabel('Shortcut').fill('thanks');
    await page.getByLabel('Title (optional)').fill('Say thanks');
    await page.getByLabel('Text (markdown)').fill('Thank you for **waiting**!');
    await page.getByRole('button', { name: 'Add response' }).click();
    await page.locator('.cards li', { hasText: '/thanks' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: /^Unassigned/ }).click();
    await page.locator('.rows a.row', { hasText: 'Quinn' }).click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.locator('.conv-sub .state-assigned').waitFor();
    const box = page.getByRole('textbox', { name: /Reply to the visitor/ });
    await box.fill('/th');
    await page.locator('#canned-list [role=option]', { hasText: '/thanks' }).waitFor();
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Thank you for **waiting**!');
    await box.press('Enter');
    const visitor = visitors[0]!;
    await visitor.waitFor((f) => f.type === 'message' && f.message.text === 'Thank you for **waiting**!');
  });

  it('searches conversations by name and by message text', async () => {
    await page.getByRole('searchbox').fill('invoice');
    await page.getByRole('searchbox').press('Enter');
    await page.locator('.rows a.row', { hasText: 'Quinn' }).waitFor();
    await page.getByRole('searchbox').fill('nobody-matches-this');
    await page.getByRole('searchbox').press('Enter');
    await page.locator('.list-pane .empty', { hasText: 'No conversations' }).waitFor();
    await page.getByRole('button', { name: 'Clear search' }).click();
  });

  it('adds a knowledge-base entry that the bot matches at once', async () => {
    await page.getByRole('link', { name: 'Knowledge base' }).click();
    await page.getByRole('button', { name: 'New entry' }).click();
    await page.getByLabel('Id', { exact: true }).fill('gift-cards');
    await page.getByLabel('Questions (one per line)').fill('Do you sell gift cards?\ngift voucher');
    await page.getByLabel('Answer (markdown)').fill('Yes: **gift cards** from 10 to 200 euros.');
    await page.getByRole('button', { name: 'Save entry' }).click();
    await page.locator('.saved', { hasText: 'gift-cards' }).waitFor();
    await page.getByLabel('A visitor asks…').fill('can I buy a gift card');
    await page.getByRole('button', { name: 'Match', exact: true }).click();
    await page.locator('.match', { hasText: /Best match: gift-cards — confidence \d/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'console-kb');
    const v = await connectVisitor(relay.url);
    visitors.push(v);
    await v.say('do you sell gift cards');
    await v.waitFor((f) => f.type === 'message' && f.message.author.kind === 'bot' && /gift cards/.test(f.message.text));
  });

  it('exports the edited knowledge base as a file and resets it to the file', async () => {
    expect(await page.locator('.page-head .hint').innerText()).toMatch(/stored in the database, not in the file/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    expect(download.suggestedFilename()).toBe('knowledge-base.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { entries: { id: string }[]; synonyms?: unknown[] };
    expect(exported.entries.map((e) => e.id)).toContain('gift-cards');
    expect(exported.synonyms?.length).toBeGreaterThan(0);
    // The confirm dialog is accepted (page.on('dialog') above).
    await page.getByRole('button', { name: 'Reset to the file' }).click();
    await page.locator('.saved', { hasText: 'Back to the file' }).waitFor();
    await page.locator('.page-head .hint', { hasText: 'from the file' }).waitFor();
    // The sample file has its own gift-cards entry: the edited answer is gone.
    const { entries } = await api<{ entries: { id: string; answer: string }[] }>(relay.url, 'GET', '/api/kb/entries', undefined, adminToken);
    expect(entries.find((e) => e.id === 'gift-cards')?.answer).not.toContain('10 to 200 euros');
  });

  it('saves site settings: origins, widget look, business hours', async () => {
    await page.getByRole('link', { name: 'Site settings' }).click();
    await page.getByLabel(/Allowed origins/).fill('https://shop.example\nhttps://www.shop.example');
    await page.getByLabel('Launcher label').fill('Chat with us');
    await page.getByLabel('Position').selectOption('left');
    await page.getByLabel(/Only offer live chat during business hours/).check();
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Add hours on Monday' }).click();
    await page.getByLabel('Monday interval 1 closes').fill('18:30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.saved', { hasText: 'Settings saved.' }).waitFor();
    const site = await api<{ allowedOrigins: string[]; theme: { position: string; launcherLabel: string }; businessHours: { enabled: boolean; timezone: string; days: Record<string, unknown> } }>(
      relay.url,
      'GET',
      '/api/site',
      undefined,
      adminToken,
    );
    // The relay adds the origins from its ALLOWED_ORIGINS setting to the stored ones.
    expect(site.allowedOrigins).toEqual(expect.arrayContaining(['https://shop.example', 'https://www.shop.example']));
    expect(site.theme).toMatchObject({ position: 'left', launcherLabel: 'Chat with us' });
    expect(site.businessHours).toMatchObject({ enabled: true, timezone: 'Europe/Berlin' });
    expect(site.businessHours.days.mon).toEqual([{ open: '09:00', close: '18:30' }]);
    await page.getByLabel(/New secret/).fill('a-very-long-identity-secret');
    await page.getByRole('button', { name: 'Set secret' }).click();
    await page.locator('.saved', { hasText: 'Identity secret saved.' }).waitFor();
    await page.getByText('On: visitors with a valid signature').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("adds an agent; deactivating them drops their open console to the login screen", async () => {
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Carol');
    await page.getByLabel('Email', { exact: true }).fill('carol@example.com');
    await page.getByLabel(/Initial password/).fill('carol-password-1');
    await page.getByRole('button', { name: 'Add agent' }).click();
    await page.locator('tbody tr', { hasText: 'carol@example.com' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const carolCtx = await browser.newContext(DESKTOP);
    const carol = await carolCtx.newPage();
    carol.setDefaultTimeout(10_000);
    await uiLogin(carol, relay.url, 'carol@example.com', 'carol-password-1');
    await page.locator('tbody tr', { hasText: 'carol@example.com' }).locator('.status-online').waitFor();
    await page.getByRole('button', { name: 'Deactivate Carol' }).click();
    await carol.getByText('Your account was deactivated').waitFor();
    await carol.getByLabel('Password').waitFor();
    expect(await carol.evaluate(() => localStorage.getItem('switchboard.console.session'))).toBeNull();
    await carolCtx.close();
    expect(errors).toEqual([]);
  });

  it('an expired or revoked session drops back to login on reload', async () => {
    await page.evaluate(() => localStorage.setItem('switchboard.console.session', JSON.stringify({ token: 'bogus', expiresAt: Date.now() + 60_000 })));
    await page.reload();
    await page.getByText('Your session has expired').waitFor();
  });
});
