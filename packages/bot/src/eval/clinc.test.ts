/**
 * Accuracy on CLINC150 val with the bot's DEFAULT thresholds (KB = one entry per intent built from
 * train). Floors are the measured figures minus a small margin, so a regression fails the test.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createBot } from '../bot/create-bot.js';
import { knowledgeBaseFromLabelled, readLabelled } from './dataset.js';
import { evaluate } from './evaluate.js';

const DATA = fileURLToPath(new URL('../../../../../shared/datasets/clinc150/', import.meta.url));
const present = existsSync(`${DATA}train.jsonl`) && existsSync(`${DATA}val.jsonl`);
if (!present) console.warn(`skipping CLINC150 accuracy test: ${DATA} not found (../shared/datasets relative to the repo)`);

describe.skipIf(!present)('CLINC150 val with default thresholds', () => {
  it('in-scope accuracy ≥ 90% and out-of-scope recall ≥ 60%', async () => {
    const kb = knowledgeBaseFromLabelled(await readLabelled(`${DATA}train.jsonl`));
    expect(kb.entries).toHaveLength(150);
    const report = await evaluate(createBot({ knowledgeBase: kb }), await readLabelled(`${DATA}val.jsonl`));
    console.log(`CLINC150 val: in-scope ${report.inScope.accuracy}, OOS recall ${report.outOfScope.recall}, precision ${report.outOfScope.precision}, p50 ${report.latencyMs.p50} ms`);
    expect(report.inScope.total).toBe(3000);
    expect(report.inScope.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.outOfScope.recall).toBeGreaterThanOrEqual(0.6);
  }, 60_000);
});
