/**
 * Console e2e helpers: a scripted visitor on `/ws/visitor` (a `ws` client that records frames),
 * REST shortcuts for setting up agents, and axe-core run inside the page.
 */
import type { AgentView, Message, VisitorClientFrame, VisitorServerFrame } from '@switchboard/protocol';
import axe from 'axe-core';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import WebSocket from 'ws';
import { collectErrors, DESKTOP, launchBrowser } from '../helpers/browser.js';
import { recordFrames } from '../helpers/frames.js';
import { startTestRelay, type TestRelay } from '../helpers/relay.js';

export interface Visitor {
  frames: VisitorServerFrame[];
  send(frame: VisitorClientFrame): void;
  waitFor(match: (f: VisitorServerFrame) => boolean, timeoutMs?: number): Promise<VisitorServerFrame>;
  /** Sends a text and waits for its ack; returns the ack's conversation and seq. */
  say(text: string): Promise<{ conversationId: string; seq: number }>;
  messages(): Message[];
  close(): void;
}

export async function connectVisitor(relayUrl: string, hello: Omit<Extract<VisitorClientFrame, { type: 'hello' }>, 'type' | 'v'> = {}): Promise<Visitor> {
  const ws = new WebSocket(`${relayUrl.replace(/^http/, 'ws')}/ws/visitor`, {
    headers: { origin: relayUrl, 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15' },
  });
  const { frames, waitFor } = recordFrames<VisitorServerFrame>(ws, 'visitor');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const send = (frame: VisitorClientFrame) => ws.send(JSON.stringify(frame));
  send({ type: 'hello', v: 1, ...hello });
  await waitFor((f) => f.type === 'welcome');
  return {
    frames,
    send,
    waitFor,
    async say(text) {
      const id = randomUUID();
      send({ type: 'message', id, text });
      const ack = (await waitFor((f) => f.type === 'ack' && f.id === id)) as Extract<VisitorServerFrame, { type: 'ack' }>;
      return { conversationId: ack.conversationId!, seq: ack.seq! };
    },
    messages: () => frames.flatMap((f) => (f.type === 'message' ? [f.message] : [])),
    close: () => ws.close(),
  };
}

/** A visitor who gave a name, wrote `text` and asked for a human: the chat goes to the queue (or an agent). */
export async function handedOff(relayUrl: string, name: string, text: string): Promise<{ visitor: Visitor; conversationId: string }> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
  const visitor = await connectVisitor(relayUrl, { page: { url: 'https://shop.example/', title: 'Shop' } });
  visitor.send({ type: 'profile', name, email: `${slug}@example.com` });
  const { conversationId } = await visitor.say(text);
  const id = `h-${slug.replaceAll('.', '_')}`;
  visitor.send({ type: 'handoff', id });
  await visitor.waitFor((f) => f.type === 'ack' && f.id === id);
  return { visitor, conversationId };
}

export async function api<T = unknown>(relayUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${relayUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function login(relayUrl: string, email: string, password: string): Promise<string> {
  return (await api<{ token: string }>(relayUrl, 'POST', '/api/login', { email, password })).token;
}

export async function createAgent(relayUrl: string, adminToken: string, agent: { email: string; name: string; password: string; role?: 'admin' | 'agent' }): Promise<AgentView> {
  return (await api<{ agent: AgentView }>(relayUrl, 'POST', '/api/agents', { maxChats: 5, ...agent }, adminToken)).agent;
}

/** Logs in through the console's form. */
export async function uiLogin(page: Page, relayUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${relayUrl}/console/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('.conn-online').waitFor();
}

/** axe-core violations on the current page, as short strings for a readable assertion. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
}

/** A relay, a browser and one fresh page (10 s default timeout) whose errors are collected. */
export interface ConsoleRig {
  relay: TestRelay;
  browser: Browser;
  ctx: BrowserContext;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function startConsoleRig(options: BrowserContextOptions = DESKTOP): Promise<ConsoleRig> {
  const [relay, browser] = await Promise.all([startTestRelay(), launchBrowser()]);
  const ctx = await browser.newContext(options);
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  const errors = collectErrors(page);
  return {
    relay,
    browser,
    ctx,
    page,
    errors,
    async close() {
      await ctx.close();
      await browser.close();
      await relay.close();
    },
  };
}
