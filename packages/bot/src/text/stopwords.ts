/**
 * Words that carry no topic by themselves. They are kept in the text (so "what is my name" and
 * "what is your name" still differ) but the index does not look entries up by them, and they
 * weigh little when scoring.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so of to in on at by for with from about as into over under up down out off ' +
    'is are was were be been being am do does did doing done have has had having will would shall should can could may might must ' +
    'i me my mine myself we us our ours you your yours he him his she her it its they them their this that these those ' +
    'there here what which who whom whose when where why how please just also too very really some any all ' +
    'not no yes ok okay hi hello hey thanks thank there than such only own same again further once get got let'
  ).split(' '),
);

/**
 * Words that are not stop words but say little about the topic of a question: the verbs and
 * fillers of asking ("I need to know", "can you tell me", "help me find a way to …"). They still
 * match, but count little when judging how much of a question an entry explains (coverage), so
 * "tell me about the weather" is explained by a weather entry, while "do you sell bicycles?" is not
 * explained by "do you sell gift cards?". General English, not taken from any knowledge base.
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  (
    'need needs needed want wants wanted wanna gotta like would know knowing tell telling told say said ' +
    'go going gone went give gave make made help helping take find look looking see use using put show ' +
    'think way ways thing things something anything everything someone anyone somebody anybody able possible ' +
    'sure kind sort much many more most lot lots right now today currently inform information info ' +
    'wonder wondering curious mind explain ask asking question questions happen happened exactly actually ' +
    'maybe well still even ever guess mean try trying okay thanks thank hello hi hey'
  ).split(' '),
);
