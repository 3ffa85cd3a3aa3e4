/**
 * Greetings, thanks and goodbyes, recognised without the knowledge base: a message made only of
 * small-talk phrases and filler ("hi there!", "thanks a lot", "ok bye"). Anything with a real
 * question in it ("hi, where is my order?") goes on to the KB.
 */
import { words } from '../text/normalize.js';

export type SmallTalkKind = 'greeting' | 'thanks' | 'goodbye';

const PHRASES: Record<SmallTalkKind, string[]> = {
  greeting: ['hi', 'hello', 'hey', 'hiya', 'howdy', 'greetings', 'yo', 'good morning', 'good afternoon', 'good evening', 'hallo', 'bonjour', 'hola'],
  thanks: ['thanks', 'thank you', 'thx', 'ty', 'cheers', 'much appreciated', 'appreciate it', 'merci', 'gracias', 'danke'],
  goodbye: ['bye', 'goodbye', 'bye bye', 'see you', 'see ya', 'cya', 'later', 'have a nice day', 'have a good day', 'that is all', 'good night'],
};
const FILLER = new Set(['there', 'so', 'much', 'a', 'lot', 'very', 'bot', 'ok', 'okay', 'great', 'cool', 'perfect', 'again', 'all', 'and', 'for', 'the', 'help', 'your', 'you', 'guys', 'everyone', 'oh', 'well', 'then', 'now', 'thats', 'it', 'for', 'now', 'nice', 'awesome']);

export const SMALL_TALK_REPLIES: Record<SmallTalkKind, string> = {
  greeting: 'Hi! How can I help you today?',
  thanks: "You're welcome! Is there anything else I can help with?",
  goodbye: 'Goodbye, and thanks for stopping by!',
};

/** The canonical phrase of each kind, used to check whether the KB answers small talk itself. */
export const SMALL_TALK_PROBES: Record<SmallTalkKind, string> = { greeting: 'hello', thanks: 'thank you', goodbye: 'goodbye' };

const COMPILED = (Object.entries(PHRASES) as [SmallTalkKind, string[]][]).flatMap(([kind, list]) =>
  list.map((p) => ({ kind, tokens: words(p) })),
).sort((a, b) => b.tokens.length - a.tokens.length);

export function smallTalk(text: string): SmallTalkKind | null {
  const tokens = words(text);
  if (tokens.length === 0 || tokens.length > 8) return null;
  const seen: SmallTalkKind[] = [];
  for (let i = 0; i < tokens.length; ) {
    const hit = COMPILED.find((c) => c.tokens.every((t, k) => tokens[i + k] === t));
    if (hit) {
      seen.push(hit.kind);
      i += hit.tokens.length;
    } else if (FILLER.has(tokens[i] ?? '')) i++;
    else return null;
  }
  // "thanks, bye" is a goodbye; "hi, thanks" is thanks: the last thing said wins.
  return seen[seen.length - 1] ?? null;
}
