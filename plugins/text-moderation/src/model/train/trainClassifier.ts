/**
 * Trains a tenant's own classifier from its labelled examples with the
 * built-in model's recipe (`trainAbuse.ts`): the same hashed features and
 * logistic regression, seeded, so the same examples give the same bytes.
 * The examples are split 80/20 as the built-in corpora are (`seededSplit`:
 * stratified by label, each example's side fixed by a seeded hash of its
 * position); the model trains on the 80, and the 20 it never saw set its
 * threshold and give its figures.
 */
import type { HeldOutFigures } from '@crs/core';
import { normalize } from '../../engine/normalize.js';
import { Scratch } from '../../engine/scratch.js';
import { seededSplit, SPLIT_SEED, type Example } from '../datasets.js';
import { languageOf, type ModelLanguage } from '../language.js';
import { binaryFigures, confusion, thresholdForF1 } from '../metrics.js';
import { encodeModel, quantize } from '../modelFile.js';
import { CANDIDATES, DEFAULT_SEED, probabilities, trainCandidate } from './trainAbuse.js';

export interface LabelledText {
  text: string;
  /** True when the text is in the classifier's category. */
  label: boolean;
}

export interface TrainedClassifier {
  /** The model file (the abuse model's format, one language entry that reads text in every script). */
  file: Buffer;
  figures: HeldOutFigures;
  language: ModelLanguage;
}

export const CLASSIFIER_SPLIT = `seeded 80/20 split stratified by label (seed ${SPLIT_SEED}): within each label the examples are ordered by a hash of (seed, position in the list) and the first fifth is held out`;

/** The script most of the examples are in: it picks the features (Chinese: characters and words; otherwise words and word pairs). */
function mainLanguage(examples: readonly LabelledText[]): ModelLanguage {
  const scratch = new Scratch();
  let zh = 0;
  for (const e of examples) if (languageOf(normalize(e.text, scratch)) === 'zh') zh++;
  return zh * 2 >= examples.length ? 'zh' : 'en';
}

export function trainClassifier(
  name: string,
  examples: readonly LabelledText[],
  options: { seed?: number; onProgress?: (fraction: number) => void } = {},
): TrainedClassifier {
  const seed = options.seed ?? DEFAULT_SEED;
  const rows = examples.map((e, row) => ({ row, stratum: e.label ? '1' : '0', example: { text: e.text, label: e.label ? 1 : 0 } as Example }));
  const { train, dev } = seededSplit(rows);
  const language = mainLanguage(examples);
  const chars = language === 'zh';
  const weights = trainCandidate('logistic', train, seed, chars, (epoch, epochs) => options.onProgress?.(epoch / epochs));
  const p = probabilities(weights, dev, chars);
  const labels = dev.map((e) => e.label);
  const threshold = thresholdForF1(p, labels);
  const predicted = Array.from(p, (x) => x >= threshold);
  const { n: _n, ...figures } = binaryFigures(predicted, labels);
  const q = quantize(weights);
  const file = encodeModel(
    {
      format: 1,
      name: `classifier-${name}`,
      languages: [
        {
          language,
          bits: weights.bits,
          chars,
          norm: weights.norm,
          bias: weights.bias,
          scale: q.scale,
          threshold,
          trainedOn: `${train.length} of the tenant's examples; threshold: best F1 on the ${dev.length} held out`,
          everyScript: true,
        },
      ],
      training: { ...CANDIDATES.logistic, seed, split: CLASSIFIER_SPLIT },
    },
    [q.weights],
  );
  return {
    file,
    language,
    figures: { split: CLASSIFIER_SPLIT, trainExamples: train.length, heldOutExamples: dev.length, threshold, ...figures, ...confusion(predicted, labels) },
  };
}
