/**
 * Does the confidence mean the same thing on knowledge bases of realistic shapes? From a labelled
 * set (CLINC150) this samples many synthetic KBs — N intents × M phrasings each, deterministic
 * seeds — and scores each on val with the bot's DEFAULT thresholds: in-scope accuracy on the KB's
 * own intents, and out-of-scope recall on two kinds of questions the KB should not answer: the
 * data set's `oos` rows, and questions of intents the KB does not have ("held out": the realistic
 * "other topic" case, which often shares words with KB entries).
 */
import { createBot } from '../bot/create-bot.js';
import type { KnowledgeBase } from '../kb/schema.js';
import { type LabelledQuestion, OUT_OF_SCOPE, knowledgeBaseFromLabelled } from './dataset.js';
import { answerIdOf } from './evaluate.js';

export interface GridShape {
  /** Intents in the KB; `null` = all of them (the full data set KB). */
  intents: number | null;
  /** Phrasings per entry; `null` = all of them. */
  phrasings: number | null;
}

export interface GridCell extends GridShape {
  kbs: number;
  /** Mean over the sampled KBs. */
  inScopeAccuracy: number;
  /** In-scope questions answered right, or offered the right entry as a "did you mean" choice. */
  inScopeReached: number;
  heldOutRecall: number;
  oosRecall: number;
  /** Mean of held-out and `oos` recall (for the full KB, which holds every intent: `oos` recall). */
  outOfScopeRecall: number;
}

export interface GridOptions {
  intents?: readonly number[];
  phrasings?: readonly number[];
  /** KBs sampled per shape. */
  seeds?: number;
  /** Include the KB of every intent with every phrasing. */
  full?: boolean;
  /** Cap on the in-scope and held-out questions asked per KB (sampled), to bound the run. */
  maxQuestions?: number;
  onCell?: (cell: GridCell) => void;
}

export const DEFAULT_GRID: Required<Pick<GridOptions, 'intents' | 'phrasings' | 'seeds' | 'full' | 'maxQuestions'>> = {
  intents: [10, 30, 80],
  phrasings: [3, 5, 10, 100],
  seeds: 3,
  full: true,
  maxQuestions: 400,
};

/** mulberry32: a small deterministic PRNG, so every run samples the same KBs. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function byIntent(rows: readonly LabelledQuestion[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) {
    if (row.intent === OUT_OF_SCOPE) continue;
    const list = map.get(row.intent) ?? [];
    list.push(row.text);
    map.set(row.intent, list);
  }
  return map;
}

/** A KB of `intents` random intents with `phrasings` random training phrasings each. */
export function sampleKnowledgeBase(train: readonly LabelledQuestion[], shape: GridShape, seed: number): KnowledgeBase {
  const rand = random(seed * 7919 + (shape.intents ?? 0) * 131 + (shape.phrasings ?? 0));
  const groups = byIntent(train);
  const chosen = shape.intents === null ? [...groups.keys()] : shuffled([...groups.keys()].sort(), rand).slice(0, shape.intents);
  const rows: LabelledQuestion[] = [];
  for (const intent of chosen) {
    const texts = groups.get(intent) ?? [];
    const picked = shape.phrasings === null ? texts : shuffled(texts, rand).slice(0, shape.phrasings);
    for (const text of picked) rows.push({ text, intent });
  }
  return knowledgeBaseFromLabelled(rows);
}

interface KbScore {
  inScopeAccuracy: number;
  inScopeReached: number;
  heldOutRecall: number | null;
  oosRecall: number;
}

