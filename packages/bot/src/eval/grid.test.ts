/**
 * Synthetic small KBs from CLINC150 (30 intents × 5 phrasings, the shape of a real site's FAQ):
 * the default thresholds must keep rejecting questions of other intents and out-of-scope ones
 * without giving up the in-scope ones. Floors are the measured figures minus a small margin.
 * The full-KB figures are checked in clinc.test.ts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLabelled } from './dataset.js';
import { createBot } from '../bot/create-bot.js';
import { evaluateShape, sampleKnowledgeBase } from './grid.js';

const DATA = fileURLToPath(new URL('../../../../../shared/datasets/clinc150/', import.meta.url));
const present = existsSync(`${DATA}train.jsonl`) && existsSync(`${DATA}val.jsonl`);

describe('sampling', () => {
  it('is deterministic and has the requested shape', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ text: `question ${i}`, intent: `intent-${i % 10}` }));
    const a = sampleKnowledgeBase(rows, { intents: 3, phrasings: 2 }, 1);
    expect(a).toEqual(sampleKnowledgeBase(rows, { intents: 3, phrasings: 2 }, 1));
    expect(a.entries).toHaveLength(3);
    for (const e of a.entries) expect(e.questions).toHaveLength(2);
  });
});

describe.skipIf(!present)('synthetic small KBs from CLINC150', () => {
  it('30 intents × 5 phrasings: in-scope and out-of-scope floors', async () => {
    const [train, val] = [await readLabelled(`${DATA}train.jsonl`), await readLabelled(`${DATA}val.jsonl`)];
    const cell = await evaluateShape(createBot, train, val, { intents: 30, phrasings: 5 }, 2, 200);
    console.log(`grid 30x5: right ${cell.answeredRight}, precision ${cell.answeredPrecision}, held-out rejected ${cell.heldOutRejection}, oos rejected ${cell.oosRejection}`);
    expect(cell.answeredRight).toBeGreaterThanOrEqual(FLOORS.answeredRight);
    expect(cell.answeredPrecision).toBeGreaterThanOrEqual(FLOORS.precision);
    expect(cell.heldOutRejection).toBeGreaterThanOrEqual(FLOORS.heldOut);
    expect(cell.oosRejection).toBeGreaterThanOrEqual(FLOORS.oos);
  }, 60_000);
});

// Floors a little under the measured figures (2 sampled KBs).
const FLOORS = { answeredRight: 0.66, precision: 0.92, heldOut: 0.78, oos: 0.92 };
