/**
 * Does the bot hold up on knowledge bases of realistic shapes? From a labelled set (CLINC150) this
 * samples synthetic KBs — N intents × K phrasings each, deterministic seeds — and scores each on
 * val through `bot.reply` with the bot's DEFAULT thresholds:
 *  - in-scope questions (the KB's own intents): answered right, share answered, answered precision
 *    (right when it answers), and reached (answered right or offered as a "did you mean" choice);
 *  - other-topic questions the KB should not answer: questions of intents the KB does not hold
 *    ("held out": the realistic case, which often shares words with KB entries) and the data
 *    set's `oos` rows. Other-topic rejection is the mean of the two (`oos` alone when the KB holds
 *    every intent).
 * Any bot factory can be scored on the same KBs (e.g. a baseline build, for before/after in one run).
 */
import type { Bot, BotOptions } from '../bot/types.js';
import type { KnowledgeBase } from '../kb/schema.js';
import { type LabelledQuestion, OUT_OF_SCOPE, knowledgeBaseFromLabelled } from './dataset.js';

export interface GridShape {
  /** Intents in the KB; `null` = all of them (the full data set KB). */
  intents: number | null;
  /** Phrasings per entry; `null` = all of them. */
  phrasings: number | null;
}

/** What is measured on one KB (or the mean over a shape's KBs). */
export interface GridScores {
  /** In-scope questions answered with the right entry. */
  answeredRight: number;
  /** In-scope questions answered at all (any entry). */
  shareAnswered: number;
  /** Of the in-scope questions answered, the share answered right (NaN when none answered). */
  answeredPrecision: number;
  /** In-scope questions answered right, or offered the right entry as a "did you mean" choice. */
  reached: number;
  /** Other-intent questions not answered (NaN when the KB holds every intent). */
  heldOutRejection: number;
  /** The data set's out-of-scope rows not answered. */
  oosRejection: number;
  /** Mean of held-out and oos rejection (oos alone when there is no held-out intent). */
  otherTopicRejection: number;
}

export interface GridCell extends GridShape, GridScores {
  kbs: number;
}

/** Builds the bot under test for a KB: the current `createBot`, or a baseline build's. */
export type BotFactory = (options: BotOptions) => Pick<Bot, 'reply' | 'forget'>;

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
  intents: [10, 30, 80, 150],
  phrasings: [1, 3, 5, 10],
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

export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function byIntent(rows: readonly LabelledQuestion[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) {
    if (row.intent === OUT_OF_SCOPE) continue;
    const list = map.get(row.intent) ?? [];
    list.push(row.text);
    map.set(row.intent, list);
  }
  return map;
}

/**
 * A KB of `intents` random intents with `phrasings` random training phrasings each. Answers carry
 * no words of the intent (a real answer would; the grid measures what the phrasings alone give).
 */
export function sampleKnowledgeBase(train: readonly LabelledQuestion[], shape: GridShape, seed: number): KnowledgeBase {
  const rand = random(seed * 7919 + (shape.intents ?? 0) * 131 + (shape.phrasings ?? 0));
  const groups = byIntent(train);
  const all = [...groups.keys()].sort();
  const chosen = shape.intents === null || shape.intents >= all.length ? all : shuffled(all, rand).slice(0, shape.intents);
  const rows: LabelledQuestion[] = [];
  for (const intent of chosen) {
    const texts = groups.get(intent) ?? [];
    const picked = shape.phrasings === null ? texts : shuffled(texts, rand).slice(0, shape.phrasings);
    for (const text of picked) rows.push({ text, intent });
  }
  const kb = knowledgeBaseFromLabelled(rows);
  return { ...kb, entries: kb.entries.map((e, i) => ({ ...e, answer: `Answer ${i + 1}.` })) };
}

/** The questions one KB is scored on: its intents' val questions, other intents', and `oos` rows. */
export interface GridQuestions {
  inScope: LabelledQuestion[];
  heldOut: LabelledQuestion[];
  oos: LabelledQuestion[];
}

