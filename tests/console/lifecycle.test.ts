/**
 * Read state and reopen, in Chromium against a real relay: opening a chat stores the agent's
 * `seen` in the relay, so unread badges are right after a page reload and clear once the chat is
 * opened; a closed chat reopened from the Closed view reaches the visitor (the `reopened` event,
 * then the agent's next message).
 */
import type { ConversationSummary } from '@switchboard/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, DESKTOP, launchBrowser } from '../helpers/browser.js';
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { api, axeViolations, handedOff, login, uiLogin, type Visitor } from './harness.js';

let relay: TestRelay;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let errors: string[];
let adminToken = '';
let visitor: Visitor;
let conversationId = '';

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  adminToken = await login(relay.url, ADMIN.email, ADMIN.password);
  ctx = await browser.newContext(DESKTOP);
  page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  errors = collectErrors(page);
});

afterAll(async () => {
  visitor?.close();
  await ctx?.close();
  await browser?.close();
  await relay?.close();
});

const summary = async () => (await api<{ conversation: ConversationSummary }>(relay.url, 'GET', `/api/conversations/${conversationId}`, undefined, adminToken)).conversation;
const row = () => page.locator('.rows a.row', { hasText: 'Rita' });
const rowBadge = () => row().locator('.badge.unread');
const navBadge = () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Mine/ }).locator('.badge.unread');
/** What a screen reader hears for a badge: ", 2 unread". */
const said = async (badge: ReturnType<typeof row>) => (await badge.textContent())?.trim();

describe('console: unread counts survive a reload; reopen reaches the visitor', () => {
  it('opening a chat of mine stores how far I have read', async () => {
    await uiLogin(page, relay.url, ADMIN.email, ADMIN.password);
    // The admin is online with room: routing gives the chat to them.
    ({ visitor, conversationId } = await handedOff(relay.url, 'Rita', 'My parcel never arrived'));
    await page.getByRole('link', { name: /^Mine/ }).click();
    await row().click();
    await page.locator('.log .from-visitor', { hasText: 'parcel' }).waitFor();
    await expect.poll(async () => { const c = await summary(); return c.agentSeenSeq > 0 && c.agentSeenSeq === c.lastSeq; }).toBe(true);
  });

  it('counts new visitor messages while the chat is not open, and still after a reload', async () => {
    await page.getByRole('link', { name: /^Mine/ }).click();
    await page.locator('.placeholder').waitFor();
    await visitor.say('Hello?');
    await visitor.say('Are you still there?');
    await expect.poll(() => said(rowBadge())).toBe(', 2 unread');
    expect(await said(navBadge())).toBe(', 2 unread');

    await page.reload();
    await page.locator('.conn-online').waitFor();
    // Nothing of this chat is loaded now: the count comes from lastSeq - agentSeenSeq.
    await expect.poll(() => said(rowBadge())).toBe(', 2 unread');
    expect(await said(navBadge())).toBe(', 2 unread');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opening the chat clears the badge and tells the relay and the visitor', async () => {
    await row().click();
    await page.locator('.log .from-visitor', { hasText: 'still there' }).waitFor();
    expect(await rowBadge().count()).toBe(0);
    expect(await navBadge().count()).toBe(0);
    const { lastSeq } = await summary();
    await expect.poll(async () => (await summary()).agentSeenSeq).toBe(lastSeq);
    await visitor.waitFor((f) => f.type === 'seen' && f.by === 'agent' && f.seq === lastSeq);

    await page.getByRole('link', { name: /^Mine/ }).click();
    await page.reload();
    await page.locator('.conn-online').waitFor();
    await row().waitFor();
    expect(await rowBadge().count()).toBe(0);
    expect(await navBadge().count()).toBe(0);
  });

  it('closes the chat, reopens it from the Closed view, and the visitor gets the event and the next reply', async () => {
    await row().click();
    await page.getByRole('button', { name: 'Close…' }).click();
    await page.getByRole('button', { name: 'Close conversation' }).click();
    await visitor.waitFor((f) => f.type === 'conversation' && f.conversation.state === 'closed');

    await page.getByRole('link', { name: /^Closed/ }).click();
    await row().click();
    await page.locator('.conv-sub .state-closed').waitFor();
    expect(await page.getByRole('textbox', { name: /Reply to the visitor/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.locator('.conv-sub .state-assigned').waitFor();
    await page.locator('.log .event', { hasText: /reopened/i }).waitFor();
    const reopened = await visitor.waitFor((f) => f.type === 'message' && f.message.kind === 'event' && f.message.event?.name === 'reopened');
    expect(reopened.type === 'message' && reopened.message.conversationId).toBe(conversationId);
    await visitor.waitFor((f) => f.type === 'conversation' && f.conversation.id === conversationId && f.conversation.state === 'assigned');

    const box = page.getByRole('textbox', { name: /Reply to the visitor/ });
    await box.fill('Reopening this: your parcel is on its way.');
    await box.press('Enter');
    const reply = await visitor.waitFor((f) => f.type === 'message' && f.message.author.kind === 'agent' && f.message.text === 'Reopening this: your parcel is on its way.');
    expect(reply.type === 'message' && reply.message.seq).toBeGreaterThan(reopened.type === 'message' ? reopened.message.seq : Infinity);
    // Back in Mine, and no longer in Closed.
    await page.getByRole('link', { name: /^Mine/ }).click();
    await row().waitFor();
    expect(errors).toEqual([]);
  });
});
