/**
 * Sparse TF-IDF vectors: sorted feature ids with L2-normalised weights. Features are words (or
 * word pairs) or character n-grams; the `FeatureSpace` owns their ids and document frequencies.
 */
export interface SparseVector {
  readonly ids: Int32Array;
  readonly weights: Float32Array;
}

export const EMPTY_VECTOR: SparseVector = { ids: new Int32Array(0), weights: new Float32Array(0) };

/** Dot product of two sorted sparse vectors (a merge, O(|a| + |b|)). */
export function dot(a: SparseVector, b: SparseVector): number {
  // A short query against a long centroid: binary search beats walking the whole centroid.
  if (b.ids.length > 16 * a.ids.length) return searchDot(a, b);
  if (a.ids.length > 16 * b.ids.length) return searchDot(b, a);
  let i = 0;
  let j = 0;
  let sum = 0;
  const ai = a.ids;
  const bi = b.ids;
  while (i < ai.length && j < bi.length) {
    const x = ai[i] as number;
    const y = bi[j] as number;
    if (x === y) {
      sum += (a.weights[i] as number) * (b.weights[j] as number);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum;
}

function searchDot(short: SparseVector, long: SparseVector): number {
  let sum = 0;
  let lo = 0;
  const ids = long.ids;
  for (let i = 0; i < short.ids.length; i++) {
    const x = short.ids[i] as number;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const y = ids[mid] as number;
      if (y < x) lo = mid + 1;
      else if (y > x) hi = mid - 1;
      else {
        sum += (short.weights[i] as number) * (long.weights[mid] as number);
        lo = mid + 1;
        break;
      }
    }
  }
  return sum;
}

/** Counts of features → an L2-normalised vector. `extraNorm` is the squared weight of features the space does not know. */
export function toVector(counts: Map<number, number>, weightOf: (id: number, count: number) => number, extraNorm = 0): SparseVector {
  // A typed array sorts numerically, without a comparator call per pair.
  const ids = Int32Array.from(counts.keys()).sort();
  const weights = new Float32Array(ids.length);
  let norm = extraNorm;
  ids.forEach((id, k) => {
    const w = weightOf(id, counts.get(id) ?? 0);
    weights[k] = w;
    norm += w * w;
  });
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) * inv;
  }
  return { ids, weights };
}

/** Sum vectors and renormalise: the centroid of an entry's phrasings. */
export function centroid(vectors: readonly SparseVector[]): SparseVector {
  const sum = new Map<number, number>();
  for (const v of vectors) v.ids.forEach((id, k) => sum.set(id, (sum.get(id) ?? 0) + (v.weights[k] as number)));
  return toVector(sum, (_id, w) => w);
}

/**
 * Feature ids and document frequencies. `add` is used while indexing; `lookup` at query time
 * (unknown features get no id but still count in the query's norm, so unknown words lower the score).
 */
export class FeatureSpace {
  private readonly ids = new Map<string, number>();
  private df: number[] = [];
  private idf = new Float32Array(0);
  private docs = 0;
  /**
   * A background corpus of `priorDocs` pseudo-documents in which a feature occurs with the share
   * `priorShare(feature)`. Without it IDF is fitted to the KB alone, which on a KB of a few dozen
   * phrasings makes "you" nearly as telling as "refund"; with it, IDF on a tiny KB stays close to
   * what it would be on a large one, and a word the KB never uses weighs like a rare word.
   */
  constructor(
    private readonly priorDocs = 0,
    private readonly priorShare: (feature: string) => number = () => 0,
  ) {}

  add(features: Iterable<string>): Map<number, number> {
    const counts = new Map<number, number>();
    for (const f of features) {
      let id = this.ids.get(f);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(f, id);
        this.df.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of counts.keys()) this.df[id] = (this.df[id] ?? 0) + 1;
    this.docs++;
    return counts;
  }

  /** Fix the IDF table once all documents are added. */
  seal(): void {
    const names = [...this.ids.keys()];
    this.idf = Float32Array.from(this.df, (df, id) => this.idfFor(df, names[id] as string));
  }

  private idfFor(df: number, feature: string): number {
    return Math.log((this.docs + this.priorDocs + 1) / (df + this.priorDocs * this.priorShare(feature) + 1)) + 1;
  }

  /** The IDF of a feature the KB never uses (query side). */
  unknownIdfOf(feature: string): number {
    return this.idfFor(0, feature);
  }

  get size(): number {
    return this.ids.size;
  }

  get documentCount(): number {
    return this.docs;
  }

  idOf(feature: string): number | undefined {
    return this.ids.get(feature);
  }

  dfOf(id: number): number {
    return this.df[id] ?? 0;
  }

  idfOf(id: number): number {
    return this.idf[id] ?? this.unknownIdf;
  }

  /** The IDF of an unknown feature with no background share (the highest there is). */
  get unknownIdf(): number {
    return Math.log(this.docs + this.priorDocs + 1) + 1;
  }

  /** Query-side counts: known features by id, and the squared weight of the unknown ones. */
  lookup(features: Iterable<string>, unknownWeight: (feature: string) => number): { counts: Map<number, number>; unknownNorm: number } {
    const counts = new Map<number, number>();
    let unknownNorm = 0;
    for (const f of features) {
      const id = this.ids.get(f);
      if (id === undefined) {
        const w = unknownWeight(f);
        unknownNorm += w * w;
      } else counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return { counts, unknownNorm };
  }
}