export function questionsFor(kb: KnowledgeBase, val: readonly LabelledQuestion[], maxQuestions: number, seed: number): GridQuestions {
  const ids = new Set(kb.entries.map((e) => e.id));
  const rand = random(seed + 17);
  const cap = (rows: LabelledQuestion[]): LabelledQuestion[] => (rows.length <= maxQuestions ? rows : shuffled(rows, rand).slice(0, maxQuestions));
  const heldOut = cap(val.filter((r) => r.intent !== OUT_OF_SCOPE && !ids.has(r.intent)));
  const inScope = cap(val.filter((r) => ids.has(r.intent)));
  return { inScope, heldOut, oos: val.filter((r) => r.intent === OUT_OF_SCOPE) };
}

/** Score one bot on one KB's questions. Every question is its own conversation. */
export async function scoreBot(bot: Pick<Bot, 'reply' | 'forget'>, q: GridQuestions): Promise<GridScores> {
  let n = 0;
  const ask = async (text: string) => {
    const id = `grid-${n++}`;
    const reply = await bot.reply(text, { conversationId: id });
    bot.forget(id);
    return reply;
  };
  let answered = 0;
  let right = 0;
  let reached = 0;
  for (const row of q.inScope) {
    const reply = await ask(row.text);
    const isAnswer = reply.type === 'answer' && reply.entryId !== null;
    if (isAnswer) answered++;
    const ok = isAnswer && reply.entryId === row.intent;
    if (ok) right++;
    if (ok || (reply.type === 'suggest' && reply.suggestions.some((s) => s.id === row.intent))) reached++;
  }
  const rejected = async (rows: readonly LabelledQuestion[]): Promise<number> => {
    let hits = 0;
    for (const row of rows) {
      const reply = await ask(row.text);
      if (!(reply.type === 'answer' && reply.entryId !== null)) hits++;
    }
    return rows.length === 0 ? Number.NaN : hits / rows.length;
  };
  const heldOut = await rejected(q.heldOut);
  const oos = await rejected(q.oos);
  const total = q.inScope.length;
  return {
    answeredRight: total ? right / total : 0,
    shareAnswered: total ? answered / total : 0,
    answeredPrecision: answered ? right / answered : Number.NaN,
    reached: total ? reached / total : 0,
    heldOutRejection: heldOut,
    oosRejection: oos,
    otherTopicRejection: Number.isNaN(heldOut) ? oos : (heldOut + oos) / 2,
  };
}

const round = (x: number): number => (Number.isNaN(x) ? x : Math.round(x * 1e4) / 1e4);
export const mean = (xs: readonly number[]): number => {
  const ok = xs.filter((x) => !Number.isNaN(x));
  return ok.length === 0 ? Number.NaN : ok.reduce((a, b) => a + b, 0) / ok.length;
};

export function meanScores(scores: readonly GridScores[]): GridScores {
  const keys: (keyof GridScores)[] = ['answeredRight', 'shareAnswered', 'answeredPrecision', 'reached', 'heldOutRejection', 'oosRejection', 'otherTopicRejection'];
  return Object.fromEntries(keys.map((k) => [k, round(mean(scores.map((s) => s[k])))])) as unknown as GridScores;
}

/** The KBs of one shape (one per seed; the full KB once). */
export function shapeKnowledgeBases(train: readonly LabelledQuestion[], shape: GridShape, seeds: number): { kb: KnowledgeBase; seed: number }[] {
  const full = shape.intents === null && shape.phrasings === null;
  return Array.from({ length: full ? 1 : seeds }, (_, i) => ({ kb: sampleKnowledgeBase(train, shape, i + 1), seed: i + 1 }));
}

/** Every intents × phrasings shape (plus the full KB when asked). */
export function gridShapes(o: Pick<GridOptions, 'intents' | 'phrasings' | 'full'>): GridShape[] {
  const shapes: GridShape[] = [];
  for (const intents of o.intents ?? DEFAULT_GRID.intents) for (const phrasings of o.phrasings ?? DEFAULT_GRID.phrasings) shapes.push({ intents, phrasings });
  if (o.full ?? DEFAULT_GRID.full) shapes.push({ intents: null, phrasings: null });
  return shapes;
}

