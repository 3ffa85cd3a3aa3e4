/**
 * The console on a phone-size screen (390 × 844): the list and the conversation are separate
 * screens with a back link, the visitor panel opens on demand, nothing scrolls sideways, and the
 * agent can claim and answer. Screenshots of both screens and the visitor panel; axe on each.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchBrowser, PHONE, screenshot } from '../helpers/browser.js';
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { api, axeViolations, handedOff, login, uiLogin, type Visitor } from './harness.js';

let relay: TestRelay;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let errors: string[];
let visitor: Visitor;

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  const adminToken = await login(relay.url, ADMIN.email, ADMIN.password);
  // Away: the chat waits in the queue for the agent to claim on the phone.
  await api(relay.url, 'POST', '/api/presence', { status: 'away' }, adminToken);
  ({ visitor } = await handedOff(relay.url, 'Maximiliane Oberhuber-Castellanos', 'Hi, I ordered the **blue** jacket in size M but got an L. Can I swap it?'));
  ctx = await browser.newContext(PHONE);
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

/** Nothing wider than the screen: a page that scrolls sideways is broken on a phone. */
async function fitsWidth(): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

describe('console on a phone', () => {
  it('shows the inbox as its own screen', async () => {
    await uiLogin(page, relay.url, ADMIN.email, ADMIN.password);
    await page.getByLabel('Status').selectOption('away');
    const row = page.locator('.rows a.row', { hasText: 'Maximiliane' });
    await row.waitFor();
    expect(await page.locator('.list-pane').isVisible()).toBe(true);
    expect(await page.locator('.placeholder').isVisible()).toBe(false);
    await fitsWidth();
    await screenshot(page, 'console-phone-inbox');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opens the conversation full screen with a back link; claims and replies', async () => {
    await page.locator('.rows a.row', { hasText: 'Maximiliane' }).tap();
    await page.locator('.log .from-visitor', { hasText: 'jacket' }).waitFor();
    expect(await page.locator('.list-pane').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: /Unassigned/ }).last().isVisible()).toBe(true);
    // The visitor panel starts hidden on a narrow screen.
    expect(await page.locator('aside.visitor').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Visitor details' }).getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('button', { name: 'Claim' }).tap();
    await page.locator('.conv-sub .state-assigned').waitFor();
    const box = page.getByRole('textbox', { name: /Reply to the visitor/ });
    await box.fill('Of course! I will send you a **free return label** for the L.');
    await box.press('Enter');
    await visitor.waitFor((f) => f.type === 'message' && f.message.author.kind === 'agent' && /return label/.test(f.message.text));
    await visitor.say('Great, thank you!');
    await page.locator('.log .from-visitor', { hasText: 'Great' }).waitFor();
    const box2 = await box.boundingBox();
    expect(box2 && box2.y + box2.height).toBeLessThanOrEqual(844);
    await fitsWidth();
    await screenshot(page, 'console-phone-conversation');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opens and hides the visitor panel over the conversation', async () => {
    const toggle = page.getByRole('button', { name: 'Visitor details' });
    await toggle.tap();
    const panel = page.locator('aside.visitor');
    await panel.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await panel.innerText()).toContain('maximiliane.oberhuber.castellanos@example.com');
    const box = await panel.boundingBox();
    expect(box && Math.round(box.width)).toBe(390);
    await fitsWidth();
    await screenshot(page, 'console-phone-visitor');
    expect(await axeViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Hide' }).tap();
    expect(await panel.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Visitor details');
  });

  it('goes back to the list', async () => {
    await page.locator('.conv-head a.back').tap();
    await page.locator('.list-pane').waitFor();
    expect(await page.locator('.conversation').count()).toBe(0);
    expect(page.url()).toMatch(/#\/queue$/);
    await page.getByRole('link', { name: /^Mine/ }).tap();
    await page.locator('.rows a.row', { hasText: 'Maximiliane' }).waitFor();
    await fitsWidth();
  });

  it('fits the reports page on the screen', async () => {
    await page.getByRole('link', { name: 'Reports' }).tap();
    await page.locator('.chart svg').first().waitFor();
    await fitsWidth();
    const chart = await page.locator('.chart').first().boundingBox();
    expect(chart && chart.x + chart.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'console-phone-reports');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
