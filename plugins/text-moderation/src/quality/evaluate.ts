import { MODERATION_CATEGORIES, type Category, type ModerationResult } from '@crs/core';
import type { QualityCase } from './cases.js';

export interface CategoryScore {
  category: Category;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

export interface QualityReport {
  cases: number;
  categories: CategoryScore[];
  /** Cases where the flagged categories differ from the expected ones. */
  mistakes: { text: string; variant: string; expected: Category[]; flagged: Category[] }[];
}

/** A category counts as flagged when its verdict is review or block. */
export function evaluate(cases: QualityCase[], moderate: (text: string) => ModerationResult): QualityReport {
  const counts = new Map(MODERATION_CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const mistakes: QualityReport['mistakes'] = [];
  for (const c of cases) {
    const flagged = moderate(c.text)
      .labels.filter((l) => l.verdict !== 'pass')
      .map((l) => l.category);
    for (const category of MODERATION_CATEGORIES) {
      const want = c.expected.includes(category);
      const got = flagged.includes(category);
      const n = counts.get(category)!;
      if (want && got) n.tp++;
      else if (got) n.fp++;
      else if (want) n.fn++;
    }
    if (flagged.sort().join() !== [...c.expected].sort().join()) mistakes.push({ text: c.text, variant: c.variant, expected: c.expected, flagged });
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    cases: cases.length,
    categories: [...counts].map(([category, { tp, fp, fn }]) => ({
      category,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, tp + fn),
    })),
    mistakes,
  };
}
