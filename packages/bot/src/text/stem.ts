/**
 * A light English suffix stripper. It does not try to produce words, only the same key for the
 * forms a visitor is likely to type: ship/ships/shipping/shipped → "ship", reply/replies → "repli",
 * change/changed/changes/changing → "chang", cancel/cancellation → "cancel".
 */
const VOWEL = /[aeiouy]/;

function undouble(word: string): string {
  const n = word.length;
  if (n >= 3 && word[n - 1] === word[n - 2] && !'lsz'.includes(word[n - 1] ?? '')) return word.slice(0, -1);
  // "cancell" (from cancellation/cancelled) → "cancel"; "fill", "call" stay.
  if (n >= 6 && word.endsWith('ll')) return word.slice(0, -1);
  return word;
}

function strip(word: string, suffix: string, minStem: number): string | null {
  if (!word.endsWith(suffix)) return null;
  const stem = word.slice(0, -suffix.length);
  return stem.length >= minStem && VOWEL.test(stem) ? stem : null;
}

export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  // Plurals and third person.
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}i`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);

  const ations = strip(w, 'ation', 4);
  const ing = strip(w, 'ing', 3);
  const ed = w.endsWith('eed') ? null : strip(w, 'ed', 3);
  const ly = strip(w, 'ly', 4);
  const ment = strip(w, 'ment', 4);
  const stripped = ations ?? ing ?? ed ?? ly ?? ment;
  if (stripped !== null) w = undouble(stripped);

  if (w.endsWith('y') && w.length > 3) w = `${w.slice(0, -1)}i`;
  if (w.endsWith('e') && w.length > 3 && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}
