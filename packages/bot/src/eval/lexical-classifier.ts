/**
 * The lexical anchor the bot is measured against (eval tooling only — the bot never uses it): a
 * plain text classifier trained on the KB's phrasings. TF-IDF over word 1–2-grams and character
 * 2–5-grams (within word boundaries), each part L2-normalised, and a multinomial logistic
 * regression (L2-regularised, fitted with L-BFGS). It always has a top-1 guess; "answered right at
 * ≥ 88 % precision" uses the best confidence cut chosen with hindsight on the questions themselves,
 * so it is an upper bound for that classifier, not something a deployed one would get.
 */
import type { KnowledgeBase } from '../kb/schema.js';
import { words } from '../text/normalize.js';

type Sparse = { ids: Int32Array; values: Float64Array };

function wordGrams(text: string): string[] {
  const w = words(text);
  const out = w.map((x) => `w:${x}`);
  for (let i = 0; i + 1 < w.length; i++) out.push(`w:${w[i]} ${w[i + 1]}`);
  return out;
}

function charGrams(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const padded = ` ${w} `;
    for (let n = 2; n <= 5; n++) for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
  }
  return out;
}

/** TF-IDF (smoothed IDF, raw tf) over a fixed vocabulary, one L2-normalised block per analyser. */
class Vectoriser {
  private readonly vocab = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);

  fit(texts: readonly string[]): void {
    const df = new Map<string, number>();
    for (const t of texts) for (const g of new Set([...wordGrams(t), ...charGrams(t)])) df.set(g, (df.get(g) ?? 0) + 1);
    const n = texts.length;
    this.idf = new Float64Array(df.size);
    for (const [g, d] of df) {
      const id = this.vocab.size;
      this.vocab.set(g, id);
      this.idf[id] = Math.log((1 + n) / (1 + d)) + 1;
    }
  }

  get size(): number {
    return this.vocab.size;
  }

  transform(text: string): Sparse {
    const blocks = [wordGrams(text), charGrams(text)].map((grams) => {
      const tf = new Map<number, number>();
      for (const g of grams) {
        const id = this.vocab.get(g);
        if (id !== undefined) tf.set(id, (tf.get(id) ?? 0) + 1);
      }
      let norm = 0;
      const entries = [...tf].map(([id, c]) => {
        const v = c * (this.idf[id] as number);
        norm += v * v;
        return [id, v] as const;
      });
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      return entries.map(([id, v]) => [id, v * inv] as const);
    });
    const all = blocks.flat().sort((a, b) => a[0] - b[0]);
    return { ids: Int32Array.from(all, ([id]) => id), values: Float64Array.from(all, ([, v]) => v) };
  }
}

export interface LexicalClassifierOptions {
  /** Inverse regularisation strength (as in common toolkits: loss weight against ½‖W‖²). @default 10 */
  c?: number;
  /** L-BFGS iterations. @default 80 */
  iterations?: number;
}

export class LexicalClassifier {
  private readonly vectoriser = new Vectoriser();
  private readonly labels: string[];
  private readonly weights: Float64Array;
  private readonly classes: number;
  private readonly features: number;

  constructor(kb: KnowledgeBase, options: LexicalClassifierOptions = {}) {
    const texts: string[] = [];
    const y: number[] = [];
    this.labels = kb.entries.map((e) => e.id);
    kb.entries.forEach((e, k) => {
      for (const q of e.questions) {
        texts.push(q);
        y.push(k);
      }
    });
    this.vectoriser.fit(texts);
    this.classes = this.labels.length;
    this.features = this.vectoriser.size;
    const x = texts.map((t) => this.vectoriser.transform(t));
    // Parameters: features × classes weights, then one bias per class (not regularised).
    this.weights = lbfgs((w, grad) => objective(w, grad, x, y, this.features, this.classes, options.c ?? 10), (this.features + 1) * this.classes, options.iterations ?? 80);
  }

  /** Class probabilities' best label and its probability. */
  predict(text: string): { label: string; confidence: number } {
    const p = this.probabilities(this.vectoriser.transform(text));
    let best = 0;
    for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k;
    return { label: this.labels[best] as string, confidence: p[best] as number };
  }

  private probabilities(x: Sparse): Float64Array {
    const z = logits(this.weights, x, this.features, this.classes);
    return softmax(z);
  }
}

function logits(w: Float64Array, x: Sparse, features: number, classes: number): Float64Array {
  const z = new Float64Array(classes);
  const bias = features * classes;
  for (let k = 0; k < classes; k++) z[k] = w[bias + k] as number;
  for (let j = 0; j < x.ids.length; j++) {
    const row = (x.ids[j] as number) * classes;
    const v = x.values[j] as number;
    for (let k = 0; k < classes; k++) z[k] = (z[k] as number) + v * (w[row + k] as number);
  }
  return z;
}

function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  const p = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) {
    p[k] = Math.exp((z[k] as number) - max);
    sum += p[k] as number;
  }
  for (let k = 0; k < z.length; k++) p[k] = (p[k] as number) / sum;
  return p;
}

