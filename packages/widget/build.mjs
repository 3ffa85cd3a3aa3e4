/**
 * Builds the widget twice over:
 *   dist/cdn/  script tag: `widget.js` (IIFE loader) + `app.<hash>.js` + `lang-<xx>.<hash>.js`,
 *              each with .gz and .br siblings, and manifest.json for the size test
 *   dist/npm/  ESM `index.js` (+ translation chunks) and `.d.ts`, Preact left external
 * IIFE builds cannot split code, so each CDN file is its own Vite library build; the loader is
 * built last because it embeds the hashed names of the others.
 */
import { build } from 'vite';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('.', import.meta.url).pathname;
const cdn = `${root}dist/cdn/`;
const npm = `${root}dist/npm/`;
const tmp = `${root}.tmp/`;
const LANGS = ['de', 'fr', 'es'];

const base = {
  root,
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
};

/** One self-contained IIFE; returns its content-hashed file name (or `name` as is). */
async function iife(entry, name, { hash = true, define = {} } = {}) {
  await build({
    ...base,
    define,
    build: {
      outDir: cdn,
      emptyOutDir: false,
      target: 'es2020',
      minify: true,
      lib: { entry, formats: ['iife'], name: '_sb', fileName: () => `${name}.js` },
    },
  });
  if (!hash) return `${name}.js`;
  const digest = createHash('sha256').update(readFileSync(`${cdn}${name}.js`)).digest('hex').slice(0, 10);
  const file = `${name}.${digest}.js`;
  renameSync(`${cdn}${name}.js`, `${cdn}${file}`);
  return file;
}

rmSync(`${root}dist`, { recursive: true, force: true });
mkdirSync(cdn, { recursive: true });
mkdirSync(tmp, { recursive: true });

const app = await iife(`${root}src/loader/app.ts`, 'app');
const langs = {};
for (const lang of LANGS) {
  const entry = `${tmp}lang-${lang}.ts`;
  writeFileSync(
    entry,
    `import s from '../src/i18n/${lang}.js';\n(window as unknown as { Switchboard: { _r(k: 'lang', s: unknown): void } }).Switchboard._r('lang', s);\n`,
  );
  langs[lang] = await iife(entry, `lang-${lang}`);
}
await iife(`${root}src/loader/loader.ts`, 'widget', {
  hash: false,
  define: { __APP__: JSON.stringify(app), __LANGS__: JSON.stringify(langs) },
});
writeFileSync(`${cdn}manifest.json`, `${JSON.stringify({ loader: 'widget.js', app, langs }, null, 2)}\n`);

for (const file of readdirSync(cdn)) {
  if (!file.endsWith('.js')) continue;
  const body = readFileSync(`${cdn}${file}`);
  writeFileSync(`${cdn}${file}.gz`, gzipSync(body, { level: 9 }));
  writeFileSync(`${cdn}${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}

await build({
  ...base,
  build: {
    outDir: npm,
    emptyOutDir: false,
    target: 'es2020',
    minify: false,
    cssMinify: true,
    lib: { entry: `${root}src/index.ts`, formats: ['es'], fileName: 'index' },
    rolldownOptions: { external: [/^preact(\/|$)/] },
  },
});
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
rmSync(tmp, { recursive: true, force: true });
