/**
 * The KB decision: answer when confident, offer up to three "did you mean" choices when the
 * best candidates are plausible but not certain, otherwise admit it (the caller counts the miss).
 */
import type { KnowledgeIndex } from '../match/knowledge-index.js';
import type { BotMessages } from './messages.js';
import type { BotReply, Thresholds } from './types.js';

export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.5, suggest: 0.4 };

export function decide(index: KnowledgeIndex, text: string, thresholds: Thresholds, messages: BotMessages): Exclude<BotReply, { type: 'handoff' }> {
  const candidates = index.candidates(text, 3);
  const top = candidates[0];
  if (top && top.confidence >= thresholds.answer) {
    const reply: BotReply = { type: 'answer', text: top.entry.answer, entryId: top.entryId, confidence: top.confidence };
    if (top.entry.quickReplies && top.entry.quickReplies.length > 0) reply.quickReplies = [...top.entry.quickReplies];
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
    };
  }
  return { type: 'fallback', text: messages.fallback, confidence: top?.confidence ?? 0, quickReplies: [messages.talkToPerson] };
}
