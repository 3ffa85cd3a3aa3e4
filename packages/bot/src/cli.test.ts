/** The CLI as shipped: spawns dist/cli.js (run `pnpm --filter @switchboard/bot build` first). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../kb/sample-support.json', import.meta.url));
const run = (args: string[], input = '') => spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });

describe.skipIf(!existsSync(CLI))('cli (dist/cli.js)', () => {
  it('ask: one JSON line per input, in order', () => {
    const input = ['{"text":"how much is shipping?"}', '{"text":"what is the capital of peru"}', '{"text":"I need a human"}', ''].join('\n');
    const r = run(['ask', '--kb', SAMPLE], input);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0] ?? {})).toEqual(['text', 'answerId', 'confidence', 'handoff']);
    expect(lines[0]).toMatchObject({ text: 'how much is shipping?', answerId: 'shipping-costs', handoff: false });
    expect(lines[1]).toMatchObject({ answerId: null, handoff: false });
    expect(lines[2]).toMatchObject({ answerId: null, handoff: true });
    for (const l of lines) expect(l.confidence).toBeGreaterThanOrEqual(0), expect(l.confidence).toBeLessThanOrEqual(1);
  });

  it('lint: 0 when clean, 1 with problems', () => {
    expect(run(['lint', '--kb', SAMPLE]).status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ entries: [{ id: 'a', questions: ['x y z'], answer: '1' }, { id: 'a', questions: ['x y z'], answer: '2' }] }));
    const r = run(['lint', '--kb', bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('DUPLICATE_ID');
    expect(r.stdout).toContain('DUPLICATE_QUESTION');
  });

  it('eval: accuracy, OOS precision and recall, latency', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const data = join(dir, 'data.jsonl');
    writeFileSync(data, ['{"text":"how much is shipping?","intent":"shipping-costs"}', '{"text":"what is the capital of peru","intent":"oos"}'].join('\n'));
    const r = run(['eval', '--kb', SAMPLE, '--data', data]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/in-scope accuracy: 100\.00% \(1\/1\)/);
    expect(r.stdout).toMatch(/oos recall: 100\.00% \(1\/1\)/);
    expect(r.stdout).toMatch(/oos precision: 100\.00%/);
    expect(r.stdout).toMatch(/latency p50: [\d.]+ ms/);
    const json = JSON.parse(run(['eval', '--kb', SAMPLE, '--data', data, '--json']).stdout) as { inScope: { accuracy: number } };
    expect(json.inScope.accuracy).toBe(1);
  });

  it('exit 2 with a clear message for usage and KB errors', () => {
    expect(run([]).status).toBe(2);
    const unknown = run(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
    const missing = run(['ask']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing --kb');
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const bad = join(dir, 'kb.json');
    writeFileSync(bad, JSON.stringify({ entries: [{ id: 'a', questions: ['q'] }] }));
    const invalid = run(['lint', '--kb', bad]);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/KB_INVALID: .*kb\.json: entry "a" \(#1\): answer/);
  });
});
