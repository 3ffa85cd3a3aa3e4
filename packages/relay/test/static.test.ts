import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticDirs } from '../src/http/static.js';
import { testRelay, type TestRelay } from './helpers.js';

const widgetDir = staticDirs().widget;

describe.skipIf(!widgetDir)('static files', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await testRelay({ botEngine: null });
  });
  afterAll(() => relay.stop());

  const get = (path: string, encoding = 'gzip, deflate, br') => fetch(`${relay.url}${path}`, { headers: { 'accept-encoding': encoding } });

  it('serves the demo page to browsers that accept compression', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('widget.js');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the loader briefly cached and hashed chunks for a year, precompressed', async () => {
    const loader = await get('/widget.js', 'br');
    expect(loader.status).toBe(200);
    expect(loader.headers.get('content-encoding')).toBe('br');
    expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
    const chunk = readdirSync(widgetDir!).find((f) => /^app\..+\.js$/.test(f))!;
    const app = await get(`/${chunk}`, 'gzip');
    expect(app.headers.get('content-encoding')).toBe('gzip');
    expect(app.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(app.headers.get('access-control-allow-origin')).toBe('*');
    const plain = await get(`/${chunk}`, 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await plain.text()).length).toBeGreaterThan(1000);
  });

  it('serves the console and 404s for what does not exist', async () => {
    expect((await get('/console/')).status).toBe(200);
    expect((await get('/nope.js')).status).toBe(404);
    expect((await get('/../package.json')).status).toBe(404);
  });
});
