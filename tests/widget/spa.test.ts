/**
 * examples/spa as a site would ship it: built with Vite against a real relay (whose origin
 * allowlist names only the SPA's origin), served on its own port, driven in Chromium. It uses the
 * npm API (`createChat`, `open`, `send`, `on('message')`, `page`, `destroy`) across client-side
 * routes, and after destroy and re-create nothing of the first widget is left: no second host
 * element, no second open socket, no extra listeners, timers or channels.
 */
import { startRelay, type RunningRelay } from '@switchboard/relay';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, DESKTOP, launchBrowser, screenshot } from '../helpers/browser.js';
import { ADMIN } from '../helpers/relay.js';
import { launcher, log, panel, waitForBubble } from '../helpers/widget.js';

const SPA = fileURLToPath(new URL('../../examples/spa/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves the built SPA; any path that isn't a file gets index.html (history-API routes). */
async function serveSpa(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      file = join(dir, 'index.html');
      body = readFileSync(file);
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * Counts, in the page, what a widget could leak: listeners on window and document (by type),
 * live intervals and open BroadcastChannels. Read with `window.__leaks()`.
 */
function trackLeaks(): void {
  const listeners = new Map<string, Set<unknown>>();
  const label = (t: EventTarget) => (t === window ? 'window' : t === document ? 'document' : null);
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, fn: EventListenerOrEventListenerObject | null, opts?: boolean | AddEventListenerOptions) {
    const l = label(this);
    if (l && fn) {
      const key = `${l}:${type}`;
      if (!listeners.has(key)) listeners.set(key, new Set());
      listeners.get(key)!.add(fn);
    }
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, fn: EventListenerOrEventListenerObject | null, opts?: boolean | EventListenerOptions) {
    const l = label(this);
    if (l && fn) listeners.get(`${l}:${type}`)?.delete(fn);
    return remove.call(this, type, fn, opts);
  };
  const intervals = new Set<number>();
  const setI = window.setInterval.bind(window);
  const clearI = window.clearInterval.bind(window);
  window.setInterval = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = setI(fn, ms, ...args);
    intervals.add(id);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) intervals.delete(id);
    clearI(id);
  }) as typeof window.clearInterval;
  let channels = 0;
  const Channel = window.BroadcastChannel;
  window.BroadcastChannel = class extends Channel {
    constructor(name: string) {
      super(name);
      channels++;
    }
    override close(): void {
      channels--;
      super.close();
    }
  };
  (window as unknown as { __leaks: () => unknown }).__leaks = () => ({
    listeners: Object.fromEntries([...listeners].filter(([, s]) => s.size > 0).map(([k, s]) => [k, s.size]).sort()),
    intervals: intervals.size,
    channels,
  });
}

const leaks = (page: Page) => page.evaluate(() => (window as unknown as { __leaks: () => unknown }).__leaks());
const hosts = (page: Page) => page.evaluate(() => document.querySelectorAll('switchboard-chat').length);

let relay: RunningRelay;
let spa: { server: Server; url: string };
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-spa-'));
const outDir = mkdtempSync(join(tmpdir(), 'switchboard-spa-dist-'));

beforeAll(async () => {
  // The SPA's port comes first: the relay must allow its origin, and the build must know the relay.
  spa = await serveSpa(outDir);
  [relay, browser] = await Promise.all([
    startRelay({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      logLevel: 'silent',
      allowedOrigins: [spa.url],
    }),
    launchBrowser(),
  ]);
  await promisify(execFile)(join(SPA, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: SPA,
    env: { ...process.env, VITE_RELAY: relay.url },
  });
});

afterAll(async () => {
  await browser?.close();
  spa?.server.closeAllConnections();
  await new Promise((resolve) => spa?.server.close(resolve));
  await relay?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('examples/spa (npm API, client-side routes)', () => {
  it('chats through the npm API across routes and leaks nothing after destroy and re-create', async () => {
    const ctx = await browser.newContext(DESKTOP);
    await ctx.addInitScript(trackLeaks);
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    const sockets: { ws: WebSocket; sent: { type: string; page?: { url?: string } }[]; closed: boolean }[] = [];
    page.on('websocket', (ws) => {
      if (!ws.url().endsWith('/ws/visitor')) return;
      const s = { ws, sent: [] as { type: string; page?: { url?: string } }[], closed: false };
      ws.on('framesent', (f) => s.sent.push(JSON.parse(String(f.payload)) as { type: string }));
      ws.on('close', () => (s.closed = true));
      sockets.push(s);
    });
    const open = () => sockets.filter((s) => !s.closed);
    const nav = (name: string) => page.locator('nav a', { hasText: name }).click();

    // /account has no chat: what the page itself registers, before any widget.
    await page.goto(`${spa.url}/account`);
    await page.locator('h1', { hasText: 'Account' }).waitFor();
    const bare = await leaks(page);
    expect(await hosts(page)).toBe(0);

    await nav('Home');
    await launcher(page).waitFor();
    await expect.poll(() => open().length).toBe(1);
    const withChat = await leaks(page);

    // The page's own button: chat.open() and chat.send(); the bot's answer reaches on('message').
    await page.getByRole('button', { name: 'Ask about opening hours' }).click();
    await panel(page).waitFor();
    await waitForBubble(page, /Monday/);
    await page.locator('#last-reply', { hasText: 'Monday' }).waitFor();
    await page.waitForTimeout(250); // the panel's open animation
    await screenshot(page, 'spa-desktop');

    // Route changes keep the one widget and socket, and tell the relay about the page.
    await nav('Pricing');
    await page.locator('h1', { hasText: 'Pricing' }).waitFor();
    await expect.poll(() => open()[0]?.sent.some((f) => f.type === 'page' && f.page?.url === `${spa.url}/pricing`)).toBe(true);
    await page.goBack();
    await page.locator('h1', { hasText: 'Home' }).waitFor();
    expect(await hosts(page)).toBe(1);
    expect(sockets).toHaveLength(1);

    // destroy(): element, socket, listeners, timers and channel all gone.
    await nav('Account');
    await page.locator('h1', { hasText: 'Account' }).waitFor();
    expect(await hosts(page)).toBe(0);
    await expect.poll(() => open().length).toBe(0);
    expect(await leaks(page)).toEqual(bare);
    expect(await page.title()).toBe('account — SPA example');

    // Re-create: exactly one of everything again, the same visitor with its history.
    await nav('Home');
    await launcher(page).click();
    await waitForBubble(page, /Monday/);
    expect(await hosts(page)).toBe(1);
    expect(open()).toHaveLength(1);
    expect(sockets).toHaveLength(2);
    expect(sockets.flatMap((s) => s.sent).filter((f) => f.type === 'hello')).toHaveLength(2);
    expect(await leaks(page)).toEqual(withChat);
    const before = await log(page).locator('.msg.me').count();
    await page.getByRole('button', { name: 'Ask about opening hours' }).click();
    await expect.poll(() => log(page).locator('.msg.me').count()).toBe(before + 1);
    await waitForBubble(page, /Monday/);
    expect(open()[0]!.sent.filter((f) => f.type === 'message')).toHaveLength(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
