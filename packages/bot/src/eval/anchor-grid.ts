/** The lexical classifier anchor (see lexical-classifier.ts) on the same grid KBs as the bot. */
import type { LabelledQuestion } from './dataset.js';
import { type GridOptions, type GridShape, DEFAULT_GRID, gridShapes, mean, questionsFor, shapeKnowledgeBases } from './grid.js';
import { type AnchorScores, LexicalClassifier, scoreAnchor } from './lexical-classifier.js';

export interface AnchorCell extends GridShape, AnchorScores {
  kbs: number;
}

export function evaluateAnchorShape(train: readonly LabelledQuestion[], val: readonly LabelledQuestion[], shape: GridShape, seeds: number, maxQuestions: number): AnchorCell {
  const full = shape.intents === null && shape.phrasings === null;
  const scores = shapeKnowledgeBases(train, shape, seeds).map(({ kb, seed }) => {
    const q = questionsFor(kb, val, full ? Infinity : maxQuestions, seed);
    return scoreAnchor(new LexicalClassifier(kb), q.inScope, [q.heldOut, q.oos]);
  });
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    ...shape,
    kbs: scores.length,
    top1: round(mean(scores.map((s) => s.top1))),
    answeredRightAtPrecision: round(mean(scores.map((s) => s.answeredRightAtPrecision))),
    otherTopicRejection: round(mean(scores.map((s) => s.otherTopicRejection))),
  };
}

export function evaluateAnchorGrid(train: readonly LabelledQuestion[], val: readonly LabelledQuestion[], options: GridOptions & { onAnchorCell?: (c: AnchorCell) => void } = {}): AnchorCell[] {
  const o = { ...DEFAULT_GRID, ...options };
  return gridShapes({ ...o, full: false }).map((shape) => {
    const cell = evaluateAnchorShape(train, val, shape, o.seeds, o.maxQuestions);
    options.onAnchorCell?.(cell);
    return cell;
  });
}
