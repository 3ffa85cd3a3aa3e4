import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, api, cid, spawnRelay } from './helpers.js';

const ORIGIN = 'http://localhost:5173';

describe('the relay as a process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('after SIGKILL and a restart, every acknowledged message is there', async () => {
    const first = await spawnRelay({ DATA_DIR: dataDir, BOT_ENABLED: 'false', RATE_PER_SEC: '10000', RATE_BURST: '10000', VISITOR_PER_MIN: '100000' });
    const client = await Client.open(`${first.wsUrl}/ws/visitor`, { origin: ORIGIN });
    client.send({ type: 'hello', v: 1 });
    const welcome = await client.type('welcome');
    const acked = new Map<string, number>();
    let conversationId = '';
    client.ws.on('message', (data) => {
      const f = JSON.parse(data.toString());
      if (f.type === 'ack') {
        acked.set(f.id, f.seq);
        conversationId = f.conversationId;
      }
    });
    // Keep sending without waiting for acks, and kill the relay mid-stream.
    let sent = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 20 && client.ws.readyState === client.ws.OPEN; i++) client.send({ type: 'message', id: `k${sent++}`, text: `burst ${sent}` });
    }, 5);
    await new Promise((r) => setTimeout(r, 400));
    first.child.kill('SIGKILL');
    await client.waitClosed();
    clearInterval(pump);
    expect(acked.size).toBeGreaterThan(10);

    const second = await spawnRelay({ DATA_DIR: dataDir, BOT_ENABLED: 'false' });
    try {
      let stored: any[] = [];
      let afterSeq = 0;
      for (;;) {
        const page = await api(second, 'GET', `/api/conversations/${conversationId}/messages?limit=500&afterSeq=${afterSeq}`, undefined, welcome.token);
        expect(page.status).toBe(200);
        stored = stored.concat(page.body.messages);
        if (page.body.nextAfterSeq === null) break;
        afterSeq = page.body.nextAfterSeq;
      }
      const byClient = new Map(stored.map((m) => [m.clientId, m.seq]));
      for (const [id, seq] of acked) expect(byClient.get(id), `acked ${id}`).toBe(seq);
      // Gap-free and unique.
      expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    } finally {
      second.child.kill('SIGKILL');
    }
  });

  it('SIGTERM closes sockets with 1001 and exits cleanly', async () => {
    const relay = await spawnRelay({ DATA_DIR: dataDir, BOT_ENABLED: 'false' });
    const client = await Client.open(`${relay.wsUrl}/ws/visitor`, { origin: ORIGIN });
    client.send({ type: 'hello', v: 1 });
    await client.type('welcome');
    const id = cid();
    client.send({ type: 'message', id, text: 'before shutdown' });
    await client.type('ack', (f) => f.id === id);
    const exited = new Promise<number | null>((resolve) => relay.child.once('exit', (code) => resolve(code)));
    relay.child.kill('SIGTERM');
    const closed = await client.waitClosed();
    expect(closed.code).toBe(1001);
    expect(await exited).toBe(0);
    expect(relay.output()).toContain('draining');
  });

  it('a bad setting stops start-up with a message naming it', async () => {
    await expect(spawnRelay({ DATA_DIR: dataDir, PORT: 'eighty' })).rejects.toThrow(/PORT \(port\)/);
    await expect(spawnRelay({ DATA_DIR: dataDir, ALLOWED_ORIGINS: 'not an origin' })).rejects.toThrow(/ALLOWED_ORIGINS/);
  });
});
