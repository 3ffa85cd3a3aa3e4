/**
 * Typo tolerance for words the knowledge base never uses. A trigram index over the KB's own
 * vocabulary shortlists a few similar words in constant-ish time; fuse.js (Bitap) then scores that
 * shortlist, and an edit-distance bound keeps "refund" from turning into "fund" (see `maxTypos`).
 */
import Fuse from 'fuse.js';

function trigrams(word: string): string[] {
  const padded = `^${word}$`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), capped for speed. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j] as number;
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * Edits a word may be away from the KB word it is taken for. A small KB has few words, so a real
 * word it does not know ("married", "tell") is often one or two edits from one it does ("arrived",
 * "sell"); correcting it would hide the unknown word, which should lower the confidence instead.
 * So: one edit up to 7 letters, two from 8, and (below) the first letter must match — visitors
 * rarely mistype it, and it rules out most real-word collisions.
 */
function maxTypos(word: string): number {
  return word.length <= 7 ? 1 : 2;
}

export class SpellIndex {
  private readonly words: string[] = [];
  private readonly known = new Set<string>();
  private readonly grams = new Map<string, number[]>();
  private readonly cache = new Map<string, string | null>();

  add(word: string): void {
    if (this.known.has(word) || word.length < 3 || /\d/.test(word)) return;
    this.known.add(word);
    const id = this.words.length;
    this.words.push(word);
    for (const g of new Set(trigrams(word))) {
      const list = this.grams.get(g);
      if (list) list.push(id);
      else this.grams.set(g, [id]);
    }
  }

  has(word: string): boolean {
    return this.known.has(word);
  }

  /** The KB word the visitor most likely meant, or null when nothing is close enough. */
  correct(word: string): string | null {
    if (word.length < 4 || /\d/.test(word)) return null;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const result = this.lookup(word);
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(word, result);
    return result;
  }

  private lookup(word: string): string | null {
    const shared = new Map<number, number>();
    for (const g of new Set(trigrams(word))) {
      const list = this.grams.get(g);
      // Very common trigrams ("^co", "ing") say little and cost a lot; rarer ones find the word.
      if (!list || list.length > 2000) continue;
      for (const id of list) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const max = maxTypos(word);
    const shortlist = [...shared.entries()]
      .filter(([id]) => (this.words[id] as string)[0] === word[0])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 12)
      .map(([id]) => ({ w: this.words[id] as string, d: editDistance(word, this.words[id] as string, max) }))
      .filter((c) => c.d <= max);
    if (shortlist.length === 0) return null;
    const closest = Math.min(...shortlist.map((c) => c.d));
    return this.pick(word, shortlist.filter((c) => c.d === closest).map((c) => c.w));
  }

  private pick(word: string, shortlist: string[]): string | null {
    if (shortlist.length === 1) return shortlist[0] ?? null;
    const fuse = new Fuse(shortlist, { includeScore: true, ignoreLocation: true, threshold: 0.5, isCaseSensitive: true });
    const best = fuse.search(word)[0];
    return best ? best.item : (shortlist[0] ?? null);
  }
}
