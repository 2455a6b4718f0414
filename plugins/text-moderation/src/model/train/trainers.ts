/**
 * The two candidate learners. Both end as one weight per hashed gram, so the
 * product scores either the same way (a sum of looked-up weights):
 *
 * - `logistic`: L2-regularised logistic regression over the grams, each
 *   occurrence worth 1/√N (N grams in the text), trained by AdaGrad;
 * - `bag`: a fastText-style embedding bag (the mean of the grams' d-dimensional
 *   embeddings, then a linear layer), trained by SGD with a linearly falling
 *   rate. Its score is linear in the mean, so gram g's weight is E[g]·w and
 *   each occurrence is worth 1/N.
 */
import type { Featurized } from './featurize.js';
import { seededRandom, shuffled } from './featurize.js';

export type Norm = 'sqrt' | 'mean';

export interface LinearWeights {
  bits: number;
  norm: Norm;
  bias: number;
  weights: Float32Array;
}

export interface LogisticOptions {
  bits: number;
  epochs: number;
  rate: number;
  l2: number;
  seed: number;
  /** Weight of each offensive example's loss, for a corpus where they are few. */
  positiveWeight?: number;
}

export interface BagOptions {
  bits: number;
  epochs: number;
  rate: number;
  dim: number;
  seed: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const gramValue = (count: number, norm: Norm) => (count === 0 ? 0 : norm === 'sqrt' ? 1 / Math.sqrt(count) : 1 / count);

export function trainLogistic(data: Featurized, o: LogisticOptions, onEpoch?: (epoch: number) => void): LinearWeights {
  const size = 1 << o.bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size);
  let bias = 0;
  let biasG2 = 0;
  const random = seededRandom(o.seed);
  const n = data.labels.length;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (const i of shuffled(n, random)) {
      const from = data.offsets[i]!;
      const to = data.offsets[i + 1]!;
      const v = gramValue(to - from, 'sqrt');
      let s = bias;
      for (let k = from; k < to; k++) s += w[data.buckets[k]!]! * v;
      const y = data.labels[i]!;
      const g = (sigmoid(s) - y) * (y === 1 ? (o.positiveWeight ?? 1) : 1);
      for (let k = from; k < to; k++) {
        const f = data.buckets[k]!;
        const grad = g * v + o.l2 * w[f]!;
        g2[f] = g2[f]! + grad * grad;
        w[f] = w[f]! - (o.rate * grad) / (Math.sqrt(g2[f]!) + 1e-6);
      }
      biasG2 += g * g;
      bias -= (o.rate * g) / (Math.sqrt(biasG2) + 1e-6);
    }
    onEpoch?.(epoch + 1);
  }
  return { bits: o.bits, norm: 'sqrt', bias, weights: w };
}

export function trainBag(data: Featurized, o: BagOptions, onEpoch?: (epoch: number) => void): LinearWeights {
  const size = 1 << o.bits;
  const d = o.dim;
  const random = seededRandom(o.seed);
  const emb = new Float32Array(size * d);
  for (let i = 0; i < emb.length; i++) emb[i] = (random() * 2 - 1) / d;
  const out = new Float32Array(d);
  let bias = 0;
  const hidden = new Float32Array(d);
  const n = data.labels.length;
  const total = o.epochs * n;
  let seen = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (const i of shuffled(n, random)) {
      const rate = o.rate * (1 - seen++ / total);
      const from = data.offsets[i]!;
      const to = data.offsets[i + 1]!;
      if (to === from) continue;
      const v = 1 / (to - from);
      hidden.fill(0);
      for (let k = from; k < to; k++) {
        const base = data.buckets[k]! * d;
        for (let j = 0; j < d; j++) hidden[j] = hidden[j]! + emb[base + j]! * v;
      }
      let s = bias;
      for (let j = 0; j < d; j++) s += hidden[j]! * out[j]!;
      const g = sigmoid(s) - data.labels[i]!;
      for (let k = from; k < to; k++) {
        const base = data.buckets[k]! * d;
        for (let j = 0; j < d; j++) emb[base + j] = emb[base + j]! - rate * g * out[j]! * v;
      }
      for (let j = 0; j < d; j++) out[j] = out[j]! - rate * g * hidden[j]!;
      bias -= rate * g;
    }
    onEpoch?.(epoch + 1);
  }
  const weights = new Float32Array(size);
  for (let f = 0; f < size; f++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += emb[f * d + j]! * out[j]!;
    weights[f] = s;
  }
  return { bits: o.bits, norm: 'mean', bias, weights };
}

/** The probability of offensive for each example of `data`. */
export function predict(model: LinearWeights, data: Featurized): Float64Array {
  const n = data.labels.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = data.offsets[i]!;
    const to = data.offsets[i + 1]!;
    const v = gramValue(to - from, model.norm);
    let s = model.bias;
    for (let k = from; k < to; k++) s += model.weights[data.buckets[k]!]! * v;
    out[i] = sigmoid(s);
  }
  return out;
}
