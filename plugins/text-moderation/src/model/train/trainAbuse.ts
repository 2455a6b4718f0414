/**
 * Trains the built-in abuse model from the labelled corpora: one linear model
 * per language (Chinese from COLD and SWSR's train splits, English from
 * Davidson's), each with the probability threshold that gives the best
 * accuracy on its dev split (COLD dev for Chinese, Davidson dev for English).
 * Everything is seeded, so the same data gives the same file, byte for byte.
 */
import type { Corpus, Example } from '../datasets.js';
import type { ModelLanguage } from '../language.js';
import { binaryFigures, bestThreshold, type BinaryFigures } from '../metrics.js';
import { encodeModel, quantize, type LanguageHeader } from '../modelFile.js';
import { featurize } from './featurize.js';
import { predict, trainBag, trainLogistic, type BagOptions, type LinearWeights, type LogisticOptions } from './trainers.js';

export const DEFAULT_SEED = 29;

export const CANDIDATES = {
  logistic: { kind: 'logistic', bits: 20, epochs: 5, rate: 0.3, l2: 1e-5 },
  bag: { kind: 'bag', bits: 20, epochs: 5, rate: 0.5, dim: 16 },
} as const;
export type CandidateName = keyof typeof CANDIDATES;

/** Which corpora train each language's model, and which dev split tunes its threshold. */
const RECIPE: Record<ModelLanguage, { train: string[]; tune: string }> = {
  zh: { train: ['COLD', 'SWSR'], tune: 'COLD' },
  en: { train: ['Davidson'], tune: 'Davidson' },
};

export interface DevFigures extends BinaryFigures {
  corpus: string;
}

export interface LanguageResult {
  language: ModelLanguage;
  trainExamples: number;
  threshold: number;
  seconds: number;
  dev: DevFigures[];
  weights: LinearWeights;
}

export function trainCandidate(name: CandidateName, examples: readonly Example[], seed: number): LinearWeights {
  const c = CANDIDATES[name];
  const data = featurize(examples, c.bits);
  return c.kind === 'logistic'
    ? trainLogistic(data, { ...(c as Omit<LogisticOptions, 'seed'>), seed })
    : trainBag(data, { ...(c as Omit<BagOptions, 'seed'>), seed });
}

/** Probabilities a trained model gives `examples` (offline, from the float weights). */
export function probabilities(weights: LinearWeights, examples: readonly Example[]): Float64Array {
  return predict(weights, featurize(examples, weights.bits));
}

export function trainLanguage(language: ModelLanguage, corpora: readonly Corpus[], candidate: CandidateName, seed: number): LanguageResult | null {
  const recipe = RECIPE[language];
  const train = corpora.filter((c) => recipe.train.includes(c.name)).flatMap((c) => c.train);
  const tune = corpora.find((c) => c.name === recipe.tune);
  if (!train.length || !tune) return null;
  const started = performance.now();
  const weights = trainCandidate(candidate, train, seed);
  const seconds = (performance.now() - started) / 1000;
  const tuneP = probabilities(weights, tune.dev);
  const threshold = bestThreshold(tuneP, tune.dev.map((e) => e.label));
  const dev = corpora
    .filter((c) => c.language === language)
    .map((c) => {
      const p = probabilities(weights, c.dev);
      return { corpus: c.name, ...binaryFigures(Array.from(p, (x) => x >= threshold), c.dev.map((e) => e.label)) };
    });
  return { language, trainExamples: train.length, threshold, seconds, dev, weights };
}

/** The model file for the trained languages. */
export function modelFile(results: readonly LanguageResult[], candidate: CandidateName, seed: number): Buffer {
  const languages: LanguageHeader[] = [];
  const weights: Int16Array[] = [];
  for (const r of results) {
    const q = quantize(r.weights);
    const recipe = RECIPE[r.language];
    languages.push({
      language: r.language,
      bits: r.weights.bits,
      norm: r.weights.norm,
      bias: r.weights.bias,
      scale: q.scale,
      threshold: r.threshold,
      trainedOn: `${recipe.train.join(' + ')} train (${r.trainExamples} texts); threshold tuned on ${recipe.tune} dev`,
    });
    weights.push(q.weights);
  }
  return encodeModel({ format: 1, name: `abuse-${candidate}`, languages, training: { ...CANDIDATES[candidate], seed } }, weights);
}
