/** Per-conversation state: consecutive misses, rule memory, a pending `expect`, and the transcript. */
import type { Language } from '../text/languages.js';
import type { ExpectHandler, TranscriptLine } from './types.js';

export interface Conversation {
  misses: number;
  /** The language of the visitor's last message (the bot's sentences follow it). */
  language: Language;
  /** The last "did you mean" offered: the question and its choices (to tell when one is picked). */
  suggested: { question: string; list: { id: string; label: string }[] } | null;
  /** The last question the bot could not answer (what a later "talk to a person" is about). */
  lastMiss: string | null;
  memory: Record<string, unknown>;
  expecting: ExpectHandler | null;
  transcript: TranscriptLine[];
  lastSeen: number;
}

/** Transcript lines kept per conversation; the agent needs the recent context, not a novel. */
const TRANSCRIPT_LIMIT = 100;
/** Conversations kept in memory; the least recently active go first. */
const CONVERSATION_LIMIT = 10_000;

export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();

  get(id: string): Conversation {
    let c = this.conversations.get(id);
    if (c) {
      // Re-insert so Map order is least-recently-used first.
      this.conversations.delete(id);
    } else {
      c = { misses: 0, language: 'en', suggested: null, lastMiss: null, memory: {}, expecting: null, transcript: [], lastSeen: 0 };
      if (this.conversations.size >= CONVERSATION_LIMIT) {
        const oldest = this.conversations.keys().next().value;
        if (oldest !== undefined) this.conversations.delete(oldest);
      }
    }
    c.lastSeen = Date.now();
    this.conversations.set(id, c);
    return c;
  }

  record(c: Conversation, from: TranscriptLine['from'], text: string): void {
    c.transcript.push({ from, text, at: Date.now() });
    if (c.transcript.length > TRANSCRIPT_LIMIT) c.transcript.splice(0, c.transcript.length - TRANSCRIPT_LIMIT);
  }

  forget(id: string): void {
    this.conversations.delete(id);
  }

  get size(): number {
    return this.conversations.size;
  }
}
