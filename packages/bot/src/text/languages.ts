/**
 * The languages the bot reads: per language its Snowball stemmer (the `snowball-stemmers` package),
 * its function words (stop words: kept in the text, weighed little, never used to look entries
 * up), the generic words of asking ("need", "möchte", "voudrais": they count little towards
 * coverage), elisions (l', d', dell'), and for languages that glue words together (German, Dutch)
 * the prefixes that may stand before a compound's known part. Word lists, not rules: closed
 * classes of each language, all lowercase without accents (the form `words()` produces).
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'nl', 'it'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of a BCP 47 locale ("de-AT" → de), or `fallback` when the bot does not read it. */
export function languageOf(locale: string | undefined, fallback: Language = 'en'): Language {
  const lang = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : fallback;
}

export interface LanguageData {
  /** Name of the Snowball algorithm in `snowball-stemmers`. */
  snowball: string;
  stopWords: string;
  genericWords: string;
  /** Leading elided articles/pronouns, written without the apostrophe (l' → "l"). */
  elisions?: string;
  /** Prefixes (verb particles, prepositions) that may stand before a known word in one written word. */
  compoundPrefixes?: string;
}

export const LANGUAGE_DATA: Record<Language, LanguageData> = {
  en: {
    snowball: 'english',
    stopWords:
      'a an the and or but if then so of to in on at by for with from about as into over under up down out off ' +
      'is are was were be been being am do does did doing done have has had having will would shall should can could may might must ' +
      'i me my mine myself we us our ours you your yours he him his she her it its they them their this that these those ' +
      'there here what which who whom whose when where why how please just also too very really some any all ' +
      'not no yes ok okay hi hello hey thanks thank there than such only own same again further once get got let',
    genericWords:
      'need needs needed want wants wanted wanna gotta like would know knowing tell telling told say said ' +
      'go going gone went give gave make made help helping take find look looking see use using put show ' +
      'think way ways thing things something anything everything someone anyone somebody anybody able possible ' +
      'sure kind sort much many more most lot lots right now today currently inform information info ' +
      'wonder wondering curious mind explain ask asking question questions happen happened exactly actually ' +
      'maybe well still even ever guess mean try trying okay thanks thank hello hi hey',
  },
  de: {
    snowball: 'german',
    stopWords:
      'der die das den dem des ein eine einen einem einer eines und oder aber wenn dann so von zu zum zur in im an am auf aus bei mit nach ' +
      'fur uber unter vor hinter neben zwischen durch gegen ohne um bis ab als wie ob dass da hier dort ' +
      'ist sind war waren bin bist sein seid wird werden wurde wurden hat habe hast haben hatte hatten kann kannst konnen ' +
      'muss musst mussen soll sollen darf durfen mag mochte mochten will wollen wurde wurden ' +
      'ich mich mir mein meine meinen meinem meiner du dich dir dein deine er ihn ihm sie ihr ihre ihren ihrem es wir uns unser unsere euer eure ' +
      'man sich was wer wen wem wo wann warum wieso weshalb welche welcher welches wohin woher ' +
      'nicht kein keine keinen nein ja ok okay bitte danke hallo auch noch schon nur sehr mal doch denn etwa etwas gerne gern eigentlich',
    genericWords:
      'brauche brauchen wissen weiss frage fragen sagen erklaren helfen hilfe gibt geben geht gehen machen mache moglich ' +
      'jemand irgendwie irgendwas sache dinge ding viel viele mehr meisten heute jetzt gerade info information informationen ' +
      'mochte mochten will wollen wurde gerne vielleicht genau eigentlich',
    compoundPrefixes: 'ab an auf aus bei be ein ent er ge mit nach um ver vor weg zer zu zuruck uber unter wieder heraus hin her',
  },
  fr: {
    snowball: 'french',
    stopWords:
      'le la les l un une des du de d au aux et ou mais si alors donc a en dans sur sous par pour avec sans chez vers entre depuis pendant ' +
      'est sont etait etre ai as a avons avez ont avoir fait faire suis es sommes etes sera peut peux pouvez pouvons puis doit dois devez ' +
      'je j me m moi mon ma mes tu te t toi ton ta tes il elle on nous vous ils elles leur leurs lui y se s son sa ses notre nos votre vos ' +
      'ce cet cette ces c ca cela qui que qu quoi quel quelle quels quelles ou quand comment pourquoi combien ' +
      'ne n pas plus non oui ok okay merci bonjour svp stp tres aussi encore deja juste est-ce',
    genericWords:
      'voudrais voudrait veux veut vouloir besoin savoir sais dire aide aider question chose choses quelque quelqu ' +
      'possible beaucoup maintenant aujourd hui info information informations expliquer demander souhaite souhaiterais aimerais',
    elisions: 'l d j qu n s c m t',
  },
  es: {
    snowball: 'spanish',
    stopWords:
      'el la los las lo un una unos unas y o pero si entonces de del a al en con sin por para sobre entre hasta desde hacia ' +
      'es son era fue ser estar esta estan estoy he ha han hay haber tengo tiene tienen puedo puede pueden podria debo debe ' +
      'yo me mi mis tu te ti tus usted ustedes el ella nosotros nos vosotros ellos ellas le les se su sus nuestro nuestra ' +
      'que qu cual cuales quien donde cuando como por que cuanto cuanta cuantos ' +
      'no si ok vale gracias hola por favor muy tambien ya solo',
    genericWords:
      'quiero quisiera querer necesito necesita saber decir ayuda ayudar pregunta cosa cosas algo alguien posible mucho muchos mas ' +
      'ahora hoy informacion explicar preguntar gustaria',
  },
  nl: {
    snowball: 'dutch',
    stopWords:
      'de het een en of maar als dan dus van te in op aan bij met naar voor uit over onder door tegen zonder om tot na ' +
      'is zijn was waren ben bent wordt worden werd heeft heb hebt hebben had kan kun kunt kunnen moet moeten mag mogen wil wilt willen zou zouden ' +
      'ik mij me mijn jij je jou jouw u uw hij hem zij ze haar het wij we ons onze jullie hun zich ' +
      'wat wie waar wanneer waarom hoe welke welk hoeveel ' +
      'niet geen nee ja ok oke graag bedankt dank hallo ook nog al alleen heel er hier daar even',
    genericWords:
      'nodig weten vraag vragen zeggen helpen hulp geven gaan maken mogelijk iemand iets ding dingen veel meer nu vandaag ' +
      'informatie info uitleggen wil zou graag misschien precies eigenlijk',
    compoundPrefixes: 'aan af bij door in mee na om op over terug toe uit vast voor weg be ge her ont ver',
  },
  it: {
    snowball: 'italian',
    stopWords:
      'il lo la i gli le l un uno una un d di del dello della dei degli delle a al allo alla ai agli alle da dal dalla in nel nella ' +
      'su sul sulla con per tra fra e o ma se allora quindi come ' +
      'e sono era erano essere ho hai ha abbiamo avete hanno avere posso puoi puo possiamo potete possono devo deve devono ' +
      'io mi me mio mia miei mie tu ti te tuo tua lui lei noi ci vi voi loro si suo sua suoi nostro nostra vostro ' +
      'che chi cosa quale quali dove quando perche quanto quanta quanti quante ' +
      'non no si ok grazie ciao buongiorno per favore molto anche gia solo',
    genericWords:
      'voglio vorrei volere bisogno sapere dire aiuto aiutare domanda cosa cose qualcosa qualcuno possibile molto piu ora oggi ' +
      'informazione informazioni spiegare chiedere',
    elisions: 'l d dell nell all dall sull un c m t s',
  },
};
