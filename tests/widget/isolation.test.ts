/**
 * The widget on pages that try to break it: hostile CSS, a strict CSP; plus axe-core, a
 * keyboard-only conversation, and the screenshots (desktop light/dark, phone).
 */
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, DESKTOP, launchBrowser, PHONE, screenshot } from '../helpers/browser.js';
import { startHostSite, widgetPage, type HostSite } from '../helpers/host.js';
import { startTestRelay, type TestRelay } from '../helpers/relay.js';
import { input, launcher, openChat, panel, send, waitForBubble } from '../helpers/widget.js';

const HOSTILE_CSS = `<style>
  * { all: unset; }
  div { display: none !important; }
  button { font-size: 40px; }
  body { transform: scale(1); filter: saturate(1); } /* would capture position: fixed under <body> */
  body * { color: red !important; line-height: 3 !important; }
  switchboard-chat { display: none; position: static; font-size: 4px; }
</style>`;

let relay: TestRelay;
let site: HostSite;
let browser: Browser;

beforeAll(async () => {
  [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  site = await startHostSite();
  site.set('/', { html: widgetPage(relay.url) });
  site.set('/hostile', { html: widgetPage(relay.url, { head: HOSTILE_CSS, body: '<div><p>Page text</p><button>Page button</button></div>' }) });
  site.set('/csp', {
    html: widgetPage(relay.url, { title: 'CSP page' }),
    headers: { 'Content-Security-Policy': `script-src 'self' ${relay.url}; style-src 'self'` },
  });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await relay?.close();
});

/** Geometry and key computed styles of the widget, read from inside its shadow root. */
async function measure(page: Page) {
  await page.waitForTimeout(300); // the panel's open animation
  return page.evaluate(() => {
    const root = document.querySelector('switchboard-chat')!.shadowRoot!;
    const pick = (sel: string) => {
      const el = root.querySelector<HTMLElement>(sel)!;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return { x: r.x, y: r.y, w: r.width, h: r.height, font: cs.fontSize, color: cs.color, bg: cs.backgroundColor, display: cs.display };
    };
    return { launcher: pick('.launcher'), panel: pick('.panel'), input: pick('#sb-input'), header: pick('header') };
  });
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

describe('widget isolation, CSP and accessibility', () => {
  it('renders the same under hostile host CSS and leaks no styles into the page', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const clean = await ctx.newPage();
    await clean.goto(site.url);
    await openChat(clean);
    const expected = await measure(clean);

    const page = await ctx.newPage();
    await page.goto(`${site.url}/hostile`);
    await openChat(page);
    const actual = await measure(page);
    expect(actual).toEqual(expected);
    expect(actual.input.font).toBe('15px');
    await send(page, 'what are your opening hours');
    await waitForBubble(page, /Monday/);
    await screenshot(page, 'hostile-css-desktop');

    // Nothing of ours in the page's own styles.
    const pageStyles = await page.evaluate(() => ({
      sheets: document.styleSheets.length,
      adopted: document.adoptedStyleSheets.length,
      buttonFont: getComputedStyle(document.querySelector('body > div > button')!).fontSize,
    }));
    expect(pageStyles).toEqual({ sheets: 1, adopted: 0, buttonFont: '40px' });
    await ctx.close();
  });

  it('works under a strict CSP (no unsafe-inline, no unsafe-eval)', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const errors = collectErrors(page);
    await page.goto(`${site.url}/csp`);
    await openChat(page);
    const m = await measure(page);
    expect(m.launcher.w).toBe(56);
    expect(m.panel.w).toBe(380);
    expect(m.header.bg).toBe('rgb(36, 86, 214)');
    await send(page, 'how do I return an item');
    await waitForBubble(page, /return/i);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('can be used by keyboard alone', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const page = await ctx.newPage();
    await page.goto(site.url);
    await launcher(page).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const host = document.activeElement;
        if (host?.tagName !== 'SWITCHBOARD-CHAT') return host?.tagName ?? null;
        const el = host.shadowRoot!.activeElement as HTMLElement | null;
        return el ? el.id || el.className || el.tagName : 'shadow';
      });
    for (let i = 0; i < 5 && (await focused()) !== 'launcher'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('launcher');
    await page.keyboard.press('Enter');
    await input(page).waitFor();
    await page.waitForFunction(() => document.querySelector('switchboard-chat')!.shadowRoot!.activeElement?.id === 'sb-input');
    await page.keyboard.type('how do I return an item');
    await page.keyboard.press('Enter');
    await waitForBubble(page, /return/i);
    // Back from the composer to a quick reply, and press it.
    const chips = await page.locator('switchboard-chat .chip').count();
    if (chips > 0) {
      await page.keyboard.press('Shift+Tab'); // "Talk to a human"
      await page.keyboard.press('Shift+Tab'); // last chip
      expect(await focused()).toBe('chip');
      const label = await page.evaluate(() => document.querySelector('switchboard-chat')!.shadowRoot!.activeElement!.textContent);
      await page.keyboard.press('Enter');
      await waitForBubble(page, label!);
    }
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector('switchboard-chat')!.shadowRoot!.activeElement?.className === 'launcher');
    await ctx.close();
  });

  it('has no axe-core violations, light and dark, and looks right on desktop and phone', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({ ...DESKTOP, colorScheme });
      const page = await ctx.newPage();
      await page.goto(site.url);
      expect(await axeViolations(page)).toEqual([]);
      await openChat(page);
      await send(page, 'how do I return an item');
      await waitForBubble(page, /return/i);
      await page.waitForTimeout(300);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `panel-desktop-${colorScheme}`);
      await ctx.close();
    }
    const ctx = await browser.newContext(PHONE);
    const page = await ctx.newPage();
    await page.goto(site.url);
    await screenshot(page, 'launcher-phone');
    await openChat(page);
    await send(page, 'what are your opening hours');
    await waitForBubble(page, /Monday/);
    const m = await measure(page);
    expect([m.panel.x, m.panel.y, m.panel.w, m.panel.h]).toEqual([0, 0, 390, 844]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'panel-phone');
    await ctx.close();
  });
});
