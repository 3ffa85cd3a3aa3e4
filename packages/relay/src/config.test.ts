import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8787);
    expect(config.maxTextBytes).toBe(8192);
    expect(config.dataDir).toBe('./data');
  });
  it('names every bad setting and why', () => {
    try {
      loadConfig({ PORT: '70000', MAX_TEXT_BYTES: 'lots', ADMIN_PASSWORD: 'short', ALLOWED_ORIGINS: 'https://ok.example,nope' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toMatch(/PORT \(port\): .*65535/);
      expect(message).toMatch(/MAX_TEXT_BYTES \(maxTextBytes\)/);
      expect(message).toMatch(/ADMIN_PASSWORD \(adminPassword\): must be at least 8/);
      expect(message).toMatch(/ALLOWED_ORIGINS .*"nope"/);
    }
  });
  it('reads a JSON file named by SWITCHBOARD_CONFIG, with the environment winning', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'sb-config-')), 'relay.json');
    writeFileSync(file, JSON.stringify({ port: 9000, siteName: 'From file' }));
    const config = loadConfig({ SWITCHBOARD_CONFIG: file, PORT: '9100' });
    expect(config.port).toBe(9100);
    expect(config.siteName).toBe('From file');
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ SWITCHBOARD_CONFIG: file })).toThrow(/unknown setting "prot"/);
  });
});

describe('docs/deploy.md', () => {
  it('documents every setting, and documents no setting that does not exist', async () => {
    const { readFileSync } = await import('node:fs');
    const { ENV_NAMES } = await import('./config.js');
    const doc = readFileSync(new URL('../../../docs/deploy.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| `(\w+)` \|/gm)].map((m) => [m[1], m[2]]);
    expect(new Map(rows)).toEqual(new Map(Object.entries(ENV_NAMES).map(([key, env]) => [env, key])));
  });

  it("states each numeric setting's range as the schema checks it", async () => {
    const { readFileSync } = await import('node:fs');
    const { ConfigSchema, ENV_NAMES } = await import('./config.js');
    const doc = readFileSync(new URL('../../../docs/deploy.md', import.meta.url), 'utf8');
    const ranges = new Map([...doc.matchAll(/^\| `([A-Z_]+)` \| `\w+` \| [^|]* \| ([^|]*) \|/gm)].map((m) => [m[1], m[2]!]));
    let numeric = 0;
    for (const [key, schema] of Object.entries(ConfigSchema.shape)) {
      const inner = (schema as { def: { innerType?: unknown } }).def.innerType ?? schema;
      const { minValue, maxValue } = inner as { minValue?: number | null; maxValue?: number | null };
      if (typeof minValue !== 'number' || typeof maxValue !== 'number') continue;
      numeric++;
      const env = ENV_NAMES[key as keyof typeof ENV_NAMES];
      expect(ranges.get(env), env).toMatch(new RegExp(`^${minValue}–${maxValue}\\b`));
    }
    expect(numeric).toBeGreaterThanOrEqual(14);
  });
});
