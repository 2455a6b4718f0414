import type { ModerationResult } from '@crs/core';
import { normalize } from '../engine/normalize.js';
import type { AbuseModel } from '../model/abuseModel.js';
import type { Corpus } from '../model/datasets.js';
import { binaryFigures, type BinaryFigures } from '../model/metrics.js';

export type Reader = 'lexicons' | 'model' | 'both';

export interface DevReport {
  corpus: string;
  mapping: string;
  figures: Record<Reader, BinaryFigures>;
}

/** A text counts as offensive when `abuse` is sent to review or block. */
const flagged = (r: ModerationResult) => r.labels.some((l) => l.category === 'abuse' && l.verdict !== 'pass');

/**
 * Offensive-class figures on each corpus's dev split, for the lexicons alone,
 * the model alone (its score against the review line, 0.5) and both through
 * `moderateText`.
 */
export function evaluateDevSplits(
  corpora: readonly Corpus[],
  model: AbuseModel,
  moderate: (text: string, withModel: boolean) => ModerationResult,
): DevReport[] {
  return corpora.map((c) => {
    const labels = c.dev.map((e) => e.label);
    const lexicons = c.dev.map((e) => flagged(moderate(e.text, false)));
    const alone = c.dev.map((e) => (model.score(normalize(e.text))?.score ?? 0) >= 0.5);
    const both = c.dev.map((e) => flagged(moderate(e.text, true)));
    return {
      corpus: c.name,
      mapping: c.mapping,
      figures: { lexicons: binaryFigures(lexicons, labels), model: binaryFigures(alone, labels), both: binaryFigures(both, labels) },
    };
  });
}
