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

/** The probability cut (on a 0.01 grid) with the best accuracy on `labels`; ties go to the cut nearest 0.5. */
export function bestThreshold(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let best = 0.5;
  let bestAccuracy = -1;
  for (let step = 5; step <= 95; step++) {
    const t = step / 100;
    const predicted = Array.from(probabilities as ArrayLike<number>, (p) => p >= t);
    const { accuracy } = binaryFigures(predicted, labels);
    if (accuracy > bestAccuracy + 1e-12 || (Math.abs(accuracy - bestAccuracy) <= 1e-12 && Math.abs(t - 0.5) < Math.abs(best - 0.5))) {
      best = t;
      bestAccuracy = accuracy;
    }
  }
  return best;
}
