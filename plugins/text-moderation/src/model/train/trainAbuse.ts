/**
 * Trains the built-in abuse model from the labelled corpora: one linear model
 * per language (Chinese from COLD and SWSR's train splits, read by characters
 * and words; English from Davidson's, read by words), the classes weighted to
 * balance, each with the review threshold its dev split gives for a budget of
 * false positives (COLD dev for Chinese, Davidson dev for English).
 * Everything is seeded, so the same data gives the same file, byte for byte.
 */
import type { Corpus, Example } from '../datasets.js';
import type { ModelLanguage } from '../language.js';
import { binaryFigures, thresholdForFalsePositives, type BinaryFigures } from '../metrics.js';
import { encodeModel, quantize, type LanguageHeader } from '../modelFile.js';
import { featurize } from './featurize.js';
import { predict, trainBag, trainLogistic, type BagOptions, type LinearWeights, type LogisticOptions } from './trainers.js';

export const DEFAULT_SEED = 29;

export const CANDIDATES = {
  logistic: { kind: 'logistic', bits: 18, epochs: 5, rate: 0.3, l2: 1e-5 },
  bag: { kind: 'bag', bits: 20, epochs: 5, rate: 0.5, dim: 16 },
} as const;
export type CandidateName = keyof typeof CANDIDATES;

/**
 * Which corpora train each language's model, whether it reads character grams,
 * and which dev split sets its threshold with what share of that split's
 * inoffensive texts allowed over it. The budgets are what keeps the ordinary
 * lines of the quality set clean: Davidson's "neither" tweets are a sixth of
 * its data and its "offensive" takes in any swearing, so English gets the
 * tighter one.
 */
const RECIPE: Record<ModelLanguage, { train: string[]; chars: boolean; tune: string; falsePositiveBudget: number }> = {
  zh: { train: ['COLD', 'SWSR'], chars: true, tune: 'COLD', falsePositiveBudget: 0.04 },
  en: { train: ['Davidson'], chars: false, tune: 'Davidson', falsePositiveBudget: 0.013 },
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

export function trainCandidate(name: CandidateName, examples: readonly Example[], seed: number, chars: boolean, onEpoch?: (epoch: number, epochs: number) => void): LinearWeights {
  const c = CANDIDATES[name];
  const data = featurize(examples, c.bits, chars);
  const positives = data.labels.reduce((a, b) => a + b, 0);
  // Each class weighs as much as the other in the loss, so the bias does not carry the corpus's share of offensive texts.
  const positiveWeight = positives === 0 ? 1 : (data.labels.length - positives) / positives;
  const progress = onEpoch && ((epoch: number) => onEpoch(epoch, c.epochs));
  return c.kind === 'logistic'
    ? trainLogistic(data, { ...(c as Omit<LogisticOptions, 'seed'>), seed, positiveWeight }, progress)
    : trainBag(data, { ...(c as Omit<BagOptions, 'seed'>), seed }, progress);
}

/** Probabilities a trained model gives `examples` (offline, from the float weights). */
export function probabilities(weights: LinearWeights, examples: readonly Example[], chars: boolean): Float64Array {
  return predict(weights, featurize(examples, weights.bits, chars));
}

export function trainLanguage(language: ModelLanguage, corpora: readonly Corpus[], candidate: CandidateName, seed: number): LanguageResult | null {
  const recipe = RECIPE[language];
  const train = corpora.filter((c) => recipe.train.includes(c.name)).flatMap((c) => c.train);
  const tune = corpora.find((c) => c.name === recipe.tune);
  if (!train.length || !tune) return null;
  const started = performance.now();
  const weights = trainCandidate(candidate, train, seed, recipe.chars);
  const seconds = (performance.now() - started) / 1000;
  const tuneP = probabilities(weights, tune.dev, recipe.chars);
  const threshold = thresholdForFalsePositives(tuneP, tune.dev.map((e) => e.label), recipe.falsePositiveBudget);
  const dev = corpora
    .filter((c) => c.language === language)
    .map((c) => {
      const p = probabilities(weights, c.dev, recipe.chars);
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
      chars: recipe.chars,
      norm: r.weights.norm,
      bias: r.weights.bias,
      scale: q.scale,
      threshold: r.threshold,
      trainedOn: `${recipe.train.join(' + ')} train (${r.trainExamples} texts); threshold: ${recipe.tune} dev false positives ≤ ${recipe.falsePositiveBudget * 100}%`,
    });
    weights.push(q.weights);
  }
  return encodeModel({ format: 1, name: `abuse-${candidate}`, languages, training: { ...CANDIDATES[candidate], seed } }, weights);
}
