/**
 * Trust in the console, in Chromium against a real relay: two-factor enrolment with the QR code
 * drawn in the page and sign-in with a code computed here from the key; "sign out everywhere
 * else" closing another browser's console at once; agents seeing each other in a conversation
 * and a non-assignee's reply asking for confirmation; the audit log; a visitor's export and
 * erasure (their open ticket blanked in the console at once). axe on every screen, keyboard for
 * the flows.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, DESKTOP, launchBrowser, screenshot } from '../helpers/browser.js';
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { totp } from '../helpers/totp.js';
import { api, axeViolations, createAgent, handedOff, login, uiLogin, type Visitor } from './harness.js';

let relay: TestRelay;
let browser: Browser;
const contexts: BrowserContext[] = [];
const visitors: Visitor[] = [];
let adminToken = '';

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const ctx = await browser.newContext(DESKTOP);
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  return { page, errors: collectErrors(page) };
}

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  adminToken = await login(relay.url, ADMIN.email, ADMIN.password);
});

// Each test's browsers go away with it: an agent left online would be handed the next test's chats.
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});

afterAll(async () => {
  for (const v of visitors) v.close();
  await browser?.close();
  await relay?.close();
});

describe('console: trust', () => {
  it('"sign out everywhere else" closes the console in another browser at once', async () => {
    await createAgent(relay.url, adminToken, { email: 'lou@example.com', name: 'Lou', password: 'lou-password-1' });
    const a = await newPage();
    const b = await newPage();
    await uiLogin(a.page, relay.url, 'lou@example.com', 'lou-password-1');
    await uiLogin(b.page, relay.url, 'lou@example.com', 'lou-password-1');
    await a.page.getByRole('link', { name: 'My account' }).click();
    const sessions = a.page.getByRole('region', { name: 'Where you are signed in' });
    await sessions.getByRole('row').nth(2).waitFor();
    expect(await sessions.getByRole('row').count()).toBe(3);
    await expect.poll(async () => axeViolations(a.page)).toEqual([]);
    await screenshot(a.page, 'trust-account');
    // Keyboard: focus the button and press Enter.
    await a.page.getByRole('button', { name: 'Sign out everywhere else' }).focus();
    await a.page.keyboard.press('Enter');
    await a.page.getByRole('status').filter({ hasText: 'Signed out of 1 other session.' }).waitFor();
    // The other browser's socket closed (4004): it is back at the login form.
    await b.page.getByLabel('Email').waitFor({ timeout: 3000 });
    expect(await b.page.locator('.notice').textContent()).toBeTruthy();
    expect(await a.page.locator('.conn-online').count()).toBe(1);
    expect(a.errors.filter((e) => !/401|Failed to load resource/.test(e))).toEqual([]);
  });

  it('turns on two-factor with the QR code drawn in the page, then signs in with a code from the key', async () => {
    await createAgent(relay.url, adminToken, { email: 'mo@example.com', name: 'Mo', password: 'mo-password-1' });
    const { page, errors } = await newPage();
    await uiLogin(page, relay.url, 'mo@example.com', 'mo-password-1');
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByLabel('Your password').fill('mo-password-1');
    await page.keyboard.press('Enter');
    const qr = page.getByRole('img', { name: 'QR code for the authenticator app' });
    await qr.waitFor();
    expect(await qr.locator('rect').count()).toBeGreaterThan(100);
    const key = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    // The code field has focus: type the app's code and press Enter.
    await page.keyboard.type(totp(key));
    await page.keyboard.press('Enter');
    const codes = page.getByRole('region', { name: 'Your recovery codes' });
    await codes.waitFor();
    expect(await codes.locator('code').count()).toBe(10);
    await expect.poll(async () => axeViolations(page)).toEqual([]);
    await screenshot(page, 'trust-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText('Signing in asks for a code from your app.').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Email').fill('mo@example.com');
    await page.getByLabel('Password').fill('mo-password-1');
    await page.getByRole('button', { name: 'Log in' }).click();
    const code = page.getByLabel(/Code from your authenticator app/);
    await code.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'trust-login-code');
    await code.fill('123 456');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
    // The enrolment used this step's code: the next one signs in.
    await code.fill(totp(key, Date.now() + 30_000));
    await page.keyboard.press('Enter');
    await page.locator('.conn-online').waitFor();
    expect(errors.filter((e) => !/401|Failed to load resource/.test(e))).toEqual([]);
  });

  it('shows who else views a conversation and asks a non-assignee to confirm a reply', async () => {
    await createAgent(relay.url, adminToken, { email: 'nia@example.com', name: 'Nia', password: 'nia-password-1' });
    const admin = await newPage();
    const nia = await newPage();
    await uiLogin(admin.page, relay.url, ADMIN.email, ADMIN.password);
    await uiLogin(nia.page, relay.url, 'nia@example.com', 'nia-password-1');
    // Nia is away, so routing gives the chat to the admin.
    await nia.page.getByLabel('Status').selectOption('away');
    await expect.poll(async () => (await api<{ agents: { name: string; status: string }[] }>(relay.url, 'GET', '/api/agents', undefined, adminToken)).agents.find((a) => a.name === 'Nia')?.status).toBe('away');
    const { visitor, conversationId } = await handedOff(relay.url, 'Pat', 'Where is my parcel?');
    visitors.push(visitor);
    await admin.page.goto(`${relay.url}/console/#/open/c/${conversationId}`);
    await admin.page.locator('#conv-title', { hasText: 'Pat' }).waitFor();
    if ((await admin.page.getByRole('button', { name: 'Claim' }).count()) > 0) await admin.page.getByRole('button', { name: 'Claim' }).click();
    // Assigned to the admin: their header says "You".
    await admin.page.locator('.conv-sub', { hasText: /Assigned\s*You/ }).waitFor();
    await nia.page.goto(`${relay.url}/console/#/open/c/${conversationId}`);
    await nia.page.locator('#conv-title', { hasText: 'Pat' }).waitFor();
    await nia.page.locator('.also-here', { hasText: 'Also viewing: Admin' }).waitFor();
    await admin.page.locator('.also-here', { hasText: 'Also viewing: Nia' }).waitFor();
    // Admin types: Nia sees it.
    await admin.page.getByRole('textbox', { name: /Reply to the visitor/ }).fill('Let me look');
    await nia.page.locator('.also-here', { hasText: 'Admin is typing…' }).waitFor();

    // Nia replies to the visitor: asked to confirm, from the keyboard.
    await nia.page.getByRole('radio', { name: 'Reply', exact: true }).check();
    const box = nia.page.getByRole('textbox', { name: /Reply to the visitor/ });
    await box.fill('I can help with that');
    await box.press('Enter');
    const dialog = nia.page.getByRole('alertdialog', { name: 'Reply although Admin is assigned?' });
    await dialog.waitFor();
    expect(await axeViolations(nia.page)).toEqual([]);
    await screenshot(nia.page, 'trust-collision-confirm');
    await nia.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(visitor.messages().some((m) => m.text === 'I can help with that')).toBe(false);
    await box.press('Enter');
    await dialog.waitFor();
    // Focus is on "Send reply".
    expect(await nia.page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Send reply');
    await nia.page.keyboard.press('Enter');
    await visitor.waitFor((f) => f.type === 'message' && f.message.text === 'I can help with that');

    // Nia leaves: the admin no longer sees her.
    await nia.page.getByRole('link', { name: 'My account' }).click();
    await admin.page.locator('.also-here', { hasText: 'Also viewing: Nia' }).waitFor({ state: 'detached' });
  });

  it('lets an admin export and erase a visitor, and read and filter the audit log', async () => {
    const { visitor, conversationId } = await handedOff(relay.url, 'Quinn Erased', 'my secret order 77');
    visitors.push(visitor);
    const { page } = await newPage();
    await uiLogin(page, relay.url, ADMIN.email, ADMIN.password);
    await page.goto(`${relay.url}/console/#/open/c/${conversationId}`);
    const panel = page.getByRole('region', { name: "Visitor's data" });
    await panel.waitFor();
    // Routed to the admin; then the visitor also leaves an offline ticket (the chat stays theirs).
    await page.locator('.conv-sub', { hasText: /Assigned\s*You/ }).waitFor();
    visitor.send({ type: 'offline_ticket', id: 't-quinn', email: 'quinn.erased@example.com', message: 'please call about order 77' });
    await visitor.waitFor((f) => f.type === 'ack' && f.id === 't-quinn');
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export data (JSON)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^switchboard-visitor-v_.*\.json$/);
    await panel.getByRole('button', { name: 'Erase visitor…' }).click();
    const confirm = page.getByRole('alertdialog', { name: /Erase everything about Quinn Erased/ });
    await confirm.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'trust-erase-confirm');
    await confirm.getByRole('button', { name: 'Erase' }).click();
    await panel.getByRole('status').filter({ hasText: /Erased: 1 conversations/ }).waitFor();
    const history = await api<{ messages: { text: string }[] }>(relay.url, 'GET', `/api/conversations/${conversationId}/messages`, undefined, adminToken);
    expect(JSON.stringify(history)).not.toContain('secret order');
    // The ticket this console keeps from the socket is blanked at once, without a reload.
    await page.getByRole('link', { name: /^Offline tickets/ }).click();
    await page.getByRole('article', { name: 'Offline ticket from an erased visitor' }).getByText("The visitor's data was erased").waitFor();
    expect(await page.locator('main').textContent()).not.toContain('order 77');

    await page.getByRole('link', { name: 'Audit log' }).click();
    const table = page.locator('table.audit');
    await table.waitFor();
    for (const action of ['visitor.erased', 'visitor.exported', 'login.succeeded', 'agent.created']) await table.getByRole('rowheader', { name: action }).first().waitFor();
    await page.getByLabel('Action').selectOption('visitor.erased');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'trust-audit');
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    expect((await csv).suggestedFilename()).toMatch(/^switchboard-audit-.*\.csv$/);
  });

  it('leads an agent through two-factor setup at sign-in when the site requires it', async () => {
    const { page } = await newPage();
    await uiLogin(page, relay.url, ADMIN.email, ADMIN.password);
    // The admin needs it first.
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByLabel('Your password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Continue' }).click();
    const key = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('The 6-digit code the app shows').fill(totp(key));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('link', { name: 'Site settings' }).click();
    await page.getByLabel('Require two-factor authentication for every agent').check();
    await page.getByRole('button', { name: 'Save security and privacy' }).click();
    await page.getByRole('status').filter({ hasText: 'Security and privacy settings saved.' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await createAgent(relay.url, adminToken, { email: 'ola@example.com', name: 'Ola', password: 'ola-password-1' }).catch(async () => undefined);
    const ola = await newPage();
    await ola.page.goto(`${relay.url}/console/`);
    await ola.page.getByLabel('Email').fill('ola@example.com');
    await ola.page.getByLabel('Password').fill('ola-password-1');
    await ola.page.getByRole('button', { name: 'Log in' }).click();
    await ola.page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    expect(await axeViolations(ola.page)).toEqual([]);
    await ola.page.getByLabel('Your password').fill('ola-password-1');
    await ola.page.keyboard.press('Enter');
    const olaKey = ((await ola.page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
    await ola.page.keyboard.type(totp(olaKey));
    await ola.page.keyboard.press('Enter');
    await ola.page.getByRole('button', { name: 'I have saved them' }).click();
    await ola.page.locator('.conn-online').waitFor();
  });
});
