/**
 * Desktop notifications in Chromium with the permission granted: a spy wraps `window.Notification`
 * before the console loads and records every notification it creates. A new chat in the queue
 * makes one (and the title badge); the agent's own actions — status changes, claim, reply, note,
 * close, reopen — make none; clicking a notification opens that chat.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, DESKTOP, launchBrowser } from '../helpers/browser.js';
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { handedOff, uiLogin, type Visitor } from './harness.js';

let relay: TestRelay;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let errors: string[];
const visitors: Visitor[] = [];

interface Recorded {
  title: string;
  body: string | undefined;
}

/** Runs in the page before any of its scripts: keeps the real Notification, records each one. */
function spyOnNotifications(): void {
  const Real = window.Notification;
  const made: Notification[] = [];
  const w = window as unknown as { __notifications: Recorded[]; __made: Notification[] };
  w.__notifications = [];
  w.__made = made;
  class Spy extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      w.__notifications.push({ title, body: options?.body });
      made.push(this);
    }
  }
  window.Notification = Spy;
}

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  ctx = await browser.newContext(DESKTOP);
  await ctx.grantPermissions(['notifications'], { origin: relay.url });
  await ctx.addInitScript(spyOnNotifications);
  page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  errors = collectErrors(page);
});

afterAll(async () => {
  for (const v of visitors) v.close();
  await ctx?.close();
  await browser?.close();
  await relay?.close();
});

const notifications = () => page.evaluate(() => (window as unknown as { __notifications: Recorded[] }).__notifications);

async function queued(name: string, text: string): Promise<string> {
  const chat = await handedOff(relay.url, name, text);
  visitors.push(chat.visitor);
  return chat.conversationId;
}

describe('console: desktop notifications', () => {
  it('has the permission and no "Enable alerts" button', async () => {
    await uiLogin(page, relay.url, ADMIN.email, ADMIN.password);
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');
    expect(await page.getByRole('button', { name: 'Enable alerts' }).count()).toBe(0);
    await page.getByLabel('Status').selectOption('away');
    await page.locator('.load').waitFor();
    expect(await notifications()).toEqual([]);
  });

  it('a new queued chat creates one notification and badges the title', async () => {
    await queued('Nora', 'Where is my refund?');
    await expect.poll(notifications).toHaveLength(1);
    // The visitor's words, or why they wait; never the relay's "nobody is online" line.
    expect((await notifications())[0]).toEqual({ title: 'New chat from Nora', body: expect.stringMatching(/^(Where is my refund\?|Waiting in the queue \(visitor asked for a person\))$/) });
    await expect.poll(() => page.title()).toBe('(1) Switchboard console');
  });

  it("the agent's own actions create none", async () => {
    const visitor = visitors[0]!;
    await page.locator('.rows a.row', { hasText: 'Nora' }).click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.locator('.conv-sub .state-assigned').waitFor();
    await expect.poll(() => page.title()).toBe('Switchboard console');
    const box = page.getByRole('textbox', { name: /Reply to the visitor/ });
    await box.fill('Let me look that up.');
    await box.press('Enter');
    await visitor.waitFor((f) => f.type === 'message' && f.message.text === 'Let me look that up.');
    await page.getByRole('radio', { name: 'Internal note' }).check();
    await page.getByRole('textbox', { name: /Internal note/ }).fill('refund pending in the shop system');
    await page.getByRole('textbox', { name: /Internal note/ }).press('Enter');
    await page.locator('.log .msg.note:not(.pending)').waitFor();
    await page.getByRole('button', { name: 'Close…' }).click();
    await page.getByRole('button', { name: 'Close conversation' }).click();
    await page.locator('.conv-sub .state-closed').waitFor();
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.locator('.conv-sub .state-assigned').waitFor();
    await visitor.waitFor((f) => f.type === 'message' && f.message.event?.name === 'reopened');
    await page.getByLabel('Status').selectOption('online');
    await page.getByLabel('Status').selectOption('away');
    // Give any stray frame time to arrive before saying nothing happened.
    await page.waitForTimeout(300);
    expect(await notifications()).toHaveLength(1);
    expect(await page.title()).toBe('Switchboard console');
  });

  it('the next queued chat notifies again, and clicking the notification opens it', async () => {
    const id = await queued('Otto', 'Do you ship to Norway?');
    await expect.poll(notifications).toHaveLength(2);
    expect((await notifications())[1]).toEqual({ title: 'New chat from Otto', body: expect.stringMatching(/Norway|Waiting in the queue/) });
    await expect.poll(() => page.title()).toBe('(1) Switchboard console');
    await page.evaluate(() => {
      const made = (window as unknown as { __made: Notification[] }).__made;
      made[made.length - 1]!.dispatchEvent(new Event('click'));
    });
    await page.locator('#conv-title', { hasText: 'Otto' }).waitFor();
    expect(page.url()).toContain(`#/queue/c/${id}`);
    expect(errors).toEqual([]);
  });
});
