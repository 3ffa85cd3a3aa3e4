/**
 * The optional chime (Web Audio, spied on in the page) and the transcript download, in Chromium
 * against a real relay.
 */
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser } from '../helpers/browser.js';
import { startHostSite, widgetPage, type HostSite } from '../helpers/host.js';
import { startTestRelay, type TestRelay } from '../helpers/relay.js';
import { launcher, openChat, send, waitForBubble, waitForNoPending } from '../helpers/widget.js';

let relay: TestRelay;
let site: HostSite;
let browser: Browser;

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  site = await startHostSite({
    '/': { html: widgetPage(relay.url) },
    '/sound': { html: widgetPage(relay.url, { attrs: 'data-sound' }) },
  });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await relay?.close();
});

interface AudioLog {
  contexts: number;
  closed: number;
  tones: number;
}

/**
 * Counts AudioContexts made and closed and oscillators started; the real Web Audio still runs.
 * Contexts start suspended, as a real browser's autoplay policy has them before any user gesture
 * (Playwright's Chromium lets them run).
 */
function spyOnAudio(): void {
  const log: AudioLog = { contexts: 0, closed: 0, tones: 0 };
  (window as unknown as { __audio: AudioLog }).__audio = log;
  const Ctx = window.AudioContext;
  window.AudioContext = class extends Ctx {
    constructor(options?: AudioContextOptions) {
      super(options);
      log.contexts++;
      void this.suspend();
    }
    override close(): Promise<void> {
      log.closed++;
      return super.close();
    }
  };
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
    log.tones++;
    return start.call(this, when);
  };
}

const audio = (page: Page) => page.evaluate(() => (window as unknown as { __audio: AudioLog }).__audio);
/** The host page's command queue, as a site's own script would call it. */
const command = (page: Page, ...args: unknown[]) =>
  page.evaluate((a) => (window as unknown as { Switchboard: (...x: unknown[]) => void }).Switchboard(...a), args);

describe('widget sound and transcript', () => {
  it('chimes on a new message while the panel is closed, only when sound is on', async () => {
    const ctx = await browser.newContext(DESKTOP);
    await ctx.addInitScript(spyOnAudio);
    const page = await ctx.newPage();
    await page.goto(`${site.url}/sound`);
    await launcher(page).waitFor();
    await command(page, 'send', 'what are your opening hours');
    await page.locator('switchboard-chat .badge', { hasText: '1' }).waitFor();
    await expect.poll(() => audio(page)).toMatchObject({ contexts: 1, tones: 1 });
    // The context is let go even though it never played (suspended: no user gesture yet).
    await expect.poll(() => audio(page).then((a) => a.closed), { timeout: 2000 }).toBe(1);

    // Open panel: the message is in view, no chime.
    await openChat(page);
    await send(page, 'how do I return an item');
    await waitForBubble(page, /return/i);
    await page.waitForTimeout(200);
    expect((await audio(page)).tones).toBe(1);
    await ctx.close();

    // Sound off (the default): a message while closed brings the badge but no chime.
    const quiet = await browser.newContext(DESKTOP);
    await quiet.addInitScript(spyOnAudio);
    const other = await quiet.newPage();
    await other.goto(site.url);
    await launcher(other).waitFor();
    await command(other, 'send', 'what are your opening hours');
    await other.locator('switchboard-chat .badge', { hasText: '1' }).waitFor();
    await other.waitForTimeout(200);
    expect(await audio(other)).toEqual({ contexts: 0, closed: 0, tones: 0 });
    await quiet.close();
  });

  it('downloads a transcript with the conversation\'s messages', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const page = await ctx.newPage();
    await page.goto(site.url);
    await openChat(page);
    await send(page, 'what are your opening hours');
    await waitForBubble(page, /Monday/);
    await send(page, 'how do I return an item');
    await waitForBubble(page, /return/i);
    await waitForNoPending(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download transcript' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^transcript-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = readFileSync(await download.path(), 'utf8');
    const title = await page.locator('switchboard-chat h2').innerText();
    expect(text.split('\n')[0]).toBe(title);
    const lines = text.split('\n').filter((l) => l.startsWith('['));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\[.+\] You: what are your opening hours$/);
    expect(lines[1]).toMatch(/Monday/);
    expect(lines[2]).toMatch(/^\[.+\] You: how do I return an item$/);
    expect(lines[3]).toMatch(/return/i);
    await ctx.close();
  });
});
