#!/usr/bin/env node
/**
 * `pnpm bench [bot|relay|cluster ...]`: runs the benchmarks one after another (never in parallel: on a
 * 2-core machine they would measure each other). Each prints its own table with a baseline
 * measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SUITES = {
  bot: 'scripts/bench-bot.mjs',
  relay: 'scripts/bench/relay.mjs',
  cluster: 'scripts/bench/cluster.mjs',
};
const root = fileURLToPath(new URL('..', import.meta.url));
const asked = process.argv.slice(2).filter((a) => a !== '--');
const unknown = asked.filter((a) => !(a in SUITES));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Choose from: ${Object.keys(SUITES).join(', ')}.`);
  process.exit(2);
}
for (const name of asked.length ? asked : Object.keys(SUITES)) {
  console.log(`\n=== bench: ${name} ===`);
  const run = spawnSync(process.execPath, [SUITES[name]], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
