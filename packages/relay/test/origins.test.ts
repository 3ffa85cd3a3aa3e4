/**
 * Which pages may open which socket. Browsers send Origin and cannot fake it; other programs
 * (a bot process) send none and authenticate with their token.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRelay, type TestRelay } from './helpers.js';

function upgrade(url: string, origin: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => undefined);
  });
}

describe('origin checks', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null, allowedOrigins: ['https://shop.example'], agentOrigins: ['https://console.example'] });
  });
  afterAll(() => relay.stop());

  it('/ws/agent refuses a foreign origin before the upgrade', async () => {
    const refused = await upgrade(`${relay.wsUrl}/ws/agent`, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.code).toBe('ORIGIN_NOT_ALLOWED');
    // A site allowed to embed the widget is not thereby allowed to open agent sockets.
    expect((await upgrade(`${relay.wsUrl}/ws/agent`, 'https://shop.example')).status).toBe(403);
  });

  it("/ws/agent accepts the console's own origin, configured ones, and clients that send none", async () => {
    expect((await upgrade(`${relay.wsUrl}/ws/agent`, relay.url)).status).toBe(101);
    expect((await upgrade(`${relay.wsUrl}/ws/agent`, 'https://console.example')).status).toBe(101);
    expect((await upgrade(`${relay.wsUrl}/ws/agent`, undefined)).status).toBe(101);
  });

  it('/ws/visitor accepts allowed origins and its own, and refuses others and none', async () => {
    expect((await upgrade(`${relay.wsUrl}/ws/visitor`, 'https://shop.example')).status).toBe(101);
    expect((await upgrade(`${relay.wsUrl}/ws/visitor`, relay.url)).status).toBe(101);
    expect((await upgrade(`${relay.wsUrl}/ws/visitor`, 'https://console.example')).status).toBe(403);
    expect((await upgrade(`${relay.wsUrl}/ws/visitor`, undefined)).status).toBe(403);
  });
});