async function scoreKnowledgeBase(kb: KnowledgeBase, val: readonly LabelledQuestion[], maxQuestions: number, seed: number): Promise<KbScore> {
  const bot = createBot({ knowledgeBase: kb });
  const ids = new Set(kb.entries.map((e) => e.id));
  const rand = random(seed + 17);
  const inScope = val.filter((r) => ids.has(r.intent));
  const heldOut = val.filter((r) => r.intent !== OUT_OF_SCOPE && !ids.has(r.intent));
  const oos = val.filter((r) => r.intent === OUT_OF_SCOPE);
  const cap = (rows: LabelledQuestion[]): LabelledQuestion[] => (rows.length <= maxQuestions ? rows : shuffled(rows, rand).slice(0, maxQuestions));
  const ask = async (rows: readonly LabelledQuestion[], ok: (answerId: string | null, row: LabelledQuestion) => boolean): Promise<number> => {
    let hits = 0;
    for (const [i, row] of rows.entries()) if (ok((await answerIdOf(bot, row.text, `grid-${i}`)).answerId, row)) hits++;
    return rows.length === 0 ? 0 : hits / rows.length;
  };
  const heldOutRows = cap(heldOut);
  const inScopeRows = cap(inScope);
  let answered = 0;
  let reached = 0;
  for (const [i, row] of inScopeRows.entries()) {
    const reply = await bot.reply(row.text, { conversationId: `grid-in-${i}` });
    bot.forget(`grid-in-${i}`);
    const right = reply.type === 'answer' && reply.entryId === row.intent;
    if (right) answered++;
    if (right || (reply.type === 'suggest' && reply.suggestions.some((x) => x.id === row.intent))) reached++;
  }
  return {
    inScopeAccuracy: inScopeRows.length === 0 ? 0 : answered / inScopeRows.length,
    inScopeReached: inScopeRows.length === 0 ? 0 : reached / inScopeRows.length,
    heldOutRecall: heldOutRows.length === 0 ? null : await ask(heldOutRows, (id) => id === null),
    oosRecall: await ask(oos, (id) => id === null),
  };
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** One cell: `seeds` KBs of one shape, scored and averaged. */
export async function evaluateShape(train: readonly LabelledQuestion[], val: readonly LabelledQuestion[], shape: GridShape, seeds: number, maxQuestions: number): Promise<GridCell> {
  const full = shape.intents === null && shape.phrasings === null;
  const scores: KbScore[] = [];
  for (let seed = 1; seed <= (full ? 1 : seeds); seed++) {
    scores.push(await scoreKnowledgeBase(sampleKnowledgeBase(train, shape, seed), val, full ? Infinity : maxQuestions, seed));
  }
  const heldOut = scores.flatMap((s) => (s.heldOutRecall === null ? [] : [s.heldOutRecall]));
  const oos = mean(scores.map((s) => s.oosRecall));
  const held = heldOut.length === 0 ? null : mean(heldOut);
  return {
    ...shape,
    kbs: scores.length,
    inScopeAccuracy: round(mean(scores.map((s) => s.inScopeAccuracy))),
    inScopeReached: round(mean(scores.map((s) => s.inScopeReached))),
    heldOutRecall: held === null ? Number.NaN : round(held),
    oosRecall: round(oos),
    outOfScopeRecall: round(held === null ? oos : (held + oos) / 2),
  };
}

/** The whole grid: every intents × phrasings shape, plus (optionally) the full KB. */
export async function evaluateGrid(train: readonly LabelledQuestion[], val: readonly LabelledQuestion[], options: GridOptions = {}): Promise<GridCell[]> {
  const o = { ...DEFAULT_GRID, ...options };
  const shapes: GridShape[] = [];
  for (const intents of o.intents) for (const phrasings of o.phrasings) shapes.push({ intents, phrasings });
  if (o.full) shapes.push({ intents: null, phrasings: null });
  const cells: GridCell[] = [];
  for (const shape of shapes) {
    const cell = await evaluateShape(train, val, shape, o.seeds, o.maxQuestions);
    options.onCell?.(cell);
    cells.push(cell);
  }
  return cells;
}

/** A Markdown table of the grid (percentages). */
export function formatGrid(cells: readonly GridCell[]): string {
  const pct = (x: number): string => (Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`);
  const lines = [
    '| intents | phrasings | KBs | in-scope accuracy | in-scope answered or suggested | held-out recall | oos recall | OOS recall (mean) |',
    '|--------:|----------:|----:|------------------:|-------------------------------:|----------------:|-----------:|------------------:|',
  ];
  for (const c of cells) {
    lines.push(`| ${c.intents ?? 'all'} | ${c.phrasings ?? 'all'} | ${c.kbs} | ${pct(c.inScopeAccuracy)} | ${pct(c.inScopeReached)} | ${pct(c.heldOutRecall)} | ${pct(c.oosRecall)} | ${pct(c.outOfScopeRecall)} |`);
  }
  return `${lines.join('\n')}\n`;
}
