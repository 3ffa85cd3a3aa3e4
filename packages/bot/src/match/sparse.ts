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
  return weigh(countsOf(counts), weightOf, extraNorm);
}

/** Feature counts of one text (or summed weights, for a centroid): ids ascending, and their values. */
export interface TermCounts {
  readonly ids: Int32Array;
  readonly counts: Float64Array;
}

function countsOf(map: Map<number, number>): TermCounts {
  // A typed array sorts numerically, without a comparator call per pair.
  const ids = new Int32Array(map.size);
  let n = 0;
  for (const id of map.keys()) ids[n++] = id;
  ids.sort();
  const counts = new Float64Array(ids.length);
  for (let k = 0; k < ids.length; k++) counts[k] = map.get(ids[k] as number) ?? 0;
  return { ids, counts };
}

/** Counts → an L2-normalised vector. `extraNorm` is the squared weight of features the space does not know. */
export function weigh(tc: TermCounts, weightOf: (id: number, count: number) => number, extraNorm = 0): SparseVector {
  const { ids, counts } = tc;
  const weights = new Float32Array(ids.length);
  let norm = extraNorm;
  for (let k = 0; k < ids.length; k++) {
    const w = weightOf(ids[k] as number, counts[k] as number);
    weights[k] = w;
    norm += w * w;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) * inv;
  }
  return { ids, weights };
}

/**
 * The feature counts of many documents in two flat arrays (one slice per document), and then their
 * vectors as views into flat arrays: a KB of 100k phrasings would otherwise allocate 400k small
 * typed arrays, each with its own backing store for the collector to track.
 */
export class TermPool {
  ids: Int32Array;
  counts: Float64Array;
  private readonly starts: number[] = [0];

  /** `capacity`: the entries expected in all (a good guess saves growing and copying). */
  constructor(capacity = 1 << 12) {
    this.ids = new Int32Array(Math.max(16, capacity));
    this.counts = new Float64Array(Math.max(16, capacity));
  }

  get documents(): number {
    return this.starts.length - 1;
  }

  /** Make room for up to `max` entries of a new document; returns where it starts. */
  open(max: number): number {
    const start = this.starts[this.starts.length - 1] as number;
    if (start + max > this.ids.length) {
      const size = Math.max(start + max, this.ids.length * 2);
      const ids = new Int32Array(size);
      ids.set(this.ids.subarray(0, start));
      const counts = new Float64Array(size);
      counts.set(this.counts.subarray(0, start));
      this.ids = ids;
      this.counts = counts;
    }
    return start;
  }

  close(end: number): number {
    this.starts.push(end);
    return this.starts.length - 2;
  }

  /**
   * Every document's vector (weights from `weightOf`, L2-normalised), as views into one ids array
   * and one weights array. The pool takes no more documents afterwards.
   */
  vectors(weightOf: (id: number, count: number) => number): SparseVector[] {
    const total = this.starts[this.starts.length - 1] as number;
    const ids = this.ids.slice(0, total);
    const weights = new Float32Array(total);
    const out: SparseVector[] = [];
    for (let d = 0; d + 1 < this.starts.length; d++) {
      const start = this.starts[d] as number;
      const end = this.starts[d + 1] as number;
      let norm = 0;
      for (let k = start; k < end; k++) {
        const w = weightOf(ids[k] as number, this.counts[k] as number);
        weights[k] = w;
        norm += w * w;
      }
      if (norm > 0) {
        const inv = 1 / Math.sqrt(norm);
        for (let k = start; k < end; k++) weights[k] = (weights[k] as number) * inv;
      }
      out.push({ ids: ids.subarray(start, end), weights: weights.subarray(start, end) });
    }
    return out;
  }
}

/** Sum vectors and renormalise: the centroid of an entry's phrasings. */
export function centroid(vectors: readonly SparseVector[]): SparseVector {
  const sum = new Map<number, number>();
  for (const v of vectors) {
    const { ids, weights } = v;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number;
      sum.set(id, (sum.get(id) ?? 0) + (weights[k] as number));
    }
  }
  return toVector(sum, (_id, w) => w);
}

/**
 * Feature ids and document frequencies. `add` is used while indexing; `lookup` at query time
 * (unknown features get no id but still count in the query's norm, so unknown words lower the score).
 */
export class FeatureSpace<K extends string | number = string> {
  private readonly ids = new Map<K, number>();
  private counter = new Int32Array(0);
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
    private readonly priorShare: (feature: K) => number = () => 0,
  ) {}

  /** The id of a feature, given on first sight (indexing side). */
  idFor(feature: K): number {
    let id = this.ids.get(feature);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(feature, id);
      this.df.push(0);
    }
    return id;
  }

  /**
   * One document, as the ids of its features (the first `length` of `ids`, each from `idFor`,
   * repeats counted): its distinct
   * ids (ascending) and counts go to `pool`; returns the document's number there.
   */
  addTo(ids: Int32Array, length: number, pool: TermPool): number {
    // A dense counter over ids (reused): a Map per document costs most of a large KB's build.
    if (this.counter.length < this.ids.size) {
      const grown = new Int32Array(Math.max(1024, this.ids.size * 2));
      grown.set(this.counter);
      this.counter = grown;
    }
    const counter = this.counter;
    const start = pool.open(length);
    let n = start;
    for (let k = 0; k < length; k++) {
      const id = ids[k] as number;
      if (counter[id] === 0) pool.ids[n++] = id;
      counter[id] = (counter[id] as number) + 1;
    }
    pool.ids.subarray(start, n).sort();
    const df = this.df;
    for (let k = start; k < n; k++) {
      const id = pool.ids[k] as number;
      pool.counts[k] = counter[id] as number;
      counter[id] = 0;
      df[id] = (df[id] as number) + 1;
    }
    this.docs++;
    return pool.close(n);
  }

  /** Fix the IDF table once all documents are added. */
  seal(): void {
    const names = [...this.ids.keys()];
    this.idf = Float32Array.from(this.df, (df, id) => this.idfFor(df, names[id] as K));
  }

  private idfFor(df: number, feature: K): number {
    return Math.log((this.docs + this.priorDocs + 1) / (df + this.priorDocs * this.priorShare(feature) + 1)) + 1;
  }

  /** The IDF of a feature the KB never uses (query side). */
  unknownIdfOf(feature: K): number {
    return this.idfFor(0, feature);
  }

  get size(): number {
    return this.ids.size;
  }

  /** Every feature, in id order. */
  features(): IterableIterator<K> {
    return this.ids.keys();
  }

  get documentCount(): number {
    return this.docs;
  }

  idOf(feature: K): number | undefined {
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
  lookup(features: Iterable<K>, unknownWeight: (feature: K) => number): { counts: Map<number, number>; unknownNorm: number } {
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
