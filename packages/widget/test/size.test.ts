// @vitest-environment node
/**
 * Size budget of what ships (reads dist/, so run `pnpm build` first): the loader ≤ 2 KB gzipped,
 * and everything the loader fetches before the panel is usable (app chunk with Preact and CSS,
 * plus the largest translation) ≤ 20 KB gzipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = new URL('../dist/', import.meta.url);
const cdn = new URL('cdn/', dist);
const LOADER_BUDGET = 2 * 1024;
const APP_BUDGET = 20 * 1024;

const gz = (file: string) => gzipSync(readFileSync(new URL(file, cdn)), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

describe('bundle size', () => {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', cdn), 'utf8')) as {
    loader: string;
    app: string;
    langs: Record<string, string>;
  };

  it('keeps the loader within 2 KB gzipped', () => {
    const size = gz(manifest.loader);
    console.log(`[size] loader ${manifest.loader}: ${kb(size)} gzipped (budget ${kb(LOADER_BUDGET)})`);
    expect(size).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it('keeps app + CSS + translation within 20 KB gzipped', () => {
    const app = gz(manifest.app);
    const langs = Object.entries(manifest.langs).map(([lang, file]) => [lang, gz(file)] as const);
    const worst = Math.max(0, ...langs.map(([, n]) => n));
    console.log(`[size] app ${manifest.app} (Preact, CSS, English): ${kb(app)} gzipped`);
    for (const [lang, n] of langs) console.log(`[size] translation ${lang}: ${kb(n)} gzipped`);
    console.log(`[size] fetched before the panel is usable (app + largest translation): ${kb(app + worst)} (budget ${kb(APP_BUDGET)})`);
    console.log(`[size] with the loader: ${kb(app + worst + gz(manifest.loader))}`);
    expect(app + worst).toBeLessThanOrEqual(APP_BUDGET);
  });

  it('emits precompressed siblings for every script', () => {
    for (const file of [manifest.loader, manifest.app, ...Object.values(manifest.langs)]) {
      expect(existsSync(new URL(`${file}.gz`, cdn)), file).toBe(true);
      expect(existsSync(new URL(`${file}.br`, cdn)), file).toBe(true);
    }
  });

  it('ships no zod and no eval in the script-tag build', () => {
    for (const file of [manifest.loader, manifest.app]) {
      const code = readFileSync(new URL(file, cdn), 'utf8');
      expect(code).not.toMatch(/\bzod\b|ZodError/);
      expect(code).not.toMatch(/\beval\(|new Function\(/);
    }
  });

  it('has an exports map whose files exist (types first)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, Record<string, string> | string>;
    };
    const main = pkg.exports['.'] as Record<string, string>;
    expect(Object.keys(main)[0]).toBe('types');
    for (const target of Object.values(main)) expect(existsSync(new URL(`../${target}`, import.meta.url)), target).toBe(true);
    const dts = readFileSync(new URL('npm/index.d.ts', dist), 'utf8');
    expect(dts).not.toContain('@switchboard/protocol');
    expect(readFileSync(new URL('npm/api.d.ts', dist), 'utf8')).not.toContain('@switchboard/protocol');
  });
});
