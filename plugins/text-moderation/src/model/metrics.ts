/** Accuracy and offensive-class precision, recall and F1 of yes/no predictions. */
export interface BinaryFigures {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

export function binaryFigures(predicted: ArrayLike<boolean>, labels: ArrayLike<number>): BinaryFigures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = predicted[i]!;
    const y = labels[i] === 1;
    if (p && y) tp++;
    else if (p) fp++;
    else if (y) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    n: labels.length,
    accuracy: labels.length === 0 ? 0 : (tp + tn) / labels.length,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/**
 * The lowest probability cut (on a 0.01 grid) at which at most `budget` of the
 * dev split's inoffensive texts score as offensive. Dev sets are half or more
 * offensive; the texts a service sees are mostly not, so the cut is set by
 * the false positives it costs rather than by dev accuracy.
 */
export function thresholdForFalsePositives(probabilities: ArrayLike<number>, labels: ArrayLike<number>, budget: number): number {
  const negatives: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 1) negatives.push(probabilities[i]!);
  for (let step = 50; step < 100; step++) {
    const t = step / 100;
    const above = negatives.filter((p) => p >= t).length;
    if (above <= budget * negatives.length) return t;
  }
  return 0.99;
}
