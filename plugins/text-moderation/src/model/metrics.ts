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

/** True and false positives and negatives of yes/no predictions. */
export interface Confusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export function confusion(predicted: ArrayLike<boolean>, labels: ArrayLike<number>): Confusion {
  const c: Confusion = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] === 1;
    if (predicted[i]) {
      if (y) c.truePositives++;
      else c.falsePositives++;
    } else if (y) c.falseNegatives++;
    else c.trueNegatives++;
  }
  return c;
}

/**
 * The probability cut (on a 0.01 grid from 0.5) with the best F1 on a
 * labelled split, the higher cut on a tie: for a tenant's own classifier,
 * whose held-out examples are the only word on what its texts look like.
 */
export function thresholdForF1(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let best = 0.5;
  let bestF1 = -1;
  for (let step = 50; step < 100; step++) {
    const t = step / 100;
    const f1 = binaryFigures(Array.from(probabilities, (p) => p >= t), labels).f1;
    if (f1 >= bestF1) {
      best = t;
      bestF1 = f1;
    }
  }
  return best;
}
