/**
 * Messages that carry no question for the knowledge base, recognised without it:
 *  - greetings, thanks and goodbyes: a message made only of such phrases and filler ("hi there!",
 *    "thanks a lot", "ok bye", "merci beaucoup");
 *  - topic-less replies: bare numbers and ids ("10001", "#A-2231"), "yes", "no", "ok", emoji, and
 *    one-word replies made only of acknowledgements and function words. Outside a pending `expect`
 *    they get an honest "what is it about?", never a confident answer.
 * Anything with a real question in it ("hi, where is my order?") goes on to the KB.
 */
import { type Language, LANGUAGES } from '../text/languages.js';
import { words } from '../text/normalize.js';
import { languageTools } from '../text/stemmers.js';

export type SmallTalkKind = 'greeting' | 'thanks' | 'goodbye';

const PHRASES: Record<SmallTalkKind, string[]> = {
  greeting: [
    'hi', 'hello', 'hey', 'hiya', 'howdy', 'greetings', 'yo', 'good morning', 'good afternoon', 'good evening',
    'hallo', 'guten tag', 'guten morgen', 'guten abend', 'moin', 'servus', 'gruss gott', 'bonjour', 'bonsoir', 'salut', 'coucou',
    'hola', 'buenos dias', 'buenas tardes', 'buenas', 'goedemorgen', 'goedemiddag', 'goedenavond', 'hoi', 'ciao', 'buongiorno', 'buonasera', 'salve',
  ],
  thanks: [
    'thanks', 'thank you', 'thx', 'ty', 'cheers', 'much appreciated', 'appreciate it',
    'danke', 'danke schon', 'vielen dank', 'merci', 'merci beaucoup', 'gracias', 'muchas gracias', 'bedankt', 'dank je', 'dank u', 'dankjewel', 'grazie', 'grazie mille',
  ],
  goodbye: [
    'bye', 'goodbye', 'bye bye', 'see you', 'see ya', 'cya', 'later', 'have a nice day', 'have a good day', 'that is all', 'good night',
    'tschuss', 'auf wiedersehen', 'bis dann', 'au revoir', 'bonne journee', 'adios', 'hasta luego', 'doei', 'tot ziens', 'arrivederci',
  ],
};
const FILLER = new Set([
  'there', 'so', 'much', 'a', 'lot', 'very', 'bot', 'ok', 'okay', 'great', 'cool', 'perfect', 'again', 'all', 'and', 'for', 'the', 'help', 'your', 'you',
  'guys', 'everyone', 'oh', 'well', 'then', 'now', 'thats', 'it', 'nice', 'awesome', 'super', 'prima', 'toll', 'gut', 'sehr', 'und', 'tres', 'bien', 'muy', 'molto', 'heel',
]);

/** Replies that carry no topic: acknowledgements, yes/no, hesitation, in the bot's languages. */
const ACKNOWLEDGEMENTS = new Set(
  (
    'yes yeah yep yup sure no nope nah ok okay k kk fine alright right correct exactly maybe perhaps hmm hm huh what why really lol ' +
    'ja jein nein nee genau stimmt richtig vielleicht klar oui non ouais daccord d accord peut etre si vale claro quizas tal vez ' +
    'nee jawel misschien prima certo forse va bene'
  ).split(' '),
);

const COMPILED = (Object.entries(PHRASES) as [SmallTalkKind, string[]][])
  .flatMap(([kind, list]) => list.map((p) => ({ kind, tokens: words(p) })))
  .sort((a, b) => b.tokens.length - a.tokens.length);

export function smallTalk(text: string, tokens: readonly string[] = words(text)): SmallTalkKind | null {
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

const FUNCTION_WORDS: ReadonlySet<string> = new Set(LANGUAGES.flatMap((l: Language) => [...languageTools(l).stopWords]));

/**
 * Whether a message carries no topic: no letters at all (numbers, ids, emoji, punctuation), or only
 * acknowledgements, function words and ids ("yes", "no", "ok", "10001", "ok 10001", "why?").
 */
export function isTopicless(text: string, tokens: readonly string[] = words(text)): boolean {
  if (!/\p{L}/u.test(text)) return true;
  if (tokens.length === 0) return true;
  if (tokens.length > 4) return false;
  return tokens.every((t) => /\d/.test(t) || ACKNOWLEDGEMENTS.has(t) || FUNCTION_WORDS.has(t));
}
