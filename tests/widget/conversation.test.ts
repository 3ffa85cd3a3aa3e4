/**
 * The widget against a real relay in Chromium: bot answers, handoff to a `ws` agent, read
 * receipts, continuity across reloads and tabs, a relay restart mid-chat, and the offline form.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, type TestAgent } from '../helpers/agent.js';
import { collectErrors, DESKTOP, launchBrowser, screenshot } from '../helpers/browser.js';
import { startHostSite, widgetPage, type HostSite } from '../helpers/host.js';
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { bubbles, input, launcher, openChat, panel, send, waitForBubble, waitForNoPending } from '../helpers/widget.js';

let relay: TestRelay;
let site: HostSite;
let browser: Browser;

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  site = await startHostSite({ '/': { html: widgetPage(relay.url, { title: 'Shop' }) } });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await relay?.close();
});

describe('widget conversation', () => {
  it('loads on the relay demo page; a command queued before load opens it', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    const res = await page.goto(`${relay.url}/`);
    expect(res?.status()).toBe(200);
    await launcher(page).waitFor();
    await page.getByRole('button', { name: 'Ask us in the chat' }).click();
    await input(page).waitFor();
    expect(await page.locator('switchboard-chat h2').innerText()).not.toBe('');
    await screenshot(page, 'demo-page-desktop');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('answers from the bot with formatted text, offers a human, and shows the offline form when nobody is online', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const page = await ctx.newPage();
    await page.goto(site.url);
    await openChat(page);
    await send(page, 'what are your opening hours');
    await waitForBubble(page, /Monday/);
    await send(page, 'how do I return an item');
    await waitForBubble(page, /return/i);
    expect(await page.locator('switchboard-chat .log .bubble strong').count()).toBeGreaterThan(0);
    await waitForNoPending(page);
    await page.getByRole('button', { name: 'Talk to a human' }).click();
    await page.locator('switchboard-chat #sb-off-email').waitFor();
    await page.locator('switchboard-chat #sb-off-email').fill('ada@example.com');
    await page.locator('switchboard-chat #sb-off-message').fill('Please call me back about order 1234.');
    await page.locator('switchboard-chat form.form button[type=submit]').click();
    await page.locator('switchboard-chat .form', { hasText: 'We will reply by email' }).waitFor();
    await ctx.close();
  });

  describe('with an agent online', () => {
    let agent: TestAgent;
    let ctx: BrowserContext;
    let page: Page;
    let conversationId = '';

    beforeAll(async () => {
      agent = await connectAgent(relay.url, ADMIN.email, ADMIN.password);
      ctx = await browser.newContext(DESKTOP);
      page = await ctx.newPage();
      await page.goto(site.url);
    });
    afterAll(async () => {
      agent?.disconnect();
      await ctx?.close();
    });

    it('hands off to the agent, who replies and is shown by name', async () => {
      await openChat(page);
      await send(page, 'what are your opening hours on saturday');
      await waitForBubble(page, /Monday/);
      const first = await agent.waitFor((f) => f.type === 'message' && f.message.text === 'what are your opening hours on saturday');
      if (first.type !== 'message') throw new Error('unreachable');
      conversationId = first.message.conversationId;
      await page.getByRole('button', { name: 'Talk to a human' }).click();
      await agent.waitFor((f) => f.type === 'conversation' && f.conversation.id === conversationId && f.conversation.state === 'assigned');
      await page.locator('switchboard-chat .ev', { hasText: 'joined the conversation' }).waitFor();
      agent.send({ type: 'typing', conversationId, on: true });
      await page.locator('switchboard-chat .typing').waitFor();
      agent.reply(conversationId, 'Hi, this is a **human**. How can I help?');
      await waitForBubble(page, 'this is a human');
      expect(await page.locator('switchboard-chat .typing').count()).toBe(0);
      expect(await page.locator('switchboard-chat header p').innerText()).toBe('Support team');
      await screenshot(page, 'reconnecting-desktop');
      await send(page, 'Where is my parcel?');
      await agent.waitFor((f) => f.type === 'message' && f.message.text === 'Where is my parcel?');
      await screenshot(page, 'agent-desktop');
    });

    it('shows "Seen" under the last visitor message the agent has read, and only there', async () => {
      const seenUnder = () => page.locator('switchboard-chat .msg.me', { has: page.locator('.st', { hasText: /^Seen$/ }) });
      const parcel = await agent.waitFor((f) => f.type === 'message' && f.message.text === 'Where is my parcel?');
      if (parcel.type !== 'message') throw new Error('unreachable');
      agent.send({ type: 'seen', conversationId, seq: parcel.message.seq });
      await seenUnder().waitFor();
      // Both visitor messages were read; the marker sits under the later one only.
      expect(await seenUnder().count()).toBe(1);
      expect(await seenUnder().locator('.bubble').innerText()).toBe('Where is my parcel?');
      await send(page, 'It was due on Monday');
      const due = await agent.waitFor((f) => f.type === 'message' && f.message.text === 'It was due on Monday');
      if (due.type !== 'message') throw new Error('unreachable');
      await waitForNoPending(page);
      expect(await seenUnder().locator('.bubble').innerText()).toBe('Where is my parcel?');
      agent.send({ type: 'seen', conversationId, seq: due.message.seq });
      await seenUnder().filter({ hasText: 'It was due on Monday' }).waitFor();
      expect(await seenUnder().count()).toBe(1);
      await screenshot(page, 'seen-desktop');
    });

    it('keeps the history over a reload, without doubles', async () => {
      const before = await bubbles(page);
      await page.reload();
      await openChat(page);
      await waitForBubble(page, 'Where is my parcel?');
      expect(await bubbles(page)).toEqual(before);
      // The relay doesn't repeat `seen` on reconnect; the widget remembers it.
      expect(await page.locator('switchboard-chat .msg.me .st', { hasText: /^Seen$/ }).count()).toBe(1);
    });

    it('keeps two tabs in sync', async () => {
      const other = await ctx.newPage();
      await other.goto(site.url);
      await openChat(other);
      await waitForBubble(other, 'Where is my parcel?');
      await send(other, 'Sent from the second tab');
      await waitForBubble(page, 'Sent from the second tab');
      await send(page, 'And this one from the first');
      await waitForBubble(other, 'And this one from the first');
      expect(await bubbles(other)).toEqual(await bubbles(page));
      await other.close();
    });

    it('reconnects after a relay restart mid-chat and loses or doubles nothing', async () => {
      let sockets = 0;
      page.on('websocket', () => sockets++);
      await relay.stop();
      agent.disconnect();
      await page.locator('switchboard-chat .banner', { hasText: 'Reconnecting' }).waitFor();
      // Said once, in the announced banner; the header keeps the conversation's state.
      expect(await page.locator('switchboard-chat [role=status]').innerText()).toBe('Reconnecting…');
      expect(await page.locator('switchboard-chat header p').innerText()).toBe('Support team');
      await screenshot(page, 'reconnecting-desktop');
      // Typed while the relay is away: queued, then sent once with the same client id.
      await send(page, 'Typed during the restart');
      await page.locator('switchboard-chat .st', { hasText: 'retrying' }).waitFor();
      await relay.start();
      agent = await connectAgent(relay.url, ADMIN.email, ADMIN.password);
      await waitForNoPending(page, 30_000);
      agent.reply(conversationId, 'Back after the restart');
      await waitForBubble(page, 'Back after the restart', 30_000);
      expect(sockets).toBeGreaterThanOrEqual(1);
      expect(await page.locator('switchboard-chat .banner').count()).toBe(0);
      const all = await bubbles(page);
      expect(all.filter((t) => t === 'Typed during the restart')).toHaveLength(1);
      expect(new Set(all).size).toBe(all.length);
      await page.reload();
      await openChat(page);
      await waitForBubble(page, 'Back after the restart');
      expect(await bubbles(page)).toEqual(all);
    });

    it('asks for a rating when the agent closes the conversation', async () => {
      agent.close(conversationId);
      await page.locator('switchboard-chat legend', { hasText: 'How was your conversation?' }).waitFor();
      await screenshot(page, 'rating-desktop');
      await page.locator('switchboard-chat .stars label').nth(4).click();
      await page.locator('switchboard-chat .stars').locator('xpath=ancestor::form').locator('button[type=submit]').click();
      await page.locator('switchboard-chat .ev', { hasText: 'Thanks for your feedback' }).waitFor();
      expect(await panel(page).isVisible()).toBe(true);
    });
  });
});