/** One cell: the shape's KBs scored with one bot factory and averaged. */
export async function evaluateShape(
  factory: BotFactory,
  train: readonly LabelledQuestion[],
  val: readonly LabelledQuestion[],
  shape: GridShape,
  seeds: number,
  maxQuestions: number,
): Promise<GridCell> {
  const full = shape.intents === null && shape.phrasings === null;
  const scores: GridScores[] = [];
  for (const { kb, seed } of shapeKnowledgeBases(train, shape, seeds)) {
    scores.push(await scoreBot(factory({ knowledgeBase: kb }), questionsFor(kb, val, full ? Infinity : maxQuestions, seed)));
  }
  return { ...shape, kbs: scores.length, ...meanScores(scores) };
}

/** The whole grid for one bot factory. */
export async function evaluateGrid(factory: BotFactory, train: readonly LabelledQuestion[], val: readonly LabelledQuestion[], options: GridOptions = {}): Promise<GridCell[]> {
  const o = { ...DEFAULT_GRID, ...options };
  const cells: GridCell[] = [];
  for (const shape of gridShapes(o)) {
    const cell = await evaluateShape(factory, train, val, shape, o.seeds, o.maxQuestions);
    options.onCell?.(cell);
    cells.push(cell);
  }
  return cells;
}

export const pct = (x: number): string => (Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`);

/** A Markdown table of the grid; with `before`, each figure is shown as before → now. */
export function formatGrid(cells: readonly GridCell[], before?: readonly GridCell[]): string {
  const cols: [string, keyof GridScores][] = [
    ['answered right', 'answeredRight'],
    ['share answered', 'shareAnswered'],
    ['answered precision', 'answeredPrecision'],
    ['right or suggested', 'reached'],
    ['held-out rejected', 'heldOutRejection'],
    ['oos rejected', 'oosRejection'],
    ['other-topic rejection', 'otherTopicRejection'],
  ];
  const lines = [
    `| intents | phrasings | KBs | ${cols.map(([h]) => h).join(' | ')} |`,
    `|--------:|----------:|----:|${cols.map(() => '---:').join('|')}|`,
  ];
  cells.forEach((c, i) => {
    const b = before?.[i];
    const cell = (k: keyof GridScores): string => (b ? `${pct(b[k])} → **${pct(c[k])}**` : pct(c[k]));
    lines.push(`| ${c.intents ?? 'all'} | ${c.phrasings ?? 'all'} | ${c.kbs} | ${cols.map(([, k]) => cell(k)).join(' | ')} |`);
  });
  return `${lines.join('\n')}\n`;
}

/** The anchor beside the bot on the same shapes: its top-1 and best-cut figure against the bot's answered right. */
export function formatAnchor(anchor: readonly (GridShape & { top1: number; answeredRightAtPrecision: number; otherTopicRejection: number })[], bot: readonly GridCell[]): string {
  const lines = [
    '| intents | phrasings | lexical classifier top-1 | its answered right at ≥ 88 % precision (best cut) | its other-topic rejection at that cut | bot answered right | bot answered precision | bot other-topic rejection |',
    '|--------:|----------:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const a of anchor) {
    const b = bot.find((c) => c.intents === a.intents && c.phrasings === a.phrasings);
    lines.push(`| ${a.intents ?? 'all'} | ${a.phrasings ?? 'all'} | ${pct(a.top1)} | ${pct(a.answeredRightAtPrecision)} | ${pct(a.otherTopicRejection)} | ${b ? pct(b.answeredRight) : '–'} | ${b ? pct(b.answeredPrecision) : '–'} | ${b ? pct(b.otherTopicRejection) : '–'} |`);
  }
  return `${lines.join('\n')}\n`;
}