/** c·Σ cross-entropy + ½‖W‖² (bias excluded) and its gradient. */
function objective(w: Float64Array, grad: Float64Array, x: readonly Sparse[], y: readonly number[], features: number, classes: number, c: number): number {
  const bias = features * classes;
  let loss = 0;
  for (let i = 0; i < bias; i++) {
    loss += 0.5 * (w[i] as number) ** 2;
    grad[i] = w[i] as number;
  }
  for (let k = 0; k < classes; k++) grad[bias + k] = 0;
  x.forEach((xi, i) => {
    const p = softmax(logits(w, xi, features, classes));
    const label = y[i] as number;
    loss -= c * Math.log(Math.max(1e-300, p[label] as number));
    p[label] = (p[label] as number) - 1;
    for (let k = 0; k < classes; k++) grad[bias + k] = (grad[bias + k] as number) + c * (p[k] as number);
    for (let j = 0; j < xi.ids.length; j++) {
      const row = (xi.ids[j] as number) * classes;
      const v = c * (xi.values[j] as number);
      for (let k = 0; k < classes; k++) grad[row + k] = (grad[row + k] as number) + v * (p[k] as number);
    }
  });
  return loss;
}

/** Limited-memory BFGS with a backtracking (Armijo) line search; starts from zero. */
function lbfgs(f: (w: Float64Array, grad: Float64Array) => number, n: number, iterations: number, memory = 10): Float64Array {
  let w = new Float64Array(n);
  let g = new Float64Array(n);
  let fx = f(w, g);
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  const dotp = (a: Float64Array, b: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
    return sum;
  };
  for (let it = 0; it < iterations; it++) {
    // Two-loop recursion: d = -H·g.
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let k = s.length - 1; k >= 0; k--) {
      const a = (rho[k] as number) * dotp(s[k] as Float64Array, q);
      alpha[k] = a;
      const yk = yv[k] as Float64Array;
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) - a * (yk[i] as number);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dotp(s[last] as Float64Array, yv[last] as Float64Array) / dotp(yv[last] as Float64Array, yv[last] as Float64Array);
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) * gamma;
    } else {
      const norm = Math.sqrt(dotp(g, g)) || 1;
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) / norm;
    }
    for (let k = 0; k < s.length; k++) {
      const b = (rho[k] as number) * dotp(yv[k] as Float64Array, q);
      const sk = s[k] as Float64Array;
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) + ((alpha[k] as number) - b) * (sk[i] as number);
    }
    for (let i = 0; i < n; i++) q[i] = -(q[i] as number);
    const slope = dotp(g, q);
    if (slope >= 0) break;
    let step = 1;
    const wNext = new Float64Array(n);
    const gNext = new Float64Array(n);
    let fNext = Infinity;
    for (let tries = 0; tries < 20; tries++) {
      for (let i = 0; i < n; i++) wNext[i] = (w[i] as number) + step * (q[i] as number);
      fNext = f(wNext, gNext);
      if (fNext <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNext < fx)) break;
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = (wNext[i] as number) - (w[i] as number);
      yk[i] = (gNext[i] as number) - (g[i] as number);
    }
    const sy = dotp(sk, yk);
    if (sy > 1e-10) {
      s.push(sk);
      yv.push(yk);
      rho.push(1 / sy);
      if (s.length > memory) {
        s.shift();
        yv.shift();
        rho.shift();
      }
    }
    const converged = Math.abs(fx - fNext) < 1e-6 * Math.max(1, Math.abs(fx));
    w = wNext;
    g = gNext;
    fx = fNext;
    if (converged) break;
  }
  return w;
}

export interface AnchorScores {
  /** Top-1 accuracy on in-scope questions (it always answers). */
  top1: number;
  /** Answered right with the best cut that keeps answered precision ≥ `precision`. */
  answeredRightAtPrecision: number;
  /** Other-topic questions below that cut. */
  otherTopicRejection: number;
}

/**
 * Score the classifier on in-scope questions (with their labels) and other-topic questions. The cut
 * is the lowest confidence at which the answered in-scope questions are still ≥ `precision` right.
 */
export function scoreAnchor(
  classifier: LexicalClassifier,
  inScope: readonly { text: string; intent: string }[],
  otherTopic: readonly { text: string }[][],
  precision = 0.88,
): AnchorScores {
  const preds = inScope.map((q) => {
    const p = classifier.predict(q.text);
    return { ...p, right: p.label === q.intent };
  });
  const top1 = preds.filter((p) => p.right).length / Math.max(1, preds.length);
  const sorted = [...preds].sort((a, b) => b.confidence - a.confidence);
  let right = 0;
  let best = 0;
  let cut = Infinity;
  sorted.forEach((p, i) => {
    if (p.right) right++;
    // Only cut between distinct confidences: ties are answered (or not) together.
    const next = sorted[i + 1];
    if (next && next.confidence === p.confidence) return;
    if (right / (i + 1) >= precision && right > best) {
      best = right;
      cut = p.confidence;
    }
  });
  const rejections = otherTopic
    .filter((rows) => rows.length > 0)
    .map((rows) => rows.filter((q) => classifier.predict(q.text).confidence < cut).length / rows.length);
  return {
    top1,
    answeredRightAtPrecision: best / Math.max(1, preds.length),
    otherTopicRejection: rejections.length === 0 ? Number.NaN : rejections.reduce((a, b) => a + b, 0) / rejections.length,
  };
}
