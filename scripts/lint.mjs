#!/usr/bin/env node
/**
 * Project lint, on top of `pnpm typecheck` (strict TypeScript):
 * - no `any` in library source (tests may use it to poke at frames);
 * - nothing that turns text into HTML or code (innerHTML, dangerouslySetInnerHTML, eval, new Function)
 *   in the widget and console;
 * - the widget and console import only types from `@switchboard/protocol` (values come from the
 *   zod-free `@switchboard/protocol/client`), so zod stays out of their bundles;
 * - no machine paths or registry host names in tracked files;
 * - every package's built `exports`, `types` and `files` are valid (publint; needs `pnpm build`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const problems = [];
const isTest = (f) => /\.test\.tsx?$|\/test\/|^tests\/|\/contract\.ts$/.test(f);
// Built from parts so this file does not match itself.
const REGISTRY = new RegExp([['registry', 'npmjs', 'org'], ['registry', 'yarnpkg', 'com']].map((p) => p.join('\\.')).join('|'));
const MACHINE_PATH = /\/work\/main|\/root\/|\/home\/[a-z]+\//;

for (const file of files) {
  if (/node_modules|\.png$|\.jpg$|\.jsonl$/.test(file)) continue;
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue;
  }
  if (/^packages\/(widget|console)\/src\/.*\.tsx?$/.test(file) && !isTest(file)) {
    for (const m of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'@switchboard\/protocol'/gm)) {
      problems.push(`${file}:${text.slice(0, m.index).split('\n').length}: a value import from @switchboard/protocol brings zod into the bundle (use \`import type\`, or @switchboard/protocol/client)`);
    }
  }
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = `${file}:${i + 1}`;
    if (file !== 'scripts/lint.mjs' && REGISTRY.test(line)) problems.push(`${at}: registry host name`);
    if (file !== 'scripts/lint.mjs' && MACHINE_PATH.test(line)) problems.push(`${at}: absolute machine path`);
    if (!/^packages\/.*\/src\/.*\.tsx?$/.test(file) || isTest(file)) return;
    if (/^\s*(\*|\/\/|\/\*)/.test(line)) return; // comments may name what the code avoids
    if (/(:\s*any\b|as any\b|<any>)/.test(line) && !/lint-allow-any/.test(line)) problems.push(`${at}: \`any\` in library source`);
    if (/^packages\/(widget|console)\//.test(file) && /innerHTML|dangerouslySetInnerHTML|\beval\(|new Function\(/.test(line)) {
      problems.push(`${at}: renders text as HTML or code`);
    }
  });
}

if (problems.length) {
  console.error(`lint: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`lint: ${files.length} files clean`);

for (const pkg of ['protocol', 'bot', 'widget', 'relay', 'console']) {
  const run = spawnSync('pnpm', ['exec', 'publint', `packages/${pkg}`, '--strict'], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`lint: publint packages/${pkg} failed:\n${run.stdout}${run.stderr}`);
    process.exit(1);
  }
}
console.log('lint: publint clean for every package');
