/**
 * The console's unsent messages in Chromium against a real relay: a reply typed while the relay is
 * down shows "Sending…" and is stored once after the reconnect; a reply the relay refuses shows
 * "Not sent" with its reason until discarded; a reply over the relay's frame cap is refused in the
 * browser and never sent, so the socket is not closed (1009) and the console stays connected.
 */
import type { Message } from '@switchboard/protocol';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type TestRelay } from '../helpers/relay.js';
import { api, handedOff, login, startConsoleRig, uiLogin, type ConsoleRig, type Visitor } from './harness.js';

let rig: ConsoleRig;
let relay: TestRelay;
let page: Page;
let visitor: Visitor;
let conversationId = '';

beforeAll(async () => {
  rig = await startConsoleRig();
  ({ relay, page } = rig);
  const adminToken = await login(relay.url, ADMIN.email, ADMIN.password);
  await api(relay.url, 'POST', '/api/presence', { status: 'away' }, adminToken);
  ({ visitor, conversationId } = await handedOff(relay.url, 'Olga Outbox', 'Where is my parcel?'));
});

afterAll(async () => {
  visitor?.close();
  await rig?.close();
});

async function reply(text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: /Reply to the visitor/ });
  await box.fill(text);
  await box.press('Enter');
}

async function agentTexts(): Promise<string[]> {
  const token = await login(relay.url, ADMIN.email, ADMIN.password);
  const { messages } = await api<{ messages: Message[] }>(relay.url, 'GET', `/api/conversations/${conversationId}/messages?limit=500`, undefined, token);
  return messages.filter((m) => m.author.kind === 'agent').map((m) => m.text);
}

describe('console outbox', () => {
  it('shows a reply typed while the relay is down as sending, and stores it once after the reconnect', async () => {
    await uiLogin(page, relay.url, ADMIN.email, ADMIN.password);
    await page.getByLabel('Status').selectOption('away');
    await page.locator('.rows a.row', { hasText: 'Olga' }).click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.locator('.conv-sub .state-assigned').waitFor();
    await relay.stop();
    await page.locator('.conn-offline').waitFor();
    await reply('Your parcel left our warehouse today.');
    await page.locator('.log .pending', { hasText: 'warehouse' }).getByText('Sending…').waitFor();
    await relay.start();
    await page.locator('.conn-online').waitFor({ timeout: 40_000 });
    await page.locator('.log .from-agent:not(.pending)', { hasText: 'warehouse' }).waitFor();
    expect(await page.locator('.log .pending').count()).toBe(0);
    expect(await agentTexts()).toEqual(['Your parcel left our warehouse today.']);
    // Chromium logs each refused reconnect while the relay was down: expected here, not later.
    rig.errors.splice(0).forEach((e) => expect(e).toMatch(/ERR_CONNECTION_REFUSED/));
  });

  it('shows a reply the relay refuses as not sent, with its reason, until discarded', async () => {
    await reply('x'.repeat(9000));
    const failed = page.locator('.log .pending .failed');
    await failed.waitFor();
    expect(await failed.textContent()).toMatch(/The text is 9000 bytes; the limit is 8192\./);
    await failed.getByRole('button', { name: 'Discard' }).click();
    expect(await page.locator('.log .pending').count()).toBe(0);
    expect(await page.locator('.conn-online').count()).toBe(1);
  });

  it('refuses a reply over the frame cap in the browser: never sent, the socket stays up', async () => {
    await reply('y'.repeat(70_000));
    const failed = page.locator('.log .pending .failed');
    await failed.waitFor();
    // The relay announces its text cap in `ready`, so the browser refuses it before it is sent.
    expect(await failed.textContent()).toMatch(/The text is 70000 bytes; the limit is 8192\./);
    // Retrying refuses it again, locally: still one line, still not sent.
    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.waitFor();
    expect(await page.locator('.log .pending').count()).toBe(1);
    await failed.getByRole('button', { name: 'Discard' }).click();
    await reply('Anything else I can do?');
    await page.locator('.log .from-agent:not(.pending)', { hasText: 'Anything else' }).waitFor();
    expect(await page.locator('.conn-online').count()).toBe(1);
    expect(await agentTexts()).toEqual(['Your parcel left our warehouse today.', 'Anything else I can do?']);
    expect(rig.errors).toEqual([]);
  });
});
