/**
 * The first start creates the admin. Its password never goes to a log: printed only to a
 * terminal, otherwise written to a file only the relay's user can read, and the log says where.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, spawnRelay } from './helpers.js';

describe('the first-start admin password', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sb-first-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a generated password goes to a 0600 file under the data dir when stdout is not a terminal', async () => {
    const dataDir = dir();
    const relay = await spawnRelay({ DATA_DIR: dataDir, ADMIN_PASSWORD: '', BOT_ENABLED: 'false', LOG_LEVEL: 'info' });
    try {
      const file = join(dataDir, 'admin-password');
      const stat = statSync(file);
      expect(stat.mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect(relay.output()).not.toContain(password);
      expect(relay.output()).toContain(file);
      const login = await api(relay, 'POST', '/api/login', { email: 'admin@example.com', password });
      expect(login.status).toBe(200);
    } finally {
      relay.child.kill('SIGKILL');
    }
  });

  it('a password given in ADMIN_PASSWORD is never printed', async () => {
    const relay = await spawnRelay({ DATA_DIR: dir(), ADMIN_PASSWORD: 'operator-chose-this-9', BOT_ENABLED: 'false', LOG_LEVEL: 'info' });
    try {
      expect(relay.output()).toMatch(/admin/i);
      expect(relay.output()).not.toContain('operator-chose-this-9');
    } finally {
      relay.child.kill('SIGKILL');
    }
  });
});
