import { DEFAULT_THRESHOLD, verdictForScore, type Category, type Label, type Thresholds } from '@crs/core';
import type { ClassifierDescriptor } from './classifiers/descriptor.js';

/** Category scores of one classifier's output: Σ weight × probability, capped at 1. */
export function categoryScores(descriptor: ClassifierDescriptor, probabilities: Record<string, number>): Map<Category, number> {
  const out = new Map<Category, number>();
  for (const [category, weights] of Object.entries(descriptor.categories) as [Category, Record<string, number>][]) {
    let score = 0;
    for (const [label, weight] of Object.entries(weights)) score += weight * (probabilities[label] ?? 0);
    out.set(category, Math.min(1, score));
  }
  return out;
}

/**
 * Labels for the highest score of each category; thresholds come from the
 * request, then the classifier's description, then the service default.
 */
export function toLabels(
  scores: Map<Category, { score: number; descriptor: ClassifierDescriptor }>,
  requested: Thresholds | undefined,
  categories: readonly Category[] | undefined,
): Label[] {
  const labels: Label[] = [];
  for (const [category, { score, descriptor }] of scores) {
    if (categories && !categories.includes(category)) continue;
    const t = requested?.[category] ?? descriptor.thresholds?.[category] ?? DEFAULT_THRESHOLD;
    labels.push({ category, score: Math.round(score * 1e4) / 1e4, verdict: verdictForScore(score, t) });
  }
  return labels.sort((a, b) => b.score - a.score);
}
