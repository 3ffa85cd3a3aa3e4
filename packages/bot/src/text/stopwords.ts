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
