/**
 * Builds the console into dist/: index.html with relative asset URLs (the relay serves it at
 * /console/), content-hashed JS and CSS under assets/, each with .gz and .br siblings that the
 * relay's static handler serves to browsers that accept them. Prints the gzipped sizes.
 */
import { build } from 'vite';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const root = new URL('.', import.meta.url).pathname;

await build({
  root,
  base: './',
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, modulePreload: { polyfill: false } },
});

let total = 0;
for (const file of readdirSync(`${root}dist/assets`)) {
  if (!/\.(js|css)$/.test(file)) continue;
  const data = readFileSync(`${root}dist/assets/${file}`);
  const gz = gzipSync(data, { level: 9 });
  writeFileSync(`${root}dist/assets/${file}.gz`, gz);
  writeFileSync(`${root}dist/assets/${file}.br`, brotliCompressSync(data));
  total += gz.length;
  console.log(`  ${file.padEnd(32)} ${(data.length / 1024).toFixed(1).padStart(6)} KiB  gzip ${(gz.length / 1024).toFixed(1).padStart(5)} KiB`);
}
console.log(`  total gzip ${(total / 1024).toFixed(1)} KiB`);
