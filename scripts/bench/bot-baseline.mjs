#!/usr/bin/env node
/**
 * Builds @switchboard/bot as it was at a git revision, for before/after comparisons in one run:
 * `pnpm -s bot eval-grid --data DIR --baseline "$(node scripts/bench/bot-baseline.mjs REV)"`.
 * The package's source at REV is extracted into .tmp/bot-baseline/<commit>/ and compiled with the
 * current toolchain against the current dependencies; prints the path of its dist/index.js.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rev = process.argv[2];
if (!rev) {
  console.error('usage: node scripts/bench/bot-baseline.mjs <git revision>');
  process.exit(2);
}
const commit = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
const dir = join(root, '.tmp', 'bot-baseline', commit);
const entry = join(dir, 'packages', 'bot', 'dist', 'index.js');
if (!existsSync(entry)) {
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['archive', commit, 'tsconfig.base.json', 'packages/bot'], { cwd: root, maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  if (!existsSync(join(dir, 'packages', 'bot', 'node_modules'))) symlinkSync(join(root, 'packages', 'bot', 'node_modules'), join(dir, 'packages', 'bot', 'node_modules'));
  const tsc = join(root, 'packages', 'bot', 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(dir, 'packages', 'bot', 'tsconfig.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    // Type errors against today's dependencies still emit JavaScript; only a missing build is fatal.
    if (!existsSync(entry)) throw new Error(`could not build the bot at ${rev}`);
  }
}
console.log(entry);
