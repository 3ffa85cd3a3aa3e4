/** A real relay on a temporary data dir, restartable on the same port and data. */
import { startRelay } from '@switchboard/relay';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };

export interface TestRelay {
  url: string;
  port: number;
  dataDir: string;
  /** Stop the relay (sockets drop) and start it again on the same port and data dir. */
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestRelay(): Promise<TestRelay> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const start = (port: number) =>
    startRelay({ port, host: '127.0.0.1', dataDir, adminEmail: ADMIN.email, adminPassword: ADMIN.password, logLevel: 'silent', ipConnectsPerMin: 100_000 });
  let relay = await start(0);
  const handle: TestRelay = {
    url: relay.url,
    port: relay.port,
    dataDir,
    async stop() {
      await relay.close();
    },
    async start() {
      relay = await start(handle.port);
    },
    async restart() {
      await handle.stop();
      await handle.start();
    },
    async close() {
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
