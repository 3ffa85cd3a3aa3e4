/**
 * examples/custom-bot as a user runs it: its own process, joined to a real relay over the agent
 * socket, answering a visitor with a two-step rule that calls its (fake) order API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js';

const BOT = fileURLToPath(new URL('../../examples/custom-bot/bot.mjs', import.meta.url));

async function post(url: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return res.json();
}

describe('examples/custom-bot', () => {
  let relay: TestRelay;
  let bot: ChildProcess;
  let output = '';
  beforeAll(async () => {
    relay = await startTestRelay();
    const { token } = await post(`${relay.url}/api/login`, ADMIN);
    await post(`${relay.url}/api/agents`, { email: 'orders-bot@example.com', name: 'Order bot', password: 'bot-password-1', role: 'bot' }, token);
    bot = spawn(process.execPath, [BOT], { env: { ...process.env, RELAY_URL: relay.url, BOT_EMAIL: 'orders-bot@example.com', BOT_PASSWORD: 'bot-password-1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    bot.stdout!.on('data', (d) => (output += d));
    bot.stderr!.on('data', (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot did not connect:\n${output}`)), 15_000);
      bot.stdout!.on('data', () => output.includes('connected to') && (clearTimeout(timer), resolve()));
    });
  });
  afterAll(async () => {
    bot?.kill('SIGINT');
    await relay?.close();
  });

  it('asks for the order number, looks it up, and answers FAQ questions from the KB', async () => {
    const ws = new WebSocket(`${relay.url.replace('http', 'ws')}/ws/visitor`, { origin: 'http://localhost:3000' });
    const botMessages: string[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString());
      if (f.type === 'message' && f.message.author.kind === 'bot') {
        botMessages.push(f.message.text);
        waiters.splice(0).forEach((w) => w());
      }
    });
    await new Promise((r) => ws.once('open', r));
    const nextBot = async (count: number) => {
      const deadline = Date.now() + 10_000;
      while (botMessages.length < count) {
        if (Date.now() > deadline) throw new Error(`no bot reply; got ${JSON.stringify(botMessages)}; bot output:\n${output}`);
        await new Promise<void>((r) => (waiters.push(r), setTimeout(r, 200)));
      }
      return botMessages[count - 1]!;
    };
    ws.send(JSON.stringify({ type: 'hello', v: 1 }));
    ws.send(JSON.stringify({ type: 'message', id: 'm1', text: 'where is my order?' }));
    expect(await nextBot(1)).toMatch(/order number/i);
    ws.send(JSON.stringify({ type: 'message', id: 'm2', text: 'it is 10001' }));
    expect(await nextBot(2)).toMatch(/10001.*shipped.*DHL/);
    ws.send(JSON.stringify({ type: 'message', id: 'm3', text: 'how do I return an item?' }));
    expect(await nextBot(3)).toMatch(/return/i);
    ws.close();
  });
});
