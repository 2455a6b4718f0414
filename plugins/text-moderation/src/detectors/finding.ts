import type { Category, EvidenceSource } from '@crs/core';

/** A detector's finding, in original code-point offsets; scored like a lexicon hit. */
export interface Finding {
  category: Category;
  /** What was found, e.g. `phone`, `wechat`, `repeat`. */
  word: string;
  /** The detector's name, reported as the hit's lexicon. */
  lexicon: string;
  start: number;
  end: number;
  weight: number;
  evasion: string[];
  /** `detector` for a detector's finding; absent for a lexicon's. */
  source?: EvidenceSource;
}
