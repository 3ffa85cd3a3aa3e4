/**
 * The KB decision: answer when confident, offer up to three "did you mean" choices when the best
 * candidates are plausible but not certain, otherwise admit it (the caller counts the miss). A
 * message with two questions ("how much is shipping and how long does it take") gets both answers
 * when both are confident, or the confident one plus the other as a quick reply.
 */
import type { KnowledgeIndex, ScoredCandidate } from '../match/knowledge-index.js';
import type { BotMessages } from './messages.js';
import { clausesOf } from './clauses.js';
import { words } from '../text/normalize.js';
import type { AnswerPart, BotReply, Miss, Thresholds } from './types.js';

/** Words a bare subject may have ("card", "my card", "the gift card" — the last has two content words). */
const BARE_SUBJECT_WORDS = 2;

/** Similarity of a phrasing that is the message itself (up to float rounding). */
const EXACT_PHRASING = 0.999;

export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.5, suggest: 0.4 };

type KbReply = Exclude<BotReply, { type: 'handoff' }>;

const candidatesOf = (list: readonly ScoredCandidate[]) => list.map((c) => ({ entryId: c.entryId, confidence: c.confidence }));

/** The confident entries of a message's clauses, in order, one per entry; and the best of the rest. */
function secondQuestion(index: KnowledgeIndex, text: string, first: ScoredCandidate, thresholds: Thresholds): { answered: ScoredCandidate[]; offered: ScoredCandidate | null } {
  const clauses = clausesOf(text, index.languageOf(text));
  const answered: ScoredCandidate[] = [];
  let offered: ScoredCandidate | null = null;
  let previous = '';
  for (const clause of clauses) {
    // A clause that refers back ("how long does it take") is read with the words of the one before.
    let best = index.candidates(clause, 2)[0];
    if ((!best || best.confidence < thresholds.answer) && previous !== '') {
      const withContext = index.candidates(`${clause} ${previous}`, 3).find((c) => !answered.some((a) => a.entryId === c.entryId) && c.entryId !== first.entryId);
      if (withContext && withContext.confidence >= thresholds.answer) best = withContext;
    }
    previous = clause;
    if (!best) continue;
    if (best.confidence >= thresholds.answer) {
      if (!answered.some((a) => a.entryId === best.entryId)) answered.push(best);
    } else if (best.confidence >= thresholds.suggest && (!offered || best.confidence > offered.confidence)) offered = best;
  }
  if (answered.length === 0) return { answered: [first], offered: null };
  // The whole message is most about `first`: it leads, plus at most one other clause's entry ("i
  // would like to try and confirm my reservation" must not lead with whatever "i would like to try" matched).
  const others = answered.filter((a) => a.entryId !== first.entryId);
  if (others.length === answered.length) return { answered: [first, ...others.slice(0, 1)], offered: null };
  if (offered && answered.some((a) => a.entryId === offered?.entryId)) offered = null;
  return { answered: [first, ...others.slice(0, 1)], offered };
}

/**
 * A message that is a bare subject ("account", "my card") — one content word that several entries
 * use, and nothing that asks anything about it — names a subject, not a question: which of those
 * entries is meant is a guess, however well the word matches. "how much is shipping" asks.
 */
function oneWordAmbiguous(text: string, candidates: readonly ScoredCandidate[]): ScoredCandidate[] | null {
  const top = candidates[0];
  if (!top || top.features.contentWords !== 1 || words(text).length > BARE_SUBJECT_WORDS) return null;
  // The KB holds this very message as a phrasing ("cancel"): the author has said what it means.
  if (top.features.nearest >= EXACT_PHRASING) return null;
  const using = candidates.filter((c) => c.matched >= 1);
  return using.length >= 2 ? using : null;
}

export function decide(index: KnowledgeIndex, text: string, thresholds: Thresholds, messages: BotMessages): KbReply {
  const candidates = index.candidates(text, 3);
  const top = candidates[0];
  const language = index.languageOf(text);
  const miss = (kind: Miss['kind']): Miss => ({ kind, question: text, candidates: candidatesOf(candidates), language });
  const ambiguous = oneWordAmbiguous(text, candidates);
  if (ambiguous && top && top.confidence >= thresholds.suggest) {
    return {
      type: 'suggest',
      text: messages.suggest,
      suggestions: ambiguous.map((c) => ({ id: c.entryId, label: index.labelFor(c.entryId) })),
      confidence: top.confidence,
      miss: miss('suggestion'),
    };
  }
  if (top && top.confidence >= thresholds.answer) {
    const { answered, offered } = secondQuestion(index, text, top, thresholds);
    const parts: AnswerPart[] = answered.map((c) => ({ entryId: c.entryId, confidence: c.confidence, text: c.entry.answer }));
    const first = answered[0] ?? top;
    const reply: BotReply = { type: 'answer', text: parts.map((p) => p.text).join('\n\n'), entryId: first.entryId, confidence: first.confidence };
    if (parts.length > 1) reply.answers = parts;
    const quick = answered.flatMap((c) => c.entry.quickReplies ?? []);
    if (offered) quick.unshift(index.labelFor(offered.entryId));
    if (quick.length > 0) reply.quickReplies = [...new Set(quick)].slice(0, 10);
    return reply;
  }
  if (top && top.confidence >= thresholds.suggest) {
    // Runners-up are offered only when they are nearly as good as the top one.
    const close = candidates.filter((c, i) => i === 0 || c.score >= top.score * 0.85);
    return {
      type: 'suggest',
      text: messages.suggest,
      suggestions: close.map((c) => ({ id: c.entryId, label: index.labelFor(c.entryId) })),
      confidence: top.confidence,
      miss: miss('suggestion'),
    };
  }
  return { type: 'fallback', text: messages.fallback, confidence: top?.confidence ?? 0, quickReplies: [messages.talkToPerson], miss: miss('fallback') };
}
